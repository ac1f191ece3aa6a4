import { backfillHandler } from '../lib/lambda/backfill.ts';

export const handler = backfillHandler();
