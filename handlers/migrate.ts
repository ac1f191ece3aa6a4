import { migrateHandler } from '../lib/lambda.ts';

export const handler = migrateHandler();
