// Coordination sessions kept between runs of one process (a warm Lambda instance): a run that finds an idle session
// younger than `maxIdleMs` reuses it instead of connecting and authenticating again (TLS and SCRAM cost several round
// trips). A session goes back only after a run that ended cleanly, with its run lock released; a reused session that
// fails its first statement is dropped and the run connects afresh. Nothing is kept across a crash: the process is gone.
import type pg from 'pg';
import { closeSourceSession, openSourceSession } from './source.ts';

/** Where runs get their coordination session. */
interface SessionSource {
  /** A connected session; `reused` when it served an earlier run (its first statement may find it dead). */
  acquire(pgUrl: string): Promise<{ session: pg.Client; reused: boolean }>;
  /** Gives it back after a run: kept for the next run when `healthy`, else closed. Never throws. */
  release(pgUrl: string, session: pg.Client, healthy: boolean): Promise<void>;
}

const defaults = {
  /**
   * Idle sessions older than this are closed, not reused: well below the idle timeouts of NAT gateways (350 s) and
   * load balancers, so a reused socket is not a silently dropped one (a scheduled run comes every minute).
   */
  maxIdleMs: 120_000,
};

/** A fresh session per run, closed afterwards (the CLI, tests, anything not warm). */
const freshSessions: SessionSource = Object.freeze({
  acquire: async (pgUrl: string) => ({ session: await openSourceSession(pgUrl), reused: false }),
  release: (_pgUrl: string, session: pg.Client) => closeSourceSession(session),
});

/**
 * An idle session must not keep the process alive (`serverless invoke local`, a CLI, a test would never exit): its
 * socket is unreferenced while it waits in the cache, and referenced again when a run takes it.
 */
function holdProcess(session: pg.Client, hold: boolean): void {
  const stream = (session as unknown as { connection?: { stream?: { ref?(): void; unref?(): void } } }).connection
    ?.stream;
  if (hold) stream?.ref?.();
  else stream?.unref?.();
}

/** Keeps at most one idle session per PostgreSQL URL for the next run of this process. */
function createSessionCache(options: Partial<typeof defaults> = {}): SessionSource {
  const { maxIdleMs } = { ...defaults, ...options };
  const idle = new Map<string, { session: pg.Client; since: number }>();
  return {
    async acquire(pgUrl) {
      const kept = idle.get(pgUrl);
      idle.delete(pgUrl);
      if (kept && Date.now() - kept.since <= maxIdleMs) {
        holdProcess(kept.session, true);
        return { session: kept.session, reused: true };
      }
      if (kept) await closeSourceSession(kept.session);
      return { session: await openSourceSession(pgUrl), reused: false };
    },
    async release(pgUrl, session, healthy) {
      const previous = idle.get(pgUrl);
      if (!healthy || previous) {
        await closeSourceSession(session);
        return;
      }
      holdProcess(session, false);
      idle.set(pgUrl, { session, since: Date.now() });
    },
  };
}

export type { SessionSource };
export { createSessionCache, freshSessions };
