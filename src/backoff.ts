/**
 * The delay schedule: capped exponential backoff with "decorrelated jitter" (each delay is
 * drawn between the base and three times the previous delay, then capped). Pure: the random
 * source is injected, so tests and the benchmark replay exact schedules.
 */
export interface BackoffBounds {
  baseMs: number;
  maxMs: number;
}

export type Random = () => number; // uniform in [0, 1)

interface Backoff {
  /** The next delay, always within [baseMs, maxMs]. */
  next(): number;
  reset(): void;
}

export function createBackoff(bounds: BackoffBounds, random: Random = Math.random): Backoff {
  const { baseMs, maxMs } = bounds;
  let previous = 0;
  return {
    next() {
      const upper = previous === 0 ? baseMs : Math.min(maxMs, previous * 3);
      const drawn = baseMs + random() * (upper - baseMs);
      previous = clamp(Math.round(drawn), baseMs, maxMs);
      return previous;
    },
    reset() {
      previous = 0;
    },
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * The delay to wait before the next try, or undefined when even the shortest allowed delay
 * would pass the deadline: a try is never scheduled after the budget ends, and no delay is
 * ever shorter than the base.
 */
export function delayWithinBudget(
  proposedMs: number,
  baseMs: number,
  nowMs: number,
  deadlineMs: number,
): number | undefined {
  const left = deadlineMs - nowMs;
  if (left < baseMs) return undefined;
  return Math.min(proposedMs, left);
}
