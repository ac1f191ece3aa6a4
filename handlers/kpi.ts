import { getKpis } from '../lib/kpiHttp.ts';
import { httpHandler } from '../lib/lambda.ts';

export const handler = httpHandler(getKpis);
