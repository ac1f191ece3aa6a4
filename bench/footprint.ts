// Section 5: what each deployed function weighs and how long its bundle takes to load (both set cold-start cost).
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchOptions } from './args.ts';
import { round, summarize, timed } from './measure.ts';
import type { Print } from './source.ts';
import { extractZip } from './zip.ts';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));
const run = promisify(execFile);

/** What `serverless package` needs from the project; node_modules is linked, not copied. */
const projectFiles = [
  'serverless.yml',
  'esbuild.plugins.cjs',
  'package.json',
  'tsconfig.json',
  'tables.json',
  'handlers',
  'lib',
  'sql',
  'types',
  'dashboard',
];

/** Prints the time `require()` of argv[1] takes, from a fresh process. */
const coldRequire =
  'const t=performance.now();require(process.argv[1]);process.stdout.write(String(performance.now()-t));process.exit(0)';

const method =
  '`serverless package` (osls + serverless-esbuild, as configured in serverless.yml) on a copy of the project in a ' +
  'temp dir; zipBytes is each function’s artefact, bundleBytes its handler .cjs (the .map ships in the zip too). ' +
  'initMs: require() of the unzipped bundle in a fresh node process (warm-up process discarded), with ' +
  'NODE_PATH standing in for the Lambda runtime’s @aws-sdk; processMs: spawn to exit of that process. ' +
  'awsSdkSsmInitMs: require(@aws-sdk/client-ssm) alone, the part the runtime provides but still has to load.';

/** Packages a copy of the project (so the checkout's .esbuild/ is never touched); returns the output dir. */
async function packageCopy(workDir: string): Promise<{ outDir: string; ms: number }> {
  const copy = join(workDir, 'project');
  mkdirSync(copy, { recursive: true });
  for (const file of projectFiles) cpSync(join(projectRoot, file), join(copy, file), { recursive: true });
  symlinkSync(join(projectRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const outDir = join(workDir, 'package');
  const serverless = join(projectRoot, 'node_modules/.bin/serverless');
  const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
  const { ms } = await timed(() =>
    run(serverless, ['package', '--package', outDir], { cwd: copy, env, maxBuffer: 1 << 24, timeout: 180_000 }),
  );
  return { outDir, ms };
}

/** Spawns `node -e coldRequire target` in `cwd`; resolves with the require time and the process wall time. */
function coldStart(cwd: string, target: string): Promise<{ initMs: number; processMs: number }> {
  const startedAt = performance.now();
  const env = { PATH: process.env.PATH ?? '', NODE_PATH: join(projectRoot, 'node_modules') };
  const child = spawn(process.execPath, ['-e', coldRequire, target], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const initMs = Number(out);
      if (code !== 0 || !Number.isFinite(initMs))
        reject(new Error(`cold require of ${target} failed (${code}): ${err.slice(0, 500)}`));
      else resolve({ initMs, processMs: performance.now() - startedAt });
    });
  });
}

async function coldStarts(options: BenchOptions, cwd: string, target: string) {
  const init: number[] = [];
  const wall: number[] = [];
  for (let rep = 0; rep < options.warmup + options.reps; rep += 1) {
    const { initMs, processMs } = await coldStart(cwd, target);
    if (rep < options.warmup) continue;
    init.push(initMs);
    wall.push(processMs);
  }
  return { initMs: summarize(init), processMs: summarize(wall) };
}

/** Packages every function and measures its artefact size and bundle load time. */
async function measureFootprint(
  options: BenchOptions,
  workDir: string,
  progress: Print,
): Promise<Record<string, unknown>> {
  progress('footprint: serverless package');
  const { outDir, ms } = await packageCopy(workDir);
  const functions: Record<string, unknown>[] = [];
  for (const zip of readdirSync(outDir)
    .filter((name) => name.endsWith('.zip'))
    .sort()) {
    const name = zip.slice(0, -'.zip'.length);
    const dir = join(outDir, 'unzipped', name);
    const entries = extractZip(join(outDir, zip), dir);
    const bundle = entries.find((entry) => entry.endsWith('.cjs'));
    if (bundle === undefined) throw new Error(`${zip} holds no .cjs bundle`);
    progress(`footprint: cold require of ${name}`);
    const starts = await coldStarts(options, dir, join(dir, bundle));
    const mapBytes = entries.includes(`${bundle}.map`) ? statSync(join(dir, `${bundle}.map`)).size : 0;
    functions.push({
      name,
      zipBytes: statSync(join(outDir, zip)).size,
      bundleBytes: statSync(join(dir, bundle)).size,
      mapBytes,
      ...starts,
    });
  }
  const sdk = await coldStarts(options, outDir, '@aws-sdk/client-ssm');
  return { method, packageSeconds: round(ms / 1000), functions, awsSdkSsmInitMs: sdk.initMs, node: process.version };
}

export { measureFootprint };
