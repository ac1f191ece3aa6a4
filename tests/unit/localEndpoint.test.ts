import { describe, expect, it } from 'vitest';
import { maskUrl } from '../../lib/cli/banner.ts';
import { readOnlySettings, refuseWritingGet } from '../../lib/local/clickhouse/readOnlyGet.ts';
import { isLoopbackHost } from '../../lib/local/clickhouse/requestGuard.ts';

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1:18123', true],
    ['localhost:18123', true],
    ['LocalHost:18123', true],
    ['[::1]:18123', true],
    ['127.0.0.1:18124', false],
    ['127.0.0.1', false],
    ['evil.example:18123', false],
    ['127.0.0.1.nip.io:18123', false],
    ['localhost.:18123', false],
    ['[::ffff:127.0.0.1]:18123', false],
    ['127.0.0.2:18123', false],
    ['', false],
  ])('answers %s with %s for port 18123', (host, expected) => {
    // Act
    const result = isLoopbackHost(host, 18123);
    // Assess
    expect(result).toBe(expected);
  });

  it('accepts a name without a port only when the endpoint listens on 80', () => {
    // Act
    const results = [isLoopbackHost('localhost', 80), isLoopbackHost('localhost', 8080)];
    // Assess
    expect(results).toEqual([true, false]);
  });
});

describe('readOnlySettings', () => {
  it('adds readonly=2 and keeps the other settings', () => {
    // Act
    const settings = readOnlySettings({ settings: new Map([['max_threads', '1']]) });
    // Assess
    expect([...settings]).toEqual([
      ['max_threads', '1'],
      ['readonly', '2'],
    ]);
  });

  it('keeps readonly=1 and readonly=2 asked for by the request', () => {
    // Act
    const levels = ['1', '2'].map((level) =>
      readOnlySettings({ settings: new Map([['readonly', level]]) }).get('readonly'),
    );
    // Assess
    expect(levels).toEqual(['1', '2']);
  });

  it.each(['0', '', '3', 'false', '0.5'])('refuses readonly=%j with READONLY', (level) => {
    // Act
    const attempt = () => readOnlySettings({ settings: new Map([['readonly', level]]) });
    // Assess
    expect(attempt).toThrow(expect.objectContaining({ code: 164, type: 'READONLY' }));
  });

  it('refuses a named session with BAD_ARGUMENTS', () => {
    // Act
    const attempt = () =>
      readOnlySettings({ settings: new Map(), session: { id: 's', timeoutSeconds: 60, check: false } });
    // Assess
    expect(attempt).toThrow(expect.objectContaining({ code: 36, type: 'BAD_ARGUMENTS' }));
  });
});

describe('refuseWritingGet', () => {
  it.each([
    "SELECT 1 INTO OUTFILE '/tmp/x'",
    "insert into function file('/tmp/x', 'TSV', 'a UInt8') select 1",
    'SELECT 1; INSERT INTO t VALUES (1)',
    "SELECT 'insert'",
  ])('refuses %j', (sql) => {
    // Act
    const attempt = () => refuseWritingGet(sql);
    // Assess
    expect(attempt).toThrow(expect.objectContaining({ code: 164, type: 'READONLY' }));
  });

  it('lets reads through, including names that merely contain the keywords', () => {
    // Act
    const attempt = () => refuseWritingGet('SELECT inserted_at, outfiles FROM t WHERE reinsert = 1');
    // Assess
    expect(attempt).not.toThrow();
  });
});

describe('maskUrl', () => {
  it.each([
    ['http://default:s3cret@127.0.0.1:18123', 'http://default:****@127.0.0.1:18123'],
    ['postgres://postgres:pg2ch-local@127.0.0.1:54329/pg2ch', 'postgres://postgres:****@127.0.0.1:54329/pg2ch'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['not a url', 'not a url'],
  ])('shows %s as %s', (value, expected) => {
    // Act
    const masked = maskUrl(value);
    // Assess
    expect(masked).toBe(expected);
  });
});
