/** Time as the wait loops see it: injectable so tests run long waits in milliseconds. */
import { delayWithinBudget } from './backoff.js';
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export class AbortedError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

/**
 * The runner's clock for budgets: epoch ms at the process's start plus the monotonic time since,
 * so that an NTP step of the wall clock neither stretches nor cuts a wait. It reads as the wall
 * clock did at start; service times are compared only with service times.
 */
function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

export const realClock: Clock = {
  now: monotonicNow,
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new AbortedError());
      const onAbort = () => {
        clearTimeout(timer);
        reject(new AbortedError());
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Stops awaiting `promise` when `signal` aborts. pop-core takes no AbortSignal, so a request
 * in flight cannot be cancelled: we only stop waiting for it (the caller records that).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export function isAbort(e: unknown): boolean {
  return e instanceof AbortedError;
}

/**
 * The one "next delay within the budget, log, sleep" step of every retry loop (restart,
 * completion, health, OIDC): the proposed delay cut to what is left before `deadline`, one log
 * line naming it (unless the loop logs by its own rule, as the completion heartbeat does), then
 * the sleep. Returns the delay slept, or undefined (nothing slept) when even
 * the base delay would pass the deadline: then the caller gives up.
 */
export async function sleepWithinBudget(
  step: { proposedMs: number; baseMs: number; deadline: number },
  deps: { clock: Clock; signal: AbortSignal; log: (line: string) => void },
  line?: (delayMs: number) => string,
): Promise<number | undefined> {
  const delay = delayWithinBudget(step.proposedMs, step.baseMs, deps.clock.now(), step.deadline);
  if (delay === undefined) return undefined;
  if (line) deps.log(line(delay));
  await deps.clock.sleep(delay, deps.signal);
  return delay;
}
