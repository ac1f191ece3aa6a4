import { describe, expect, it } from 'vitest';
import { isIntegerType, mapColumn, type SourceColumn, UnsupportedTypeError } from '../../lib/tables/columnTypes.ts';

const column = (overrides: Partial<SourceColumn>): SourceColumn => ({
  name: 'c',
  type: 'integer',
  notNull: true,
  isEnum: false,
  elementType: null,
  elementIsEnum: false,
  primaryKey: false,
  ...overrides,
});

const datePattern = "'^(19|2[0-2])[0-9]{2}-[0-9]{2}-[0-9]{2}$'";
const clock = '[0-9]{2}:[0-9]{2}:[0-9]{2}(\\\\.[0-9]{1,6})?';
const timestampPattern = `'^(19|2[0-2])[0-9]{2}-[0-9]{2}-[0-9]{2} ${clock}$'`;
const timestamptzPattern = `'^(19|2[0-2])[0-9]{2}-[0-9]{2}-[0-9]{2} ${clock}[+-][0-9]{2}(:[0-9]{2}){0,2}$'`;
const decimalPattern = "'^-?[0-9]+(\\\\.[0-9]+)?$'";

/** The checked text of column `name` with `pattern`: the value when it fits, else `safe` after refusing a present one. */
function checked(name: string, pattern: string, safe: string): string {
  const fits = `match(ifNull(\`${name}\`, ''), ${pattern})`;
  const message = `'pg2ch: column ${name} holds a value ClickHouse cannot store exactly'`;
  const refuse = `throwIf(\`${name}\` IS NOT NULL AND NOT ${fits}, ${message})`;
  return `if(${fits}, assumeNotNull(\`${name}\`), if(${refuse} = 0, '${safe}', ''))`;
}

/** The checked conversion of text column `name` with `pattern`, wrapped by `convert`. */
function converted(name: string, pattern: string, safe: string, convert: (x: string) => string): string {
  return convert(checked(name, pattern, safe));
}

describe('mapColumn', () => {
  it.each([
    ['smallint', 'Int16'],
    ['integer', 'Int32'],
    ['bigint', 'Int64'],
    ['real', 'Float32'],
    ['double precision', 'Float64'],
    ['boolean', 'Bool'],
    ['text', 'String'],
    ['uuid', 'UUID'],
    ['json', 'String'],
    ['jsonb', 'String'],
    ['numeric', 'String'],
    ['character varying(20)', 'String'],
    ['character varying', 'String'],
    ['character(3)', 'String'],
    ['character', 'String'],
  ])('stores a NOT NULL %s column read natively as %s, unconverted', (type, clickhouseType) => {
    // Act
    const mapping = mapColumn(column({ name: 'c', type }));
    // Assess
    expect(mapping).toEqual({
      name: 'c',
      pgType: type,
      clickhouseType,
      readType: clickhouseType,
      value: '`c`',
      invalid: null,
    });
  });

  it('makes a nullable column Nullable in the copy and in the reader', () => {
    // Act
    const mapping = mapColumn(column({ name: 'n', type: 'bigint', notNull: false }));
    // Assess
    expect(mapping).toEqual({
      name: 'n',
      pgType: 'bigint',
      clickhouseType: 'Nullable(Int64)',
      readType: 'Nullable(Int64)',
      value: '`n`',
      invalid: null,
    });
  });

  it('stores an enum as LowCardinality(String), nullable inside it, and reads it as String', () => {
    // Act
    const mappings = [true, false].map((notNull) =>
      mapColumn(column({ name: 'e', type: 'status', isEnum: true, notNull })),
    );
    // Assess
    expect(mappings.map((m) => [m.clickhouseType, m.readType, m.value, m.invalid])).toEqual([
      ['LowCardinality(String)', 'String', '`e`', null],
      ['LowCardinality(Nullable(String))', 'Nullable(String)', '`e`', null],
    ]);
  });

  it('reads a date as text and converts it to Date32 only when it matches a year from 1900 to 2299', () => {
    // Act
    const mapping = mapColumn(column({ name: 'd', type: 'date' }));
    // Assess
    expect(mapping).toEqual({
      name: 'd',
      pgType: 'date',
      clickhouseType: 'Date32',
      readType: 'String',
      value: converted('d', datePattern, '1970-01-01', (x) => `toDate32(${x})`),
      invalid: `(\`d\` IS NOT NULL AND NOT match(ifNull(\`d\`, ''), ${datePattern}))`,
    });
  });

  it('keeps NULL for a nullable text-read column and checks only the values present', () => {
    // Act
    const mapping = mapColumn(column({ name: 'd', type: 'date', notNull: false }));
    // Assess
    expect(mapping).toEqual({
      name: 'd',
      pgType: 'date',
      clickhouseType: 'Nullable(Date32)',
      readType: 'Nullable(String)',
      value: `if(isNull(\`d\`), NULL, ${converted('d', datePattern, '1970-01-01', (x) => `toDate32(${x})`)})`,
      invalid: `(\`d\` IS NOT NULL AND NOT match(ifNull(\`d\`, ''), ${datePattern}))`,
    });
  });

  it('converts timestamps of any precision to DateTime64(6) in UTC, with and without a time zone', () => {
    // Act
    const plain = mapColumn(column({ name: 't', type: 'timestamp(3) without time zone' }));
    const zoned = mapColumn(column({ name: 't', type: 'timestamp with time zone' }));
    // Assess
    expect(plain).toEqual({
      name: 't',
      pgType: 'timestamp(3) without time zone',
      clickhouseType: "DateTime64(6, 'UTC')",
      readType: 'String',
      value: converted('t', timestampPattern, '1970-01-01 00:00:00', (x) => `toDateTime64(${x}, 6, 'UTC')`),
      invalid: `(\`t\` IS NOT NULL AND NOT match(ifNull(\`t\`, ''), ${timestampPattern}))`,
    });
    expect(zoned).toMatchObject({
      name: 't',
      pgType: 'timestamp with time zone',
      clickhouseType: "DateTime64(6, 'UTC')",
      readType: 'String',
      invalid: `(\`t\` IS NOT NULL AND NOT match(ifNull(\`t\`, ''), ${timestamptzPattern}))`,
    });
    // The local time minus the offset (to the second), each computed once under a column-unique alias
    const text = checked('t', timestamptzPattern, '1970-01-01 00:00:00+00');
    expect(zoned.value).toBe(
      `toDateTime64(substring((${text} AS \`__pg2ch_t_text\`), 1, length(\`__pg2ch_t_text\`) - ` +
        "length((regexpExtract(`__pg2ch_t_text`, '[+-][0-9]{2}(:[0-9]{2}){0,2}$', 0) AS `__pg2ch_t_offset`))), 6, 'UTC') - " +
        "toIntervalSecond(if(startsWith(`__pg2ch_t_offset`, '-'), -1, 1) * (toInt32(substring(`__pg2ch_t_offset`, 2, 2)) * 3600 + " +
        'toInt32OrZero(substring(`__pg2ch_t_offset`, 5, 2)) * 60 + toInt32OrZero(substring(`__pg2ch_t_offset`, 8, 2))))',
    );
  });

  it('keeps the precision and scale of numeric(p,s) in the Decimal, however many digits they have', () => {
    // Act
    const mapping = mapColumn(column({ name: 'n', type: 'numeric(38,10)' }));
    // Assess
    expect(mapping.clickhouseType).toBe('Decimal(38, 10)');
  });

  it('stores numeric(p,s) up to precision 76 as Decimal(p, s), refusing NaN', () => {
    // Act
    const mapping = mapColumn(column({ name: 'n', type: 'numeric(76,2)' }));
    // Assess
    expect(mapping).toEqual({
      name: 'n',
      pgType: 'numeric(76,2)',
      clickhouseType: 'Decimal(76, 2)',
      readType: 'String',
      value: converted('n', decimalPattern, '0', (x) => `CAST(${x}, 'Decimal(76, 2)')`),
      invalid: `(\`n\` IS NOT NULL AND NOT match(ifNull(\`n\`, ''), ${decimalPattern}))`,
    });
  });

  it('stores an array as an Array of Nullable elements, enums as LowCardinality', () => {
    // Act
    const integers = mapColumn(column({ name: 'a', type: 'integer[]', elementType: 'integer' }));
    const statuses = mapColumn(column({ name: 'a', type: 'status[]', elementType: 'status', elementIsEnum: true }));
    // Assess
    expect(integers).toEqual({
      name: 'a',
      pgType: 'integer[]',
      clickhouseType: 'Array(Nullable(Int32))',
      readType: 'Array(Nullable(Int32))',
      value: '`a`',
      invalid: null,
    });
    expect(statuses).toEqual({
      name: 'a',
      pgType: 'status[]',
      clickhouseType: 'Array(LowCardinality(Nullable(String)))',
      readType: 'Array(Nullable(String))',
      value: '`a`',
      invalid: null,
    });
  });

  it('converts each element of a text-read array, keeping NULL elements', () => {
    // Act
    const mapping = mapColumn(column({ name: 'a', type: 'date[]', elementType: 'date', notNull: false }));
    // Assess
    const fits = `match(assumeNotNull(x), ${datePattern})`;
    const fitsOrNull = `match(ifNull(x, ''), ${datePattern})`;
    const message = "'pg2ch: column a holds a value ClickHouse cannot store exactly'";
    const text = `if(${fitsOrNull}, assumeNotNull(x), if(throwIf(x IS NOT NULL AND NOT ${fitsOrNull}, ${message}) = 0, '1970-01-01', ''))`;
    expect(mapping).toEqual({
      name: 'a',
      pgType: 'date[]',
      clickhouseType: 'Array(Nullable(Date32))',
      readType: 'Array(Nullable(String))',
      value: `arrayMap(x -> if(x IS NULL, NULL, toDate32(${text})), \`a\`)`,
      invalid: `NOT arrayAll(x -> x IS NULL OR ${fits}, \`a\`)`,
    });
  });

  it.each([
    ['point', null],
    ['interval', null],
    ['numeric(77,0)', null],
    ['xnumeric(10,2)', null],
    ['numeric(10,2)x', null],
    ['xcharacter varying', null],
    ['character varying(x)', null],
    ['timestamp(3) with time zone extra', null],
    ['point[]', 'point'],
    ['integer[][]', 'integer'],
  ])('refuses a column of type %s, naming it and its type', (type, elementType) => {
    // Act
    let error: unknown;
    try {
      mapColumn(column({ name: 'geo', type, elementType }));
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(UnsupportedTypeError);
    const { name, column: named, pgType, message } = error as UnsupportedTypeError;
    expect({ name, named, pgType, message }).toEqual({
      name: 'UnsupportedTypeError',
      named: 'geo',
      pgType: type,
      message:
        `column "geo" has type ${type}, which pg2ch does not copy (supported: see README, "Type mapping"); ` +
        'leave it out with an explicit "columns" list in tables.json',
    });
  });
});

describe('isIntegerType', () => {
  it('accepts smallint, integer and bigint only', () => {
    // Act
    const accepted = ['smallint', 'integer', 'bigint', 'numeric', 'real', 'int', 'integer[]'].map(isIntegerType);
    // Assess
    expect(accepted).toEqual([true, true, true, false, false, false, false]);
  });
});
