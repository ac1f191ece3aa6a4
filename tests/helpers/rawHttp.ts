import { request } from 'node:http';

interface RawRequest {
  method?: string;
  path?: string;
  /** Sent as given; `host` replaces the one node would add. */
  headers?: Record<string, string>;
  /** false: send no Host header at all. */
  setHost?: boolean;
  body?: string;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends one HTTP/1.1 request to 127.0.0.1:`port` exactly as described (any Host, Origin or method, which fetch()
 * would not allow) and reads the whole answer.
 */
function rawRequest(port: number, options: RawRequest = {}): Promise<RawResponse> {
  const { method = 'GET', path = '/', headers = {}, setHost = true, body } = options;
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers, setHost, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export type { RawRequest, RawResponse };
export { rawRequest };
