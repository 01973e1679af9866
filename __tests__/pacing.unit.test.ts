import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  blockingChangeOf,
  BLIND_ASSUMED_AGE_MS,
  COMPLETION_BLIND_CALLS_PER_LAG_S,
  createCompletionPacer,
  createWaitPacer,
  MAX_HISTORY,
  type BlockingChange,
} from '../src/pacing.js';
import { COMPLETION_OFFSET_MS } from '../src/pacing-model.js';
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
              const d = pacer.next(now, now - NOW, n < 12 ? undefined : c);
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

  it('the longest schedule the inputs allow (retry-base-delay 0.05 s, completion-timeout 6 h) is worked out, every delay within bounds', () => {
    // The grid never goes below 250 ms, so the programme stays 86 400 cells × 120 delays.
    const b = { baseMs: 50, maxMs: 30_000 };
    const pacer = createCompletionPacer(b, [300_000, 310_000], () => 0, {
      horizonMs: 6 * 3_600_000,
    });
    for (let e = 0; e < 6 * 3_600_000; e += 611_000) {
      const d = pacer.next(e);
      expect(d).toBeGreaterThanOrEqual(250);
      expect(d).toBeLessThanOrEqual(b.maxMs);
    }
    expect(pacer.next(7 * 3_600_000)).toBe(b.maxMs);
  });

  it('a part priced higher is met sooner, and where it cannot end the pace is blind again', () => {
    const bounds = { baseMs: 5000, maxMs: 30_000 };
    const agreeing = [300_000, 310_000, 290_000, 305_000];
    const pricey = createCompletionPacer(bounds, agreeing, () => 0, { horizonMs: 1_200_000 });
    const cheap = createCompletionPacer(bounds, agreeing, () => 0, {
      horizonMs: 1_200_000,
      tightCallsPerLagS: 1.5,
      looseCallsPerLagS: 1.5,
    });
    expect(pricey.next(295_000)).toBeLessThan(cheap.next(295_000));
    // Long past what history said (15 minutes on a 5-minute kind): sparse again, not the base.
    expect(pricey.next(900_000)).toBeGreaterThanOrEqual(15_000);
  });
});
