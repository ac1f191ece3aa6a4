// Lets Node (with tsx) import sql/*.sql files as text, the way esbuild and vitest do.
import { register } from 'node:module';

register('./sqlHooks.mjs', import.meta.url);
