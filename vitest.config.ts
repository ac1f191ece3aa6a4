import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { dashboardModuleSource, virtualId } from './lib/dashboard/build.mjs';

// Imports sql/*.sql as text, as esbuild does for the Lambda bundles (see serverless.yml).
const sqlAsText = {
  name: 'sql-as-text',
  load(id: string) {
    if (!id.endsWith('.sql')) return null;
    return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
  },
};

// Resolves `virtual:pg2ch-dashboard` to the dashboard page built by esbuild, as the Lambda bundle does.
const dashboardPage = {
  name: 'pg2ch-dashboard',
  resolveId(id: string) {
    return id === virtualId ? `\0${virtualId}` : null;
  },
  load(id: string) {
    return id === `\0${virtualId}` ? dashboardModuleSource() : null;
  },
};

export default defineConfig({
  plugins: [sqlAsText, dashboardPage],
  test: {
    reporters: ['default', './tests/helpers/summaryReporter.ts'],
    projects: [
      {
        plugins: [sqlAsText, dashboardPage],
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [sqlAsText, dashboardPage],
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/globalSetup.ts'],
          // Files share one PostgreSQL database (the source tables have fixed names): run them one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
