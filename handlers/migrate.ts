import { migrateHandler } from '../lib/jobLambda.ts';

export const handler = migrateHandler();
