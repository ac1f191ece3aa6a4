import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDotEnv } from '../../lib/local/dotEnv.ts';
import { type ChdbEndpoint, startEndpoint, stopEndpoint } from '../helpers/chdbEndpoint.ts';
import { spawnCli, waitForExit, waitForOutput } from '../helpers/childProcess.ts';
import { type RawRequest, type RawResponse, rawRequest } from '../helpers/rawHttp.ts';

// Every case goes through a real HTTP request to the endpoint process (lib/cli/chdbServer.ts), as a web page in the
// developer's browser or a local tool would send it.
const workDir = mkdtempSync(join(tmpdir(), 'pg2ch-chdb-access-'));
let endpoint: ChdbEndpoint;

beforeAll(async () => {
  endpoint = await startEndpoint(join(workDir, 'data'));
});
afterAll(async () => {
  if (endpoint) await stopEndpoint(endpoint);
  rmSync(workDir, { recursive: true, force: true });
});

function send(options: RawRequest & { password?: string | null; query?: string; params?: Record<string, string> }) {
  const { password = endpoint.password, query, params = {}, headers = {}, ...rest } = options;
  const search = new URLSearchParams({ ...params, ...(query === undefined ? {} : { query }) }).toString();
  const auth: Record<string, string> =
    password === null ? {} : { 'X-ClickHouse-User': 'default', 'X-ClickHouse-Key': password };
  return rawRequest(endpoint.port, {
    path: `/${search ? `?${search}` : ''}`,
    ...rest,
    headers: { ...auth, ...headers },
  });
}

/** Status and exception code of a response: the way a refusal is asserted. */
function refusal(response: RawResponse) {
  return { status: response.status, code: response.headers['x-clickhouse-exception-code'] };
}

async function tableExists(name: string): Promise<boolean> {
  const query = `SELECT count() FROM system.tables WHERE database = 'default' AND name = '${name}'`;
  return (await send({ method: 'POST', body: query })).body.trim() === '1';
}

describe('chdbServer access: only local tools with the password get in', () => {
  it('refuses a query without the password with 403 AUTHENTICATION_FAILED', async () => {
    // Act
    const response = await send({ password: null, query: 'SELECT 1' });
    // Assess
    expect(refusal(response)).toEqual({ status: 403, code: '516' });
    expect(response.body).toMatch(/^Code: 516\. DB::Exception: default: Authentication failed/);
  });

  it('refuses a wrong password given as a header, as URL parameters or as Basic auth with 403', async () => {
    // Prepare
    const wrong = 'wrong-password-0123456789';
    const basic = `Basic ${Buffer.from(`default:${wrong}`).toString('base64')}`;
    // Act
    const responses = await Promise.all([
      send({ password: wrong, query: 'SELECT 1' }),
      send({ password: null, params: { user: 'default', password: wrong }, query: 'SELECT 1' }),
      send({ password: null, headers: { authorization: basic }, query: 'SELECT 1' }),
    ]);
    // Assess
    expect(responses.map(refusal)).toEqual(Array(3).fill({ status: 403, code: '516' }));
  });

  it('answers with the password given as a header, as URL parameters or as Basic auth', async () => {
    // Prepare
    const basic = `Basic ${Buffer.from(`default:${endpoint.password}`).toString('base64')}`;
    // Act
    const responses = await Promise.all([
      send({ query: 'SELECT 1' }),
      send({ password: null, params: { user: 'default', password: endpoint.password }, query: 'SELECT 1' }),
      send({ password: null, headers: { authorization: basic }, query: 'SELECT 1' }),
    ]);
    // Assess
    expect(responses.map((response) => [response.status, response.body])).toEqual(Array(3).fill([200, '1\n']));
  });

  it('refuses a request carrying an Origin header with 403 ACCESS_DENIED, even with the password and on /ping', async () => {
    // Act
    const post = await send({ method: 'POST', headers: { origin: 'https://evil.example' }, body: 'SELECT 1' });
    const get = await send({ headers: { origin: 'null' }, query: 'SELECT 1' });
    const ping = await send({ path: '/ping', password: null, headers: { origin: 'http://127.0.0.1:8080' } });
    // Assess
    expect([post, get, ping].map(refusal)).toEqual(Array(3).fill({ status: 403, code: '497' }));
    expect(post.body).toContain('Origin header');
  });

  it('refuses a Host that is not a loopback name with the endpoint port with 403 ACCESS_DENIED', async () => {
    // Prepare: what DNS rebinding (a public name resolving to 127.0.0.1) and look-alike names send
    const hosts = [
      `evil.example:${endpoint.port}`,
      `127.0.0.1.nip.io:${endpoint.port}`,
      `localhost.evil.example:${endpoint.port}`,
      `localhost:${endpoint.port + 1}`,
      'localhost',
    ];
    // Act
    const responses = await Promise.all(hosts.map((host) => send({ headers: { host }, query: 'SELECT 1' })));
    const pings = await Promise.all(hosts.map((host) => send({ path: '/ping', headers: { host } })));
    const noHost = await send({ setHost: false, query: 'SELECT 1' });
    // Assess
    expect([...responses, ...pings].map(refusal)).toEqual(Array(10).fill({ status: 403, code: '497' }));
    expect(noHost.status).toBe(400); // node's HTTP server answers an HTTP/1.1 request without Host itself
  });

  it('accepts 127.0.0.1, localhost and [::1] with the endpoint port as Host', async () => {
    // Prepare
    const hosts = [`127.0.0.1:${endpoint.port}`, `LOCALHOST:${endpoint.port}`, `[::1]:${endpoint.port}`];
    // Act
    const responses = await Promise.all(hosts.map((host) => send({ headers: { host }, query: 'SELECT 1' })));
    // Assess
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
  });

  it('runs a GET read-only (readonly=2): CREATE TABLE is refused with READONLY, HTTP 500 as on the server', async () => {
    // Act
    const setting = await send({ query: "SELECT getSetting('readonly')" });
    const create = await send({ query: 'CREATE TABLE by_get (a UInt8) ENGINE = Memory' });
    // Assess
    expect(setting.body).toBe('2\n');
    expect(refusal(create)).toEqual({ status: 500, code: '164' });
    expect(await tableExists('by_get')).toBe(false);
  });

  it('refuses a GET that lowers readonly to 0 with READONLY, HTTP 500 as on the server, and creates nothing', async () => {
    // Act
    const lowered = await send({ params: { readonly: '0' }, query: 'CREATE TABLE lowered (a UInt8) ENGINE = Memory' });
    const inQuery = await send({ query: 'SET readonly = 0; CREATE TABLE lowered (a UInt8) ENGINE = Memory' });
    const inSettings = await send({ query: 'CREATE TABLE lowered (a UInt8) ENGINE = Memory SETTINGS readonly = 0' });
    // Assess
    expect([lowered, inQuery, inSettings].map(refusal)).toEqual(Array(3).fill({ status: 500, code: '164' }));
    expect(lowered.body).toContain("Cannot modify 'readonly' setting in readonly mode");
    expect(await tableExists('lowered')).toBe(false);
  });

  it('lets a GET raise readonly to 1', async () => {
    // Act
    const raised = await send({ params: { readonly: '1' }, query: "SELECT getSetting('readonly')" });
    // Assess
    expect([raised.status, raised.body]).toEqual([200, '1\n']);
  });

  it('refuses a GET that would write a file through INTO OUTFILE or INSERT INTO FUNCTION file()', async () => {
    // Prepare: chDB writes both even under readonly
    const [outfile, insertFile] = [join(workDir, 'outfile.tsv'), join(workDir, 'function.tsv')];
    // Act
    const responses = await Promise.all([
      send({ query: `SELECT 1 INTO OUTFILE '${outfile}'` }),
      send({ query: `INSERT INTO FUNCTION file('${insertFile}', 'TSV', 'a UInt8') SELECT 1` }),
      send({ query: `SELECT 1; insert into function file('${insertFile}', 'TSV', 'a UInt8') select 1` }),
    ]);
    // Assess
    expect(responses.map(refusal)).toEqual(Array(3).fill({ status: 500, code: '164' }));
    expect([existsSync(outfile), existsSync(insertFile)]).toEqual([false, false]);
  });

  it('refuses a GET inside a named session with 400 BAD_ARGUMENTS (the session would keep its settings)', async () => {
    // Act
    const response = await send({ params: { session_id: 'get-session' }, query: 'SELECT 1' });
    // Assess
    expect(refusal(response)).toEqual({ status: 400, code: '36' });
  });

  it('lets a POST with the password write', async () => {
    // Act
    const response = await send({ method: 'POST', body: 'CREATE TABLE by_post (a UInt8) ENGINE = Memory' });
    // Assess
    expect(response.status).toBe(200);
    expect(await tableExists('by_post')).toBe(true);
  });
});

describe('npm run clickhouse', () => {
  it('prints its URL with the password masked', () => {
    // Assess
    expect(endpoint.printed).toMatch(/^http:\/\/default:\*\*\*\*@127\.0\.0\.1:\d+$/);
    expect(endpoint.printed).not.toContain(endpoint.password);
  });

  it('refuses to start with a password shorter than 16 characters', async () => {
    // Act
    const { code, stderr } = await waitForExit(
      spawnCli('chdbServer', ['--data-dir', join(workDir, 'short')], { LOCAL_CLICKHOUSE_PASSWORD: 'short' }),
    );
    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain('needs a password (LOCAL_CLICKHOUSE_PASSWORD) of at least 16 characters');
  });

  it('takes LOCAL_CLICKHOUSE_PASSWORD from .env, generating it there once with mode 0600', async () => {
    // Prepare: no password in the environment; a .env the user left world-readable
    const cwd = mkdtempSync(join(workDir, 'cwd-'));
    writeFileSync(join(cwd, '.env'), '# my own settings\nMY_KEY=kept\n', { mode: 0o644 });
    const start = async () => {
      const child = spawnCli(
        'chdbServer',
        ['--data-dir', join(cwd, 'data'), '--quiet'],
        { LOCAL_CLICKHOUSE_PASSWORD: '' },
        cwd,
      );
      const exited = waitForExit(child);
      const printed = await waitForOutput(child, /^http:\/\/.*\n/m);
      const password = readDotEnv(join(cwd, '.env')).LOCAL_CLICKHOUSE_PASSWORD ?? '';
      const port = Number(new URL(printed.split('\n')[0] ?? '').port);
      const answer = await rawRequest(port, {
        path: '/?query=SELECT+1',
        headers: { 'X-ClickHouse-User': 'default', 'X-ClickHouse-Key': password },
      });
      child.kill('SIGTERM');
      return { password, printed, status: answer.status, code: (await exited).code };
    };
    // Act
    const first = await start();
    const second = await start();
    // Assess
    expect(first.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(second.password).toBe(first.password);
    expect([first.status, second.status, first.code, second.code]).toEqual([200, 200, 0, 0]);
    expect(first.printed).not.toContain(first.password);
    expect(statSync(join(cwd, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cwd, '.env'), 'utf8')).toMatch(/^# my own settings\nMY_KEY=kept\n/);
  });
});
