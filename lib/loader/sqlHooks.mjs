// Module hooks: `import text from './x.sql'` yields the file's text as the default export, and
// `import page from 'virtual:pg2ch-dashboard'` the dashboard page built by esbuild (lib/dashboard/build.mjs).
import { readFile } from 'node:fs/promises';

const dashboardId = 'virtual:pg2ch-dashboard';

export async function resolve(specifier, context, nextResolve) {
  if (specifier === dashboardId) return { url: dashboardId, shortCircuit: true };
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url === dashboardId) {
    const { dashboardModuleSource } = await import('../dashboard/build.mjs');
    return { format: 'module', source: await dashboardModuleSource(), shortCircuit: true };
  }
  if (!url.endsWith('.sql')) return nextLoad(url, context);
  const text = await readFile(new URL(url), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
