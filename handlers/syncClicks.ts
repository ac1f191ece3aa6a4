import { syncHandler } from '../lib/lambda/sync.ts';

export const handler = syncHandler('clicks');
