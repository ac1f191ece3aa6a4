// @ts-check
// `npm run test:mutation`: Stryker mutates the pure modules and runs the unit tests (vitest project `unit`) against
// each mutant. Not part of `npm test` (it takes minutes); see docs/mutation.md for the scores and the mutants left.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.unit.config.ts', related: false },
  mutate: [
    'lib/sync/window.ts',
    'lib/sync/reread.ts',
    'lib/sync/holes.ts',
    'lib/verify/drift.ts',
    // compareLevel only: readBuckets (I/O) is excluded in the file by a `Stryker disable` comment.
    'lib/verify/buckets.ts',
    'lib/config.ts',
    'lib/kpi/params.ts',
    'lib/kpi/auth.ts',
    'lib/kpi/dates.ts',
    'lib/kpi/pageToken.ts',
    'lib/tables/columnTypes.ts',
    'lib/tables/columnPlan.ts',
    'lib/tables/newEntry.ts',
    'lib/tables/render.ts',
    'lib/tables/identifiers.ts',
    'lib/tables/schedule.ts',
    'lib/tables/rowHash.ts',
  ],
  ignorePatterns: ['.pg2ch', '.esbuild', '.serverless', 'coverage', 'reports', 'bench/results.json'],
  coverageAnalysis: 'perTest',
  // Two shared cores: one test runner each.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
};

export default config;
