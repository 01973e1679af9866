import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  completionBeliefOf,
  completionSurvival,
  erfc,
  expectedLag,
  fitHistory,
  longestDelay,
  optimalDelays,
  scaleFreeModel,
  survival,
  trustedModel,
  UNRELATED_PRIOR,
} from '../src/pacing-model.js';

describe('survival and expected lag', () => {
  it('scale-free: S(x) = from/x, expected lag of d at age a = d − a·ln(1 + d/a)', () => {
    const m = scaleFreeModel(60_000);
    expect(survival(m, 60_000)).toBe(1);
    expect(survival(m, 120_000)).toBeCloseTo(0.5, 12);
    const a = 100_000;
    const d = 10_000;
    expect(expectedLag(m, a, d)).toBeCloseTo(d - a * Math.log(1 + d / a), 0);
  });

  it('property: S is non-increasing and within [0, 1]; expected lag grows with the delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.array(fc.integer({ min: 1000, max: 3_600_000 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        (from, past, later, d) => {
          const m = trustedModel(from, fitHistory(past));
          const a = from + later;
          const s1 = survival(m, a);
          const s2 = survival(m, a + d);
          expect(s1).toBeLessThanOrEqual(1 + 1e-9);
          expect(s2).toBeGreaterThanOrEqual(0);
          expect(s2).toBeLessThanOrEqual(s1 + 1e-9);
          expect(expectedLag(m, a, d)).toBeLessThanOrEqual(expectedLag(m, a, 2 * d) + 1e-6);
        },
      ),
      { seed: 11, numRuns: 100 },
    );
  });

  it('erfc matches known values', () => {
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(1)).toBeCloseTo(0.157299207, 6);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 6);
    expect(erfc(3)).toBeCloseTo(2.209049699e-5, 9);
  });
});

describe('longestDelay', () => {
  const bounds = { baseMs: 5000, maxMs: 30_000 };
  it('is about √(2 · lag-per-call · age) for the scale-free model, within the bounds', () => {
    const m = scaleFreeModel(1);
    expect(longestDelay(m, 1000, bounds, 350)).toBe(5000);
    const d = longestDelay(m, 400_000, bounds, 350);
    expect(Math.abs(d - Math.sqrt(2 * 350 * 400_000))).toBeLessThan(600);
    expect(longestDelay(m, 3_600_000, bounds, 350)).toBe(30_000);
  });

  it('base = max: always that delay', () => {
    expect(longestDelay(scaleFreeModel(1), 1e6, { baseMs: 7000, maxMs: 7000 }, 450)).toBe(7000);
  });
});

describe('fitHistory: trust only as far as the durations agree', () => {
  it('no history: no trust', () => {
    expect(fitHistory([]).trust).toBe(0);
    expect(fitHistory([0, -5]).n).toBe(0);
  });

  it('agreeing durations are trusted more than scattered ones, and more of them more', () => {
    const tight = fitHistory([240_000, 250_000, 230_000]);
    const loose = fitHistory([20_000, 250_000, 900_000]);
    expect(tight.trust).toBeGreaterThan(0.6);
    expect(loose.trust).toBeLessThan(0.01);
    expect(fitHistory([240_000, 250_000, 230_000, 245_000, 235_000]).trust).toBeGreaterThan(
      tight.trust,
    );
    // One duration cannot show how far it agrees: trusted little.
    expect(fitHistory([240_000]).trust).toBeLessThan(0.2);
  });

  it('the predictive spread is never below the floor, and wider for a small sample', () => {
    const same = fitHistory([100_000, 100_000]);
    expect(same.sigma).toBeGreaterThanOrEqual(0.1);
    expect(fitHistory([100_000, 100_000, 100_000, 100_000]).sigma).toBeLessThan(same.sigma);
  });
});

describe('trustedModel: the change age weighs history by Bayes', () => {
  const fit = fitHistory([240_000, 250_000, 230_000, 245_000]);

  it('inside the history, it is trusted; once the change outlives it, it is not', () => {
    expect(trustedModel(60_000, fit).weight).toBeGreaterThan(0.5);
    expect(trustedModel(600_000, fit).weight).toBeLessThan(0.01);
  });

  it('the rise of trust can be bounded', () => {
    const unbounded = trustedModel(200_000, fit, 20_000, 1).weight;
    const bounded = trustedModel(200_000, fit, 20_000, 0).weight;
    expect(bounded).toBeLessThanOrEqual(fit.trust + 1e-12);
    expect(unbounded).toBeGreaterThanOrEqual(bounded);
  });

  it('property: survival within [0, 1] and non-increasing, for any history and age', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7_200_000 }), { maxLength: 10 }),
        fc.integer({ min: 0, max: 7_200_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        (past, age, offset, later, d) => {
          const m = trustedModel(age, fitHistory(past), offset);
          expect(m.weight).toBeGreaterThanOrEqual(0);
          expect(m.weight).toBeLessThanOrEqual(1);
          const a = Math.max(1, age) + later;
          const s1 = survival(m, a);
          const s2 = survival(m, a + d);
          expect(s1).toBeLessThanOrEqual(1 + 1e-9);
          expect(s2).toBeGreaterThanOrEqual(0);
          expect(s2).toBeLessThanOrEqual(s1 + 1e-9);
        },
      ),
      { seed: 21, numRuns: 150 },
    );
  });
});

/**
 * E[polls] + Σ priced lag of following `delays` from 0: the cell model, written out; `weight(k)`
 * is what a cell of lag costs after an end in cell k (λ times its mass, or its parts' prices).
 */
function costOf(
  S: (i: number) => number,
  weight: (k: number) => number,
  delays: (i: number) => number,
  n: number,
) {
  let cost = 0;
  let i = 0;
  while (i < n && S(i) > 1e-12) {
    const j = i + delays(i);
    cost += S(i);
    for (let k = i; k < j; k++) cost += weight(k) * (j - k - 0.5);
    i = j;
  }
  return cost;
}

/** The least cost over every schedule (exhaustive). */
function bruteForce(
  S: (i: number) => number,
  weight: (k: number) => number,
  dMin: number,
  dMax: number,
  n: number,
) {
  const best = (i: number): number => {
    if (i >= n || S(i) <= 1e-12) return 0;
    let b = Infinity;
    for (let d = dMin; d <= dMax; d++) {
      let c = S(i);
      for (let k = i; k < i + d; k++) c += weight(k) * (i + d - k - 0.5);
      b = Math.min(b, c + best(i + d));
    }
    return b;
  };
  return best(0);
}

describe('optimalDelays: the exact schedule for a believed survival', () => {
  it('property: its schedule costs what the best of all schedules costs (exhaustive, small grids)', () => {
    fc.assert(
      fc.property(
        // Survival falling slowly enough that the schedule matters: with drops from [0, 1]
        // fast-check's 0s end most survivals at once, and a wrong price passed (checked).
        fc.array(fc.double({ min: 0.3, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        (drops, dMin, extra, lam) => {
          // A survival falling in steps over 16 cells of 1 s (then 0).
          const values = [1];
          for (const d of drops) values.push((values.at(-1) as number) * d);
          const S = (i: number) => (i < values.length ? (values[i] as number) : 0);
          const bounds = { baseMs: dMin * 1000, maxMs: (dMin + extra) * 1000 };
          const { stepMs, delays } = optimalDelays(
            (x) => S(Math.round(x / 1000)),
            bounds,
            lam,
            16_000,
          );
          expect(stepMs).toBe(1000);
          const weight = (k: number) => lam * (S(k) - S(k + 1));
          const dp = costOf(S, weight, (i) => delays[i] ?? dMin + extra, 16);
          const best = bruteForce(S, weight, dMin, dMin + extra, 16);
          expect(dp).toBeCloseTo(best, 9);
        },
      ),
      { seed: 5, numRuns: 150 },
    );
  });
});

describe('optimalDelays with priced parts: lag worth more where a part of the belief ends', () => {
  it('property: its schedule costs what the best of all schedules costs (exhaustive, small grids)', () => {
    fc.assert(
      fc.property(
        // Survival falling slowly enough that the schedule matters (fast-check favours 0s).
        fc.array(fc.double({ min: 0.3, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (drops, shares, dMin, extra, lam, partLam) => {
          const values = [1];
          for (const d of drops) values.push((values.at(-1) as number) * d);
          const S = (i: number) => (i < values.length ? (values[i] as number) : 0);
          // The part: a share of each cell's mass, as a survival of its own.
          const partMass = values.map((v, i) => (v - S(i + 1)) * (shares[i] ?? 0));
          const part = (i: number) => partMass.slice(i).reduce((a, b) => a + b, 0);
          const weight = (k: number) =>
            lam * (S(k) - S(k + 1)) + (partLam - lam) * (part(k) - part(k + 1));
          const bounds = { baseMs: dMin * 1000, maxMs: (dMin + extra) * 1000 };
          const { delays } = optimalDelays((x) => S(Math.round(x / 1000)), bounds, lam, 16_000, [
            { survivalOf: (x) => part(Math.round(x / 1000)), callsPerLagS: partLam },
          ]);
          const dp = costOf(S, weight, (i) => delays[i] ?? dMin + extra, 16);
          expect(dp).toBeCloseTo(bruteForce(S, weight, dMin, dMin + extra, 16), 9);
        },
      ),
      { seed: 6, numRuns: 150 },
    );
  });
});

describe('completionBeliefOf: Bayes over how repeatable the kind is', () => {
  it('no history: unrelated; one duration: the prior; agreeing ones: a small spread', () => {
    expect(completionBeliefOf([]).unrelated).toBe(1);
    const one = completionBeliefOf([300_000]);
    expect(one.unrelated).toBeCloseTo(UNRELATED_PRIOR, 9);
    const agreeing = completionBeliefOf([300_000, 310_000, 295_000, 305_000]);
    const small = agreeing.weights.slice(0, 3).reduce((a, b) => a + b, 0);
    expect(small).toBeGreaterThan(0.9);
    expect(agreeing.mu).toBeCloseTo(Math.log(302_400), 1);
  });

  it('scattered durations are not taken as a repeatable kind', () => {
    const scattered = completionBeliefOf([20_000, 800_000, 90_000, 400_000]);
    const small = scattered.weights.slice(0, 4).reduce((a, b) => a + b, 0);
    expect(small).toBeLessThan(0.01);
  });

  it('property: weights within [0, 1] summing to 1; the survival falls from 1 within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 86_400_000 }), { maxLength: 10 }), (past) => {
        const b = completionBeliefOf(past);
        const sum = b.weights.reduce((x, y) => x + y, b.unrelated);
        expect(sum).toBeCloseTo(1, 6);
        const S = completionSurvival(b);
        expect(S(0)).toBeCloseTo(1, 6);
        let previous = 1;
        for (let x = 0; x < 7_200_000; x += 60_000) {
          const s = S(x);
          expect(s).toBeLessThanOrEqual(previous + 1e-12);
          expect(s).toBeGreaterThanOrEqual(0);
          previous = s;
        }
      }),
      { seed: 11, numRuns: 100 },
    );
  });
});
