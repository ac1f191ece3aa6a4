// multipart/form-data request bodies, as @clickhouse/client sends them for long query parameters
// (one text part per field: `query`, `param_<name>`).
import { ClickHouseServerError } from './errors.ts';

/** The boundary of a multipart/form-data Content-Type, or undefined for any other type. */
function readBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function readPart(section: string): [string, string] {
  const split = section.indexOf('\r\n\r\n');
  const head = split < 0 ? section : section.slice(0, split);
  const disposition = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) throw new ClickHouseServerError(36, 'BAD_ARGUMENTS', 'Multipart part without a name');
  if (/\bfilename=/i.test(disposition)) {
    throw new ClickHouseServerError(48, 'NOT_IMPLEMENTED', `External data (file part '${name}') is not supported`);
  }
  return [name, split < 0 ? '' : section.slice(split + 4)];
}

/**
 * The text fields of a multipart/form-data body, in order, as [name, value] pairs.
 * Throws ClickHouseServerError for file parts (external tables) and malformed parts.
 */
function parseMultipartForm(body: Buffer, boundary: string): Array<[string, string]> {
  const sections = body.toString('utf8').split(`--${boundary}`);
  const fields: Array<[string, string]> = [];
  for (const section of sections.slice(1)) {
    if (section.startsWith('--')) break;
    const content = section.replace(/^\r?\n/, '').replace(/\r?\n$/, '');
    fields.push(readPart(content));
  }
  return fields;
}

export { parseMultipartForm, readBoundary };
