/**
 * Properties of "never twice" and "within its bound", over random fault sequences (fast-check,
 * seeded): against the emulator over real HTTP, and against a client whose every call takes
 * its whole time-out.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { startEmulator, type Emulator, type Fault } from '../emulator/server.js';
import { RESTART_ACTION } from '../emulator/state.js';
import { ENV_ID, runAction, seededRandom, virtualClock } from '../__fixtures__/harness.js';
import { ActionError } from '../src/errors.js';
import { newProgress, restart } from '../src/restart.js';
import type { Answer } from '../src/answers.js';
import type { WebPlusClient } from '../src/webplus-client.js';

/** Tried per run of this file (CI); docs/reliability.md quotes the figures. */
export const SEQUENCES = Number(process.env.EXACTLY_ONCE_SEQUENCES ?? 2000);
/** Seed of the sequences; another seed tries other sequences. */
const SEED = Number(process.env.EXACTLY_ONCE_SEED ?? 20261206);
/** Count the runs with two restarts instead of failing at the first (to measure old code). */
const COUNT_ONLY = process.env.EXACTLY_ONCE_COUNT_ONLY === '1';

const xml = (code: string) =>
  `<Error><RequestId>R</RequestId><HostId>h</HostId><Code>${code}</Code><Message>m</Message></Error>`;
const refusal = (code: string, afterProcessing: boolean): Fault => ({
  kind: 'body',
  status: 400,
  contentType: 'application/json',
  afterProcessing,
  body: JSON.stringify({ Code: code, Message: 'm', RequestId: 'R' }),
});

/** Every fault a RestartAppEnv may meet, by name (the names are counted and printed). */
const RESTART_FAULTS: Record<string, Fault> = {
  pass: { kind: 'pass' },
  'reset before': { kind: 'reset' },
  'reset after': { kind: 'reset', afterProcessing: true },
  'html 502 after': { kind: 'html', status: 502, afterProcessing: true },
  'html 502 before': { kind: 'html', status: 502 },
  'json 503': { kind: 'error', status: 503, code: 'ServiceUnavailable' },
  throttled: { kind: 'error', status: 400, code: 'Throttling.User' },
  'xml 503 after': {
    kind: 'body',
    status: 503,
    contentType: 'text/xml',
    afterProcessing: true,
    body: xml('ServiceUnavailable'),
  },
  'truncated json after': { kind: 'body', body: '{"Code":"OK","EnvCh', afterProcessing: true },
  'endless after': { kind: 'endless', afterProcessing: true },
  'EnvOnChanging after processing': refusal('EnvOnChanging', true),
  'SystemBusy after processing': refusal('SystemBusy', true),
  'Throttling after processing': refusal('Throttling.User', true),
  'xml ECONNREFUSED after': {
    kind: 'body',
    status: 400,
    contentType: 'text/xml',
    afterProcessing: true,
    body: xml('ECONNREFUSED'),
  },
  'xml CERT_HAS_EXPIRED before': {
    kind: 'body',
    status: 502,
    contentType: 'text/xml',
    body: xml('CERT_HAS_EXPIRED'),
  },
};
const restartFaults = fc.oneof(
  { arbitrary: fc.constantFrom(...Object.keys(RESTART_FAULTS)), weight: 6 },
  { arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => `held ${n}`), weight: 1 },
  { arbitrary: fc.constant('a concurrent run restarts'), weight: 1 },
);
const lookupFaults: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant<Fault>({ kind: 'pass' }),
  fc.constant<Fault>({ kind: 'reset' }),
  fc.constant<Fault>({ kind: 'error', status: 503, code: 'ServiceUnavailable' }),
  fc.constant<Fault>({ kind: 'html', status: 504 }),
  fc.constant<Fault>({ kind: 'endless' }),
);

const world = fc.record({
  restart: fc.array(restartFaults, { maxLength: 6 }),
  status: fc.array(lookupFaults, { maxLength: 4 }),
  changes: fc.array(lookupFaults, { maxLength: 4 }),
  skewMs: fc.integer({ min: -14 * 60_000, max: 14 * 60_000 }),
  /** The gateway's Date ahead of or behind the clock that stamps CreateTime. */
  dateSkewMs: fc.constantFrom(0, 0, -8000, -3000, 3000, 8000),
  /** A step of the runner's wall clock at one of its sleeps (0: none). */
  clockStepMs: fc.constantFrom(0, 0, -20_000, -5000, 5000, 20_000),
  stepAtSleep: fc.integer({ min: 1, max: 4 }),
  createTime: fc.constantFrom('ms' as const, 'ms' as const, 'seconds' as const, 'missing' as const),
  restartName: fc.constantFrom('Restart', 'Restart', '', 'Reboot', '重启'),
  order: fc.constantFrom('newest-first' as const, 'oldest-first' as const),
  history: fc.integer({ min: 0, max: 130 }),
  busyMs: fc.constantFrom(0, 0, 5000, 40_000),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
});

describe('never twice, over random fault sequences (emulator, real HTTP)', () => {
  let em: Emulator;
  let now = 0;
  beforeAll(async () => {
    em = await startEmulator({ now: () => now });
  });
  afterAll(() => em.close());

  it(`property: no run creates two restart changes of its own (${SEQUENCES} sequences)`, async () => {
    let twice = 0;
    let runs = 0;
    // How often each fault and each hard path was met, so that the property is not vacuous.
    const met = new Map<string, number>();
    const count = (name: string) => met.set(name, (met.get(name) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const clock = virtualClock();
        now = clock.now();
        const envId = `we-${(runs++).toString(16).padStart(24, '0')}`;
        em.faults.clear();
        em.state.addEnv({ envId, restartDurationMs: 30_000, restartActionName: w.restartName });
        em.state.listOrder = w.order;
        em.state.serviceSkewMs = w.skewMs;
        em.state.dateSkewMs = w.dateSkewMs;
        em.state.createTimeFormat = w.createTime;
        for (let i = 0; i < w.history; i++) {
          em.state.startChange(envId, {
            actionName: i % 7 === 0 ? RESTART_ACTION : 'Apply',
            durationMs: 1000,
            createTime: clock.now() - 10_000_000 + i * 60_000,
            restart: false,
          });
        }
        if (w.busyMs > 0)
          em.state.startChange(envId, { actionName: 'Apply', durationMs: w.busyMs });
        const other = () =>
          em.state.startChange(envId, {
            actionName: RESTART_ACTION,
            durationMs: 20_000,
            createUsername: 'another-run',
            restart: true,
          });
        for (const name of w.restart) {
          count(name.startsWith('held') ? 'held' : name);
          const fault: Fault = name.startsWith('held')
            ? { kind: 'held', afterRequests: Number(name.slice(5)) }
            : name === 'a concurrent run restarts'
              ? { kind: 'hook', run: other }
              : (RESTART_FAULTS[name] as Fault);
          em.faults.push('RestartAppEnv', fault);
        }
        em.faults.push('DescribeAppEnvStatus', ...w.status);
        em.faults.push('DescribeChanges', ...w.changes);
        for (const [on, name] of [
          [w.dateSkewMs !== 0, 'Date offset'],
          [w.clockStepMs > 0, 'clock step forward'],
          [w.clockStepMs < 0, 'clock step back'],
          [w.createTime !== 'ms', `CreateTime ${w.createTime}`],
          [w.restartName !== 'Restart', 'restart not named Restart'],
          [w.history > 100, 'history over two pages'],
        ] as const) {
          if (on) count(name);
        }
        let step = 0;
        now = clock.now();
        const r = await runAction(
          {
            'env-id': envId,
            endpoint: em.url,
            'retry-base-delay': '1',
            'retry-max-delay': '10',
            'request-timeout': '2',
            'wait-timeout': '120',
          },
          {
            clock: {
              now: () => clock.now() + step,
              sleep: async (ms, signal) => {
                await clock.sleep(ms, signal);
                if (clock.sleeps.length === w.stepAtSleep) step = w.clockStepMs;
                now = clock.now();
              },
            },
            random: seededRandom(w.seed),
          },
        );
        // Held requests still pending are processed now: late is no excuse.
        em.faults.clear();
        for (let i = 0; i < 10; i++) await fetch(`${em.url}/`).catch(() => undefined);
        if (r.stdout.includes('No trustworthy answer')) count('an unanswered attempt');
        if (r.stdout.includes('Adopted change')) count('adopted');
        if (r.stdout.includes('The restart may have started')) count('stopped: may have started');
        const restarts = em.state.restartChanges(envId);
        const own = restarts.filter((c) => c.createUsername !== 'another-run');
        if (own.length > 1) twice++;
        if (COUNT_ONLY) return;
        expect(own.length).toBeLessThanOrEqual(1);
        // A success names a restart made during the run: its own, or one it adopted.
        if (!r.failed) expect(restarts.map((c) => c.changeId)).toContain(r.outputs['change-id']);
        // Sleeps never pass wait-timeout.
        expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120_000);
      }),
      { seed: SEED, numRuns: SEQUENCES },
    );
    const table = [...met.entries()].sort((a, b) => b[1] - a[1]);
    process.stderr.write(
      `fault sequences: ${runs}, with two restarts of their own: ${twice}\n` +
        `${table.map(([name, n]) => `  ${name}: ${n}`).join('\n')}\n`,
    );
    if (COUNT_ONLY) return;
    expect(twice).toBe(0);
    expect((met.get('an unanswered attempt') ?? 0) / runs).toBeGreaterThan(0.3);
    expect((met.get('adopted') ?? 0) / runs).toBeGreaterThan(0.1);
  }, 1_800_000);
});

describe('every path ends within wait-timeout + request-timeout + 1 s', () => {
  /**
   * A client whose RestartAppEnv calls go unanswered after taking their whole time-out. Its
   * look-ups do the same ('silent'), or answer that the environment is idle and holds no
   * change, at once ('instant') or just before their time-out ('slow'), so that the loop
   * keeps settling and resending.
   */
  function silentClient(
    clock: ReturnType<typeof virtualClock>,
    calls: number[],
    lookups: 'silent' | 'instant' | 'slow' | 'busy',
  ): WebPlusClient {
    const unanswered = async <T>(timeoutMs: number, restart = false): Promise<Answer<T>> => {
      calls.push(restart && !calls.includes(-1) ? -1 : clock.now());
      clock.advance(timeoutMs);
      return { ok: false, failure: { kind: 'unknown', message: 'no answer' } };
    };
    const idle = async <T>(value: T, timeoutMs: number): Promise<Answer<T>> => {
      if (lookups === 'silent') return unanswered(timeoutMs);
      calls.push(clock.now());
      if (lookups !== 'instant') clock.advance(timeoutMs - 1);
      return { ok: true, value, requestId: 'R' };
    };
    // 'busy': every RestartAppEnv is refused with EnvOnChanging at once, and every read answers
    // just before its time-out with a page that shows no change running (the list hides it):
    // no RestartAppEnv may follow a read that ended past the deadline.
    const refused = async <T>(): Promise<Answer<T>> => {
      calls.push(calls.includes(-1) ? clock.now() : -1);
      return {
        ok: false,
        failure: {
          kind: 'api',
          code: 'EnvOnChanging',
          message: 'busy',
          requestId: 'R',
          status: 400,
        },
      };
    };
    const done = {
      changeId: 'wc-1',
      envId: ENV_ID,
      actionName: 'Apply',
      changeName: 'apply.env',
      changeMessage: '',
      createTime: clock.now() - 1000,
      finishTime: clock.now() - 500,
      finished: true,
      succeeded: true,
      aborted: false,
      paused: false,
      timedOut: false,
    };
    return {
      restartAppEnv: (_e, _b, t) => (lookups === 'busy' ? refused() : unanswered(t, true)),
      describeAppEnvStatus: (_e, t) =>
        idle(
          {
            applyingChange: lookups === 'busy',
            latestChangeId: lookups === 'busy' ? 'wc-1' : undefined,
          },
          t,
        ),
      describeChange: (_e, _c, t) => unanswered(t),
      describeChanges: (_e, _p, t) =>
        idle(
          lookups === 'busy' ? { totalCount: 1, changes: [done] } : { totalCount: 0, changes: [] },
          t,
        ),
      close: () => undefined,
    };
  }

  it('property: no request but the first RestartAppEnv starts after the deadline, and the run ends within its bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('silent' as const, 'instant' as const, 'slow' as const, 'busy' as const),
        async (waitS, requestS, baseS, lookups) => {
          const clock = virtualClock(1_000_000);
          const calls: number[] = [];
          const start = clock.now();
          const deadline = start + waitS * 1000;
          const error = await restart(
            {
              envId: ENV_ID,
              batch: {},
              retry: {
                retryBaseDelayMs: baseS * 1000,
                retryMaxDelayMs: baseS * 2000,
                requestTimeoutMs: requestS * 1000,
              },
              deadline,
              waitTimeoutMs: waitS * 1000,
            },
            {
              client: silentClient(clock, calls, lookups),
              clock,
              signal: new AbortController().signal,
              log: () => undefined,
            },
            newProgress(),
          ).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ActionError);
          // The first RestartAppEnv (-1 in `calls`) may start late: every run tries once.
          for (const t of calls) expect(t).toBeLessThanOrEqual(deadline);
          expect(clock.now() - start).toBeLessThanOrEqual((waitS + requestS + 1) * 1000);
        },
      ),
      { seed: 20261129, numRuns: 300 },
    );
  });
});
