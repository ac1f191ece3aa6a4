import { verifyHandler } from '../lib/lambda/jobs.ts';

export const handler = verifyHandler();
