/** The restart action end to end, in-process, against the emulator over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { TEST_CREDENTIALS, TEST_STS_CREDENTIALS } from '../emulator/state.js';
import {
  ENV_ID,
  leaks,
  runAction,
  seededRandom,
  virtualClock,
  type VirtualClock,
} from '../__fixtures__/harness.js';

let em: Emulator;
let clock: VirtualClock;

beforeEach(async () => {
  clock = virtualClock();
  em = await startEmulator({ now: () => clock.now() });
  em.state.addEnv({ envId: ENV_ID });
});
afterEach(() => em.close());

const restarts = () => em.requests.filter((r) => r.api === 'RestartAppEnv');
const base = () => ({ 'env-id': ENV_ID, endpoint: em.url });

describe('happy path', () => {
  it('restarts once and sets every output', async () => {
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(false);
    const [change] = em.state.restartChanges(ENV_ID);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.outputs).toEqual({
      'env-id': ENV_ID,
      'change-id': change?.changeId,
      'start-time': String(change?.createTime),
      'request-id': expect.stringMatching(/^[0-9A-F-]{36}$/),
      attempts: '1',
    });
    const [request] = restarts();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/pop/v1/wam/appEnv/restart');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.params).toEqual({ EnvId: ENV_ID });
    expect(request?.headers['x-acs-version']).toBe('2019-03-20');
    expect(request?.headers['authorization']).toMatch(
      new RegExp(`^acs ${TEST_CREDENTIALS.accessKeyId}:`),
    );
    expect(r.summary).toContain(change?.changeId);
    expect(r.summary).toContain(new Date(change?.createTime ?? 0).toISOString());
    // A plain start is a log line and the summary, no annotation (issue 19).
    expect(r.stdout).toMatch(/^The restart of we-\w+ started as change wc-\w+;/m);
    expect(r.stdout).not.toContain('::notice');
  });

  it('accepts an endpoint with a trailing slash (pop-core would sign /pop but request //pop)', async () => {
    const r = await runAction({ ...base(), endpoint: `${em.url}/` }, { clock });
    expect(r.failed).toBe(false);
    expect(restarts()[0]?.code).toBe('OK');
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
  });

  it('signs with STS credentials and sends the security token', async () => {
    const r = await runAction(
      {
        ...base(),
        'access-key-id': TEST_STS_CREDENTIALS.accessKeyId,
        'access-key-secret': TEST_STS_CREDENTIALS.accessKeySecret,
        'security-token': TEST_STS_CREDENTIALS.securityToken,
      },
      { clock },
    );
    expect(r.failed).toBe(false);
    expect(restarts()[0]?.headers['x-acs-security-token']).toBe(TEST_STS_CREDENTIALS.securityToken);
    expect(leaks(r.stdout, TEST_STS_CREDENTIALS.securityToken)).toEqual([]);
  });
});

describe('credentials from the environment', () => {
  const families: Array<[string, Record<string, string>]> = [
    [
      'ALIBABA_CLOUD_*',
      {
        ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIALS.accessKeySecret,
      },
    ],
    [
      'ALIBABACLOUD_*',
      {
        ALIBABACLOUD_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        ALIBABACLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIALS.accessKeySecret,
      },
    ],
    [
      'ALICLOUD_* (configure-aliyun-credentials-action)',
      {
        ALICLOUD_ACCESS_KEY: TEST_STS_CREDENTIALS.accessKeyId,
        ALICLOUD_SECRET_KEY: TEST_STS_CREDENTIALS.accessKeySecret,
        ALICLOUD_SECURITY_TOKEN: TEST_STS_CREDENTIALS.securityToken,
      },
    ],
  ];
  it.each(families)('reads %s', async (_name, env) => {
    const r = await runAction(base(), { clock, env, credentials: false });
    expect(r.failed).toBe(false);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
  });

  it('takes the first family found', async () => {
    const r = await runAction(base(), {
      clock,
      credentials: false,
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIALS.accessKeySecret,
        ALICLOUD_ACCESS_KEY: 'LTAIwrong',
        ALICLOUD_SECRET_KEY: 'wrong-secret-value',
      },
    });
    expect(r.failed).toBe(false);
    expect(r.stdout).toContain(
      'Using credentials from ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    );
  });

  it('fails before any request when no credentials exist anywhere', async () => {
    const r = await runAction(base(), { clock, credentials: false });
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: Input "access-key-id": no credentials found/,
    );
    expect(em.requests).toHaveLength(0);
  });
});

describe('EnvOnChanging', () => {
  it('waits out another change with backoff, one log line per try, then restarts once', async () => {
    em.state.startChange(ENV_ID, {
      actionName: 'Apply',
      changeName: 'apply.env',
      durationMs: 100_000,
    });
    const r = await runAction(
      { ...base(), 'retry-base-delay': '2', 'retry-max-delay': '20' },
      { clock, random: seededRandom(7) },
    );
    expect(r.failed).toBe(false);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    // A refusal may come after the service acted: every later try is one DescribeChanges page
    // (the check), and RestartAppEnv goes again only once the page shows the environment free.
    expect(restarts()).toHaveLength(2);
    expect(r.outputs.attempts).toBe('2');
    const checks = em.requests.filter(
      (q) => q.api === 'DescribeChanges' && q.params.PageSize === '20',
    );
    expect(checks.length).toBeGreaterThan(3);
    // Every delay within [base, max]; the restart came once the blocking change had ended.
    expect(clock.sleeps).toHaveLength(checks.length);
    for (const d of clock.sleeps) {
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(20_000);
    }
    const total = clock.sleeps.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(100_000);
    expect(total).toBeLessThan(100_000 + 20_000);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('EnvOnChanging'));
    expect(lines).toHaveLength(checks.length);
    expect(lines[0]).toMatch(
      /^EnvOnChanging \(another change is running\): attempt 1; next try in [\d.]+ s \(waited 0 s of wait-timeout 900 s\)$/,
    );
  });

  it('asserts the exact schedule for a seeded random source', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 60_000 });
    await runAction(
      { ...base(), 'retry-base-delay': '1', 'retry-max-delay': '10' },
      { clock, random: () => 0.5 },
    );
    // Paced by the change's age, read with the baseline before the first send (src/pacing.ts,
    // createWaitPacer), no earlier Apply to compare with: the blind shape
    // S(x | A) = (A + c)/(x + c), c = max(20 s, 60 s − A) (a change read young is paced like
    // one 60 s old), the longest delay whose expected lag is at most WAIT_LAG_PER_CALL_MS
    // (450 ms), times 0.95 (the jitter for a draw of 0.5), at most the max (10 s, less the
    // jitter). The sum, 68.5 s, is 8.5 s past the change's end, after 8 one-page checks.
    expect(clock.sleeps).toEqual([7262, 7663, 8064, 8465, 8899, 9300, 9500, 9500]);
  });

  it('paces by how long earlier changes of the same kind took: long sleeps, then short ones near the end', async () => {
    const t0 = clock.now();
    for (const [ago, took] of [
      [3_600_000, 240_000],
      [7_200_000, 250_000],
      [10_800_000, 230_000],
    ] as const) {
      em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: took, createTime: t0 - ago });
    }
    em.state.startChange(ENV_ID, {
      actionName: 'GatherLog',
      durationMs: 9000,
      createTime: t0 - 600_000,
    });
    // Began 2 min before the run; ends after 4 min in all.
    em.state.startChange(ENV_ID, {
      actionName: 'Apply',
      durationMs: 240_000,
      createTime: t0 - 120_000,
    });
    const r = await runAction(base(), { clock, random: () => 0.5 });
    expect(r.failed).toBe(false);
    expect(r.stdout).toMatch(
      /Blocking change wc-\w+ \(Apply\) is running, created 120 s ago; 3 earlier Apply change\(s\) took 230 s to 250 s\. Retries are paced by that\./,
    );
    // The baseline's page serves the first pacing; each later try is the one-page check.
    // Three earlier Apply changes took about 4 min and agree (trusted): sleeps near the max
    // far from that, then shorter ones as the change nears 4 min; the restart comes 4.8 s
    // after its end, after 9 checks and 2 RestartAppEnv calls.
    expect(clock.sleeps).toEqual([27943, 28500, 20846, 11986, 9064, 7626, 6791, 6234, 5817]);
    expect(em.requests.filter((q) => q.api === 'DescribeChanges')).toHaveLength(1 + 9);
    expect(restarts()).toHaveLength(2);
  });

  it('a change that began after the read before the send: the check finds it new, not a restart; waited out, one restart', async () => {
    // The environment is idle at the baseline; the change begins just before our first send.
    em.faults.push('RestartAppEnv', {
      kind: 'hook',
      run: () => em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 200_000 }),
    });
    const r = await runAction(base(), { clock, random: () => 0.5 });
    expect(r.failed).toBe(false);
    // The first check sees the count grown; the page itself accounts for the new change (an
    // Apply, none of this run's), so no status read follows; later tries are one-page checks,
    // paced by it.
    expect(em.requests.filter((q) => q.api === 'DescribeAppEnvStatus')).toHaveLength(1);
    expect(r.stdout).toMatch(/No restart of this run's yet \(change wc-\w+ \(Apply\) holds/);
    expect(r.stdout).toMatch(
      /Blocking change wc-\w+ \(Apply\) is running, created [\d.]+ s ago; no earlier Apply change/,
    );
    expect(r.stdout).toContain('EnvOnChanging (the blocking change is still running)');
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(restarts()).toHaveLength(2);
  });

  it('earlier changes that all took the same time read "took 9 s", not "9 s to 9 s"', async () => {
    const t0 = clock.now();
    for (const ago of [3_600_000, 7_200_000]) {
      em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 9000, createTime: t0 - ago });
    }
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 9000 });
    const r = await runAction(base(), { clock, random: () => 0.5 });
    expect(r.stdout).toContain('2 earlier Apply change(s) took 9 s.');
    expect(r.stdout).not.toContain('9 s to 9 s');
  });

  it.each([-5 * 60_000, 5 * 60_000])(
    'service clock off by %i ms: the blocking change is dated by the service clock (the Date header)',
    async (skew) => {
      await em.close();
      em = await startEmulator({ now: () => clock.now(), serviceSkewMs: skew });
      em.state.addEnv({ envId: ENV_ID, restartDurationMs: 2000 });
      em.state.startChange(ENV_ID, {
        actionName: 'Apply',
        durationMs: 150_000,
        createTime: clock.now() - 120_000,
      });
      const r = await runAction(base(), { clock, random: () => 0.5 });
      expect(r.failed).toBe(false);
      // Not 420 s or 0 s: service times are compared with service times only.
      expect(r.stdout).toMatch(/Blocking change wc-\w+ \(Apply\) is running, created 120 s ago/);
    },
  );

  it('a paused blocking change fails the step at once, after one read confirms it, naming it and what to do', async () => {
    const paused = em.state.startChange(ENV_ID, {
      actionName: 'Apply',
      durationMs: 400_000,
      batches: 2,
      outcome: 'paused',
    });
    clock.advance(250_000); // paused after its first batch (200 s)
    const r = await runAction({ ...base(), 'wait-timeout': '900' }, { clock, random: () => 0.5 });
    expect(r.failed).toBe(true);
    // No wait-timeout spent: one RestartAppEnv, one DescribeChange to confirm, no sleep.
    expect(clock.sleeps).toEqual([]);
    expect(restarts()).toHaveLength(1);
    expect(em.requests.filter((q) => q.api === 'DescribeChange')).toHaveLength(1);
    const annotation = r.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(annotation).toContain(`is held by change ${paused.changeId} (Apply), paused since `);
    expect(annotation).toContain('No restart was started.');
    expect(annotation).toContain(
      `Resume or abort change ${paused.changeId} in the WebPlus console (https://webplus.console.aliyun.com/`,
    );
    expect(annotation).toContain('resume-change-id');
    expect(r.summary).toContain(paused.changeId);
    expect(r.summary).toContain('Resume or abort change');
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(0);
  });

  it('a blocking change shown paused but going on again when read: the wait goes on', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 30_000 });
    // The page says paused; the change itself, read to confirm, is running.
    em.faults.push('DescribeChanges', {
      kind: 'rewrite',
      edit: (body) => {
        const list = (body.Changes as { Change: Array<Record<string, unknown>> }).Change;
        return { ...body, Changes: { Change: list.map((c) => ({ ...c, ChangePaused: true })) } };
      },
    });
    const r = await runAction(base(), { clock, random: () => 0.5 });
    expect(r.failed).toBe(false);
    expect(em.requests.filter((q) => q.api === 'DescribeChange').length).toBeGreaterThanOrEqual(1);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
  });

  it('paces without the change when DescribeChanges fails: no extra log line, same bounds', async () => {
    // Refused for the baseline and for the pacing read alike.
    em.faults.push(
      'DescribeChanges',
      { kind: 'error', status: 403, code: 'Forbidden.RAM' },
      { kind: 'error', status: 403, code: 'Forbidden.RAM' },
    );
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 30_000 });
    const r = await runAction(base(), { clock, random: () => 0.5 });
    expect(r.failed).toBe(false);
    expect(r.stdout).not.toContain('Blocking change');
    // The change's age is unknown: assumed 60 s plus the time waited (the blind shape).
    expect(clock.sleeps).toEqual([7255, 7672, 8043, 8461]);
  });

  it('gives up at wait-timeout, naming EnvOnChanging and the time waited, never past the budget', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 10 * 60_000 });
    const r = await runAction(
      { ...base(), 'wait-timeout': '60', 'retry-base-delay': '5', 'retry-max-delay': '30' },
      { clock, random: seededRandom(1) },
    );
    expect(r.failed).toBe(true);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(0);
    const total = clock.sleeps.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(60_000);
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: Environment we-5d39b8ba6786bd4b1490abcd was still busy with another change \(EnvOnChanging\) after waiting [\d.]+ s of wait-timeout 60 s \(\d+ attempts\)/,
    );
    expect(r.summary).toContain('EnvOnChanging');
  });
});

describe('transient failures are retried within the budget', () => {
  const faults = [
    ['503 ServiceUnavailable', { kind: 'error', status: 503, code: 'ServiceUnavailable' }],
    ['500 InternalError', { kind: 'error', status: 500, code: 'InternalError' }],
    ['400 Throttling.User', { kind: 'error', status: 400, code: 'Throttling.User' }],
    ['503 Throttling.Api', { kind: 'error', status: 503, code: 'Throttling.Api' }],
    ['HTML 502 from a proxy', { kind: 'html', status: 502 }],
    ['connection reset', { kind: 'reset' }],
  ] as const;

  it.each(faults)('%s, then success: exactly one restart', async (_name, fault) => {
    em.faults.push('RestartAppEnv', fault, fault);
    const r = await runAction(
      { ...base(), 'retry-base-delay': '1' },
      { clock, random: seededRandom() },
    );
    expect(r.failed).toBe(false);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(em.state.restartChanges(ENV_ID)[0]?.changeId);
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(2);
  });

  it('retries a request time-out', async () => {
    em.faults.push('RestartAppEnv', { kind: 'slow', delayMs: 1500, afterProcessing: false });
    const r = await runAction(
      { ...base(), 'request-timeout': '1', 'retry-base-delay': '1' },
      { clock },
    );
    expect(r.failed).toBe(false);
    expect(r.stdout).toMatch(/no answer within the request-timeout/);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
  });

  it('retries when the endpoint refuses connections, then fails at the deadline saying so', async () => {
    await em.close();
    const r = await runAction(
      { ...base(), 'wait-timeout': '10', 'retry-base-delay': '2', 'retry-max-delay': '4' },
      { clock, random: seededRandom() },
    );
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(
      /Reading the environment failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/,
    );
    expect(r.stdout).toMatch(
      /Gave up after waiting [\d.]+ s of wait-timeout 10 s \(0 attempts\); last error: .*ECONNREFUSED.*No restart was started/,
    );
  });
});

describe('fatal errors stop at once', () => {
  it('StatusNotAllowedRestart: after the one RestartAppEnv', async () => {
    em.state.updateEnv(ENV_ID, { status: 'STOPPING' });
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(true);
    expect(restarts()).toHaveLength(1);
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: RestartAppEnv failed: StatusNotAllowedRestart: .+ \(RequestId [0-9A-F-]{36}, HTTP 403\)/,
    );
    expect(r.stdout).toMatch(/only a running or stopped environment can be restarted/i);
    expect(r.stdout).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.outputs.attempts).toBe('1');
  });

  it('ResourceAuthFailed: the read before the restart fails, nothing is sent', async () => {
    const r = await runAction({ ...base(), 'env-id': 'we-0000000000000000000000ff' }, { clock });
    expect(r.failed).toBe(true);
    expect(restarts()).toHaveLength(0);
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: Reading environment we-0+ff failed: ResourceAuthFailed: .+ \(RequestId [0-9A-F-]{36}, HTTP 403\)\. No restart was started\./,
    );
    expect(r.stdout).toMatch(/Check env-id, region/);
    expect(r.stdout).not.toMatch(/\n\s+at /);
    expect(r.outputs.attempts).toBe('0');
  });

  it('SignatureDoesNotMatch: the gateway echoes the string-to-sign; the token in it is scrubbed', async () => {
    const r = await runAction(
      {
        ...base(),
        'access-key-id': TEST_STS_CREDENTIALS.accessKeyId,
        'access-key-secret': 'not-the-right-secret-123',
        'security-token': TEST_STS_CREDENTIALS.securityToken,
      },
      { clock, env: { RUNNER_DEBUG: '1', DEBUG: '*' } },
    );
    expect(r.failed).toBe(true);
    expect(restarts()).toHaveLength(0);
    expect(r.stdout).toMatch(/SignatureDoesNotMatch: Specified signature is not matched/);
    expect(r.stdout).toMatch(/x-acs-security-token:\*\*\*/);
    expect(r.stdout).toMatch(/Hint: Check access-key-secret/);
    expect(r.stdout).toContain('::debug::');
    expect(leaks(r.stdout, TEST_STS_CREDENTIALS.securityToken)).toEqual([]);
    expect(leaks(r.stdout, 'not-the-right-secret-123')).toEqual([]);
    // Masked before anything else was printed.
    expect(r.stdout.split('\n')[0]).toMatch(/^::add-mask::/);
  });

  it.each([
    [
      'InvalidAccessKeyId.NotFound',
      { 'access-key-id': 'LTAIunknownkey', 'access-key-secret': 'whatever-secret' },
    ],
    [
      'MissingSecurityToken',
      {
        'access-key-id': TEST_STS_CREDENTIALS.accessKeyId,
        'access-key-secret': TEST_STS_CREDENTIALS.accessKeySecret,
      },
    ],
  ])('%s: stops at the first read, nothing is sent', async (code, creds) => {
    const r = await runAction({ ...base(), ...creds }, { clock });
    expect(r.failed).toBe(true);
    expect(restarts()).toHaveLength(0);
    expect(r.stdout).toMatch(
      new RegExp(`Reading environment ${ENV_ID} failed: ${code.replace('.', '\\.')}`),
    );
  });

  it('an unknown error code is fatal and shown verbatim', async () => {
    em.faults.push('RestartAppEnv', {
      kind: 'error',
      status: 400,
      code: 'Brand.NewCode',
      message: 'Something odd: do X.',
    });
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(true);
    expect(restarts()).toHaveLength(1);
    expect(r.stdout).toContain('RestartAppEnv failed: Brand.NewCode: Something odd: do X.');
  });
});

describe('bad answers with status 200', () => {
  it('a Code other than OK is a failure with that code', async () => {
    em.faults.push('RestartAppEnv', {
      kind: 'body',
      body: JSON.stringify({ Code: 'Forbidden.NotAllowed', Message: 'nope', RequestId: 'RID-1' }),
    });
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain(
      'RestartAppEnv failed: Forbidden.NotAllowed: nope (RequestId RID-1, HTTP 200)',
    );
  });

  it('OK without EnvChange.ChangeId is settled by a look-up, never by a resend', async () => {
    em.faults.push('RestartAppEnv', {
      kind: 'body',
      afterProcessing: true,
      body: JSON.stringify({ Code: 'OK', Message: 'success', RequestId: 'RID-2', EnvChange: {} }),
    });
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(false);
    expect(restarts()).toHaveLength(1);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.stdout).toContain(
      'No trustworthy answer (EnvChange.ChangeId is missing (RequestId RID-2)); looking up the environment',
    );
    expect(r.outputs['change-id']).toBe(em.state.restartChanges(ENV_ID)[0]?.changeId);
  });

  it.each([
    ['a string', '"1562672060867"', '1562672060867'],
    ['a number', '1562672060867', '1562672060867'],
    ['an integer past 2^53', '12345678901234567890', '12345678901234567890'],
  ])('StartTime as %s becomes start-time digits', async (_n, raw, expected) => {
    em.faults.push('RestartAppEnv', {
      kind: 'body',
      body: `{"Code":"OK","Message":"success","RequestId":"RID-3","EnvChange":{"EnvId":"${ENV_ID}","ChangeId":"wc-abc","StartTime":${raw}}}`,
    });
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(false);
    expect(r.outputs['start-time']).toBe(expected);
    expect(r.outputs['change-id']).toBe('wc-abc');
  });

  it('StartTime missing: success with a warning, start-time not set', async () => {
    em.faults.push('RestartAppEnv', {
      kind: 'body',
      body: `{"Code":"OK","RequestId":"RID-4","EnvChange":{"ChangeId":"wc-abc","StartTime":null}}`,
    });
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(false);
    expect(r.outputs['start-time']).toBeUndefined();
    expect(r.stdout).toContain('::warning::The service sent no usable StartTime');
  });
});

describe('bad input fails before any request', () => {
  it.each([
    ['env-id', { 'env-id': 'web-123' }],
    ['region', { endpoint: '', region: 'nowhere-1' }],
    ['endpoint', { endpoint: 'http://example.com' }],
    ['wait-timeout', { 'wait-timeout': '-5' }],
    ['request-timeout', { 'request-timeout': 'abc' }],
    ['access-key-secret', { 'access-key-secret': '' }],
    ['access-key-id', { 'access-key-id': 'LTAI5tEmulator\nTestKey01' }],
    ['security-token', { 'security-token': 'CAIS-tökén' }],
    ['retry-base-delay', { 'retry-base-delay': '0.001' }],
  ])('%s', async (input, bad) => {
    const r = await runAction({ ...base(), ...bad }, { clock });
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain(`::error::webplus-restart failed with: Input "${input}"`);
    expect(em.requests).toHaveLength(0);
    expect(r.summary).toContain(`Input "${input}"`);
    expect(clock.sleeps).toEqual([]); // at once, not after waiting out wait-timeout
  });
});
