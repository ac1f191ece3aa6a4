import { describe, expect, it } from 'vitest';
import { isAuthenticated, readCredentials } from '../../lib/local/clickhouse/auth.ts';
import { planStatement } from '../../lib/local/clickhouse/chdbStatement.ts';
import {
  ClickHouseServerError,
  httpStatusOf,
  renderException,
  toServerError,
} from '../../lib/local/clickhouse/errors.ts';
import { contentTypeOf, isInsertStatement, readOutputFormat } from '../../lib/local/clickhouse/formats.ts';
import {
  buildPrelude,
  parseRequestParams,
  quoteIdentifier,
  quoteString,
} from '../../lib/local/clickhouse/httpParams.ts';
import { parseMultipartForm, readBoundary } from '../../lib/local/clickhouse/multipartForm.ts';

function thrown(action: () => unknown): ClickHouseServerError {
  try {
    action();
  } catch (error) {
    if (error instanceof ClickHouseServerError) return error;
    throw error;
  }
  throw new Error('expected a ClickHouseServerError');
}

describe('parseRequestParams', () => {
  it('splits the URL parameters the way the server reads them', () => {
    // Prepare
    const entries = new URLSearchParams(
      'query_id=q1&param_name=x%5C%27y&max_threads=1&database=db&default_format=JSON&wait_end_of_query=1' +
        '&enable_http_compression=1&user=u&password=p&session_id=s1&session_timeout=30&session_check=1' +
        '&session_timezone=UTC',
    );

    // Act
    const params = parseRequestParams(entries);

    // Assess
    expect(params).toEqual({
      queryId: 'q1',
      database: 'db',
      defaultFormat: 'JSON',
      credentials: { user: 'u', password: 'p' },
      compressResponse: true,
      settings: new Map([
        ['max_threads', '1'],
        ['session_timezone', 'UTC'],
      ]),
      params: new Map([['name', "x\\'y"]]),
      session: { id: 's1', timeoutSeconds: 30, check: true },
    });
  });

  it('keeps the last value when a name repeats', () => {
    // Act
    const params = parseRequestParams([
      ['max_threads', '1'],
      ['max_threads', '3'],
    ]);

    // Assess
    expect(params.settings).toEqual(new Map([['max_threads', '3']]));
  });

  it('rejects a setting name that is not an identifier as UNKNOWN_SETTING', () => {
    // Act
    const error = thrown(() => parseRequestParams([['max_threads; DROP TABLE t', '1']]));

    // Assess
    expect({ code: error.code, type: error.type }).toEqual({ code: 115, type: 'UNKNOWN_SETTING' });
  });

  it('rejects a query parameter name that is not an identifier', () => {
    // Act
    const error = thrown(() => parseRequestParams([["param_x = '1'; SELECT", '1']]));

    // Assess
    expect(error.type).toBe('BAD_ARGUMENTS');
  });

  it('refuses ClickHouse native compression', () => {
    // Act
    const error = thrown(() => parseRequestParams([['compress', '1']]));

    // Assess
    expect({ code: error.code, type: error.type }).toEqual({ code: 48, type: 'NOT_IMPLEMENTED' });
  });
});

describe('quoteString', () => {
  it('escapes only backslashes, single quotes and NUL', () => {
    // Act
    const quoted = quoteString("a\\b'c\0d\te\n🎉");

    // Assess
    expect(quoted).toBe("'a\\\\b\\'c\\0d\te\n🎉'");
  });
});

describe('quoteIdentifier', () => {
  it('back-quotes and escapes back quotes and backslashes', () => {
    // Act
    const quoted = quoteIdentifier('we`ird\\name');

    // Assess
    expect(quoted).toBe('`we\\`ird\\\\name`');
  });
});

describe('buildPrelude', () => {
  it('replays database, settings and parameters as USE and one SET', () => {
    // Prepare
    const settings = new Map([['max_threads', '1']]);
    const params = new Map([['name', "it\\'s"]]);

    // Act
    const prelude = buildPrelude({ database: 'test_1', settings, params });

    // Assess
    expect(prelude).toBe("USE `test_1`; SET max_threads = '1', param_name = 'it\\\\\\'s'");
  });

  it('is empty when there is nothing to apply', () => {
    // Act
    const prelude = buildPrelude({ settings: new Map(), params: new Map() });

    // Assess
    expect(prelude).toBe('');
  });
});

describe('readCredentials', () => {
  it('prefers URL parameters, then X-ClickHouse headers, then Basic auth', () => {
    // Prepare
    const basic = `Basic ${Buffer.from('basic:b:pw').toString('base64')}`;
    const headers = { authorization: basic, 'x-clickhouse-user': 'header', 'x-clickhouse-key': 'h' };

    // Act
    const fromParams = readCredentials(headers, { user: 'param', password: 'p' });
    const fromHeaders = readCredentials(headers, {});
    const fromBasic = readCredentials({ authorization: basic }, {});
    const anonymous = readCredentials({}, {});

    // Assess
    expect(fromParams).toEqual({ user: 'param', password: 'p' });
    expect(fromHeaders).toEqual({ user: 'header', password: 'h' });
    expect(fromBasic).toEqual({ user: 'basic', password: 'b:pw' });
    expect(anonymous).toEqual({ user: 'default', password: '' });
  });
});

describe('isAuthenticated', () => {
  it('accepts only the expected user with the expected password', () => {
    // Prepare
    const expected = { user: 'default', password: 's3cret' };

    // Act
    const results = [
      isAuthenticated({ user: 'default', password: 's3cret' }, expected),
      isAuthenticated({ user: 'default', password: 'wrong' }, expected),
      isAuthenticated({ user: 'other', password: 's3cret' }, expected),
    ];

    // Assess
    expect(results).toEqual([true, false, false]);
  });
});

describe('parseMultipartForm', () => {
  it('reads the query and param_* parts that @clickhouse/client sends', () => {
    // Prepare
    const boundary = '----clickhouse-js-1234';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="query"\r\n\r\nSELECT {v:String}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="param_v"\r\n\r\nline1\\nline2\r\n` +
        `--${boundary}--\r\n`,
    );

    // Act
    const fields = parseMultipartForm(body, readBoundary(`multipart/form-data; boundary=${boundary}`) ?? '');

    // Assess
    expect(fields).toEqual([
      ['query', 'SELECT {v:String}'],
      ['param_v', 'line1\\nline2'],
    ]);
  });

  it('refuses file parts (external tables)', () => {
    // Prepare
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="t"; filename="t.tsv"\r\n\r\n1\r\n--b--\r\n');

    // Act
    const error = thrown(() => parseMultipartForm(body, 'b'));

    // Assess
    expect(error.type).toBe('NOT_IMPLEMENTED');
  });
});

describe('toServerError', () => {
  const names = new Map([
    [27, 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'],
    [60, 'UNKNOWN_TABLE'],
    [108, 'NO_DATA_TO_INSERT'],
  ]);

  it('renders a chDB error as the server renders the exception', () => {
    // Prepare
    const error = Object.assign(
      new Error('Code: 60. DB::Exception: Unknown table t. Maybe you meant x?. (UNKNOWN_TABLE)'),
      {
        clickhouseCode: 60,
      },
    );

    // Act
    const body = renderException(toServerError(error, names), '26.7.2.1');

    // Assess
    expect(body).toBe(
      'Code: 60. DB::Exception: Unknown table t. Maybe you meant x?. (UNKNOWN_TABLE) (version 26.7.2.1)\n',
    );
  });

  it('collapses the repeated prefixes and suffixes of nested chDB messages', () => {
    // Prepare
    const message =
      'Query failed: Code: 108. DB::Exception: Code: 108. DB::Exception: No data to insert. (NO_DATA_TO_INSERT) ' +
      '(version 26.7.2.1). (NO_DATA_TO_INSERT)';

    // Act
    const body = renderException(toServerError(new Error(message), names), '26.7.2.1');

    // Assess
    expect(body).toBe('Code: 108. DB::Exception: No data to insert. (NO_DATA_TO_INSERT) (version 26.7.2.1)\n');
  });

  it('adds the type name when chDB leaves it out', () => {
    // Prepare
    const message = 'Code: 27. DB::Exception: Cannot parse input: (at row 1)\n: While executing Parallel';

    // Act
    const error = toServerError(new Error(message), names);

    // Assess
    expect({ code: error.code, type: error.type, message: error.message }).toEqual({
      code: 27,
      type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
      message: 'Cannot parse input: (at row 1)\n: While executing Parallel',
    });
  });

  it('reports an error without a ClickHouse code as UNKNOWN_EXCEPTION', () => {
    // Act
    const error = toServerError(new Error('socket hang up'), names);

    // Assess
    expect({ code: error.code, type: error.type }).toEqual({ code: 1002, type: 'UNKNOWN_EXCEPTION' });
  });
});

describe('httpStatusOf', () => {
  it('uses the server status for each exception type', () => {
    // Act
    const statuses = [
      'UNKNOWN_TABLE',
      'SYNTAX_ERROR',
      'AUTHENTICATION_FAILED',
      'TIMEOUT_EXCEEDED',
      'TOO_MANY_ROWS',
    ].map(httpStatusOf);

    // Assess
    expect(statuses).toEqual([404, 400, 403, 408, 500]);
  });
});

describe('readOutputFormat', () => {
  it('reads the trailing FORMAT clause that @clickhouse/client appends', () => {
    // Act
    const formats = [
      'SELECT 1 \nFORMAT JSONEachRow',
      'SELECT 1 FORMAT CSV;',
      'SELECT 1 FORMAT JSON SETTINGS max_threads = 1',
      'SELECT 1',
    ].map(readOutputFormat);

    // Assess
    expect(formats).toEqual(['JSONEachRow', 'CSV', 'JSON', undefined]);
  });
});

describe('contentTypeOf', () => {
  it('labels each format family as the server does', () => {
    // Act
    const types = [
      'TabSeparated',
      'TSVWithNames',
      'CSV',
      'CSVWithNames',
      'JSON',
      'JSONEachRow',
      'Parquet',
      'Pretty',
    ].map(contentTypeOf);

    // Assess
    expect(types).toEqual([
      'text/tab-separated-values; charset=UTF-8',
      'text/tab-separated-values; charset=UTF-8',
      'text/csv; charset=UTF-8; header=absent',
      'text/csv; charset=UTF-8; header=present',
      'application/json; charset=UTF-8',
      'application/x-ndjson; charset=UTF-8',
      'application/octet-stream',
      'text/plain; charset=UTF-8',
    ]);
  });
});

describe('isInsertStatement', () => {
  it('recognises INSERT after whitespace and comments, in any case', () => {
    // Act
    const results = [
      'INSERT INTO t FORMAT JSONEachRow',
      '  -- load\n/* rows */ insert into t VALUES',
      'SELECT 1 -- INSERT',
      'WITH 1 AS x SELECT x',
    ].map(isInsertStatement);

    // Assess
    expect(results).toEqual([true, true, false, false]);
  });
});

describe('planStatement', () => {
  it('sends an INSERT in the query parameter with the body as its data', () => {
    // Prepare
    const body = Buffer.from('{"id":1}\n');

    // Act
    const statement = planStatement('INSERT INTO t FORMAT JSONEachRow', body);

    // Assess
    expect(statement).toEqual({ kind: 'insert', prefix: 'INSERT INTO t FORMAT JSONEachRow', data: body });
  });

  it('joins the query parameter and the body with a newline for other statements', () => {
    // Act
    const statement = planStatement('SELECT', Buffer.from('1'));

    // Assess
    expect(statement).toEqual({ kind: 'query', sql: 'SELECT\n1' });
  });

  it('treats an INSERT in the body as an INSERT with inline data', () => {
    // Prepare
    const body = Buffer.from('INSERT INTO t VALUES (1)');

    // Act
    const statement = planStatement(undefined, body);

    // Assess
    expect(statement).toEqual({ kind: 'insert', prefix: '', data: body });
  });

  it('rejects an empty query as SYNTAX_ERROR', () => {
    // Act
    const error = thrown(() => planStatement(undefined, Buffer.from('  \n')));

    // Assess
    expect({ code: error.code, type: error.type, message: error.message }).toEqual({
      code: 62,
      type: 'SYNTAX_ERROR',
      message: 'Empty query',
    });
  });
});
