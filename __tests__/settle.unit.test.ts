/**
 * The settle decision (src/settle.ts), table-driven over every kind of evidence that broke an
 * earlier rule (names, times, counts, orders, clocks), and by property: whatever the service
 * lists, a look-up that can see this run's restart never answers "send".
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  couldBeRestart,
  decide,
  extendBaseline,
  newSince,
  type Baseline,
  type Look,
} from '../src/settle.js';
import type { ChangeInfo } from '../src/webplus-client.js';

const ENV = 'we-0000000000000000000000ab';
const T0 = 1_800_000_000_000;

function change(id: string, extra: Partial<ChangeInfo> = {}): ChangeInfo {
  return {
    changeId: `wc-${id}`,
    envId: ENV,
    actionName: 'Apply',
    changeName: 'apply.env',
    changeMessage: '',
    createTime: T0,
    finishTime: T0 + 1000,
    finished: true,
    succeeded: true,
    aborted: false,
    paused: false,
    timedOut: false,
    ...extra,
  };
}

const restartChange = (id: string, extra: Partial<ChangeInfo> = {}) =>
  change(id, {
    actionName: 'Restart',
    changeName: 'restart.env',
    createTime: T0 + 60_000,
    finished: false,
    finishTime: undefined,
    ...extra,
  });

function baselineOf(changes: ChangeInfo[], totalCount = changes.length): Baseline {
  const times = changes.flatMap((c) => (c.createTime === undefined ? [] : [c.createTime]));
  return {
    known: new Set(changes.map((c) => c.changeId)),
    totalCount,
    complete: changes.length >= totalCount,
    newestCreateTime: times.length ? Math.max(...times) : undefined,
    page: { totalCount, changes },
    serviceTime: undefined,
    readAt: 0,
  };
}

function lookOf(changes: ChangeInfo[], extra: Partial<Look> = {}): Look {
  return {
    totalCount: changes.length,
    latestChangeId: changes.at(-1)?.changeId,
    applyingChange: changes.some((c) => !c.finished),
    changes,
    latestHidden: false,
    ...extra,
  };
}

const old = [change('a1'), change('a2', { createTime: T0 + 1000 })];

describe('couldBeRestart: only a documented other kind rules a change out', () => {
  it.each([
    ['Restart', 'restart.env', true],
    ['', '', true],
    ['Reboot', '', true],
    ['重启', '', true],
    ['Something', 'something.env', true],
    ['Apply', 'apply.env', false],
    ['', 'apply.env', false],
    ['GatherLog', 'gatherlog.env', false],
    ['Apply', 'restart.env', true],
  ])('ActionName %j, ChangeName %j: %s', (actionName, changeName, expected) => {
    expect(couldBeRestart({ actionName, changeName })).toBe(expected);
  });
});

describe('decide, after an unanswered attempt', () => {
  const cases: Array<[string, ChangeInfo[], Partial<Look>, string]> = [
    ['nothing new, idle', [...old], {}, 'send'],
    ['our restart, named', [...old, restartChange('r')], {}, 'adopt'],
    [
      'our restart, unnamed',
      [...old, restartChange('r', { actionName: '', changeName: '' })],
      {},
      'adopt',
    ],
    [
      'our restart, named Reboot',
      [...old, restartChange('r', { actionName: 'Reboot' })],
      {},
      'adopt',
    ],
    [
      'our restart, localised',
      [...old, restartChange('r', { actionName: '重启', changeName: '' })],
      {},
      'adopt',
    ],
    [
      'our restart, no CreateTime',
      [...old, restartChange('r', { createTime: undefined })],
      {},
      'adopt',
    ],
    [
      'our restart, CreateTime in seconds',
      [...old, restartChange('r', { createTime: Math.floor(T0 / 1000) })],
      {},
      'adopt',
    ],
    [
      'our restart, dated a minute before the baseline',
      [...old, restartChange('r', { createTime: T0 - 60_000 })],
      {},
      'adopt',
    ],
    [
      'our restart, already finished',
      [...old, restartChange('r', { finished: true, finishTime: T0 + 70_000 })],
      {},
      'adopt',
    ],
    ['two new restarts', [...old, restartChange('r'), restartChange('s')], {}, 'ambiguous'],
    [
      'a new restart and a new Apply',
      [...old, change('n', { createTime: T0 + 5000 }), restartChange('r')],
      {},
      'adopt',
    ],
    ['only a new Apply, idle', [...old, change('n', { createTime: T0 + 5000 })], {}, 'stop'],
    [
      'only a new Apply, running',
      [...old, change('n', { finished: false, createTime: T0 + 5000 })],
      {},
      'wait',
    ],
    ['a new change counted but not listed', [...old], { totalCount: 3 }, 'wait'],
    [
      'the latest change not readable yet',
      [...old],
      { totalCount: 3, latestChangeId: 'wc-x', latestHidden: true },
      'wait',
    ],
    ['the count fell', [old[0] as ChangeInfo], { totalCount: 1 }, 'wait'],
    [
      'a listed unknown change, count unchanged',
      [old[0] as ChangeInfo, restartChange('r')],
      { totalCount: 2 },
      'wait',
    ],
    ['a new latest change, count unchanged', [...old], { latestChangeId: 'wc-z' }, 'wait'],
    [
      'nothing new, an old change still running',
      [old[0] as ChangeInfo, change('a2', { finished: false })],
      {},
      'wait',
    ],
    ['nothing new, the environment applying', [...old], { applyingChange: true }, 'wait'],
  ];
  it.each(cases)('%s → %s', (_name, listed, extra, expected) => {
    const look = lookOf(listed, extra);
    expect(decide(baselineOf(old), look, 'unanswered').kind).toBe(expected);
  });
});

describe('decide, after a refusal that may have come after the service acted', () => {
  it('a new Apply: not this run’s, waited out, then a send', () => {
    const apply = change('n', { createTime: T0 + 5000, finished: false });
    const waited = decide(baselineOf(old), lookOf([...old, apply]), 'refused');
    expect(waited).toMatchObject({ kind: 'wait', accounted: [apply] });
    const done = { ...apply, finished: true };
    expect(decide(baselineOf(old), lookOf([...old, done]), 'refused')).toMatchObject({
      kind: 'send',
      newChanges: [done],
    });
  });
  it('a new restart, however named or dated: adopted', () => {
    const r = restartChange('r', { actionName: '', createTime: undefined });
    expect(decide(baselineOf(old), lookOf([...old, r]), 'refused').kind).toBe('adopt');
  });
});

describe('newSince: identity and count, and time only to be more careful', () => {
  it('a baseline that did not see every old change: an unknown old change is never taken as new', () => {
    // 120 changes, the baseline saw 70 of them; the look-up lists one unknown old change and
    // the count grew by one (this run's restart is not listed yet).
    const seen = Array.from({ length: 70 }, (_, i) =>
      change(`s${i}`, { createTime: T0 + i * 1000 }),
    );
    const base = baselineOf(seen, 120);
    expect(base.complete).toBe(false);
    const unknownOld = change('old', { createTime: T0 - 1000 });
    const found = newSince(base, { ...lookOf([...seen, unknownOld]), totalCount: 121 });
    expect(found.kind).toBe('unclear');
    expect(
      decide(base, { ...lookOf([...seen, unknownOld]), totalCount: 121 }, 'unanswered').kind,
    ).toBe('stop');
  });
  it('a baseline that did not see every old change: an undated new change stops the step', () => {
    const seen = Array.from({ length: 70 }, (_, i) => change(`s${i}`));
    const base = baselineOf(seen, 120);
    const r = restartChange('r', { createTime: undefined });
    expect(decide(base, { ...lookOf([...seen, r]), totalCount: 121 }, 'unanswered').kind).toBe(
      'stop',
    );
  });
  it('extendBaseline: accounted changes become known, the count follows', () => {
    const n = change('n', { createTime: T0 + 9000 });
    const look = lookOf([...old, n]);
    const next = extendBaseline(baselineOf(old), look, [n]);
    expect(next.known.has(n.changeId)).toBe(true);
    expect(next.totalCount).toBe(3);
    expect(decide(next, look, 'unanswered').kind).toBe('send');
  });
});

describe('property: a look-up that can see this run’s restart never answers "send"', () => {
  const names = fc.constantFrom('Restart', '', 'Reboot', '重启', 'Apply', 'GatherLog', 'X');
  const time = fc.option(fc.integer({ min: T0 - 10_000_000, max: T0 + 10_000_000 }), {
    nil: undefined,
  });
  it('whatever the names, times, order, count and other changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.record({ name: names, time, finished: fc.boolean() }), { maxLength: 4 }),
        fc.record({
          name: fc.constantFrom('Restart', '', 'Reboot', '重启', 'X'),
          time,
          finished: fc.boolean(),
        }),
        fc.boolean(),
        fc.constantFrom('unanswered' as const, 'refused' as const),
        fc.integer({ min: 0, max: 2 ** 30 }),
        (oldCount, others, mine, complete, context, seed) => {
          const olds = Array.from({ length: oldCount }, (_, i) =>
            change(`o${i}`, { createTime: T0 + i }),
          );
          const base = baselineOf(olds, complete ? oldCount : oldCount + 3);
          const ours = change('mine', {
            actionName: mine.name,
            changeName: '',
            createTime: mine.time,
            finished: mine.finished,
          });
          const extra = others.map((o, i) =>
            change(`n${i}`, {
              actionName: o.name,
              changeName: '',
              createTime: o.time,
              finished: o.finished,
            }),
          );
          const listed = [...olds, ...extra, ours];
          // Any order.
          const order = listed.map((c, i) => [((seed * (i + 7)) % 101) as number, c] as const);
          order.sort((a, b) => a[0] - b[0]);
          const look: Look = {
            totalCount: base.totalCount + extra.length + 1,
            latestChangeId: ours.changeId,
            applyingChange: !ours.finished,
            changes: order.map(([, c]) => c),
            latestHidden: false,
          };
          const d = decide(base, look, context);
          expect(d.kind).not.toBe('send');
          if (d.kind === 'adopt') expect(base.known.has(d.change.changeId)).toBe(false);
        },
      ),
      { seed: 20261206, numRuns: 3000 },
    );
  });
});
