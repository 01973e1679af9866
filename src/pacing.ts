/**
 * The pace of retries while another change holds the environment (EnvOnChanging). Pure: no
 * I/O, the random source is injected, so tests and the benchmark (bench/wait-policy.ts)
 * replay exact schedules.
 *
 * Each try costs one API call; each second between the change's end and the next try is a
 * second of lag. The next delay is the longest one whose expected lag stays within
 * LAG_PER_CALL_MS, the lag one call is worth (docs/benchmarks.md tunes it):
 *
 *   expected lag of waiting d at age A = ∫[A, A+d] (1 − S(x) / S(A)) dx
 *
 * where S is the survival of the blocking change: how likely it still runs at age x. S comes
 * from what the service documents and nothing else: the change's CreateTime (its age),
 * ChangePaused, and the CreateTime/FinishTime of earlier changes of the same ActionName on the
 * environment (how long such changes took). Without those, a change is assumed to be as likely
 * to run on for as long again as it has run so far (S(x) = a/x), which gives delays growing
 * with the square root of its age.
 */
import type { Random } from './backoff.js';
import type { ChangeInfo } from './webplus-client.js';

/** The lag, in ms, that one API call is worth: larger means fewer calls and later restarts. */
export const LAG_PER_CALL_MS = 320;
/** Without a readable change, its age is assumed to be this plus the time waited so far. */
export const ASSUMED_AGE_MS = 60_000;
/**
 * Each delay is multiplied by a factor drawn in [1 − JITTER, 1] (then bounded), so that runs
 * waiting on one change do not poll in step; downward only, so a delay at the base stays there.
 */
export const JITTER = 0.1;
/** Earlier changes used to estimate how long this one takes. */
export const MAX_HISTORY = 10;
/** The page of DescribeChanges read to find the blocking change and its predecessors. */
export const HISTORY_PAGE_SIZE = 20;

export interface PaceBounds {
  baseMs: number;
  maxMs: number;
}

/** The change that holds the environment, as read from DescribeChanges. */
export interface BlockingChange {
  changeId: string;
  actionName: string;
  paused: boolean;
  /** Its CreateTime on the runner's clock; never later than the read. */
  createdAt: number;
  /** How long earlier finished changes of the same ActionName took (ms), newest first. */
  pastDurationsMs: number[];
}

/**
 * The unfinished change of a DescribeChanges page and how long earlier changes of its
 * ActionName took; undefined when the page holds no unfinished change with a CreateTime.
 */
export function blockingChangeOf(
  changes: readonly ChangeInfo[],
  now: number,
): BlockingChange | undefined {
  const current = changes.find((c) => !c.finished && c.createTime !== undefined);
  if (!current || current.createTime === undefined) return undefined;
  const pastDurationsMs = changes
    .filter(
      (c) =>
        c !== current &&
        c.finished &&
        !c.aborted &&
        c.actionName === current.actionName &&
        c.createTime !== undefined &&
        c.finishTime !== undefined &&
        c.finishTime > c.createTime,
    )
    .sort((a, b) => (b.createTime ?? 0) - (a.createTime ?? 0))
    .slice(0, MAX_HISTORY)
    .map((c) => (c.finishTime ?? 0) - (c.createTime ?? 0));
  return {
    changeId: current.changeId,
    actionName: current.actionName,
    paused: current.paused,
    createdAt: Math.min(current.createTime, now),
    pastDurationsMs,
  };
}

/** How long the blocking change may run: a mixture fitted at age `fromMs` (S(fromMs) = 1). */
export interface DurationModel {
  fromMs: number;
  /** Weight of the log-normal fitted to earlier durations (0 without any). */
  weight: number;
  mu: number;
  sigma: number;
  /** Log-normal survival at fromMs, to condition on the change still running then. */
  lnFrom: number;
}

/** A change known only to be running at age fromMs. */
export function scaleFreeModel(fromMs: number): DurationModel {
  return { fromMs: Math.max(1, fromMs), weight: 0, mu: 0, sigma: 1, lnFrom: 1 };
}

/**
 * Earlier durations fitted as a log-normal (spread at least 0.15, 0.5 from one sample), mixed
 * with the scale-free model with weight n/(n+1): the more history, the more it is trusted.
 */
export function durationModel(fromMs: number, pastDurationsMs: readonly number[]): DurationModel {
  const logs = pastDurationsMs.filter((d) => d > 0).map(Math.log);
  const n = logs.length;
  const from = Math.max(1, fromMs);
  if (n === 0) return scaleFreeModel(from);
  const mu = logs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1)) : 0.5;
  const sigma = Math.max(0.15, sd);
  const lnFrom = logNormalSurvival(from, mu, sigma);
  // A change already past every plausible duration: the history says nothing about it.
  if (lnFrom < 1e-9) return scaleFreeModel(from);
  return { fromMs: from, weight: n / (n + 1), mu, sigma, lnFrom };
}

/** P(still running at age x | running at fromMs), for x ≥ fromMs. */
export function survival(model: DurationModel, x: number): number {
  const t = Math.max(x, model.fromMs);
  const scaleFree = model.fromMs / t;
  if (model.weight === 0) return scaleFree;
  const ln = logNormalSurvival(t, model.mu, model.sigma) / model.lnFrom;
  return model.weight * ln + (1 - model.weight) * scaleFree;
}

/** Expected lag (ms) of sleeping d at age a, if the change is still running at a. */
export function expectedLag(model: DurationModel, a: number, d: number): number {
  const sA = survival(model, a);
  if (sA <= 0) return d;
  if (d <= 0) return 0;
  const steps = 32; // Simpson's rule
  const h = d / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * (1 - survival(model, a + i * h) / sA);
  }
  return (sum * h) / 3;
}

/** The longest delay in [base, max] whose expected lag stays within the budget. */
export function longestDelay(
  model: DurationModel,
  ageMs: number,
  bounds: PaceBounds,
  lagPerCallMs = LAG_PER_CALL_MS,
): number {
  const { baseMs, maxMs } = bounds;
  if (maxMs <= baseMs || expectedLag(model, ageMs, baseMs) >= lagPerCallMs) return baseMs;
  if (expectedLag(model, ageMs, maxMs) <= lagPerCallMs) return maxMs;
  let lo = baseMs;
  let hi = maxMs;
  while (hi - lo > 50) {
    const mid = (lo + hi) / 2;
    if (expectedLag(model, ageMs, mid) <= lagPerCallMs) lo = mid;
    else hi = mid;
  }
  return lo;
}

export interface Pacer {
  /**
   * The next delay while the environment is busy: `now` on the runner's clock, `waitedMs`
   * since the run started, `change` as last read (undefined when it could not be read).
   */
  next(now: number, waitedMs: number, change: BlockingChange | undefined): number;
}

export interface PacerOptions {
  lagPerCallMs?: number;
  assumedAgeMs?: number;
  jitter?: number;
}

export function createPacer(
  bounds: PaceBounds,
  random: Random = Math.random,
  options: PacerOptions = {},
): Pacer {
  const lagPerCallMs = options.lagPerCallMs ?? LAG_PER_CALL_MS;
  const assumedAgeMs = options.assumedAgeMs ?? ASSUMED_AGE_MS;
  const jitter = options.jitter ?? JITTER;
  let fitted: { change: BlockingChange | undefined; model: DurationModel } | undefined;
  return {
    next(now, waitedMs, change) {
      // A paused change does not end by itself: someone must resume it. Wait at the max.
      if (change?.paused) return bounds.maxMs;
      let age: number;
      if (change) {
        age = now - change.createdAt;
        if (fitted?.change !== change) {
          fitted = { change, model: durationModel(age, change.pastDurationsMs) };
        }
      } else {
        age = assumedAgeMs + waitedMs;
        if (!fitted || fitted.change) fitted = { change, model: scaleFreeModel(age) };
      }
      const delay = longestDelay(fitted.model, age, bounds, lagPerCallMs);
      const factor = 1 - jitter * random();
      return Math.round(Math.min(bounds.maxMs, Math.max(bounds.baseMs, delay * factor)));
    },
  };
}

function logNormalSurvival(x: number, mu: number, sigma: number): number {
  return 0.5 * erfc((Math.log(x) - mu) / (sigma * Math.SQRT2));
}

/** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
