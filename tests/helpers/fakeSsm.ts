import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface FakeSsm {
  readonly url: string;
  /** Names requested so far, in order. */
  readonly requested: string[];
  close(): Promise<void>;
}

/** A local stand-in for SSM Parameter Store's GetParameters (AWS JSON 1.1), serving SecureStrings. */
async function startFakeSsm(parameters: Record<string, string>): Promise<FakeSsm> {
  const requested: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      if (target !== 'AmazonSSM.GetParameters') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: 'UnknownOperationException' }));
        return;
      }
      const { Names } = JSON.parse(body) as { Names: string[] };
      requested.push(...Names);
      const found = Names.filter((name) => name in parameters);
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify({
          Parameters: found.map((name) => ({ Name: name, Type: 'SecureString', Value: parameters[name], Version: 1 })),
          InvalidParameters: Names.filter((name) => !(name in parameters)),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type { FakeSsm };
export { startFakeSsm };
