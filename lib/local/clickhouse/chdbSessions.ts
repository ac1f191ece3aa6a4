// chDB Sessions for HTTP requests: a fresh one per request (settings, USE and parameters cannot leak), or a
// long-lived one per `session_id`, locked while in use and closed after `session_timeout` seconds idle.
import type { Session } from 'chdb';
import type { ChdbEngine } from './chdbEngine.ts';
import { ClickHouseServerError } from './errors.ts';
import type { SessionParams } from './httpParams.ts';

/** A Session lent to one request; `release()` exactly once when the request's queries have settled. */
interface SessionLease {
  readonly session: Session;
  /** True for a per-request Session: settings applied to it vanish with it. */
  readonly fresh: boolean;
  release(): void;
}

interface SessionPool {
  /** @throws ClickHouseServerError SESSION_NOT_FOUND (session_check=1) or SESSION_IS_LOCKED (in use). */
  acquire(params: SessionParams | undefined): SessionLease;
  /** Closes idle named Sessions; returns how many were busy and left open. */
  closeIdle(): number;
}

interface NamedSession {
  session: Session;
  busy: boolean;
  timer?: NodeJS.Timeout;
}

function lendNamed(named: Map<string, NamedSession>, params: SessionParams, entry: NamedSession): SessionLease {
  entry.busy = true;
  clearTimeout(entry.timer);
  return {
    session: entry.session,
    fresh: false,
    release() {
      entry.busy = false;
      entry.timer = setTimeout(() => {
        named.delete(params.id);
        entry.session.close();
      }, params.timeoutSeconds * 1000).unref();
    },
  };
}

/** A pool of chDB Sessions on the engine's data directory. */
function createSessionPool(engine: ChdbEngine): SessionPool {
  const named = new Map<string, NamedSession>();
  return {
    acquire(params) {
      if (params === undefined) {
        const session = engine.openSession();
        return { session, fresh: true, release: () => session.close() };
      }
      const existing = named.get(params.id);
      if (existing?.busy) {
        throw new ClickHouseServerError(
          373,
          'SESSION_IS_LOCKED',
          `Session ${params.id} is locked by a concurrent client`,
        );
      }
      if (existing === undefined && params.check) {
        throw new ClickHouseServerError(372, 'SESSION_NOT_FOUND', `Session ${params.id} not found`);
      }
      const entry = existing ?? { session: engine.openSession(), busy: false };
      named.set(params.id, entry);
      return lendNamed(named, params, entry);
    },
    closeIdle() {
      let busy = 0;
      for (const [id, entry] of named) {
        if (entry.busy) {
          busy += 1;
          continue;
        }
        clearTimeout(entry.timer);
        entry.session.close();
        named.delete(id);
      }
      return busy;
    },
  };
}

export type { SessionLease, SessionPool };
export { createSessionPool };
