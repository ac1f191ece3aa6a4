import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import {
  collectionValues,
  fingerprintOf,
  quoteLiteral,
  renderCollectionStatement,
} from '../../lib/migrate/namedCollection.ts';
import { splitStatements, sql } from '../../lib/sql.ts';

const values = { host: 'db', port: 5432, user: 'pg2ch_reader', password: "p'a\\ss", database: 'pg2ch' };

describe('named collection statements', () => {
  it('escapes quotes, backslashes and control characters so a literal stays on one line', () => {
    expect(quoteLiteral(`it's a \\ path;\n-- x\t`)).toBe(`'it\\'s a \\\\ path;\\x0a-- x\\x09'`);
  });

  it('renders one statement whatever the values hold, even where the statement splitter would cut', () => {
    // Prepare
    const tricky = { ...values, password: "x';\nDROP TABLE sync_state;\n-- {{host}}" };
    // Act
    const statement = renderCollectionStatement(sql.collectionAlter, 'pg2ch_source_pg2ch', tricky);
    // Assess
    expect(splitStatements(statement)).toHaveLength(1);
    expect(statement).toContain("password = 'x\\';\\x0aDROP TABLE sync_state;\\x0a-- {{host}}'");
    expect(statement).toContain("host = 'db'");
    expect(statement).toMatch(/^ALTER NAMED COLLECTION `pg2ch_source_pg2ch` SET$/m);
  });

  it('decodes the URL and refuses a value with a control character without quoting it', () => {
    // Act
    const decoded = collectionValues('postgres://pg2ch_reader:p%27a%5Css@[::1]:6432/pg2ch');
    let refused: unknown;
    try {
      collectionValues('postgres://pg2ch_reader:line%0Abreak-secret@db/pg2ch');
    } catch (error) {
      refused = error;
    }
    // Assess
    expect(decoded).toEqual({ ...values, host: '::1', port: 6432 });
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toMatch(/the password holds a control character/);
    expect((refused as Error).message).not.toContain('secret');
  });

  it('fingerprints the values with a salt: equal for equal values, different for another password, never the password', () => {
    // Act
    const first = fingerprintOf(values);
    const same = fingerprintOf(values, first.salt);
    const other = fingerprintOf({ ...values, password: 'rotated' }, first.salt);
    const resalted = fingerprintOf(values);
    // Assess
    expect(same).toEqual(first);
    expect(other.fingerprint).not.toBe(first.fingerprint);
    expect(resalted.fingerprint).not.toBe(first.fingerprint);
    expect(first.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});
