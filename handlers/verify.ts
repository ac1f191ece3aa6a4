import { verifyHandler } from '../lib/jobLambda.ts';

export const handler = verifyHandler();
