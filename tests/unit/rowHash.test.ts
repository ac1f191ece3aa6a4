import { describe, expect, it } from 'vitest';
import { type ColumnMapping, mapColumn, type SourceColumn } from '../../lib/tables/columnTypes.ts';
import { canonicalText, rowHashExpressions } from '../../lib/tables/rowHash.ts';

const mapped = (name: string, type: string, elementType: string | null = null): ColumnMapping =>
  mapColumn({
    name,
    type,
    notNull: false,
    isEnum: false,
    elementType,
    elementIsEnum: false,
    primaryKey: false,
  } satisfies SourceColumn);

describe('canonicalText', () => {
  it.each([
    ['boolean', { postgres: `CASE WHEN "v" THEN '1' WHEN NOT "v" THEN '0' END`, clickhouse: 'toString(toUInt8(`v`))' }],
    ['date', { postgres: `("v" - date '1970-01-01')::text`, clickhouse: 'toString(toInt32(`v`))' }],
    [
      'timestamp(3) without time zone',
      {
        postgres: '(extract(epoch from "v") * 1000000)::bigint::text',
        clickhouse: 'toString(toUnixTimestamp64Micro(`v`))',
      },
    ],
    [
      'timestamp with time zone',
      {
        postgres: '(extract(epoch from "v") * 1000000)::bigint::text',
        clickhouse: 'toString(toUnixTimestamp64Micro(`v`))',
      },
    ],
    ['numeric(10,2)', { postgres: 'trim_scale("v")::text', clickhouse: 'toString(`v`)' }],
    ['numeric(38,10)', { postgres: 'trim_scale("v")::text', clickhouse: 'toString(`v`)' }],
    ['numeric', { postgres: '"v"::text', clickhouse: 'toString(`v`)' }],
    ['integer', { postgres: '"v"::text', clickhouse: 'toString(`v`)' }],
    ['uuid', { postgres: '"v"::text', clickhouse: 'toString(`v`)' }],
    ['text', { postgres: '"v"::text', clickhouse: 'toString(`v`)' }],
  ])('writes a %s column as the same text on both sides', (type, text) => {
    // Act
    const canonical = canonicalText(mapped('v', type));
    // Assess
    expect(canonical).toEqual(text);
  });

  it('leaves floats and arrays out of the hash', () => {
    // Prepare
    const columns = [mapped('r', 'real'), mapped('d', 'double precision'), mapped('a', 'integer[]', 'integer')];
    // Act
    const texts = columns.map(canonicalText);
    // Assess
    expect(texts).toEqual([null, null, null]);
  });
});

describe('rowHashExpressions', () => {
  it('hashes the canonical texts of the hashed columns, NULL as \\N, joined by the unit separator', () => {
    // Prepare
    const columns = [mapped('id', 'bigint'), mapped('score', 'real'), mapped('flag', 'boolean')];
    // Act
    const hash = rowHashExpressions(columns);
    // Assess
    expect(hash).toEqual({
      postgres:
        "('x' || substr(md5(concat_ws(E'\\x1f', coalesce(\"id\"::text, E'\\\\N'), " +
        "coalesce(CASE WHEN \"flag\" THEN '1' WHEN NOT \"flag\" THEN '0' END, E'\\\\N'))), 1, 15))::bit(60)::bigint",
      clickhouse:
        "bitShiftRight(reinterpretAsUInt64(reverse(substring(MD5(concatWithSeparator('\\x1f', " +
        "ifNull(toString(`id`), '\\\\N'), ifNull(toString(toUInt8(`flag`)), '\\\\N'))), 1, 8))), 4)",
    });
  });
});
