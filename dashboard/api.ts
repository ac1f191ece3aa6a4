// Calls the KPI API with the x-api-key header; follows next_page_token; downloads CSV.

interface Meta {
  readonly kpi: string;
  readonly filters: Record<string, string | number | null>;
  readonly rows: number;
  readonly has_more: boolean;
  readonly next_page_token: string | null;
  readonly generated_at: string;
  readonly complete_through: Record<string, string | null>;
  readonly tz_exact: boolean;
}

type Row = Record<string, string | number | null>;

interface Page {
  readonly data: Row[];
  readonly meta: Meta;
}

type Params = Record<string, string | undefined>;

/** A non-2xx answer: `status` and, for a 400, the parameter the API named. */
class ApiError extends Error {
  readonly status: number;
  readonly parameter: string | undefined;
  constructor(status: number, message: string, parameter?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.parameter = parameter;
  }
}

const defaults = { maxPages: 50 };

function urlOf(route: string, params: Params): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, value);
  const query = search.toString();
  return `kpi/${route}${query === '' ? '' : `?${query}`}`;
}

async function request(route: string, params: Params, key: string): Promise<Response> {
  const response = await fetch(new URL(urlOf(route, params), document.baseURI), { headers: { 'x-api-key': key } });
  if (response.ok) return response;
  let message = `HTTP ${response.status}`;
  let parameter: string | undefined;
  try {
    const body = (await response.json()) as { error?: { message?: string; parameter?: string } };
    message = body.error?.message ?? message;
    parameter = body.error?.parameter;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(response.status, message, parameter);
}

/** Every row of a KPI for `params` (following next_page_token), with the first page's meta. */
async function fetchAll(route: string, params: Params, key: string): Promise<Page> {
  const first = (await (await request(route, params, key)).json()) as Page;
  const data = [...first.data];
  let token = first.meta.next_page_token;
  for (let page = 1; token !== null && page < defaults.maxPages; page += 1) {
    const next = (await (await request(route, { ...params, page_token: token }, key)).json()) as Page;
    data.push(...next.data);
    token = next.meta.next_page_token;
  }
  return { data, meta: first.meta };
}

/** The KPI as CSV text, exactly as the API wrote it. */
async function fetchCsv(route: string, params: Params, key: string): Promise<string> {
  return (await request(route, { ...params, format: 'csv' }, key)).text();
}

export type { Meta, Page, Params, Row };
export { ApiError, fetchAll, fetchCsv };
