import { describe, expect, it } from 'vitest';
import { type DedupBasis, dedupKey, dedupToken, retryKey } from '../../lib/sync/dedupToken.ts';

const basis: DedupBasis = {
  scope: 'pg2ch.impressions',
  writers: ['x100', 'v3/7'],
  above: { rows: 10, idsHash: '12345', rejected: 0, epoch: '2026-11-29 10:00:00.000' },
  nonce: 'run-1',
};
const ranges = [{ from: 0, to: 100 }];

describe('dedupToken', () => {
  it('is the same for two INSERTs of the same ranges started from the same state (an orphan and its retry)', () => {
    expect(dedupToken(dedupKey(basis), ranges)).toBe(
      dedupToken(dedupKey({ ...basis, writers: ['v3/7', 'x100'] }), ranges),
    );
  });

  it('differs as soon as the copy holds other ids, other writers are open, or other ranges are read', () => {
    // Prepare
    const token = dedupToken(dedupKey(basis), ranges);
    const variants = [
      dedupToken(dedupKey({ ...basis, above: { ...basis.above, rows: 11 } }), ranges),
      dedupToken(dedupKey({ ...basis, above: { ...basis.above, idsHash: '12346' } }), ranges),
      dedupToken(dedupKey({ ...basis, above: { ...basis.above, rejected: 1 } }), ranges),
      dedupToken(dedupKey({ ...basis, writers: ['x100'] }), ranges),
      dedupToken(dedupKey({ ...basis, above: { ...basis.above, epoch: '2026-11-30 10:00:00.000' } }), ranges),
      dedupToken(dedupKey({ ...basis, scope: 'pg2ch.clicks' }), ranges),
      dedupToken(dedupKey(basis), [{ from: 0, to: 101 }]),
      dedupToken(dedupKey(basis), [
        { from: 0, to: 50 },
        { from: 50, to: 100 },
      ]),
    ];
    // Assess
    expect(new Set([token, ...variants]).size).toBe(variants.length + 1);
  });

  it('never repeats a token across a copy emptied and synced again: before a first recorded run each run has its own', () => {
    const fresh = { ...basis, above: { ...basis.above, epoch: null } };
    expect(dedupKey({ ...fresh, nonce: 'run-1' })).not.toBe(dedupKey({ ...fresh, nonce: 'run-2' }));
    expect(dedupKey({ ...fresh, nonce: 'run-1' })).not.toBe(dedupKey(basis));
  });

  it("gives a run's later attempt at the same ranges a token of its own, per kind of attempt, and none without a key", () => {
    // Prepare
    const key = dedupKey(basis);
    const tokens = [key, retryKey(key, 'after quarantine'), retryKey(key, 'columns changed')].map((k) =>
      dedupToken(k ?? '', ranges),
    );
    // Assess
    expect(new Set(tokens).size).toBe(3);
    expect(retryKey(key, 'after quarantine')).toBe(retryKey(key, 'after quarantine'));
    expect(retryKey(undefined, 'after quarantine')).toBeUndefined();
  });

  it('names the ids it covers, for the query log', () => {
    expect(
      dedupToken(dedupKey(basis), [
        { from: 7, to: 9 },
        { from: 20, to: 30 },
      ]),
    ).toMatch(/^pg2ch-7-30-[0-9a-f]{32}$/);
  });
});
