import { verifyHandler } from '../lib/lambda.ts';

export const handler = verifyHandler();
