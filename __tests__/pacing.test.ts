import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  blockingChangeOf,
  createPacer,
  durationModel,
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

  it('history: still running at the fitted age, then falling around the typical duration', () => {
    const m = durationModel(60_000, [240_000, 250_000, 230_000]);
    expect(m.weight).toBeCloseTo(0.75, 12);
    expect(survival(m, 60_000)).toBeCloseTo(1, 12);
    expect(survival(m, 200_000)).toBeGreaterThan(0.7);
    expect(survival(m, 300_000)).toBeLessThan(0.25);
  });

  it('history the change has long outlived is dropped', () => {
    expect(durationModel(3_600_000, [10_000, 11_000]).weight).toBe(0);
  });

  it('property: S is non-increasing and within [0, 1]; expected lag grows with the delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.array(fc.integer({ min: 1000, max: 3_600_000 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        (from, past, later, d) => {
          const m = durationModel(from, past);
          const a = from + later;
          const s1 = survival(m, a);
          const s2 = survival(m, a + d);
          expect(s1).toBeLessThanOrEqual(1 + 1e-9);
          expect(s2).toBeGreaterThanOrEqual(0);
          expect(s2).toBeLessThanOrEqual(s1 + 1e-9);
          expect(expectedLag(m, a, d)).toBeLessThanOrEqual(expectedLag(m, a, 2 * d) + 1e-6);
        },
      ),
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
    expect(longestDelay(scaleFreeModel(1), 1e6, { baseMs: 7000, maxMs: 7000 })).toBe(7000);
  });
});

describe('createPacer', () => {
  const bounds = { baseMs: 5000, maxMs: 30_000 };
  const running = (over: Partial<BlockingChange> = {}): BlockingChange => ({
    changeId: 'wc-1',
    actionName: 'Apply',
    paused: false,
    createdAt: NOW,
    pastDurationsMs: [],
    ...over,
  });

  it('a fresh change: the base; a paused one: the max', () => {
    expect(createPacer(bounds, () => 0).next(NOW, 0, running())).toBe(5000);
    expect(createPacer(bounds, () => 0).next(NOW, 0, running({ paused: true }))).toBe(30_000);
  });

  it('an old change is polled more slowly than a young one', () => {
    const young = createPacer(bounds, () => 0).next(NOW, 0, running({ createdAt: NOW - 60_000 }));
    const old = createPacer(bounds, () => 0).next(NOW, 0, running({ createdAt: NOW - 600_000 }));
    expect(old).toBeGreaterThan(young);
  });

  it('jitter only shortens a delay, by at most JITTER', () => {
    const c = running({ createdAt: NOW - 400_000 });
    const top = createPacer(bounds, () => 0).next(NOW, 0, c);
    const low = createPacer(bounds, () => 0.999999).next(NOW, 0, c);
    expect(low).toBeLessThan(top);
    expect(low).toBeGreaterThanOrEqual(Math.floor(top * 0.9));
  });

  it('property: every delay within [base, max], whatever the change and the random draws', () => {
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
          let i = 0;
          const b = { baseMs, maxMs: baseMs + extra };
          const pacer = createPacer(b, () => draws[i++ % draws.length] ?? 0);
          const c = info
            ? running({
                createdAt: NOW - info.age,
                paused: info.paused,
                pastDurationsMs: info.past,
              })
            : undefined;
          let now = NOW;
          for (let n = 0; n < 30; n++) {
            const d = pacer.next(now, now - NOW, c);
            expect(d).toBeGreaterThanOrEqual(b.baseMs);
            expect(d).toBeLessThanOrEqual(b.maxMs);
            now += d;
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
