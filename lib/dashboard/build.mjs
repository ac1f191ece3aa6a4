// Builds the dashboard page (dashboard/) with esbuild into one self-contained HTML document: the bundled script
// and style inline, nothing loaded from elsewhere. Plain JavaScript so that every loader can run it: the esbuild
// plugin of the Lambda bundles (esbuild.plugins.cjs), vitest (vitest.config.ts) and Node (lib/loader/).
// The page reaches the code as the module `virtual:pg2ch-dashboard` (lib/dashboard/page.ts).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const virtualId = 'virtual:pg2ch-dashboard';
const root = new URL('../../dashboard/', import.meta.url);

const defaults = { minify: true };

function sha256(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Bundles dashboard/main.ts and dashboard/style.css (uPlot included) and inlines them into dashboard/index.html.
 * @returns the page and its Content-Security-Policy (inline script and style allowed by hash only).
 * @throws esbuild's error when the dashboard does not build.
 */
async function buildDashboardPage(options = {}) {
  const { minify } = { ...defaults, ...options };
  const result = await build({
    entryPoints: [new URL('main.ts', root).pathname, new URL('style.css', root).pathname],
    bundle: true,
    minify,
    write: false,
    format: 'iife',
    target: ['chrome115', 'firefox115', 'safari16'],
    outdir: '/dashboard-out',
    logLevel: 'silent',
    charset: 'utf8',
  });
  const output = (ext) => result.outputFiles.find((file) => file.path.endsWith(ext))?.text ?? '';
  const script = output('.js');
  const style = output('.css');
  if (/<\/script/i.test(script) || /<\/style/i.test(style)) throw new Error('dashboard bundle closes its own tag');
  const template = await readFile(new URL('index.html', root), 'utf8');
  const html = template
    .replace('<!--style-->', () => `<style>${style}</style>`)
    .replace('<!--script-->', () => `<script>${script}</script>`);
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}

/** The source of the virtual module: `export default { html, contentSecurityPolicy }`. */
async function dashboardModuleSource() {
  return `export default ${JSON.stringify(await buildDashboardPage())};\n`;
}

/** esbuild plugin resolving `virtual:pg2ch-dashboard` to the built page (serverless-esbuild, bench bundles). */
const dashboardPagePlugin = {
  name: 'pg2ch-dashboard',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^virtual:pg2ch-dashboard$/ }, () => ({ path: virtualId, namespace: 'pg2ch' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'pg2ch' }, async () => ({
      contents: await dashboardModuleSource(),
      loader: 'js',
    }));
  },
};

export { buildDashboardPage, dashboardModuleSource, dashboardPagePlugin, virtualId };
