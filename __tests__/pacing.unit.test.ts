import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  blockingChangeOf,
  BLIND_ASSUMED_AGE_MS,
  COMPLETION_BLIND_CALLS_PER_LAG_S,
  COMPLETION_OFFSET_MS,
  completionBeliefOf,
  completionSurvival,
  createCompletionPacer,
  optimalDelays,
  UNRELATED_PRIOR,
  createWaitPacer,
  fitHistory,
  READ_AFTER_MS,
  trustedModel,
  erfc,
  expectedLag,
  longestDelay,
  MAX_HISTORY,
  scaleFreeModel,
  survival,
  type BlockingChange,
} from '../src/pacing.js';
import type { ChangeInfo } from '../src/webplus-client.js';

const NOW = 1_700_000_000_000;

function change(over: Partial<ChangeInfo> & { changeId: string }): ChangeInfo {
  return {
    envId: 'we-1',
    actionName: 'Apply',
    changeName: 'apply.env',
    changeMessage: '',
    createTime: undefined,
    finishTime: undefined,
    finished: true,
    succeeded: true,
    aborted: false,
    paused: false,
    timedOut: false,
    ...over,
  };
}

describe('blockingChangeOf', () => {
  it('finds the unfinished change wherever it is on the page, and durations of its kind, newest first', () => {
    const page = [
      change({ changeId: 'old', createTime: NOW - 9e6, finishTime: NOW - 9e6 + 200_000 }),
      change({ changeId: 'cur', createTime: NOW - 90_000, finished: false, succeeded: false }),
      change({ changeId: 'new', createTime: NOW - 3e6, finishTime: NOW - 3e6 + 250_000 }),
      change({
        changeId: 'log',
        actionName: 'GatherLog',
        createTime: NOW - 2e6,
        finishTime: NOW - 2e6 + 9000,
      }),
      change({
        changeId: 'abrt',
        aborted: true,
        succeeded: false,
        createTime: NOW - 4e6,
        finishTime: NOW - 4e6 + 1000,
      }),
      change({ changeId: 'nofin', createTime: NOW - 5e6 }),
    ];
    expect(blockingChangeOf(page, NOW)).toEqual({
      changeId: 'cur',
      actionName: 'Apply',
      paused: false,
      createdAt: NOW - 90_000,
      pastDurationsMs: [250_000, 200_000],
    });
  });

  it('keeps at most MAX_HISTORY durations and never dates the change after the read', () => {
    const past = Array.from({ length: 15 }, (_, i) =>
      change({
        changeId: `p${i}`,
        createTime: NOW - 1e6 * (i + 1),
        finishTime: NOW - 1e6 * (i + 1) + 1000 * (i + 1),
      }),
    );
    const ahead = change({
      changeId: 'cur',
      createTime: NOW + 5000,
      finished: false,
      paused: true,
    });
    const found = blockingChangeOf([ahead, ...past], NOW);
    expect(found?.createdAt).toBe(NOW);
    expect(found?.paused).toBe(true);
    expect(found?.pastDurationsMs).toHaveLength(MAX_HISTORY);
    expect(found?.pastDurationsMs[0]).toBe(1000);
  });

  it('is undefined without an unfinished change that has a CreateTime', () => {
    expect(blockingChangeOf([], NOW)).toBeUndefined();
    expect(blockingChangeOf([change({ changeId: 'a', createTime: NOW - 1 })], NOW)).toBeUndefined();
    expect(blockingChangeOf([change({ changeId: 'a', finished: false })], NOW)).toBeUndefined();
  });
});

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

describe('createWaitPacer', () => {
  const bounds = { baseMs: 5000, maxMs: 30_000 };
  const running = (over: Partial<BlockingChange> = {}): BlockingChange => ({
    changeId: 'wc-1',
    actionName: 'Apply',
    paused: false,
    createdAt: NOW,
    pastDurationsMs: [],
    ...over,
  });

  it('a change read young is paced as one 40 s old: its youth says nothing of what is left', () => {
    const first = (ageMs: number) =>
      createWaitPacer(bounds, () => 0).next(NOW, 0, running({ createdAt: NOW - ageMs }));
    const at40 = first(40_000);
    for (const age of [0, 5_000, 20_000, 39_000]) expect(first(age)).toBe(at40);
    expect(first(120_000)).toBeGreaterThan(at40);
  });

  it('a change passed to next() (read with the baseline) counts as the read', () => {
    const pacer = createWaitPacer(bounds, () => 0);
    pacer.next(NOW, 0, running({ createdAt: NOW - 10_000 }));
    expect(pacer.shouldRead(61_000)).toBe(false);
  });

  it('asks for one read, at the first try after READ_AFTER_MS, and again while paused', () => {
    const pacer = createWaitPacer(bounds, () => 0);
    expect(pacer.shouldRead(READ_AFTER_MS - 1)).toBe(false);
    expect(pacer.shouldRead(READ_AFTER_MS)).toBe(true);
    expect(pacer.shouldRead(READ_AFTER_MS + 10_000)).toBe(false);
    expect(pacer.next(NOW, READ_AFTER_MS, running({ paused: true }))).toBe(30_000);
    expect(pacer.shouldRead(READ_AFTER_MS + 40_000)).toBe(true);
    pacer.next(NOW, READ_AFTER_MS + 40_000, running());
    expect(pacer.shouldRead(READ_AFTER_MS + 50_000)).toBe(false);
  });

  it('reads once more when the change read should be over, and only once', () => {
    const pacer = createWaitPacer(bounds, () => 0);
    expect(pacer.shouldRead(READ_AFTER_MS)).toBe(true);
    const past = [100_000, 105_000, 95_000, 102_000];
    pacer.next(NOW, READ_AFTER_MS, running({ createdAt: NOW - 80_000, pastDurationsMs: past }));
    expect(pacer.shouldRead(READ_AFTER_MS + 10_000)).toBe(false);
    // 80 s old at the read; 400 s later it has outlived every plausible duration of its kind.
    expect(pacer.shouldRead(READ_AFTER_MS + 400_000)).toBe(true);
    expect(pacer.shouldRead(READ_AFTER_MS + 500_000)).toBe(false);
  });

  it('before any read: the blind shape, growing with the time waited', () => {
    const pacer = createWaitPacer(bounds, () => 0);
    const early = pacer.next(NOW, 0, undefined);
    const later = pacer.next(NOW, 600_000, undefined);
    expect(early).toBeGreaterThanOrEqual(5000);
    expect(later).toBeGreaterThan(early);
    // About √(2 · lag-per-call · age) with age = BLIND_ASSUMED_AGE_MS + waited.
    const age = BLIND_ASSUMED_AGE_MS + 300_000;
    const d = createWaitPacer(bounds, () => 0, { lagPerCallMs: 300 }).next(NOW, 300_000, undefined);
    expect(Math.abs(d - Math.sqrt(2 * 300 * age))).toBeLessThan(800);
  });

  it('agreeing history far from its end: long delays; near its end: short ones', () => {
    const past = [240_000, 250_000, 230_000, 245_000];
    const far = createWaitPacer(bounds, () => 0).next(
      NOW,
      60_000,
      running({ createdAt: NOW - 30_000, pastDurationsMs: past }),
    );
    const near = createWaitPacer(bounds, () => 0).next(
      NOW,
      60_000,
      running({ createdAt: NOW - 235_000, pastDurationsMs: past }),
    );
    const blind = createWaitPacer(bounds, () => 0).next(
      NOW,
      60_000,
      running({ createdAt: NOW - 30_000 }),
    );
    expect(far).toBeGreaterThan(2 * blind);
    expect(near).toBeLessThan(10_000);
  });

  it('scattered history paces like none at all (within a few percent)', () => {
    const c = { createdAt: NOW - 120_000 };
    const none = createWaitPacer(bounds, () => 0).next(NOW, 60_000, running(c));
    const scattered = createWaitPacer(bounds, () => 0).next(
      NOW,
      60_000,
      running({ ...c, pastDurationsMs: [15_000, 900_000, 60_000, 400_000] }),
    );
    expect(Math.abs(scattered - none) / none).toBeLessThan(0.05);
  });

  it('property: every delay within [base, max]; replays exactly for the same draws', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.option(
          fc.record({
            age: fc.integer({ min: -60_000, max: 7_200_000 }),
            paused: fc.boolean(),
            past: fc.array(fc.integer({ min: 1, max: 7_200_000 }), { maxLength: 10 }),
          }),
        ),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 1,
          maxLength: 20,
        }),
        (baseMs, extra, info, draws) => {
          const b = { baseMs, maxMs: baseMs + extra };
          const run = () => {
            let i = 0;
            const pacer = createWaitPacer(b, () => draws[i++ % draws.length] ?? 0);
            const c = info
              ? running({
                  createdAt: NOW - info.age,
                  paused: info.paused,
                  pastDurationsMs: info.past,
                })
              : undefined;
            const out: number[] = [];
            let now = NOW;
            for (let n = 0; n < 20; n++) {
              const d = pacer.next(now, now - NOW, pacer.shouldRead(now - NOW) ? c : undefined);
              expect(d).toBeGreaterThanOrEqual(b.baseMs);
              expect(d).toBeLessThanOrEqual(b.maxMs);
              out.push(d);
              now += d;
            }
            return out;
          };
          expect(run()).toEqual(run());
        },
      ),
      { seed: 22, numRuns: 60 },
    );
  });
});

describe('createCompletionPacer', () => {
  const bounds = { baseMs: 5000, maxMs: 30_000 };

  it('without history: the blind shape, polls √(2(age + c)/λ) apart (the continuous optimum)', () => {
    const pacer = createCompletionPacer(bounds, [], () => 0);
    const expected = (ageS: number) =>
      1000 *
      Math.sqrt((2 * (ageS + COMPLETION_OFFSET_MS / 1000)) / COMPLETION_BLIND_CALLS_PER_LAG_S);
    expect(Math.abs(pacer.next(60_000) - expected(60))).toBeLessThan(2500);
    // Growing with the age, up to the max.
    expect(pacer.next(0)).toBeLessThan(pacer.next(60_000));
    expect(pacer.next(60_000)).toBeLessThan(pacer.next(300_000));
    expect(pacer.next(900_000)).toBe(30_000);
  });

  it('with agreeing history: long delays early, the base around the typical duration', () => {
    const pacer = createCompletionPacer(bounds, [300_000, 310_000, 290_000, 305_000], () => 0);
    const blind = createCompletionPacer(bounds, [], () => 0);
    expect(pacer.next(60_000)).toBeGreaterThan(1.5 * blind.next(60_000));
    expect(pacer.next(290_000)).toBe(5000);
    expect(pacer.next(300_000)).toBe(5000);
  });

  it('property: every delay within [base, max] at every age, for any history', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7_200_000 }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (past, baseMs, extra) => {
          const b = { baseMs, maxMs: baseMs + extra };
          const pacer = createCompletionPacer(b, past, () => 0.5, { horizonMs: 600_000 });
          for (let e = 0; e < 3_600_000; e += 97_000) {
            const d = pacer.next(e);
            expect(d).toBeGreaterThanOrEqual(b.baseMs);
            expect(d).toBeLessThanOrEqual(b.maxMs);
          }
        },
      ),
      { seed: 23, numRuns: 40 },
    );
  });
});

describe('optimalDelays: the exact schedule for a believed survival', () => {
  /** E[polls] + λ·E[lag] of following `delays` from 0, by the same cell model, recursively. */
  function costOf(S: (i: number) => number, delays: (i: number) => number, n: number, lam: number) {
    let cost = 0;
    let i = 0;
    while (i < n && S(i) > 1e-12) {
      const j = i + delays(i);
      cost += S(i);
      for (let k = i; k < j; k++) cost += lam * (S(k) - S(k + 1)) * (j - k - 0.5);
      i = j;
    }
    return cost;
  }
  /** The least cost over every schedule (exhaustive). */
  function bruteForce(
    S: (i: number) => number,
    dMin: number,
    dMax: number,
    n: number,
    lam: number,
  ) {
    const best = (i: number): number => {
      if (i >= n || S(i) <= 1e-12) return 0;
      let b = Infinity;
      for (let d = dMin; d <= dMax; d++) {
        let c = S(i);
        for (let k = i; k < i + d; k++) c += lam * (S(k) - S(k + 1)) * (i + d - k - 0.5);
        b = Math.min(b, c + best(i + d));
      }
      return b;
    };
    return best(0);
  }

  it('property: its schedule costs what the best of all schedules costs (exhaustive, small grids)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
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
          const dp = costOf(S, (i) => delays[i] ?? dMin + extra, 16, lam);
          const best = bruteForce(S, dMin, dMin + extra, 16, lam);
          expect(dp).toBeCloseTo(best, 9);
        },
      ),
      { seed: 5, numRuns: 150 },
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
