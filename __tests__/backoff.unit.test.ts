import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createBackoff, delayWithinBudget } from '../src/backoff.js';

// The properties run a fixed, seeded sample (reproducible, and well under a second): change the
// seed to explore other cases. fast-check prints the seed and path of any counterexample.
const PROPERTY_RUNS = { seed: 20_241_129, numRuns: 200 } as const;

describe('createBackoff', () => {
  it('starts at the base and grows up to three times the previous delay, capped', () => {
    const b = createBackoff({ baseMs: 1000, maxMs: 10_000 }, () => 0.999999);
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([1000, 3000, 9000, 10_000]);
    b.reset();
    expect(b.next()).toBe(1000);
  });

  it('never goes below the base with the lowest random draw', () => {
    const b = createBackoff({ baseMs: 1500, maxMs: 30_000 }, () => 0);
    expect([b.next(), b.next(), b.next()]).toEqual([1500, 1500, 1500]);
  });

  it('property: every delay lies within [base, max] for any settings and random source', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 50,
        }),
        (baseMs, extra, draws) => {
          const maxMs = baseMs + extra;
          let i = 0;
          const b = createBackoff({ baseMs, maxMs }, () => draws[i++ % draws.length] ?? 0);
          const outOfRange: number[] = [];
          for (let n = 0; n < 60; n++) {
            const d = b.next();
            if (d < baseMs || d > maxMs) outOfRange.push(d);
          }
          expect(outOfRange).toEqual([]);
        },
      ),
      PROPERTY_RUNS,
    );
  });
});

describe('delayWithinBudget', () => {
  it('clips a delay to the time left and refuses one shorter than the base', () => {
    expect(delayWithinBudget(30_000, 5000, 0, 100_000)).toBe(30_000);
    expect(delayWithinBudget(30_000, 5000, 90_000, 100_000)).toBe(10_000);
    expect(delayWithinBudget(30_000, 5000, 96_000, 100_000)).toBeUndefined();
  });

  it('property: a schedule run to the deadline never sleeps past the budget', () => {
    fc.assert(
      fc.property(
        // A base of at least 1 s and a budget of at most 1 h bound a schedule to 3600 delays.
        fc.integer({ min: 1000, max: 60_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (baseMs, extra, budget, seed) => {
          let s = seed;
          const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
          const b = createBackoff({ baseMs, maxMs: baseMs + extra }, random);
          let now = 0;
          // Out-of-range delays are collected and asserted once, not one expect per delay.
          const outOfRange: number[] = [];
          for (;;) {
            const d = delayWithinBudget(b.next(), baseMs, now, budget);
            if (d === undefined) break;
            if (d < baseMs || d > baseMs + extra) outOfRange.push(d);
            now += d;
          }
          expect(outOfRange).toEqual([]);
          expect(now).toBeLessThanOrEqual(budget);
          expect(budget - now).toBeLessThan(baseMs);
        },
      ),
      PROPERTY_RUNS,
    );
  });
});
