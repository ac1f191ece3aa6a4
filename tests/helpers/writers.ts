import pg from 'pg';

/** A small seeded PRNG (mulberry32): `next(below)` is an integer in [0, below). Same seed, same choices. */
function random(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Counts finished sync runs; writers wait on it to keep a transaction open across a number of runs. */
class RunCounter {
  #runs = 0;
  #stopped = false;
  #waiters: { until: number; wake: () => void }[] = [];

  get runs(): number {
    return this.#runs;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Records one finished run and wakes the writers waiting for it. */
  finished(): void {
    this.#runs += 1;
    this.#release();
  }

  /** Tells writers to finish their current transaction and stop; wakes every waiter. */
  stop(): void {
    this.#stopped = true;
    this.#release();
  }

  /** Resolves once `count` runs have finished (at once after stop()). */
  until(count: number): Promise<void> {
    return new Promise((wake) => {
      this.#waiters.push({ until: count, wake });
      this.#release();
    });
  }

  #release(): void {
    const ready = this.#waiters.filter((waiter) => this.#stopped || waiter.until <= this.#runs);
    this.#waiters = this.#waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.wake();
  }
}

const insertRows =
  "INSERT INTO impressions (campaign_id, created_at) SELECT $1, '2026-11-20 10:00:00' FROM generate_series(1, $2)";
const insertTaken = "INSERT INTO impressions (id, campaign_id, created_at) VALUES ($1, $2, '2026-11-20 10:00:00')";

/**
 * One writer of impressions until `counter` stops: transactions of 1-3 INSERTs (1-5 rows each) that stay
 * open across 0-2 sync runs; one in ten first takes an id with nextval() and inserts it after 0-1 runs;
 * one in ten rolls back.
 */
async function write(counter: RunCounter, campaignId: number, next: (below: number) => number): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.PG_URL });
  await client.connect();
  try {
    while (!counter.stopped) {
      await client.query('BEGIN');
      if (next(10) === 0) {
        const taken = await client.query<{ id: string }>("SELECT nextval('impressions_id_seq')::text AS id");
        await counter.until(counter.runs + next(2));
        await client.query(insertTaken, [Number(taken.rows[0]?.id), campaignId]);
      }
      for (let statement = next(3); statement >= 0; statement--) {
        await client.query(insertRows, [campaignId, 1 + next(5)]);
      }
      await counter.until(counter.runs + next(3));
      await client.query(next(10) === 0 ? 'ROLLBACK' : 'COMMIT');
    }
  } finally {
    await client.end();
  }
}

/** Starts `count` writers (seeded from `seed`); the promise settles when all have stopped after counter.stop(). */
async function startWriters(counter: RunCounter, campaignId: number, count: number, seed: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, index) => write(counter, campaignId, random(seed * 100 + index))),
  );
}

export { RunCounter, random, startWriters };
