import { syncHandler } from '../lib/syncLambda.ts';

export const handler = syncHandler('campaign');
