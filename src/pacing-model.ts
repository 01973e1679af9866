/**
 * The mathematics of the pacers (src/pacing.ts), on its own: survival curves of how long a
 * change may run, the expected lag of a sleep, and the exact schedule for a believed survival
 * (optimalDelays). Pure and free of I/O and of the service's shapes; src/pacing.ts turns what
 * was read into these models, and the unit tests check each piece against its definition.
 */

/** The bounds of every delay: retry-base-delay and retry-max-delay. */
export interface PaceBounds {
  baseMs: number;
  maxMs: number;
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
// While another change holds the environment: trust history only as far as it has shown
// itself predictive (src/pacing.ts, createWaitPacer).
//
// The duration T of a change is modelled before anything is seen as a mixture
//
//   S(x) = trust · S_LN(x) + (1 − trust) · S_blind(x)
//
// S_LN: a log-normal fitted to earlier durations of the same ActionName; S_blind: the blind
// shape, a change as likely to run on for as long again as it has run plus an offset,
// (A + c)/(x + c) from age A. `trust` is how far those durations agree with each other
// (their spread, and how many there are); the change's age then weighs history by Bayes'
// rule: history that says the change should be over by now loses its weight.

/** What earlier durations of a kind say, and how far they are trusted. */
interface HistoryFit {
  n: number;
  /** Mean and predictive spread of the log-durations (ms). */
  mu: number;
  sigma: number;
  /** Prior weight of the fitted log-normal, in [0, 1): 0 without history. */
  trust: number;
}

/** Offset c of the blind shape when the age is known: S(x | A) = (A + c)/(x + c). */
export const BLIND_OFFSET_MS = 20_000;
/** Spread (of log-durations) at which history is trusted e^(−1) as much as a perfect one. */
const TRUST_SPREAD = 0.5;
/** Spread assumed for a single earlier duration (nothing shows how far it agrees). */
const SINGLE_SPREAD = 0.6;
/** Floor of the fitted spread: no kind of change is more repeatable than this. */
const MIN_SPREAD = 0.1;

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

/** The reference range of a blind guess: durations in [1 s, 1 day]. */
const REF_MIN_MS = 1_000;
const REF_MAX_MS = 86_400_000;

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

// ---------------------------------------------------------------------------------------
// The completion wait's belief and its exact schedule (src/pacing.ts, createCompletionPacer).

/** Offset c of the blind shape from the change's start: S(x) = c/(x + c). */
export const COMPLETION_OFFSET_MS = 120_000;
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

/** The belief with at least `floor` of its weight on the blind shape (the rest scaled down). */
export function withBlindFloor(belief: CompletionBelief, floor: number): CompletionBelief {
  const keep = 1 - floor;
  return {
    ...belief,
    weights: belief.weights.map((w) => keep * w),
    unrelated: floor + keep * belief.unrelated,
  };
}

/** The part of a belief whose spreads `keep` selects (no blind part): unnormalised. */
export function partOf(
  belief: CompletionBelief,
  keep: (sigma: number) => boolean,
): CompletionBelief {
  return {
    ...belief,
    weights: belief.weights.map((w, i) => (keep(SPREADS[i] as number) ? w : 0)),
    unrelated: 0,
  };
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

/** A part of the believed end whose lag is worth more than the rest's. */
interface PricedPart {
  /** Its share of the survival (unnormalised: part of the whole's). */
  survivalOf: (xMs: number) => number;
  callsPerLagS: number;
}

/**
 * The delay after a poll at each grid time (index i: i·stepMs after the start) that minimises
 * E[polls] + λ·E[lag] for a change with survival S, delays within the bounds: λ (polls per
 * second of lag) is `callsPerLagS` where the change ends, or a part's own where it ends in that
 * part. stepMs: the grid (the base delay, between 250 ms and 1 s).
 */
export function optimalDelays(
  survivalOf: (xMs: number) => number,
  bounds: PaceBounds,
  callsPerLagS: number,
  horizonMs: number,
  parts: readonly PricedPart[] = [],
): { stepMs: number; delays: Int32Array } {
  const stepMs = Math.min(1000, Math.max(250, bounds.baseMs));
  const dMin = Math.max(1, Math.ceil(bounds.baseMs / stepMs));
  const dMax = Math.max(dMin, Math.floor(bounds.maxMs / stepMs));
  const n = Math.max(1, Math.ceil(horizonMs / stepMs));
  const cells = n + dMax + 1;
  const S = grid(survivalOf, cells, stepMs);
  // The end's mass in cell k, each part's at its own price (polls per cell of lag); prefix
  // sums of it (P) and of k times it (Q).
  const priced = [{ S, perCell: (callsPerLagS * stepMs) / 1000 }];
  for (const part of parts) {
    const perCell = ((part.callsPerLagS - callsPerLagS) * stepMs) / 1000;
    priced.push({ S: grid(part.survivalOf, cells, stepMs), perCell });
  }
  const P = new Float64Array(cells + 1);
  const Q = new Float64Array(cells + 1);
  for (let k = 0; k < cells; k++) {
    let w = 0;
    for (const p of priced) {
      w += p.perCell * Math.max(0, (p.S[k] as number) - ((p.S[k + 1] ?? p.S[k]) as number));
    }
    P[k + 1] = (P[k] as number) + w;
    Q[k + 1] = (Q[k] as number) + k * w;
  }
  const J = new Float64Array(cells);
  const delays = new Int32Array(n).fill(dMax);
  for (let i = n - 1; i >= 0; i--) {
    const s = S[i] as number;
    if (s <= 1e-12) continue;
    let best = Infinity;
    for (let d = dMin; d <= dMax; d++) {
      const j = i + d;
      // Σ over cells k in [i, j) of priced mass_k · (j − k − ½): the lag of this gap, priced.
      const lag =
        (j - 0.5) * ((P[j] as number) - (P[i] as number)) - ((Q[j] as number) - (Q[i] as number));
      const cost = s + lag + (j < n ? (J[j] as number) : 0);
      if (cost < best) {
        best = cost;
        delays[i] = d;
      }
    }
    J[i] = best;
  }
  return { stepMs, delays };
}

function grid(f: (xMs: number) => number, cells: number, stepMs: number): Float64Array {
  return Float64Array.from({ length: cells }, (_, i) => f(i * stepMs));
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
