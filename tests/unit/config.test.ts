import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDotEnv, readConfig } from '../../lib/config.ts';
import { ConfigError } from '../../lib/errors.ts';

const valid = { PG_URL: 'postgres://u:p@db:5432/app', CLICKHOUSE_URL: 'http://default:@ch:8123' };
const hint = 'start the local engines with `npm run stack`, or set them (see README, "Configuration")';

/** The ConfigError readConfig throws for `env`. */
function configError(env: Record<string, string>): ConfigError {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

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
      clickhouseCluster: null,
      clickhouseCloud: false,
    });
  });

  it('reads CLICKHOUSE_CLUSTER and CLICKHOUSE_CLOUD, and takes a ClickHouse Cloud host for Cloud unless told otherwise', () => {
    const cloudUrl = 'https://default:secret@abc123.eu-west-1.aws.clickhouse.cloud:8443';
    expect(readConfig({ ...valid, CLICKHOUSE_CLUSTER: 'pg2ch_cluster' }).clickhouseCluster).toBe('pg2ch_cluster');
    expect(readConfig({ ...valid, CLICKHOUSE_CLOUD: '1' }).clickhouseCloud).toBe(true);
    expect(readConfig({ ...valid, CLICKHOUSE_URL: cloudUrl }).clickhouseCloud).toBe(true);
    expect(readConfig({ ...valid, CLICKHOUSE_URL: cloudUrl, CLICKHOUSE_CLOUD: '0' }).clickhouseCloud).toBe(false);
    expect(() => readConfig({ ...valid, CLICKHOUSE_CLUSTER: 'a b' })).toThrow(
      /CLICKHOUSE_CLUSTER must be a cluster name/,
    );
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

  it('reads every key given, with postgresql: and https: URLs and counts of 1', () => {
    // Prepare
    const env = {
      PG_URL: 'postgresql://u:p@db:5432/app',
      PG_URL_FOR_CLICKHOUSE: 'postgresql://reader:p@postgres:5432/app',
      CLICKHOUSE_URL: 'https://default:@ch:8443',
      CLICKHOUSE_DATABASE: 'pg2ch_1',
      MAX_ROWS: '1',
      MAX_REREAD_IDS: '500',
      VERIFY_REPAIR: 'true',
    };
    // Act
    const config = readConfig(env);
    // Assess
    expect(config).toEqual({
      pgUrl: env.PG_URL,
      pgUrlForClickhouse: env.PG_URL_FOR_CLICKHOUSE,
      clickhouseUrl: env.CLICKHOUSE_URL,
      clickhouseDatabase: 'pg2ch_1',
      maxRows: 1,
      maxRereadIds: 500,
      verifyRepair: true,
      clickhouseCluster: null,
      clickhouseCloud: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('says which keys are not set, which have the wrong scheme and which are malformed', () => {
    // Prepare
    const env = { CLICKHOUSE_URL: 'ftp://x', CLICKHOUSE_DATABASE: '1db', MAX_ROWS: '0', MAX_REREAD_IDS: '1.5' };
    // Act
    const error = configError(env);
    // Assess
    expect(error.message).toBe(
      'invalid configuration: PG_URL is not set; PG_URL_FOR_CLICKHOUSE is not set; ' +
        'CLICKHOUSE_URL must start with http: or https://; ' +
        'CLICKHOUSE_DATABASE must be a plain identifier (letters, digits, underscore); ' +
        'MAX_ROWS must be a positive integer, got "0"; MAX_REREAD_IDS must be a positive integer, got "1.5"; ' +
        hint,
    );
    expect(error.keys).toEqual([
      'PG_URL',
      'PG_URL_FOR_CLICKHOUSE',
      'CLICKHOUSE_URL',
      'CLICKHOUSE_DATABASE',
      'MAX_ROWS',
      'MAX_REREAD_IDS',
    ]);
  });

  it('says which URLs cannot be parsed and which have a PostgreSQL URL of the wrong scheme', () => {
    // Prepare: CLICKHOUSE_URL missing, PG_URL not a URL, PG_URL_FOR_CLICKHOUSE of another scheme
    const env = { PG_URL: 'db.example/app', PG_URL_FOR_CLICKHOUSE: 'mysql://u@db/app', MAX_ROWS: 'many' };
    // Act
    const error = configError(env);
    // Assess
    expect(error.message).toBe(
      'invalid configuration: PG_URL is not a valid URL; ' +
        'PG_URL_FOR_CLICKHOUSE must start with postgres: or postgresql://; CLICKHOUSE_URL is not set; ' +
        `MAX_ROWS must be a positive integer, got "many"; ${hint}`,
    );
    expect(error.keys).toEqual(['PG_URL', 'PG_URL_FOR_CLICKHOUSE', 'CLICKHOUSE_URL', 'MAX_ROWS']);
  });

  it('rejects a count above the largest safe integer', () => {
    // Act
    const error = configError({ ...valid, MAX_ROWS: '9007199254740993' });
    // Assess
    expect(error.keys).toEqual(['MAX_ROWS']);
  });
});

describe('loadDotEnv', () => {
  it('sets the variables of the file that are not set yet and keeps those already set', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'pg2ch-dotenv-'));
    const path = join(dir, '.env');
    writeFileSync(path, 'PG2CH_TEST_DOTENV_NEW=from-file\nPG2CH_TEST_DOTENV_SET=from-file\n');
    process.env.PG2CH_TEST_DOTENV_SET = 'already';
    try {
      // Act
      loadDotEnv(path);
      // Assess
      expect([process.env.PG2CH_TEST_DOTENV_NEW, process.env.PG2CH_TEST_DOTENV_SET]).toEqual(['from-file', 'already']);
    } finally {
      delete process.env.PG2CH_TEST_DOTENV_NEW;
      delete process.env.PG2CH_TEST_DOTENV_SET;
      rmSync(dir, { recursive: true });
    }
  });

  it('does nothing when the file does not exist', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'pg2ch-dotenv-'));
    try {
      // Act
      const load = () => loadDotEnv(join(dir, '.env'));
      // Assess
      expect(load).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
