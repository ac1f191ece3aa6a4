import { syncHandler } from '../lib/lambda.ts';

export const handler = syncHandler('impressions');
