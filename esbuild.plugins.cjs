// esbuild plugins for serverless-esbuild (serverless.yml custom.esbuild.plugins): builds the dashboard page into
// the kpi function's bundle (lib/dashboard/build.mjs). Node >= 20.19 loads the ES module with require().
const { dashboardPagePlugin } = require('./lib/dashboard/build.mjs');

module.exports = [dashboardPagePlugin];
