import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Imports sql/*.sql as text, as esbuild does for the Lambda bundles (see serverless.yml).
const sqlAsText = {
  name: 'sql-as-text',
  load(id: string) {
    if (!id.endsWith('.sql')) return null;
    return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
  },
};

export default defineConfig({
  plugins: [sqlAsText],
  test: {
    reporters: ['default', './tests/helpers/summaryReporter.ts'],
    projects: [
      {
        plugins: [sqlAsText],
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [sqlAsText],
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
