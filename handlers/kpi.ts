import { httpHandler } from '../lib/httpLambda.ts';
import { getKpis } from '../lib/kpiHttp.ts';

export const handler = httpHandler(getKpis);
