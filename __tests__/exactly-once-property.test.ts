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
import type { Answer, WebPlusClient } from '../src/webplus-client.js';

/** Tried per run of this file (CI); docs/reliability.md quotes a longer run's figure too. */
export const SEQUENCES = Number(process.env.EXACTLY_ONCE_SEQUENCES ?? 150);
/** Seed of the sequences; another seed tries other sequences. */
const SEED = Number(process.env.EXACTLY_ONCE_SEED ?? 20261129);

const restartFaults: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant<Fault>({ kind: 'pass' }),
  fc.constant<Fault>({ kind: 'reset' }),
  fc.constant<Fault>({ kind: 'reset', afterProcessing: true }),
  fc.constant<Fault>({ kind: 'html', status: 502, afterProcessing: true }),
  fc.constant<Fault>({ kind: 'html', status: 502 }),
  fc.constant<Fault>({ kind: 'error', status: 503, code: 'ServiceUnavailable' }),
  fc.constant<Fault>({ kind: 'error', status: 400, code: 'Throttling.User' }),
  fc.constant<Fault>({
    kind: 'body',
    status: 503,
    contentType: 'text/xml',
    afterProcessing: true,
    body: '<Error><RequestId>R</RequestId><HostId>h</HostId><Code>ServiceUnavailable</Code><Message>m</Message></Error>',
  }),
  fc.constant<Fault>({ kind: 'body', body: '{"Code":"OK","EnvCh', afterProcessing: true }),
  fc.constant<Fault>({ kind: 'endless', afterProcessing: true }),
  fc.integer({ min: 1, max: 8 }).map<Fault>((n) => ({ kind: 'held', afterRequests: n })),
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
  order: fc.constantFrom('newest-first' as const, 'oldest-first' as const),
  history: fc.integer({ min: 0, max: 70 }),
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

  it(`property: no run creates two restart changes (${SEQUENCES} sequences)`, async () => {
    let twice = 0;
    let runs = 0;
    // How many runs met the hard path, so that the property is not vacuous.
    let unanswered = 0;
    let adopted = 0;
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const clock = virtualClock();
        now = clock.now();
        const envId = `we-${(runs++).toString(16).padStart(24, '0')}`;
        em.faults.clear();
        em.state.addEnv({ envId, restartDurationMs: 30_000 });
        em.state.listOrder = w.order;
        em.state.serviceSkewMs = w.skewMs;
        for (let i = 0; i < w.history; i++) {
          em.state.startChange(envId, {
            actionName: i % 7 === 0 ? RESTART_ACTION : 'Apply',
            durationMs: 1000,
            createTime: clock.now() - 10_000_000 + i * 60_000,
          });
        }
        if (w.busyMs > 0)
          em.state.startChange(envId, { actionName: 'Apply', durationMs: w.busyMs });
        const before = em.state.restartChanges(envId).length;
        em.faults.push('RestartAppEnv', ...w.restart);
        em.faults.push('DescribeAppEnvStatus', ...w.status);
        em.faults.push('DescribeChanges', ...w.changes);
        const clockForEmulator = { ...clock, now: () => clock.now() };
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
              ...clockForEmulator,
              sleep: async (ms, signal) => {
                await clock.sleep(ms, signal);
                now = clock.now();
              },
            },
            random: seededRandom(w.seed),
          },
        );
        // Held requests still pending are processed now: late is no excuse.
        em.faults.clear();
        for (let i = 0; i < 10; i++) await fetch(`${em.url}/`).catch(() => undefined);
        if (r.stdout.includes('No trustworthy answer')) unanswered++;
        if (r.stdout.includes('Adopted change')) adopted++;
        const created = em.state.restartChanges(envId).slice(before);
        if (created.length > 1) twice++;
        expect(created.length).toBeLessThanOrEqual(1);
        if (!r.failed) expect(r.outputs['change-id']).toBe(created[0]?.changeId);
        // Sleeps never pass wait-timeout.
        expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120_000);
      }),
      { seed: SEED, numRuns: SEQUENCES },
    );
    expect(twice).toBe(0);
    expect(unanswered / runs).toBeGreaterThan(0.3);
    expect(adopted / runs).toBeGreaterThan(0.1);
    process.stderr.write(
      `fault sequences: ${runs}, with an unanswered attempt: ${unanswered}, adopted: ${adopted}, with two restarts: ${twice}\n`,
    );
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
    lookups: 'silent' | 'instant' | 'slow',
  ): WebPlusClient {
    const unanswered = async <T>(timeoutMs: number, restart = false): Promise<Answer<T>> => {
      calls.push(restart && !calls.includes(-1) ? -1 : clock.now());
      clock.advance(timeoutMs);
      return { ok: false, failure: { kind: 'unknown', message: 'no answer' } };
    };
    const idle = async <T>(value: T, timeoutMs: number): Promise<Answer<T>> => {
      if (lookups === 'silent') return unanswered(timeoutMs);
      calls.push(clock.now());
      if (lookups === 'slow') clock.advance(timeoutMs - 1);
      return { ok: true, value, requestId: 'R' };
    };
    return {
      restartAppEnv: (_e, _b, t) => unanswered(t, true),
      describeAppEnvStatus: (_e, t) =>
        idle({ applyingChange: false, latestChangeId: undefined }, t),
      describeChange: (_e, _c, t) => unanswered(t),
      describeChanges: (_e, _p, t) => idle({ totalCount: 0, changes: [] }, t),
      close: () => undefined,
    };
  }

  it('property: no request but the first RestartAppEnv starts after the deadline, and the run ends within its bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('silent' as const, 'instant' as const, 'slow' as const),
        async (waitS, requestS, baseS, lookups) => {
          const clock = virtualClock(1_000_000);
          const calls: number[] = [];
          const start = clock.now();
          const deadline = start + waitS * 1000;
          const error = await restart(
            {
              envId: ENV_ID,
              batch: {},
              retryBaseDelayMs: baseS * 1000,
              retryMaxDelayMs: baseS * 2000,
              requestTimeoutMs: requestS * 1000,
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
