/**
 * The pace of retries while another change holds the environment (EnvOnChanging). Pure: no
 * I/O, the random source is injected, so tests and the benchmark (bench/wait-policy.ts)
 * replay exact schedules.
 *
 * Each try costs one API call; each second between the change's end and the next try is a
 * second of lag. The next delay is the longest one whose expected lag stays within
 * the lag one call is worth (WAIT_LAG_PER_CALL_MS, COMPLETION_LAG_PER_CALL_MS):
 *
 *   expected lag of waiting d at age A = ∫[A, A+d] (1 − S(x) / S(A)) dx
 *
 * where S is the survival of the blocking change: how likely it still runs at age x. S comes
 * from what the service documents and nothing else: the change's CreateTime (its age),
 * ChangePaused, and the CreateTime/FinishTime of earlier changes of the same ActionName on the
 * environment (how long such changes took). Without those, a change is assumed to be as likely
 * to run on for as long again as it has run so far (S(x) = a/x), which gives delays growing
 * with the square root of its age.
 *
 * createWaitPacer (restart.ts) and createCompletionPacer (completion.ts) trust history only as
 * far as it agrees with itself and with the change's age, read it in place of a try (or with
 * the read the restart makes before its first send anyway), and fall back to the best blind
 * shape; docs/benchmarks.md measures them under every model of the service.
 */
import type { Random } from './backoff.js';
import type { ChangeInfo } from './webplus-client.js';

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
  return {
    changeId: current.changeId,
    actionName: current.actionName,
    paused: current.paused,
    createdAt: Math.min(current.createTime, now),
    pastDurationsMs: pastDurationsOf(changes, current.actionName, current.changeId),
  };
}

/**
 * How long the finished, not aborted changes of `actionName` on a page took (newest first, at
 * most MAX_HISTORY), leaving out the change `exceptId`.
 */
export function pastDurationsOf(
  changes: readonly ChangeInfo[],
  actionName: string,
  exceptId: string,
): number[] {
  return changes
    .filter(
      (c) =>
        c.changeId !== exceptId &&
        c.finished &&
        !c.aborted &&
        c.actionName === actionName &&
        c.createTime !== undefined &&
        c.finishTime !== undefined &&
        c.finishTime > c.createTime,
    )
    .sort((a, b) => (b.createTime ?? 0) - (a.createTime ?? 0))
    .slice(0, MAX_HISTORY)
    .map((c) => (c.finishTime ?? 0) - (c.createTime ?? 0));
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
  /** Offset c of the blind part: (from + c)/(x + c); 0 (pure scale-free) when absent. */
  offsetMs?: number;
}

/** A change known only to be running at age fromMs. */
export function scaleFreeModel(fromMs: number): DurationModel {
  return { fromMs: Math.max(1, fromMs), weight: 0, mu: 0, sigma: 1, lnFrom: 1 };
}

/** P(still running at age x | running at fromMs), for x ≥ fromMs. */
export function survival(model: DurationModel, x: number): number {
  const t = Math.max(x, model.fromMs);
  const c = model.offsetMs ?? 0;
  const scaleFree = (model.fromMs + c) / (t + c);
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
  lagPerCallMs: number,
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

// ---------------------------------------------------------------------------------------
// Robust pacing (v2): trust history only as far as it has shown itself predictive.
//
// The duration T of a change is modelled before anything is seen as a mixture
//
//   S(x) = trust · S_LN(x) + (1 − trust) · S_blind(x)
//
// S_LN: a log-normal fitted to earlier durations of the same ActionName; S_blind: the blind
// shape, a change as likely to run on for as long again as it has run plus an offset,
// (A + c)/(x + c) from age A. `trust` is how far those durations agree with each other
// (their spread, and how many there are); the change's age then weighs history by Bayes'
// rule: history that says the change should be over by now loses its weight, at the read and
// at every refused try after it. Without history (or refused, or no readable change), the
// pace is the blind shape itself, which is the best schedule of the blind sweep in
// bench/wait-policy.ts; with history that carries no information, it is nearly that.

/** Lag one call is worth while waiting out EnvOnChanging (the v2 pacer; docs/benchmarks.md). */
export const WAIT_LAG_PER_CALL_MS = 450;
/** Offset c of the blind shape when the age is known: S(x | A) = (A + c)/(x + c). */
export const BLIND_OFFSET_MS = 20_000;
/** The blind age before the blocking change is read: ASSUMED_AGE_MS + time waited. */
export const BLIND_ASSUMED_AGE_MS = 60_000;
/** Spread (of log-durations) at which history is trusted e^(−1) as much as a perfect one. */
export const TRUST_SPREAD = 0.5;
/** Spread assumed for a single earlier duration (nothing shows how far it agrees). */
export const SINGLE_SPREAD = 0.6;
/** Floor of the fitted spread: no kind of change is more repeatable than this. */
export const MIN_SPREAD = 0.1;
/**
 * The blocking change is read (one DescribeChanges call, in place of the RestartAppEnv try it
 * would otherwise be) at the first try after this much waiting: a short block ends before it
 * and never pays for the read.
 */
export const READ_AFTER_MS = 60_000;
/**
 * Once the change read has outlived all but this share of its survival curve while the
 * environment is still busy, it is read once more (a new change may have followed it).
 */
export const REREAD_BELOW = 0.05;
/** Durations outside [1 s, 1 day] are taken as the reference range of a blind guess. */
const REF_MIN_MS = 1_000;
const REF_MAX_MS = 86_400_000;

/** What earlier durations of a kind say, and how far they are trusted. */
export interface HistoryFit {
  n: number;
  /** Mean and predictive spread of the log-durations (ms). */
  mu: number;
  sigma: number;
  /** Prior weight of the fitted log-normal, in [0, 1): 0 without history. */
  trust: number;
}

export interface TrustOptions {
  trustSpread?: number;
  singleSpread?: number;
}

export function fitHistory(
  pastDurationsMs: readonly number[],
  options: TrustOptions = {},
): HistoryFit {
  const logs = pastDurationsMs.filter((d) => d > 0 && Number.isFinite(d)).map(Math.log);
  const n = logs.length;
  if (n === 0) return { n: 0, mu: 0, sigma: 1, trust: 0 };
  const trustSpread = options.trustSpread ?? TRUST_SPREAD;
  const mu = logs.reduce((a, b) => a + b, 0) / n;
  const sd =
    n > 1
      ? Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1))
      : (options.singleSpread ?? SINGLE_SPREAD);
  // The spread of one more draw of the kind: the sample's, widened for a small sample.
  const sigma = Math.max(MIN_SPREAD, sd) * Math.sqrt(1 + 1 / n);
  const trust = (n / (n + 1)) * Math.exp(-((sd / trustSpread) ** 2));
  return { n, mu, sigma, trust };
}

/** Survival of a blind reference guess: log-uniform in [1 s, 1 day]. */
function referenceSurvival(x: number): number {
  if (x <= REF_MIN_MS) return 1;
  if (x >= REF_MAX_MS) return 0;
  return Math.log(REF_MAX_MS / x) / Math.log(REF_MAX_MS / REF_MIN_MS);
}

/**
 * The survival of a change still running at age `ageMs`, given what its history says: the
 * mixture above conditioned on T > age (history's weight falls as the change outlives it).
 */
export function trustedModel(
  ageMs: number,
  fit: HistoryFit,
  offsetMs: number = BLIND_OFFSET_MS,
  riseLimit = 1,
): DurationModel {
  const from = Math.max(1, ageMs);
  const blind: DurationModel = { ...scaleFreeModel(from), offsetMs };
  if (fit.trust <= 0) return blind;
  const lnFrom = logNormalSurvival(from, fit.mu, fit.sigma);
  if (lnFrom < 1e-9) return blind;
  const a = fit.trust * lnFrom;
  const bayes = a / (a + (1 - fit.trust) * referenceSurvival(from));
  // Outliving the blind guess does not show the history predictive: its weight only falls.
  const weight = Math.min(fit.trust + riseLimit * (1 - fit.trust), bayes);
  return { fromMs: from, weight, mu: fit.mu, sigma: fit.sigma, lnFrom, offsetMs };
}

/** How the v2 wait pacer wants to be called while the environment is busy (EnvOnChanging). */
export interface WaitPacer {
  /**
   * Whether the try due now should be one DescribeChanges read (HISTORY_PAGE_SIZE) instead of
   * RestartAppEnv: true once, at the first try after READ_AFTER_MS of waiting, and again at
   * every try while the change last read is paused. Ask once per try: a true answer counts
   * as the read, whether or not it succeeds. When the page shows an unfinished change,
   * pass it (blockingChangeOf) to next() and sleep without sending RestartAppEnv; when it
   * shows none, or the read fails, send RestartAppEnv at once (and pass undefined).
   */
  shouldRead(waitedMs: number): boolean;
  /** The next delay: `now` on the runner's clock, `waitedMs` since the run started. */
  next(now: number, waitedMs: number, change: BlockingChange | undefined): number;
}

export interface WaitPacerOptions extends TrustOptions {
  lagPerCallMs?: number;
  rereadBelow?: number;
  offsetMs?: number;
  assumedAgeMs?: number;
  readAfterMs?: number;
  jitter?: number;
}

export function createWaitPacer(
  bounds: PaceBounds,
  random: Random = Math.random,
  options: WaitPacerOptions = {},
): WaitPacer {
  const lagPerCallMs = options.lagPerCallMs ?? WAIT_LAG_PER_CALL_MS;
  const offsetMs = options.offsetMs ?? BLIND_OFFSET_MS;
  const assumedAgeMs = options.assumedAgeMs ?? BLIND_ASSUMED_AGE_MS;
  const readAfterMs = options.readAfterMs ?? READ_AFTER_MS;
  const jitter = options.jitter ?? JITTER;
  const rereadBelow = options.rereadBelow ?? REREAD_BELOW;
  let read = false;
  let reread = false;
  let lastPaused = false;
  let fitted:
    | { change: BlockingChange | undefined; model: DurationModel; age: number; waited: number }
    | undefined;
  return {
    shouldRead(waitedMs) {
      if (lastPaused) return true;
      // A change already passed to next() (read with the baseline, at no cost) is the read.
      if (!read && fitted?.change) read = true;
      if (!read) {
        if (waitedMs < readAfterMs) return false;
        read = true;
        return true;
      }
      // The change read should be over by now, yet the environment is still busy: a new
      // change may have followed it. Read once more.
      if (!reread && fitted?.change) {
        const age = fitted.age + (waitedMs - fitted.waited);
        if (survival(fitted.model, age) < rereadBelow) {
          reread = true;
          return true;
        }
      }
      return false;
    },
    next(now, waitedMs, change) {
      lastPaused = change?.paused ?? false;
      // A paused change does not end by itself: wait at the max (and read again then).
      if (change?.paused) return bounds.maxMs;
      let age: number;
      if (change) {
        age = Math.max(0, now - change.createdAt);
        if (fitted?.change !== change) {
          // A change read young says little about how long it has left: its blind part is
          // never more hurried than that of a change assumedAgeMs old.
          const offset = Math.max(offsetMs, assumedAgeMs - age);
          const model = trustedModel(age, fitHistory(change.pastDurationsMs, options), offset);
          fitted = { change, model, age, waited: waitedMs };
        }
      } else {
        age = assumedAgeMs + waitedMs;
        if (!fitted || fitted.change) {
          fitted = {
            change,
            model: { ...scaleFreeModel(age), offsetMs: 0 },
            age,
            waited: waitedMs,
          };
        }
      }
      const delay = longestDelay(fitted.model, age, bounds, lagPerCallMs);
      return jittered(delay, bounds, jitter, random);
    },
  };
}

/** Lag one call is worth while polling the restart to its end (wait-for-completion). */
export const COMPLETION_LAG_PER_CALL_MS = 100;
/**
 * How far history's weight may rise above its trust, as a share of the way to 1, while the
 * change outlives what the blind guess expected: a history that merely has not been
 * contradicted yet has not shown itself predictive either.
 */
export const COMPLETION_RISE_LIMIT = 0.5;
/** Offset c of the blind shape for a change this run has just started (age = time since). */
export const COMPLETION_OFFSET_MS = 120_000;

export interface CompletionPacer {
  /** The next delay, `elapsedMs` after the change was started. */
  next(elapsedMs: number): number;
}

export interface CompletionPacerOptions extends TrustOptions {
  lagPerCallMs?: number;
  /** How far history's weight may rise above its trust as the change runs on (0–1). */
  riseLimit?: number;
  offsetMs?: number;
  jitter?: number;
}

/**
 * The pace of completion polls for a change this run started: `historyMs` holds how long
 * earlier finished changes of its ActionName on the environment took (possibly none). The
 * model is fitted once, at the change's start (age 0), and conditioned on every poll that
 * found it running. The caller caps each delay at the heartbeat and the deadline.
 */
export function createCompletionPacer(
  bounds: PaceBounds,
  historyMs: readonly number[],
  random: Random = Math.random,
  options: CompletionPacerOptions = {},
): CompletionPacer {
  const lagPerCallMs = options.lagPerCallMs ?? COMPLETION_LAG_PER_CALL_MS;
  const offsetMs = options.offsetMs ?? COMPLETION_OFFSET_MS;
  const riseLimit = options.riseLimit ?? COMPLETION_RISE_LIMIT;
  const jitter = options.jitter ?? JITTER;
  const fit = fitHistory(historyMs, options);
  return {
    next(elapsedMs) {
      const age = Math.max(1, elapsedMs);
      const model = trustedModel(age, fit, offsetMs, riseLimit);
      const delay = longestDelay(model, age, bounds, lagPerCallMs);
      return jittered(delay, bounds, jitter, random);
    },
  };
}

function jittered(delay: number, bounds: PaceBounds, jitter: number, random: Random): number {
  const factor = 1 - jitter * random();
  return Math.round(Math.min(bounds.maxMs, Math.max(bounds.baseMs, delay * factor)));
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
