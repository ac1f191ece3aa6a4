// Request and response bodies of the local ClickHouse endpoint: bounded reading and HTTP compression
// (Content-Encoding gzip/deflate/br, and zstd where this Node has it), as the ClickHouse server accepts them.
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ClickHouseServerError } from './errors.ts';

type Codec = (data: Buffer, options?: zlib.ZlibOptions) => Promise<Buffer>;

const zstdDecompress = (zlib as { zstdDecompress?: unknown }).zstdDecompress;
const zstdCompress = (zlib as { zstdCompress?: unknown }).zstdCompress;

const decoders: Record<string, Codec> = {
  gzip: promisify(zlib.gunzip),
  'x-gzip': promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress) as Codec,
  ...(typeof zstdDecompress === 'function' ? { zstd: promisify(zstdDecompress) as Codec } : {}),
};
const encoders: Record<string, Codec> = {
  gzip: promisify(zlib.gzip),
  deflate: promisify(zlib.deflate),
  br: promisify(zlib.brotliCompress) as Codec,
  ...(typeof zstdCompress === 'function' ? { zstd: promisify(zstdCompress) as Codec } : {}),
};

/**
 * Reads the whole request body.
 * @throws ClickHouseServerError QUERY_IS_TOO_LARGE past `limit` bytes; the stream's error if the client aborts.
 */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ClickHouseServerError(393, 'QUERY_IS_TOO_LARGE', `Request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Undoes the request's Content-Encoding.
 * @throws ClickHouseServerError for an unknown encoding (BAD_ARGUMENTS) or a corrupt body (CANNOT_DECOMPRESS).
 */
async function decodeBody(body: Buffer, encoding: string | undefined): Promise<Buffer> {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === '' || name === 'identity') return body;
  const decode = decoders[name];
  if (decode === undefined) {
    throw new ClickHouseServerError(36, 'BAD_ARGUMENTS', `Unknown HTTP compression method '${name}'`);
  }
  try {
    return await decode(body);
  } catch (error) {
    throw new ClickHouseServerError(271, 'CANNOT_DECOMPRESS', `Cannot decompress the ${name} request body`, {
      cause: error,
    });
  }
}

/** The response codec to use for an Accept-Encoding header, preferring gzip; undefined when none fits. */
function pickEncoding(acceptEncoding: string | undefined): string | undefined {
  const accepted = new Set((acceptEncoding ?? '').split(',').map((part) => part.split(';')[0]?.trim().toLowerCase()));
  return ['gzip', 'deflate', 'br', 'zstd'].find((name) => accepted.has(name) && name in encoders);
}

/** Compresses a response body with a codec from pickEncoding (`level` for gzip/deflate, 0–9). */
async function encodeBody(body: Buffer, encoding: string, level: number | undefined): Promise<Buffer> {
  const encode = encoders[encoding];
  if (encode === undefined) throw new Error(`unsupported response encoding ${encoding}`);
  const zlibLevel = encoding === 'gzip' || encoding === 'deflate' ? { level: level ?? 3 } : undefined;
  return encode(body, zlibLevel);
}

export { decodeBody, encodeBody, pickEncoding, readBody };
