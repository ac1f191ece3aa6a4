import { getKpis } from '../lib/kpi/http.ts';
import { httpHandler } from '../lib/lambda/http.ts';

export const handler = httpHandler(getKpis);
