import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type ICruiseOptions, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const rules = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as {
  forbidden: IForbiddenRuleType[];
  options: ICruiseOptions;
};

/** Every .ts file under `dir`, as a repository-relative path. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('the import graph', () => {
  it('has no cycle and keeps the layering rules of .dependency-cruiser.cjs', async () => {
    // Act
    const result = await cruise(['lib', 'handlers'], {
      ...rules.options,
      validate: true,
      ruleSet: { forbidden: rules.forbidden },
    });
    // Assess
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  }, 60_000);

  it('reads process.env only in the entry points (CLIs, the Lambda adapter, the local engines) and config loading', () => {
    // Prepare: where configuration may come from the environment; everything else receives a typed Config
    const allowed = /^lib\/(cli|lambda|local)\/|^lib\/(config|log)\.ts$/;
    // Act
    const readers = tsFiles('lib').filter((file) => readFileSync(file, 'utf8').includes('process.env'));
    // Assess
    expect(readers.filter((file) => !allowed.test(file))).toEqual([]);
  });
});
