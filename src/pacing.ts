/**
 * The pace of retries while another change holds the environment (EnvOnChanging), and of the
 * polls of this run's own change (wait-for-completion). Pure: no I/O, the random source is
 * injected, so tests and the benchmark (bench/wait-policy.ts) replay exact schedules.
 *
 * Each try costs one API call; each second between the change's end and the next try is a
 * second of lag. While waiting out EnvOnChanging, the next delay is the longest one whose
 * expected lag stays within the lag one call is worth (WAIT_LAG_PER_CALL_MS):
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
 * createWaitPacer (restart.ts) trusts history only as far as it agrees with itself and with the
 * change's age, reads it in place of a try (or with the read the restart makes before its first
 * send anyway), and falls back to the best blind shape. createCompletionPacer (completion.ts)
 * works out the exact schedule for a Bayesian belief over how repeatable earlier changes are
 * (below). docs/benchmarks.md measures both under every model of the service, against the
 * optimum that knows the model.
 */
import type { Random } from './backoff.js';
import type { ChangeInfo } from './webplus-client.js';

/**
 * Each delay is multiplied by a factor drawn in [1 − JITTER, 1] (then bounded), so that runs
 * waiting on one change do not poll in step; downward only, so a delay at the base stays there.
 */
const JITTER = 0.1;
/** Earlier changes used to estimate how long this one takes. */
export const MAX_HISTORY = 10;
/** The page of DescribeChanges read to find the blocking change and its predecessors. */
export const HISTORY_PAGE_SIZE = 20;

interface PaceBounds {
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
interface DurationModel {
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
const BLIND_OFFSET_MS = 20_000;
/** The blind age before the blocking change is read: ASSUMED_AGE_MS + time waited. */
export const BLIND_ASSUMED_AGE_MS = 60_000;
/** Spread (of log-durations) at which history is trusted e^(−1) as much as a perfect one. */
const TRUST_SPREAD = 0.5;
/** Spread assumed for a single earlier duration (nothing shows how far it agrees). */
const SINGLE_SPREAD = 0.6;
/** Floor of the fitted spread: no kind of change is more repeatable than this. */
const MIN_SPREAD = 0.1;
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
const REREAD_BELOW = 0.05;
/** Durations outside [1 s, 1 day] are taken as the reference range of a blind guess. */
const REF_MIN_MS = 1_000;
const REF_MAX_MS = 86_400_000;

/** What earlier durations of a kind say, and how far they are trusted. */
interface HistoryFit {
  n: number;
  /** Mean and predictive spread of the log-durations (ms). */
  mu: number;
  sigma: number;
  /** Prior weight of the fitted log-normal, in [0, 1): 0 without history. */
  trust: number;
}

interface TrustOptions {
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

// ---------------------------------------------------------------------------------------
// The completion wait: an exact schedule for what the action believes.
//
// A change this run started ends at an unknown T. Before the wait the action believes
//
//   S(x) = trust · S_LN(x) + (1 − trust) · c / (x + c)
//
// (the log-normal fitted to earlier restarts, weighted by how far they agree; the blind shape
// from the change's start). Polls stop once one sees the change finished, so E[polls] =
// Σ S(before each poll) and E[lag] = Σ ∫ over each gap of (poll − T) dF(T): the schedule that
// minimises E[polls] + λ·E[lag], with delays within the bounds, is found once by backward
// induction over poll times on a grid (docs/benchmarks.md derives it and compares it with the
// optimum that knows the service's model). Conditioning on every poll that found the change
// running is built in: the schedule is a function of the time of the last poll.

/**
 * Polls one second of mean completion lag is worth (λ), blind and with history fully trusted:
 * λ = blind + trust · (trusted − blind). History that agrees makes each poll worth more, so
 * its end is met sooner; without it, fewer polls buy nearly the same lag.
 */
export const COMPLETION_CALLS_PER_LAG_S = 12;
export const COMPLETION_BLIND_CALLS_PER_LAG_S = 1.5;
/** History "informs" with this much weight on spreads up to INFORMS_UP_TO. */
const INFORMS_UP_TO = 0.3;
/** Offset c of the blind shape from the change's start: S(x) = c/(x + c). */
export const COMPLETION_OFFSET_MS = 120_000;
/**
 * No jitter: the polls of one run on the change it started do not meet other runs' polls
 * (the wait's jitter is for runs waiting on one blocking change), and jitter only adds polls.
 */
const COMPLETION_JITTER = 0;
/** Past this the schedule is not worked out (completion-timeout's default): max delays. */
const COMPLETION_HORIZON_MS = 1_800_000;

export interface CompletionPacer {
  /** The next delay, `elapsedMs` after the change was started (the last poll found it running). */
  next(elapsedMs: number): number;
}

export interface CompletionPacerOptions {
  unrelatedPrior?: number;
  informsUpTo?: number;
  callsPerLagS?: number;
  blindCallsPerLagS?: number;
  offsetMs?: number;
  jitter?: number;
  horizonMs?: number;
}

/**
 * Spreads (of log-durations) a kind of change may have, from the most repeatable to hardly
 * repeatable at all; and the prior weight of "earlier durations say nothing of this one".
 */
const SPREADS = [0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0];
export const UNRELATED_PRIOR = 0.1;
/** Range of log-durations (1 s – 1 day) that durations unrelated to this change fall in. */
const LOG_RANGE = Math.log(REF_MAX_MS / REF_MIN_MS);

/** What earlier durations say of this change: log-normals by spread, and unrelated. */
interface CompletionBelief {
  /** Mean log-duration (ms) of the earlier changes. */
  mu: number;
  n: number;
  /** Posterior weight of each SPREADS[i]; they and `unrelated` sum to 1. */
  weights: number[];
  unrelated: number;
}

/**
 * Bayes over the spreads: with n durations whose log-mean is m and sum of squared deviations
 * SS, a kind of spread σ gives them the likelihood (2πσ²)^(−(n−1)/2)·n^(−½)·e^(−SS/2σ²)/R
 * (their common level uniform over a range R of log-durations), and durations unrelated to
 * each other R^(−n). This change is one more draw: log T ~ N(m, σ²(1 + 1/n)).
 */
export function completionBeliefOf(
  pastDurationsMs: readonly number[],
  unrelatedPrior: number = UNRELATED_PRIOR,
): CompletionBelief {
  const logs = pastDurationsMs.filter((d) => d > 0 && Number.isFinite(d)).map(Math.log);
  const n = logs.length;
  if (n === 0) return { mu: 0, n: 0, weights: SPREADS.map(() => 0), unrelated: 1 };
  const mu = logs.reduce((x, y) => x + y, 0) / n;
  const ss = logs.reduce((x, y) => x + (y - mu) ** 2, 0);
  // Log-likelihoods relative to "unrelated" (R^(−n)).
  const rel = SPREADS.map(
    (sigma) =>
      (n - 1) * (Math.log(LOG_RANGE) - 0.5 * Math.log(2 * Math.PI * sigma * sigma)) -
      0.5 * Math.log(n) -
      ss / (2 * sigma * sigma),
  );
  const top = Math.max(0, ...rel);
  const prior = (1 - unrelatedPrior) / SPREADS.length;
  const raw = rel.map((r) => prior * Math.exp(r - top));
  const rawUnrelated = unrelatedPrior * Math.exp(-top);
  const total = raw.reduce((x, y) => x + y, 0) + rawUnrelated;
  return { mu, n, weights: raw.map((w) => w / total), unrelated: rawUnrelated / total };
}

/** The believed survival of a change just started (blind part: c/(x + c)). */
export function completionSurvival(
  belief: CompletionBelief,
  offsetMs: number = COMPLETION_OFFSET_MS,
): (xMs: number) => number {
  const widen = belief.n > 0 ? Math.sqrt(1 + 1 / belief.n) : 1;
  return (x) => {
    let s = belief.unrelated * (offsetMs / (Math.max(0, x) + offsetMs));
    for (let i = 0; i < SPREADS.length; i++) {
      const w = belief.weights[i] as number;
      if (w > 1e-9) {
        s += w * (x <= 0 ? 1 : logNormalSurvival(x, belief.mu, (SPREADS[i] as number) * widen));
      }
    }
    return s;
  };
}

/**
 * The delay after a poll at each grid time (index i: i·stepMs after the start) that minimises
 * E[polls] + λ·E[lag] (λ in polls per second) for a change with survival S, delays within
 * the bounds. stepMs: the grid (the base delay, between 250 ms and 1 s).
 */
export function optimalDelays(
  survivalOf: (xMs: number) => number,
  bounds: PaceBounds,
  callsPerLagS: number,
  horizonMs: number,
): { stepMs: number; delays: Int32Array } {
  const stepMs = Math.min(1000, Math.max(250, bounds.baseMs));
  const dMin = Math.max(1, Math.ceil(bounds.baseMs / stepMs));
  const dMax = Math.max(dMin, Math.floor(bounds.maxMs / stepMs));
  const n = Math.max(1, Math.ceil(horizonMs / stepMs));
  const S = new Float64Array(n + dMax + 1);
  for (let i = 0; i < S.length; i++) S[i] = survivalOf(i * stepMs);
  // P(T ≥ i) falls from S[0]: the mass of cell k is S[k] − S[k+1]; prefix sums of it and k·it.
  const P = new Float64Array(S.length + 1);
  const Q = new Float64Array(S.length + 1);
  for (let k = 0; k < S.length; k++) {
    const mass = Math.max(0, (S[k] as number) - (S[k + 1] ?? (S[k] as number)));
    P[k + 1] = (P[k] as number) + mass;
    Q[k + 1] = (Q[k] as number) + k * mass;
  }
  const lambda = (callsPerLagS * stepMs) / 1000;
  const J = new Float64Array(S.length);
  const delays = new Int32Array(n).fill(dMax);
  for (let i = n - 1; i >= 0; i--) {
    const s = S[i] as number;
    if (s <= 1e-12) continue;
    let best = Infinity;
    for (let d = dMin; d <= dMax; d++) {
      const j = i + d;
      // Σ over cells k in [i, j) of mass_k · (j − k − ½): the lag (in cells) of this gap.
      const lag =
        (j - 0.5) * ((P[j] as number) - (P[i] as number)) - ((Q[j] as number) - (Q[i] as number));
      const cost = s + lambda * lag + (j < n ? (J[j] as number) : 0);
      if (cost < best) {
        best = cost;
        delays[i] = d;
      }
    }
    J[i] = best;
  }
  return { stepMs, delays };
}

/**
 * The pace of completion polls for a change this run started: `historyMs` holds how long
 * earlier finished changes of its ActionName on the environment took (possibly none). The
 * schedule is worked out once (optimalDelays); each delay is jittered down by up to JITTER.
 */
export function createCompletionPacer(
  bounds: PaceBounds,
  historyMs: readonly number[],
  random: Random = Math.random,
  options: CompletionPacerOptions = {},
): CompletionPacer {
  const belief = completionBeliefOf(historyMs, options.unrelatedPrior);
  const trusted = options.callsPerLagS ?? COMPLETION_CALLS_PER_LAG_S;
  const blind = options.blindCallsPerLagS ?? COMPLETION_BLIND_CALLS_PER_LAG_S;
  const jitter = options.jitter ?? COMPLETION_JITTER;
  // How far history informs: the weight of the repeatable spreads (σ ≤ INFORMS_UP_TO).
  const informs = belief.weights.reduce(
    (x, w, i) => x + ((SPREADS[i] as number) <= (options.informsUpTo ?? INFORMS_UP_TO) ? w : 0),
    0,
  );
  const { stepMs, delays } = optimalDelays(
    completionSurvival(belief, options.offsetMs),
    bounds,
    blind + informs * (trusted - blind),
    options.horizonMs ?? COMPLETION_HORIZON_MS,
  );
  return {
    next(elapsedMs) {
      const i = Math.floor(Math.max(0, elapsedMs) / stepMs);
      const delay = i < delays.length ? (delays[i] as number) * stepMs : bounds.maxMs;
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
