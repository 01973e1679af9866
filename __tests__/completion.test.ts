/** Rolling restarts and waiting for the restart change to end, against the emulator. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import type { ChangeOutcome } from '../emulator/state.js';
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
    for (const d of clock.sleeps) {
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(20_000);
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
      expect((elapsed[i] ?? 0) - (elapsed[i - 1] ?? 0)).toBeGreaterThanOrEqual(30);
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
  async function pollsFor(history: number) {
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
      const r = await runAction(
        { 'env-id': ENV_ID, endpoint: e.url, 'wait-for-completion': 'true' },
        { clock: c, random: seededRandom(3) },
      );
      expect(r.outputs['change-status']).toBe('succeeded');
      const reads = e.requests.filter((q) => q.api === 'DescribeChanges' && q.query.ActionName);
      expect(reads).toHaveLength(1);
      expect(reads[0]?.query.ActionName).toBe('Restart');
      return e.requests.filter(
        (q) => q.api === 'DescribeChange' || (q.api === 'DescribeChanges' && q.query.ActionName),
      ).length;
    } finally {
      await e.close();
    }
  }

  it('reads earlier restarts once (ActionName filter) and, when they agree, polls less', async () => {
    const blind = await pollsFor(0);
    const informed = await pollsFor(5);
    expect(informed).toBeLessThan(blind);
  });
});
