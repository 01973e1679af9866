/**
 * What every wait loop (restart, resume, completion, health, OIDC) shares, written once: the
 * retry budget the inputs set, the time-out of one call within a phase's deadline, and the
 * heartbeat that keeps a waiting log alive. Pure: the callers bring the clock.
 */
import type { BackoffBounds } from './backoff.js';

/**
 * retry-base-delay, retry-max-delay and request-timeout, read once from the inputs (main.ts)
 * and handed to each loop's plan as one value.
 */
export interface RetryBudget {
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  requestTimeoutMs: number;
}

/** The budget's fields alone (a Settings carries many more). */
export function retryBudgetOf(from: RetryBudget): RetryBudget {
  return {
    retryBaseDelayMs: from.retryBaseDelayMs,
    retryMaxDelayMs: from.retryMaxDelayMs,
    requestTimeoutMs: from.requestTimeoutMs,
  };
}

/** The backoff between retries: from retry-base-delay up to retry-max-delay. */
export function backoffBoundsOf(budget: RetryBudget): BackoffBounds {
  return { baseMs: budget.retryBaseDelayMs, maxMs: budget.retryMaxDelayMs };
}

/** No call is started with less than this left before its deadline (unless it must go out). */
export const MIN_CALL_MS = 1000;

/**
 * The time-out of a call started at `now`: request-timeout cut to what is left before
 * `deadline`, so that no call outlives its phase; undefined when less than MIN_CALL_MS is
 * left, too little for an answer: then no call is started.
 */
export function callTimeout(
  requestTimeoutMs: number,
  deadline: number,
  now: number,
): number | undefined {
  const left = deadline - now;
  return left >= MIN_CALL_MS ? Math.min(requestTimeoutMs, left) : undefined;
}

/**
 * The time-out of a call that goes out however little is left (a phase's first try, so that a
 * budget of 0 still means one try; a read the loop cannot do without): as callTimeout, but at
 * least MIN_CALL_MS, and never more than request-timeout.
 */
export function forcedCallTimeout(requestTimeoutMs: number, deadline: number, now: number): number {
  return Math.min(requestTimeoutMs, Math.max(MIN_CALL_MS, deadline - now));
}

/** At most this long without a line in the log while waiting. */
export const HEARTBEAT_MS = 30_000;

/** When the next "still waiting" line is due: HEARTBEAT_MS after the last line of any kind. */
export interface Heartbeat {
  /** The runner time at which a line is due, if none is printed before. */
  dueAt(): number;
  /** A line is due at `now`. */
  isDue(now: number): boolean;
  /** A line (any line) was printed at `now`. */
  printed(now: number): void;
}

/** A heartbeat whose first line is due HEARTBEAT_MS after `startedAt`. */
export function createHeartbeat(startedAt: number): Heartbeat {
  let lastLineAt = startedAt;
  return {
    dueAt: () => lastLineAt + HEARTBEAT_MS,
    isDue: (now) => now - lastLineAt >= HEARTBEAT_MS,
    printed(now) {
      lastLineAt = now;
    },
  };
}
