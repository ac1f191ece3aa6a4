import type { TestContext } from 'vitest';

/** True on the embedded engines globalSetup starts; false on the servers named by PG_URL and CLICKHOUSE_URL. */
const onEmbeddedEngines = process.env.PG2CH_TEST_STACK === '1';

/**
 * Skips the running test on given servers, with `reason` as the note the reporters print next to its name
 * (and the summary line lists). Call it first in the test body.
 */
function embeddedEnginesOnly(context: Pick<TestContext, 'skip'>, reason: string): void {
  context.skip(!onEmbeddedEngines, `given servers: ${reason}`);
}

export { embeddedEnginesOnly, onEmbeddedEngines };
