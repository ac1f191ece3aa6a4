// Import rules of pg2ch (README, "Layout"; ../shared/STYLE.md, "Module map"), checked by tests/unit/importGraph.test.ts
// and `npm run check:deps`: no cycles, data flows one way, and only the Lambda adapter sees Lambda and middy.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Types flow upward: no import cycles.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-handlers',
      severity: 'error',
      comment: 'handlers/ are thin entry points over lib/; lib never imports them.',
      from: { path: '^lib/' },
      to: { path: '^handlers/' },
    },
    {
      name: 'lambda-types-only-in-adapter',
      severity: 'error',
      comment: 'Only lib/lambda/ sees middy, Powertools and Lambda types.',
      from: { path: '^(lib|handlers)/', pathNot: '^lib/lambda/' },
      to: { path: 'node_modules/(@middy|@aws-lambda-powertools|@types/aws-lambda)/' },
    },
    {
      name: 'pure-planning',
      severity: 'error',
      comment: 'Window, re-read and hole planning are pure: no I/O module.',
      from: { path: '^lib/sync/(window|reread|holes)\\.ts$' },
      to: { path: 'node_modules/(pg|@clickhouse)/|^lib/(sync/(source|state|copy)|clickhouse)\\.ts' },
    },
    {
      name: 'core-not-entry-points',
      severity: 'error',
      comment: 'The sync core, verify, kpi and migrate never import the CLIs or the Lambda adapter.',
      from: { path: '^lib/(sync|verify|kpi|migrate|repair|tables)(/|\\.ts)' },
      to: { path: '^lib/(cli|lambda)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|\\.esbuild|\\.serverless)' },
  },
};
