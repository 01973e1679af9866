/** Rolling restarts and waiting for the restart change to end, against the emulator. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { TEST_CREDENTIALS, type ChangeOutcome } from '../emulator/state.js';
import { completionEvents, waitForCompletion } from '../src/completion.js';
import { createCompletionPacer } from '../src/pacing.js';
import { createWebPlusClient } from '../src/webplus-client.js';
import {
  ENV_ID,
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
});
afterEach(() => em.close());

const base = (extra: Record<string, string> = {}) => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'wait-for-completion': 'true',
  'retry-base-delay': '2',
  'retry-max-delay': '20',
  ...extra,
});
const polls = () => em.requests.filter((r) => r.api === 'DescribeChange');

describe('rolling restart parameters', () => {
  beforeEach(() => em.state.addEnv({ envId: ENV_ID, instances: 8 }));

  it('sends BatchSize, BatchInterval and PauseBetweenBatches only when given', async () => {
    await runAction(
      {
        'env-id': ENV_ID,
        endpoint: em.url,
        'batch-size': '2',
        'batch-interval': '30',
        'pause-between-batches': 'false',
      },
      { clock },
    );
    const [request] = em.requests.filter((r) => r.api === 'RestartAppEnv');
    expect(request?.params).toEqual({
      EnvId: ENV_ID,
      BatchSize: '2',
      BatchInterval: '30',
      PauseBetweenBatches: 'false',
    });
    expect(em.state.restartChanges(ENV_ID)[0]?.params).toMatchObject({ BatchSize: '2' });
  });

  it('sends BatchPercent', async () => {
    await runAction({ 'env-id': ENV_ID, endpoint: em.url, 'batch-percent': '25' }, { clock });
    const [request] = em.requests.filter((r) => r.api === 'RestartAppEnv');
    expect(request?.params).toEqual({ EnvId: ENV_ID, BatchPercent: '25' });
  });

  it('batch-size with batch-percent fails before any request', async () => {
    const r = await runAction(
      { 'env-id': ENV_ID, endpoint: em.url, 'batch-size': '2', 'batch-percent': '25' },
      { clock },
    );
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain('Input "batch-percent": cannot be combined with batch-size');
    expect(em.requests).toHaveLength(0);
  });
});

describe('wait-for-completion', () => {
  it('polls DescribeChange until the change succeeds; sets change-status and finish-time', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 95_000 });
    const r = await runAction(base(), { clock, random: seededRandom(3) });
    expect(r.failed).toBe(false);
    const [change] = em.state.restartChanges(ENV_ID);
    expect(r.outputs['change-status']).toBe('succeeded');
    expect(r.outputs['finish-time']).toBe(String(change?.finishTime));
    expect(r.outputs['change-id']).toBe(change?.changeId);
    // Polls are spaced within [base, max]; the heartbeat and events timers may split a sleep.
    const at = polls().map((p) => p.receivedAt);
    for (let i = 1; i < at.length; i++) {
      expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(2000);
      expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeLessThanOrEqual(20_000);
    }
    expect(polls().every((p) => p.query.ChangeId === change?.changeId)).toBe(true);
    // A plain success is a log line and the summary, no annotation (issue 19).
    expect(r.stdout).toMatch(new RegExp(`^Environment ${ENV_ID} restarted`, 'm'));
    expect(r.stdout).not.toContain('::notice');
    expect(r.summary).toMatch(/^## ✅ Restart succeeded$/m);
    // Each duration says whose it is: the change's own (CreateTime to FinishTime), the step's.
    const own = ((change?.finishTime ?? 0) - (change?.createTime ?? 0)) / 1000;
    expect(r.summary).toMatch(
      new RegExp(
        `restarted \\(change wc-\\w+\\): the change ran ${own}(\\.0)? s \\(its CreateTime to FinishTime\\), the step watched it for [\\d.]+ s\\.`,
      ),
    );
  });

  it('logs a line when the status changes and a heartbeat at most every 30 s, never a line per poll', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 300_000 });
    const r = await runAction(base({ 'retry-max-delay': '5' }), { clock, random: seededRandom(3) });
    expect(r.failed).toBe(false);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('Change wc-'));
    expect(lines[0]).toMatch(/^Change wc-\w+: running \([\d.]+ s elapsed\)$/);
    expect(lines.at(-1)).toMatch(/^Change wc-\w+: succeeded \([\d.]+ s elapsed\)$/);
    const heartbeats = lines.filter((l) => l.includes('still running'));
    expect(heartbeats.length).toBeGreaterThanOrEqual(8);
    expect(polls().length).toBeGreaterThan(lines.length * 2);
    const elapsed = lines.map((l) => Number(/\(([\d.]+) s elapsed\)/.exec(l)?.[1]));
    for (let i = 1; i < elapsed.length - 1; i++) {
      expect((elapsed[i] ?? 0) - (elapsed[i - 1] ?? 0)).toBeGreaterThanOrEqual(29.95);
    }
  });

  it('never goes silent for long even with a long retry-max-delay', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 600_000 });
    const r = await runAction(base({ 'retry-max-delay': '600' }), { clock, random: () => 0.99 });
    const elapsed = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('Change wc-'))
      .map((l) => Number(/\(([\d.]+) s elapsed\)/.exec(l)?.[1]));
    // A line at least every HEARTBEAT_MS (30 s), plus at most one retry-base-delay (2 s): no
    // poll comes sooner than the base.
    for (let i = 1; i < elapsed.length; i++) {
      expect((elapsed[i] ?? 0) - (elapsed[i - 1] ?? 0)).toBeLessThanOrEqual(32);
    }
  });

  it.each([
    ['failed', 'The application did not start on i-123.'],
    ['aborted', 'Aborted by user1.'],
    ['timed-out', 'Timed out waiting for instances.'],
  ] as Array<[ChangeOutcome, string]>)(
    'a change that ends %s fails the step with its ChangeMessage',
    async (outcome, message) => {
      em.state.addEnv({
        envId: ENV_ID,
        restartDurationMs: 40_000,
        restartOutcome: outcome,
        restartMessage: message,
      });
      const r = await runAction(base(), { clock, random: seededRandom() });
      expect(r.failed).toBe(true);
      expect(r.outputs['change-status']).toBe(outcome);
      expect(r.outputs['change-id']).toBe(em.state.restartChanges(ENV_ID)[0]?.changeId);
      // Set once, when the restart started; the failure afterwards does not write them again.
      expect(r.outputFile.match(/^change-id<</gm)).toHaveLength(1);
      expect(r.stdout).toContain(
        `::error::webplus-restart failed with: Change ${r.outputs['change-id']} ended ${outcome}: ${message}`,
      );
      expect(r.summary).toContain(outcome);
    },
  );

  it('a change paused between batches ends the step green with a notice', async () => {
    em.state.addEnv({ envId: ENV_ID, instances: 4, restartDurationMs: 40_000 });
    const r = await runAction(base({ 'batch-size': '1', 'pause-between-batches': 'true' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(false);
    expect(r.outputs['change-status']).toBe('paused');
    expect(r.outputs['finish-time']).toBeUndefined();
    expect(r.stdout).toMatch(
      /::notice title=Restart paused::Change wc-\w+ is paused between batches: resume it \(ResumeChange\)/,
    );
  });

  it('transient errors while polling are retried', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 30_000 });
    em.faults.push(
      'DescribeChange',
      { kind: 'error', status: 503, code: 'ServiceUnavailable' },
      { kind: 'reset' },
      { kind: 'html', status: 502 },
      { kind: 'error', status: 400, code: 'Throttling.User' },
      { kind: 'body', body: '{"Code":"OK","Chan' },
    );
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(r.outputs['change-status']).toBe('succeeded');
    expect(r.stdout.match(/^DescribeChange: .+; retrying/gm)).toHaveLength(5);
  });

  it('completion-timeout: fails saying the restart goes on, with the change ID; outputs kept', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 3_600_000 });
    const r = await runAction(base({ 'completion-timeout': '120' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(true);
    const changeId = em.state.restartChanges(ENV_ID)[0]?.changeId ?? '?';
    expect(r.outputs['change-id']).toBe(changeId);
    expect(r.outputs['change-status']).toBeUndefined();
    expect(r.stdout).toContain(
      `failed with: Change ${changeId} had not finished after completion-timeout (120 s); last seen: running. The restart goes on in the service.`,
    );
    const polled = clock.sleeps.slice(1).reduce((a, b) => a + b, 0);
    expect(polled).toBeLessThanOrEqual(120_000);
  });

  it('logs the change ID and a console link right after the restart starts', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 5000 });
    const r = await runAction({ ...base(), region: 'cn-hangzhou' }, { clock });
    expect(r.stdout).toMatch(
      /Restart started: change wc-\w+ at .+ after 1 RestartAppEnv call\(s\)\. Console: https:\/\/webplus\.console\.aliyun\.com\/.*we-5d39b8ba6786bd4b1490abcd/,
    );
    expect(r.summary).toContain('webplus.console.aliyun.com');
  });
});

describe('completion pacing by earlier restarts', () => {
  /** A 300 s restart after `history` earlier ones of about the same length; `refuse`: the read before the send is refused. */
  async function runWith(history: number, refuse = false) {
    const c = virtualClock();
    const e = await startEmulator({ now: () => c.now() });
    try {
      e.state.addEnv({ envId: ENV_ID, restartDurationMs: 300_000 });
      for (let i = 0; i < history; i++) {
        e.state.startChange(ENV_ID, {
          actionName: 'Restart',
          changeName: 'restart.env',
          durationMs: 300_000 + i * 5000,
          createTime: c.now() - (i + 1) * 3_600_000,
        });
      }
      if (refuse) {
        e.faults.push('DescribeChanges', {
          kind: 'error',
          status: 403,
          code: 'Forbidden.RAM',
        });
      }
      const r = await runAction(
        { 'env-id': ENV_ID, endpoint: e.url, 'wait-for-completion': 'true' },
        { clock: c, random: seededRandom(3) },
      );
      expect(r.outputs['change-status']).toBe('succeeded');
      const restartAt = e.requests.find((q) => q.api === 'RestartAppEnv')?.receivedAt ?? 0;
      const waits = e.requests.filter(
        (q) => q.api === 'DescribeChange' || (q.api === 'DescribeChanges' && q.query.ActionName),
      );
      const finish = e.state
        .changes(ENV_ID)
        .find((x) => x.changeId === r.outputs['change-id'])?.finishTime;
      return {
        polls: waits.length,
        lagMs: (waits.at(-1)?.receivedAt ?? 0) - (finish ?? 0),
        firstPollAfter: (waits[0]?.receivedAt ?? 0) - restartAt,
        historyReads: waits.filter((q) => q.api === 'DescribeChanges'),
      };
    } finally {
      await e.close();
    }
  }

  it('paces by the earlier restarts on the page read before the send, from the first poll, with no read of its own', async () => {
    const blind = await runWith(0);
    const informed = await runWith(5);
    expect(informed.historyReads).toHaveLength(0);
    expect(blind.historyReads).toHaveLength(0);
    // Agreeing history: the end is seen within 5 s, no later than blind, for a few more polls.
    expect(informed.lagMs).toBeLessThanOrEqual(Math.min(5000, blind.lagMs));
    expect(informed.polls).toBeLessThanOrEqual(1.25 * blind.polls);
    // The first poll is already paced by them: a 300 s restart is not polled at the base.
    expect(informed.firstPollAfter).toBeGreaterThan(blind.firstPollAfter);
  });

  it('without that page (refused), reads earlier restarts once (ActionName filter), in place of a poll', async () => {
    const blind = await runWith(0, true);
    const informed = await runWith(5, true);
    expect(informed.historyReads).toHaveLength(1);
    expect(informed.historyReads[0]?.query.ActionName).toBe('Restart');
    expect(informed.lagMs).toBeLessThanOrEqual(Math.min(5000, blind.lagMs));
    expect(informed.polls).toBeLessThanOrEqual(1.25 * blind.polls);
  });
});

describe('the completion wait, called directly against the emulator', () => {
  async function waitOn(
    restartDurationMs: number,
    options: { completionTimeoutMs: number; requestTimeoutMs?: number; history?: number },
  ) {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs });
    for (let i = 0; i < (options.history ?? 0); i++) {
      em.state.startChange(ENV_ID, {
        actionName: 'Restart',
        changeName: 'restart.env',
        durationMs: restartDurationMs + i * 2000,
        createTime: clock.now() - (i + 1) * 3_600_000,
      });
    }
    const earlier = em.state.changes(ENV_ID).map((c) => ({
      changeId: c.changeId,
      envId: ENV_ID,
      actionName: c.actionName,
      changeName: c.changeName,
      changeMessage: '',
      createTime: c.createTime,
      finishTime: c.finishTime,
      finished: true,
      succeeded: true,
      aborted: false,
      paused: false,
      timedOut: false,
    }));
    const change = em.state.startChange(ENV_ID, {
      actionName: 'Restart',
      durationMs: restartDurationMs,
    });
    const real = await createWebPlusClient({
      endpoint: em.url,
      getCredentials: () => Promise.resolve({ ...TEST_CREDENTIALS }),
    });
    const eventTimeouts: Array<{ timeoutMs: number; leftMs: number }> = [];
    const deadline = clock.now() + options.completionTimeoutMs;
    const spy = {
      ...real,
      describeEvents: (envId: string, changeId: string, timeoutMs: number) => {
        eventTimeouts.push({ timeoutMs, leftMs: deadline - clock.now() });
        return real.describeEvents(envId, changeId, timeoutMs);
      },
      describeAppEnvInstanceHealth: real.describeAppEnvInstanceHealth,
    };
    const signal = new AbortController().signal;
    const lines: string[] = [];
    const log = (line: string) => lines.push(`${clock.now()} ${line}`);
    const events = completionEvents(
      {
        envId: ENV_ID,
        changeId: change.changeId,
        requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      },
      { client: spy, signal, log },
    );
    const outcome = await waitForCompletion(
      {
        changeId: change.changeId,
        envId: ENV_ID,
        retry: {
          retryBaseDelayMs: 5000,
          retryMaxDelayMs: 30_000,
          requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
        },
        completionTimeoutMs: options.completionTimeoutMs,
        ...(options.history ? { history: { changes: earlier, readAt: clock.now() } } : {}),
      },
      { client: spy, clock, signal, log, random: seededRandom(7), readEvents: events.readEvents },
    ).catch((error: unknown) => error);
    real.close();
    return { outcome, eventTimeouts, lines };
  }

  it('DescribeEvents never keeps a request-timeout past the completion deadline', async () => {
    const { outcome, eventTimeouts } = await waitOn(3_600_000, {
      completionTimeoutMs: 150_000,
      requestTimeoutMs: 60_000,
    });
    expect(String(outcome)).toContain('had not finished after completion-timeout (150 s)');
    expect(eventTimeouts.length).toBeGreaterThanOrEqual(3);
    for (const { timeoutMs, leftMs } of eventTimeouts)
      expect(timeoutMs).toBeLessThanOrEqual(leftMs);
    // Cut where the deadline is near, the full request-timeout where it is not.
    expect(eventTimeouts.some((e) => e.timeoutMs < 60_000)).toBe(true);
    expect(eventTimeouts.some((e) => e.timeoutMs === 60_000)).toBe(true);
  });

  it('the heartbeat is a line on a timer: polls come when the pacer says, never sooner', async () => {
    const start = clock.now();
    const { outcome, lines } = await waitOn(600_000, { completionTimeoutMs: 1_800_000 });
    expect(outcome).toMatchObject({ status: 'succeeded' });
    // DescribeChange, or the one read of earlier restarts in place of the second poll.
    const pollTimes = em.requests
      .filter(
        (r) => r.api === 'DescribeChange' || (r.api === 'DescribeChanges' && r.query.ActionName),
      )
      .map((r) => r.receivedAt - start);
    // The pacer's own schedule, with nothing pulled in for the heartbeat.
    const pacer = createCompletionPacer({ baseMs: 5000, maxMs: 30_000 }, [], seededRandom(7));
    const schedule: number[] = [];
    for (let t = 0; t < 600_000;) {
      t += pacer.next(t);
      schedule.push(t);
    }
    expect(pollTimes).toEqual(schedule);
    const beats = lines.filter((l) => l.includes('still running'));
    expect(beats.length).toBeGreaterThanOrEqual(15);
    // No more than 30 s without a line.
    const times = lines.map((l) => Number(l.split(' ')[0]));
    for (let i = 1; i < times.length; i++) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeLessThanOrEqual(30_000);
    }
  });
});
