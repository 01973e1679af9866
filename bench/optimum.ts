/**
 * The exact optimum of a polling schedule, knowing the model: a dynamic programme over poll
 * times, and the continuous bound beside it. Used by bench/wait-policy.ts for both waits.
 *
 * A change ends at T (seconds after the schedule's start), with a known distribution: the
 * posterior of the model given what the action has read (earlier durations, the change's age).
 * Polls are made at delays within [minS, maxS] of each other; each poll costs one call and
 * the first poll at or after T sees the end; lag = that poll − T. For a price λ (calls per
 * second of lag) the schedule minimising E[polls] + λ·E[lag] is found by backward induction
 * on a grid of GRID_S seconds (poll times on the grid, T spread evenly within its cell):
 *
 *   J(i) = min over d of  S(i) + λ·Σ_{k=i}^{i+d−1} p_k·(i + d − k − ½)·g + J(i + d)
 *
 * with S(i) = P(T > i·g) (the poll at i + d is made only if the change still ran at i) and p_k
 * = P(T in cell k). Sweeping λ traces the optimum's calls against its mean lag.
 *
 * The continuous bound: with polls h(t) apart, calls ≈ ∫S/h and lag ≈ ∫f·h/2 (an end is
 * noticed half a gap late on average, and no poll is made once the end is seen), so
 * h ∝ √(S/f) is optimal and calls × lag ≥ ½(∫√(f·S))². It ignores the delay bounds and the
 * grid, so it sits a little below the programme.
 */

/** Cell width (s) of the programme's grid. */
export const GRID_S = 1;

/**
 * An end-time distribution on the grid: mass of cell k = [k·g, (k+1)·g). Mass past the
 * horizon (the wait's budget) is left out: polls go on to the horizon for it, and its lag is
 * not counted, as the benchmark counts a run that outlives its budget (calls, no lag).
 */
export interface EndDistribution {
  p: Float64Array;
}

/** From a CDF in seconds, on [0, horizonS]. */
export function discretise(cdf: (tS: number) => number, horizonS: number): EndDistribution {
  const n = Math.ceil(horizonS / GRID_S);
  const p = new Float64Array(n);
  let prev = Math.max(0, cdf(0));
  for (let k = 0; k < n; k++) {
    const next = Math.min(1, Math.max(prev, cdf((k + 1) * GRID_S)));
    p[k] = next - prev;
    prev = next;
  }
  return { p };
}

export interface Expected {
  polls: number;
  /** Mean lag, s. */
  lag: number;
}

/**
 * The optimal schedule for price λ (calls per second of lag): its expected polls, and its
 * mean lag over the runs that end within the horizon. Delays in [minS, maxS] (whole cells).
 */
export function optimalSchedule(
  dist: EndDistribution,
  lambda: number,
  minS: number,
  maxS: number,
): Expected {
  const { p } = dist;
  const n = p.length;
  const dMin = Math.max(1, Math.round(minS / GRID_S));
  const dMax = Math.max(dMin, Math.round(maxS / GRID_S));
  // Prefix sums: P[k] = Σ_{j<k} p_j, Q[k] = Σ_{j<k} j·p_j; S(i) = 1 − P[i].
  const P = new Float64Array(n + dMax + 2);
  const Q = new Float64Array(n + dMax + 2);
  for (let k = 0; k < n + dMax + 1; k++) {
    const pk = k < n ? (p[k] as number) : 0;
    P[k + 1] = (P[k] as number) + pk;
    Q[k + 1] = (Q[k] as number) + k * pk;
  }
  const size = n + dMax + 1;
  const J = new Float64Array(size);
  const C = new Float64Array(size);
  const L = new Float64Array(size);
  for (let i = n - 1; i >= 0; i--) {
    const s = 1 - (P[i] as number);
    if (s <= 1e-12) continue;
    let best = Infinity;
    let bestC = 0;
    let bestL = 0;
    for (let d = dMin; d <= dMax; d++) {
      const j = i + d;
      const mass = (P[j] as number) - (P[i] as number);
      // Σ p_k (j − k − ½) over k in [i, j), in seconds.
      const lag = ((j - 0.5) * mass - ((Q[j] as number) - (Q[i] as number))) * GRID_S;
      const jj = Math.min(j, size - 1);
      const cost = s + lambda * lag + (J[jj] as number);
      if (cost < best) {
        best = cost;
        bestC = s + (C[jj] as number);
        bestL = lag + (L[jj] as number);
      }
    }
    J[i] = best;
    C[i] = bestC;
    L[i] = bestL;
  }
  const within = P[n] as number;
  return { polls: C[0] as number, lag: within > 0 ? (L[0] as number) / within : 0 };
}

/** ½(∫√(f·S))² (s·calls): the continuous bound on calls × mean lag for this distribution. */
export function continuousBound(dist: EndDistribution): number {
  let s = 1;
  let integral = 0;
  for (const pk of dist.p) {
    // f ≈ p/g over the cell, S at the cell's middle.
    const mid = Math.max(0, s - pk / 2);
    integral += Math.sqrt((pk / GRID_S) * mid) * GRID_S;
    s -= pk;
  }
  return 0.5 * integral * integral;
}

/** Prices swept (calls per second of lag): the optimum's frontier from about 1 s to 15 s lag. */
export const LAMBDAS = [
  0.01, 0.02, 0.035, 0.05, 0.08, 0.12, 0.18, 0.27, 0.4, 0.6, 0.9, 1.4, 2, 3, 5, 8, 13, 20, 35, 60,
  120, 300,
];

/** The optimum's frontier over many trials: mean polls and mean lag at each price. */
export function frontierOf(
  dists: readonly EndDistribution[],
  minS: number,
  maxS: number,
  lambdas: readonly number[] = LAMBDAS,
): Expected[] {
  return lambdas.map((lambda) => {
    let polls = 0;
    let lag = 0;
    for (const d of dists) {
      const e = optimalSchedule(d, lambda, minS, maxS);
      polls += e.polls;
      lag += e.lag;
    }
    return { polls: polls / dists.length, lag: lag / dists.length };
  });
}

/** The frontier's polls at mean lag `lag` (linear between the two prices around it). */
export function pollsAtLag(front: readonly Expected[], lag: number): number {
  // Lag falls as the price rises.
  for (let i = 1; i < front.length; i++) {
    const a = front[i - 1] as Expected;
    const b = front[i] as Expected;
    if (a.lag >= lag && b.lag <= lag) {
      if (a.lag === b.lag) return Math.min(a.polls, b.polls);
      return a.polls + ((b.polls - a.polls) * (a.lag - lag)) / (a.lag - b.lag);
    }
  }
  // Below the least lag the sweep reaches (polls at the base delay throughout): that point.
  const last = front.at(-1);
  return last && lag < last.lag ? last.polls : NaN;
}

/** The continuous bound's calls at mean lag `lag`, with lag shared optimally among trials. */
export function boundAtLag(dists: readonly EndDistribution[], lag: number): number {
  const mean = dists.reduce((a, d) => a + Math.sqrt(continuousBound(d)), 0) / dists.length;
  return (mean * mean) / lag;
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  // erfc from src/pacing-model.ts's formula, inlined to keep this module free of the action's code.
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const r =
    t *
    Math.exp(
      -x * x -
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
  return 0.5 * (x >= 0 ? r : 2 - r);
}
