// The `unit` project of vitest.config.ts alone, for Stryker (`npm run test:mutation`, docs/mutation.md): the mutation
// runs only the unit tests, which are pure, and never starts the engines the integration project needs.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

const unit = base.test?.projects?.find(
  (project) => typeof project === 'object' && 'test' in project && project.test?.name === 'unit',
);
if (typeof unit !== 'object' || !('test' in unit)) throw new Error('vitest.config.ts has no project named unit');

export default defineConfig({ plugins: unit.plugins ?? [], test: { ...unit.test } });
