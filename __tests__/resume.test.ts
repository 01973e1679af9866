/**
 * Resume behind a gate (src/resume.ts): resume-change-id resumes a paused change of env-id,
 * after checking it, then waits for it like a restart. ResumeChange is not idempotent: an
 * unsettled one is settled by reading the change. Through real HTTP against the emulator.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import type { ChangeInfo } from '../src/webplus-client.js';
import {
  ENV_ID,
  runAction,
  seededRandom,
  virtualClock,
  type VirtualClock,
} from '../__fixtures__/harness.js';

const OTHER_ENV = 'we-0000000000000000000000cd';
let em: Emulator;
let clock: VirtualClock;

beforeEach(async () => {
  clock = virtualClock();
  em = await startEmulator({ now: () => clock.now() });
  em.state.addEnv({ envId: ENV_ID, instances: 4, restartDurationMs: 40_000 });
  em.state.addEnv({ envId: OTHER_ENV, instances: 2, restartDurationMs: 40_000 });
});
afterEach(() => em.close());

const base = (extra: Record<string, string> = {}) => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'retry-base-delay': '1',
  'retry-max-delay': '10',
  ...extra,
});
const calls = (api: string) => em.requests.filter((r) => r.api === api);

/** A rolling restart of `envId` paused after its first batch, as a gated job 1 leaves it. */
function pausedRestart(envId = ENV_ID): string {
  const change = em.state.startChange(envId, {
    actionName: 'Restart',
    changeName: 'restart.env',
    durationMs: 40_000,
    params: { BatchSize: '2', PauseBetweenBatches: 'true' },
    batches: 2,
    restart: true,
  });
  clock.advance(60_000);
  return change.changeId;
}

describe('resume-change-id: the gate', () => {
  it('job 1 restarts in batches and stops paused; job 2 resumes it and waits until healthy', async () => {
    const first = await runAction(
      base({ 'batch-size': '2', 'pause-between-batches': 'true', 'wait-for-healthy': 'true' }),
      { clock, random: seededRandom() },
    );
    expect(first.failed).toBe(false);
    expect(first.outputs['change-status']).toBe('paused');
    const changeId = first.outputs['change-id'] ?? '';
    expect(changeId).toMatch(/^wc-/);

    const second = await runAction(
      base({ 'resume-change-id': changeId, 'wait-for-healthy': 'true' }),
      { clock, random: seededRandom() },
    );
    expect(second.failed).toBe(false);
    expect(second.outputs['change-id']).toBe(changeId);
    expect(second.outputs['change-status']).toBe('succeeded');
    expect(second.outputs.attempts).toBe('1');
    expect(calls('ResumeChange')).toHaveLength(1);
    expect(calls('RestartAppEnv')).toHaveLength(1); // job 1's only
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(second.stdout).toContain(`Resumed: change ${changeId}`);
  });

  it.each([
    [
      'running',
      () =>
        em.state.startChange(ENV_ID, { actionName: 'Restart', durationMs: 600_000, restart: true })
          .changeId,
      /is not paused \(it is running\): there is nothing to resume\. Nothing was sent\./,
    ],
    [
      'finished',
      () => {
        const id = em.state.startChange(ENV_ID, {
          actionName: 'Restart',
          durationMs: 1000,
          restart: true,
        }).changeId;
        clock.advance(5000);
        return id;
      },
      /has already ended \(it succeeded at .+\): there is nothing to resume\. Nothing was sent\./,
    ],
    [
      "another environment's",
      () => pausedRestart(OTHER_ENV),
      /is not a change of environment we-\w+ \(ChangeNotExists\)\. Nothing was sent\./,
    ],
  ])('a change that is %s: a clear error, and nothing is sent', async (_name, make, message) => {
    const id = make();
    const r = await runAction(base({ 'resume-change-id': id }), { clock, random: seededRandom() });
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(message);
    expect(calls('ResumeChange')).toHaveLength(0);
    expect(calls('RestartAppEnv')).toHaveLength(0);
  });
});

describe('resume-change-id: exactly once', () => {
  it('the answer is lost after the service acted: a read settles it, ResumeChange is not sent again', async () => {
    const id = pausedRestart();
    em.faults.push('ResumeChange', { kind: 'reset', afterProcessing: true });
    const r = await runAction(base({ 'resume-change-id': id, 'wait-for-completion': 'true' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(false);
    expect(calls('ResumeChange')).toHaveLength(1);
    expect(r.outputs['change-status']).toBe('succeeded');
    expect(r.stdout).toContain('is no longer in the pause it was in');
  });

  it('lost before the service acted: the read shows the same pause, and it is sent again once', async () => {
    const id = pausedRestart();
    em.faults.push('ResumeChange', { kind: 'reset' });
    const r = await runAction(base({ 'resume-change-id': id, 'wait-for-completion': 'true' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(false);
    expect(calls('ResumeChange')).toHaveLength(2);
    expect(r.stdout).toContain('is still in the same pause (UpdateTime unchanged)');
    expect(r.outputs['change-status']).toBe('succeeded');
  });

  it('a throttling refusal sent after the service acted is settled by a read too', async () => {
    const id = pausedRestart();
    em.faults.push('ResumeChange', {
      kind: 'body',
      status: 400,
      contentType: 'application/json',
      afterProcessing: true,
      body: JSON.stringify({ Code: 'Throttling.User', Message: 'm', RequestId: 'R' }),
    });
    const r = await runAction(base({ 'resume-change-id': id }), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(calls('ResumeChange')).toHaveLength(1);
  });
});

describe('resume-change-id: within its bound', () => {
  it('property: every call takes its whole time-out: the step ends within wait-timeout + request-timeout + 1 s, no ResumeChange after the deadline but the first', async () => {
    const { resume } = await import('../src/resume.js');
    const { newProgress } = await import('../src/restart.js');
    const fc = (await import('fast-check')).default;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 60 }),
        fc.boolean(),
        async (waitS, requestS, readsAnswer) => {
          const clock = virtualClock(1_000_000);
          const start = clock.now();
          const deadline = start + waitS * 1000;
          const resumes: number[] = [];
          const paused: ChangeInfo = {
            changeId: 'wc-1',
            envId: ENV_ID,
            actionName: 'Restart',
            changeName: 'restart.env',
            changeMessage: '',
            createTime: 1,
            updateTime: 2,
            finishTime: undefined,
            finished: false,
            succeeded: false,
            aborted: false,
            paused: true,
            timedOut: false,
          };
          const silent = async <T>(timeoutMs: number) => {
            clock.advance(timeoutMs);
            return {
              ok: false as const,
              failure: { kind: 'unknown' as const, message: 'no answer' },
            } as {
              ok: false;
              failure: { kind: 'unknown'; message: string };
            } & T;
          };
          let reads = 0;
          const client = {
            restartAppEnv: silent,
            describeAppEnvStatus: silent,
            describeChanges: silent,
            close: () => undefined,
            pauseChange: silent,
            abortChange: silent,
            resumeChange: async (_e: string, _c: string, t: number) => {
              resumes.push(clock.now());
              return silent(t);
            },
            // The first read (the check before sending) answers; later ones as drawn.
            describeChange: async (_e: string, _c: string, t: number) => {
              reads += 1;
              if (reads === 1 || readsAnswer)
                return { ok: true as const, value: paused, requestId: 'R' };
              return silent(t);
            },
          };
          const error = await resume(
            {
              envId: ENV_ID,
              changeId: 'wc-1',
              retry: {
                retryBaseDelayMs: 1000,
                retryMaxDelayMs: 5000,
                requestTimeoutMs: requestS * 1000,
              },
              deadline,
              waitTimeoutMs: waitS * 1000,
            },
            {
              client: client as never,
              clock,
              signal: new AbortController().signal,
              log: () => undefined,
            },
            newProgress(),
          ).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(Error);
          for (const t of resumes.slice(1)) expect(t).toBeLessThanOrEqual(deadline);
          expect(clock.now() - start).toBeLessThanOrEqual((waitS + requestS + 1) * 1000);
        },
      ),
      { seed: 20261206, numRuns: 200 },
    );
  });
});
