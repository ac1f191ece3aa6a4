import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one line per skipped test and its reason (the note of `context.skip(condition, note)`), then
 * the plain line CI reads: `N passed, N failed` (and `, N skipped` when any).
 */
class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skips: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') counts.passed += 1;
        else if (result.state === 'failed') counts.failed += 1;
        else {
          counts.skipped += 1;
          const note = result.state === 'skipped' ? result.note : undefined;
          if (note)
            skips.push(`skipped: ${module.moduleId.replace(/^.*\/tests\//, 'tests/')} > ${test.fullName} (${note})`);
        }
      }
      if (module.state() === 'failed' && module.children.size === 0) counts.failed += 1;
    }
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
    const unexplained = counts.skipped - skips.length;
    if (unexplained > 0) skips.push(`skipped without a reason: ${unexplained} (filtered out, or a defect)`);
    const listed = skips.length > 0 ? `\n${skips.join('\n')}` : '';
    process.stdout.write(`${listed}\n${counts.passed} passed, ${counts.failed} failed${skipped}\n`);
  }
}

export default SummaryReporter;
