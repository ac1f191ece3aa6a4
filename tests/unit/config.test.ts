import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loadDotEnv, readClickhouseConfig, readConfig } from '../../lib/config.ts';
import { ConfigError } from '../../lib/errors.ts';
import { readKpiConfig } from '../../lib/lambda/kpiConfig.ts';

const valid = { PG_URL: 'postgres://u:p@db:5432/app?sslmode=verify-full', CLICKHOUSE_URL: 'https://default:@ch:8443' };

/** The ConfigError `read` throws (fails the test when it throws none). */
function configError(read: () => unknown): ConfigError {
  try {
    read();
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

  it('refuses CLICKHOUSE_CLUSTER together with ClickHouse Cloud, unless CLICKHOUSE_CLOUD=0 says the host is self-managed', () => {
    const cloudUrl = 'https://default:secret@abc123.eu-west-1.aws.clickhouse.cloud:8443';
    const both = configError(() => readConfig({ ...valid, CLICKHOUSE_CLUSTER: 'c', CLICKHOUSE_CLOUD: '1' }));
    const byHost = configError(() => readConfig({ ...valid, CLICKHOUSE_URL: cloudUrl, CLICKHOUSE_CLUSTER: 'c' }));
    expect(both.keys).toEqual(['CLICKHOUSE_CLUSTER']);
    expect(both.message).toMatch(/exclude each other/);
    expect(byHost.keys).toEqual(['CLICKHOUSE_CLUSTER']);
    expect(
      readConfig({ ...valid, CLICKHOUSE_URL: cloudUrl, CLICKHOUSE_CLUSTER: 'c', CLICKHOUSE_CLOUD: '0' }),
    ).toMatchObject({ clickhouseCluster: 'c', clickhouseCloud: false });
  });

  it('turns on the hourly repair for VERIFY_REPAIR=1 or true only', () => {
    expect(readConfig({ ...valid, VERIFY_REPAIR: '1' }).verifyRepair).toBe(true);
    expect(readConfig({ ...valid, VERIFY_REPAIR: 'true' }).verifyRepair).toBe(true);
    expect(readConfig({ ...valid, VERIFY_REPAIR: 'yes' }).verifyRepair).toBe(false);
  });

  it('reads every key given, with postgresql: and https: URLs and counts of 1', () => {
    // Prepare
    const env = {
      PG_URL: 'postgresql://u:p@db:5432/app?sslmode=verify-full',
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

  it('rejects a count above the largest safe integer', () => {
    // Act
    const error = configError(() => readConfig({ ...valid, MAX_ROWS: '9007199254740993' }));
    // Assess
    expect(error.keys).toEqual(['MAX_ROWS']);
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

describe('readConfig transport', () => {
  it('refuses plaintext PostgreSQL and ClickHouse addresses of other hosts, naming both keys', () => {
    // Prepare
    const env = { PG_URL: 'postgres://u:p@db.example.com:5432/app', CLICKHOUSE_URL: 'http://u:p@ch.example.com:8123' };
    // Act
    const error = configError(() => readConfig(env));
    // Assess
    expect(error.keys).toEqual(['PG_URL', 'CLICKHOUSE_URL']);
    expect(error.message).toMatch(/PG_URL must ask for TLS with \?sslmode=verify-full/);
    expect(error.message).toMatch(/CLICKHOUSE_URL must use https:\/\//);
    expect(error.message).not.toContain('u:p');
  });

  it.each([
    ['sslmode=require', 'postgres://u:p@db:5432/app?sslmode=require'],
    ['sslmode=verify-ca', 'postgres://u:p@db:5432/app?sslmode=verify-ca'],
    ['ssl=true', 'postgres://u:p@db:5432/app?ssl=true'],
  ])('accepts a PG_URL that asks for TLS with %s', (_case, pgUrl) => {
    expect(readConfig({ ...valid, PG_URL: pgUrl }).pgUrl).toBe(pgUrl);
  });

  it('refuses sslmode=prefer and sslmode=disable, which may send the password in clear', () => {
    for (const mode of ['prefer', 'disable', 'allow']) {
      const error = configError(() => readConfig({ ...valid, PG_URL: `postgres://u:p@db:5432/app?sslmode=${mode}` }));
      expect(error.keys).toEqual(['PG_URL']);
    }
  });

  it.each([
    ['127.0.0.1', 'postgres://u:p@127.0.0.1:5432/app', 'http://default:@127.0.0.1:8123'],
    ['localhost', 'postgres://u:p@localhost:5432/app', 'http://default:@localhost:8123'],
    ['::1', 'postgres://u:p@[::1]:5432/app', 'http://default:@[::1]:8123'],
  ])('accepts plaintext addresses on loopback (%s), as the local stack and the tests use', (_case, pgUrl, chUrl) => {
    expect(readConfig({ PG_URL: pgUrl, CLICKHOUSE_URL: chUrl })).toMatchObject({ pgUrl, clickhouseUrl: chUrl });
  });

  it('accepts plaintext addresses of other hosts only with ALLOW_INSECURE=1', () => {
    // Prepare
    const env = { PG_URL: 'postgres://u:p@db:5432/app', CLICKHOUSE_URL: 'http://u:p@ch:8123' };
    // Act
    const config = readConfig({ ...env, ALLOW_INSECURE: '1' });
    const refused = configError(() => readConfig({ ...env, ALLOW_INSECURE: 'yes' }));
    // Assess
    expect(config.clickhouseUrl).toBe(env.CLICKHOUSE_URL);
    expect(refused.keys).toEqual(['PG_URL', 'CLICKHOUSE_URL']);
  });

  it('leaves PG_URL_FOR_CLICKHOUSE to the ClickHouse server (docker compose reaches postgres:5432 in clear)', () => {
    const forClickhouse = 'postgres://pg2ch_reader:p@postgres:5432/pg2ch';
    expect(readConfig({ ...valid, PG_URL_FOR_CLICKHOUSE: forClickhouse }).pgUrlForClickhouse).toBe(forClickhouse);
  });

  it('tells loopback hosts from look-alikes', () => {
    const hosts = ['127.0.0.1', '127.8.9.10', 'localhost', 'api.localhost', '[::1]', '::1'];
    const others = ['127.0.0.1.example.com', 'localhost.example.com', '10.0.0.1', '::2', 'example.com'];
    expect(hosts.filter(isLoopbackHost)).toEqual(hosts);
    expect(others.filter(isLoopbackHost)).toEqual([]);
  });
});

describe('readClickhouseConfig', () => {
  it('needs only the ClickHouse address, not PG_URL', () => {
    expect(readClickhouseConfig({ CLICKHOUSE_URL: valid.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: 'pg2ch' })).toEqual({
      clickhouseUrl: valid.CLICKHOUSE_URL,
      clickhouseDatabase: 'pg2ch',
    });
  });
});

describe('readKpiConfig', () => {
  const kpiUrl = 'https://kpi_reader:r@ch:8443';

  it('reads the API keys and the read-only ClickHouse address, without PG_URL', () => {
    // Act
    const config = readKpiConfig({
      KPI_API_KEY: 'new, old',
      KPI_CLICKHOUSE_URL: kpiUrl,
      CLICKHOUSE_URL: 'https://ddl:x@ch:8443',
    });
    // Assess
    expect(config).toEqual({ apiKeys: ['new', 'old'], clickhouseUrl: kpiUrl, clickhouseDatabase: 'default' });
  });

  it('falls back to CLICKHOUSE_URL where no read-only address is configured (the local stack)', () => {
    expect(readKpiConfig({ KPI_API_KEY: 'k', CLICKHOUSE_URL: 'http://default:@127.0.0.1:18123' }).clickhouseUrl).toBe(
      'http://default:@127.0.0.1:18123',
    );
  });

  it('refuses to run without an API key, and with a plaintext ClickHouse address of another host', () => {
    expect(configError(() => readKpiConfig({ KPI_CLICKHOUSE_URL: kpiUrl })).keys).toEqual(['KPI_API_KEY']);
    const plaintext = configError(() => readKpiConfig({ KPI_API_KEY: 'k', KPI_CLICKHOUSE_URL: 'http://r:r@ch:8123' }));
    expect(plaintext.keys).toEqual(['KPI_CLICKHOUSE_URL']);
    expect(plaintext.message).not.toContain('r:r');
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
