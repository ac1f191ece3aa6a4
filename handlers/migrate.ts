import { migrateHandler } from '../lib/lambda/jobs.ts';

export const handler = migrateHandler();
