/**
 * RestartAppEnv is not idempotent: after a request that got no trustworthy answer the action
 * looks before it sends again. Each case runs through real HTTP and asserts that the emulator
 * holds exactly one restart change afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import {
  ENV_ID,
  runAction,
  seededRandom,
  virtualClock,
  type VirtualClock,
} from '../__fixtures__/harness.js';

let em: Emulator;
let clock: VirtualClock;

async function setUp(serviceSkewMs = 0) {
  clock = virtualClock();
  em = await startEmulator({ now: () => clock.now(), serviceSkewMs });
  em.state.addEnv({ envId: ENV_ID, restartDurationMs: 120_000 });
}
afterEach(() => em.close());

const restarts = () => em.requests.filter((r) => r.api === 'RestartAppEnv');
const apis = () => em.requests.map((r) => r.api);
const base = () => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'retry-base-delay': '1',
  'retry-max-delay': '5',
});

describe('an unanswered restart is looked up, never blindly resent', () => {
  beforeEach(() => setUp());

  it.each([
    ['connection reset after the service acted', { kind: 'reset', afterProcessing: true }],
    [
      'HTML 502 from a proxy after the service acted',
      { kind: 'html', status: 502, afterProcessing: true },
    ],
    [
      'truncated JSON after the service acted',
      { kind: 'body', body: '{"Code":"OK","EnvCh', afterProcessing: true },
    ],
    [
      'an empty 200 after the service acted',
      { kind: 'body', body: '', contentType: '', afterProcessing: true },
    ],
  ] as const)('%s: adopts the change, one restart', async (_name, fault) => {
    em.faults.push('RestartAppEnv', fault);
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    const changes = em.state.restartChanges(ENV_ID);
    expect(changes).toHaveLength(1);
    expect(restarts()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(changes[0]?.changeId);
    expect(r.outputs['start-time']).toBe(String(changes[0]?.createTime));
    expect(r.outputs.attempts).toBe('1');
    expect(r.outputs['request-id']).toBe('');
    expect(r.stdout).toMatch(
      new RegExp(
        `Adopted change ${changes[0]?.changeId} \\(Restart, created [0-9T:.Z-]+\\) as this run's restart: it is the only change new since this run began, and an attempt of this run got no trustworthy answer; it may also have been started by another run or by hand`,
      ),
    );
    expect(apis()).toEqual([
      'DescribeAppEnvStatus',
      'DescribeChanges',
      'RestartAppEnv',
      'DescribeAppEnvStatus',
      'DescribeChanges',
    ]);
    expect(r.summary).toContain('found by look-up');
  });

  it('an answer slower than request-timeout after acting: adopted, one restart', async () => {
    em.faults.push('RestartAppEnv', { kind: 'slow', delayMs: 1500, afterProcessing: true });
    const r = await runAction({ ...base(), 'request-timeout': '1' }, { clock });
    expect(r.failed).toBe(false);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(restarts()).toHaveLength(1);
    expect(r.stdout).toContain('Adopted change');
  });

  it.each([
    ['connection reset before the service acted', { kind: 'reset' }],
    ['HTML 502 before the service acted', { kind: 'html', status: 502 }],
    [
      'a JSON 503 (may or may not have acted)',
      { kind: 'error', status: 503, code: 'ServiceUnavailable' },
    ],
  ] as const)('%s: finds nothing, sends again, one restart', async (_name, fault) => {
    em.faults.push('RestartAppEnv', fault);
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(restarts()).toHaveLength(2);
    expect(r.outputs.attempts).toBe('2');
    expect(r.stdout).toContain(
      'A look-up found no change new since this run began and the environment idle; sending RestartAppEnv again.',
    );
    // Baseline (status, changes), the attempt, the look-up (status, changes), the resend.
    expect(apis()).toEqual([
      'DescribeAppEnvStatus',
      'DescribeChanges',
      'RestartAppEnv',
      'DescribeAppEnvStatus',
      'DescribeChanges',
      'RestartAppEnv',
    ]);
  });

  it("someone else's change running at look-up time is waited out, then one restart", async () => {
    em.faults.push('RestartAppEnv', { kind: 'reset' });
    // The other change starts while our request is unanswered.
    em.state.startChange(ENV_ID, {
      actionName: 'Apply',
      changeName: 'apply.env',
      durationMs: 20_000,
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.stdout).toMatch(
      /No restart of this run's yet \(change wc-\w+ \(Apply\) holds the environment\)/,
    );
  });

  it('several changes since the attempt: finds ours further down the list', async () => {
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    em.faults.push(
      'DescribeAppEnvStatus',
      { kind: 'pass' }, // the baseline, before the send
      { kind: 'error', status: 503, code: 'ServiceUnavailable' },
    );
    // While the look-up is failing, our restart finishes and another change begins.
    const ours = () => em.state.restartChanges(ENV_ID)[0];
    const origSleep = clock.sleep;
    let once = false;
    clock.sleep = async (ms, signal) => {
      await origSleep(ms, signal);
      const mine = ours();
      if (!once && mine) {
        once = true;
        em.state.finishChange(mine.changeId);
        clock.advance(1000);
        em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 5000 });
      }
    };
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()?.changeId);
    expect(apis()).toContain('DescribeChanges');
    expect(restarts()).toHaveLength(1);
  });

  it('a failing look-up is retried within the budget, never replaced by a blind resend', async () => {
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    em.faults.push(
      'DescribeAppEnvStatus',
      { kind: 'pass' },
      { kind: 'error', status: 503, code: 'ServiceUnavailable' },
      { kind: 'reset' },
      { kind: 'html', status: 504 },
    );
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(restarts()).toHaveLength(1);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.stdout.match(/Look-up failed/g)).toHaveLength(3);
  });

  it('budget runs out with the outcome unknown: fails saying the restart may have started', async () => {
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    em.faults.push('DescribeAppEnvStatus', { kind: 'pass' });
    for (let i = 0; i < 50; i++)
      em.faults.push('DescribeAppEnvStatus', {
        kind: 'error',
        status: 503,
        code: 'ServiceUnavailable',
      });
    const r = await runAction(
      { ...base(), 'wait-timeout': '20' },
      { clock, random: seededRandom() },
    );
    expect(r.failed).toBe(true);
    expect(restarts()).toHaveLength(1);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: A RestartAppEnv request got no trustworthy answer, and within wait-timeout \(waited [\d.]+ s of 20 s\) this step could not rule out that it took effect; last: .+\. The restart may have started\./,
    );
    expect(r.stdout).toContain(`Hint: Check environment ${ENV_ID} in the WebPlus console`);
    expect(r.summary).toContain('outcome unknown');
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20_000);
  });

  it('a look-up refused for good (e.g. no DescribeAppEnvStatus permission) fails, does not resend', async () => {
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    em.faults.push(
      'DescribeAppEnvStatus',
      { kind: 'pass' },
      { kind: 'error', status: 403, code: 'NoPermission', message: 'not allowed' },
    );
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(true);
    expect(restarts()).toHaveLength(1);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.stdout).toMatch(
      /the look-up that would settle it was refused: NoPermission: not allowed.*The restart may have started/,
    );
  });
});

describe('clock skew between runner and service', () => {
  it.each([-30_000, 30_000])(
    'service clock off by %i ms: still adopts its own restart',
    async (skew) => {
      await setUp(skew);
      em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
      const r = await runAction(base(), { clock });
      expect(r.failed).toBe(false);
      expect(restarts()).toHaveLength(1);
      expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
      expect(r.stdout).toContain('Adopted change');
    },
  );

  it('an old restart by someone else (there before the run) is not adopted', async () => {
    await setUp();
    const old = em.state.startChange(ENV_ID, {
      actionName: 'Restart',
      changeName: 'restart.env',
      durationMs: 1000,
      createTime: clock.now() - 10 * 60_000,
    });
    em.faults.push('RestartAppEnv', { kind: 'reset' });
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(false);
    expect(r.outputs['change-id']).not.toBe(old.changeId);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(2);
    expect(restarts()).toHaveLength(2);
  });
});

describe('odd answers: a clear message and the right outcome, never a crash', () => {
  beforeEach(() => setUp());

  it.each([
    [
      'XML throttling error: a definite refusal, retried',
      'text/xml',
      400,
      '<?xml version="1.0"?><Error><RequestId>R-1</RequestId><HostId>h</HostId><Code>Throttling.User</Code><Message>slow down</Message></Error>',
      /Transient error Throttling\.User: attempt 1; next try in/,
      false, // a throttled request is refused, not processed
    ],
    [
      "XML without HostId (pop-core's parser throws): unknown, settled by a look-up",
      'text/xml',
      400,
      '<Error><Code>Throttling</Code><Message>m</Message><RequestId>R</RequestId></Error>',
      /No trustworthy answer \(unreadable answer: .+\); looking up the environment/,
      true,
    ],
    [
      'JSON with wrong types: malformed, settled by a look-up',
      'application/json',
      200,
      '{"Code":"OK","EnvChange":{"ChangeId":12,"StartTime":{}}}',
      /No trustworthy answer \(EnvChange\.ChangeId "12" is not a change ID .+\); looking up/,
      true,
    ],
    [
      'a JSON array: unknown, settled by a look-up',
      'application/json',
      200,
      '[1,2,3]',
      /No trustworthy answer \(answer had an empty or non-JSON body\); looking up/,
      true,
    ],
  ])('%s', async (_name, contentType, status, body, said, afterProcessing) => {
    em.faults.push('RestartAppEnv', { kind: 'body', contentType, status, body, afterProcessing });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.stdout).not.toMatch(/\n\s+at /);
    expect(r.stdout).not.toMatch(/TypeError|unexpected error/);
    expect(r.stdout).toMatch(said);
    expect(r.failed).toBe(false);
    // Processed or not, the environment was restarted exactly once, by this run.
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(em.state.restartChanges(ENV_ID)[0]?.changeId);
  });
});

describe('cancellation (SIGTERM/SIGINT abort the run)', () => {
  beforeEach(() => setUp());

  it('while waiting out EnvOnChanging: reports not started, writes the summary, fails', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 600_000 });
    const controller = new AbortController();
    const origSleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      if (clock.sleeps.length === 2) controller.abort();
      return origSleep(ms, signal);
    };
    const r = await runAction(base(), { clock, signal: controller.signal });
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain(
      '::error::webplus-restart failed with: Cancelled; the restart was not started.',
    );
    expect(r.summary).toContain('cancelled');
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(0);
  });

  it('mid-request: reports that the restart may have started', async () => {
    em.faults.push('RestartAppEnv', { kind: 'slow', delayMs: 3000, afterProcessing: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const r = await runAction(
      { ...base(), 'request-timeout': '20' },
      { clock, signal: controller.signal },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(
      /Cancelled; the restart may have started: a RestartAppEnv request was sent and no answer was received/,
    );
    expect(r.outputs.attempts).toBe('1');
  });
});
