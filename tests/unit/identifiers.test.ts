import { describe, expect, it } from 'vitest';
import {
  checkClickhouseName,
  checkTableKey,
  quoteClickhouse,
  quoteClickhouseLiteral,
  quotePostgres,
  sourceCollectionName,
} from '../../lib/tables/identifiers.ts';

describe('sourceCollectionName', () => {
  it('names one collection per database, and refuses a database name that is not a plain identifier', () => {
    // Act
    const names = [sourceCollectionName('default'), sourceCollectionName('Prod_2')];
    const refused = () => sourceCollectionName('a`b');
    // Assess
    expect(names).toEqual(['pg2ch_source_default', 'pg2ch_source_Prod_2']);
    expect(refused).toThrow('database name "a`b" is not a plain identifier');
  });
});

describe('quoteClickhouse', () => {
  it('wraps a name in backticks, escaping backslashes and backticks', () => {
    // Act
    const quoted = [quoteClickhouse('orders'), quoteClickhouse('a`b\\c')];
    // Assess
    expect(quoted).toEqual(['`orders`', '`a\\`b\\\\c`']);
  });
});

describe('quotePostgres', () => {
  it('wraps a name in double quotes, doubling double quotes', () => {
    // Act
    const quoted = [quotePostgres('Orders'), quotePostgres('a"b\\c')];
    // Assess
    expect(quoted).toEqual(['"Orders"', '"a""b\\c"']);
  });
});

describe('quoteClickhouseLiteral', () => {
  it('wraps a value in single quotes, escaping backslashes and quotes', () => {
    // Act
    const quoted = [quoteClickhouseLiteral('Decimal(10, 2)'), quoteClickhouseLiteral("it's \\d")];
    // Assess
    expect(quoted).toEqual(["'Decimal(10, 2)'", "'it\\'s \\\\d'"]);
  });
});

describe('checkTableKey', () => {
  it('accepts lower-case letters, digits and underscores after a first letter, up to 48 characters', () => {
    // Act
    const problems = ['a', 'orders', 'ad_2024', `a${'b'.repeat(47)}`].map(checkTableKey);
    // Assess
    expect(problems).toEqual([undefined, undefined, undefined, undefined]);
  });

  it.each(['', '1orders', '_orders', 'Orders', 'orders-2', 'orders.x', 'x orders', `a${'b'.repeat(48)}`])(
    'refuses %j, saying what a key must be',
    (key) => {
      // Act
      const problem = checkTableKey(key);
      // Assess
      expect(problem).toBe(
        `key "${key}" must be lower-case letters, digits and underscores, starting with a letter (at most 48)`,
      );
    },
  );
});

describe('checkClickhouseName', () => {
  it('accepts letters, digits and underscores after a letter or underscore, up to 48 characters', () => {
    // Act
    const problems = ['a', 'Orders_raw', '_x', 'T2', `A${'b'.repeat(47)}`].map(checkClickhouseName);
    // Assess
    expect(problems).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it.each(['', '1orders', 'orders-raw', '-orders', 'db.orders', `A${'b'.repeat(48)}`])(
    'refuses %j, saying what a name must be',
    (name) => {
      // Act
      const problem = checkClickhouseName(name);
      // Assess
      expect(problem).toBe(`ClickHouse table name "${name}" must be letters, digits and underscores (at most 48)`);
    },
  );
});
