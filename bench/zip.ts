// Just enough of the zip format to unpack the archives `serverless package` writes (stored or deflated entries).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const signatures = { endOfDirectory: 0x06054b50, directoryEntry: 0x02014b50, localHeader: 0x04034b50 };

function findEndOfDirectory(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 65_557); at -= 1) {
    if (zip.readUInt32LE(at) === signatures.endOfDirectory) return at;
  }
  throw new Error('not a zip archive (no end of central directory)');
}

/**
 * Extracts every file of the zip archive at `path` under `destination`; returns the entry names.
 * @throws on a malformed archive, an unsupported compression method or an entry escaping `destination`.
 */
function extractZip(path: string, destination: string): string[] {
  const zip = readFileSync(path);
  const end = findEndOfDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let entry = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(entry) !== signatures.directoryEntry) throw new Error('malformed zip central directory');
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const nameLength = zip.readUInt16LE(entry + 28);
    const localOffset = zip.readUInt32LE(entry + 42);
    const name = zip.subarray(entry + 46, entry + 46 + nameLength).toString('utf8');
    entry += 46 + nameLength + zip.readUInt16LE(entry + 30) + zip.readUInt16LE(entry + 32);
    if (zip.readUInt32LE(localOffset) !== signatures.localHeader) throw new Error(`malformed zip entry ${name}`);
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(start, start + compressedSize);
    if (name.endsWith('/')) continue;
    const target = normalize(join(destination, name));
    if (!target.startsWith(normalize(destination))) throw new Error(`zip entry ${name} escapes the destination`);
    if (method !== 0 && method !== 8) throw new Error(`zip entry ${name}: unsupported compression method ${method}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, method === 8 ? inflateRawSync(data) : data);
    names.push(name);
  }
  return names;
}

export { extractZip };
