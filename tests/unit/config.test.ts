import { describe, expect, it } from 'vitest';
import { readConfig } from '../../lib/config.ts';
import { ConfigError } from '../../lib/errors.ts';

const valid = { PG_URL: 'postgres://u:p@db:5432/app', CLICKHOUSE_URL: 'http://default:@ch:8123' };

describe('readConfig', () => {
  it('defaults the database to default, PG_URL_FOR_CLICKHOUSE to PG_URL, MAX_ROWS and MAX_REREAD_IDS to 1,000,000, no repair', () => {
    expect(readConfig(valid)).toEqual({
      pgUrl: valid.PG_URL,
      pgUrlForClickhouse: valid.PG_URL,
      clickhouseUrl: valid.CLICKHOUSE_URL,
      clickhouseDatabase: 'default',
      maxRows: 1_000_000,
      maxRereadIds: 1_000_000,
      verifyRepair: false,
    });
  });

  it('turns on the hourly repair for VERIFY_REPAIR=1 or true only', () => {
    expect(readConfig({ ...valid, VERIFY_REPAIR: '1' }).verifyRepair).toBe(true);
    expect(readConfig({ ...valid, VERIFY_REPAIR: 'true' }).verifyRepair).toBe(true);
    expect(readConfig({ ...valid, VERIFY_REPAIR: 'yes' }).verifyRepair).toBe(false);
  });

  it('rejects a MAX_REREAD_IDS that is not a positive integer', () => {
    // Act
    let error: unknown;
    try {
      readConfig({ ...valid, MAX_REREAD_IDS: '-5' });
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).keys).toEqual(['MAX_REREAD_IDS']);
  });

  it('names every missing or malformed key in one error', () => {
    // Act
    let error: unknown;
    try {
      readConfig({ CLICKHOUSE_URL: 'ftp://x', CLICKHOUSE_DATABASE: 'a-b', MAX_ROWS: '0' });
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).keys).toEqual([
      'PG_URL',
      'PG_URL_FOR_CLICKHOUSE',
      'CLICKHOUSE_URL',
      'CLICKHOUSE_DATABASE',
      'MAX_ROWS',
    ]);
  });

  it('never puts a credential in the error message', () => {
    expect(() => readConfig({ ...valid, CLICKHOUSE_URL: 'nope://user:secret@x' })).toThrow(/CLICKHOUSE_URL/);
    try {
      readConfig({ ...valid, CLICKHOUSE_URL: 'nope://user:secret@x' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
