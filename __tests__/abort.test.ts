/**
 * AbortChange (src/abort.ts) as abort-on-cancel uses it: only this run's own restart, within
 * seconds of the cancellation, and the summary says whether the service took it. Through real
 * HTTP against the emulator.
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

beforeEach(async () => {
  clock = virtualClock();
  em = await startEmulator({ now: () => clock.now() });
  em.state.addEnv({ envId: ENV_ID, instances: 4, restartDurationMs: 120_000 });
});
afterEach(() => em.close());

const base = (extra: Record<string, string> = {}) => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'retry-base-delay': '1',
  'retry-max-delay': '10',
  'wait-for-completion': 'true',
  ...extra,
});
const calls = (api: string) => em.requests.filter((r) => r.api === api);

/** Cancels the run at its first sleep after RestartAppEnv answered with a change. */
function cancelWhileTheChangeRuns(): AbortController {
  const controller = new AbortController();
  const sleep = clock.sleep;
  clock.sleep = async (ms, signal) => {
    if (calls('RestartAppEnv').some((q) => q.status === 200)) controller.abort();
    return sleep(ms, signal);
  };
  return controller;
}

describe('abort-on-cancel', () => {
  it('cancelled while its own restart runs: AbortChange is sent once, the change ends aborted, the summary says so', async () => {
    const controller = cancelWhileTheChangeRuns();
    const r = await runAction(base({ 'abort-on-cancel': 'true', 'batch-size': '1' }), {
      clock,
      signal: controller.signal,
    });
    expect(r.failed).toBe(true);
    expect(calls('AbortChange')).toHaveLength(1);
    const [change] = em.state.restartChanges(ENV_ID);
    clock.advance(120_000);
    expect(em.state.change(change?.changeId ?? '')?.outcome).toBe('aborted');
    expect(r.stdout).toMatch(/AbortChange for wc-\w+: accepted \(AbortChange answered OK\)/);
    expect(r.summary).toContain(
      '**Abort:** AbortChange sent on cancel (abort-on-cancel), accepted: the change is being aborted',
    );
  });

  it('without abort-on-cancel: nothing is aborted', async () => {
    const controller = cancelWhileTheChangeRuns();
    const r = await runAction(base(), { clock, signal: controller.signal });
    expect(r.failed).toBe(true);
    expect(calls('AbortChange')).toHaveLength(0);
  });

  it('an adopted change, which another run may have started, is never aborted', async () => {
    // The answer is lost after processing: the run adopts the change it then finds.
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    const controller = new AbortController();
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      if (calls('DescribeChange').length > 0) controller.abort();
      return sleep(ms, signal);
    };
    const r = await runAction(base({ 'abort-on-cancel': 'true' }), {
      clock,
      random: seededRandom(),
      signal: controller.signal,
    });
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain('Adopted change');
    expect(calls('AbortChange')).toHaveLength(0);
  });

  it('cancelled before any restart started: nothing to abort', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 600_000 });
    const controller = new AbortController();
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      controller.abort();
      return sleep(ms, signal);
    };
    const r = await runAction(base({ 'abort-on-cancel': 'true' }), {
      clock,
      signal: controller.signal,
    });
    expect(r.failed).toBe(true);
    expect(calls('AbortChange')).toHaveLength(0);
  });

  it('the abort answer lost: one read of the change tells, AbortChange is not sent twice', async () => {
    em.faults.push('AbortChange', { kind: 'reset', afterProcessing: true });
    const controller = cancelWhileTheChangeRuns();
    const r = await runAction(base({ 'abort-on-cancel': 'true', 'batch-size': '1' }), {
      clock,
      signal: controller.signal,
    });
    expect(r.failed).toBe(true);
    expect(calls('AbortChange')).toHaveLength(1);
    expect(r.summary).toContain('**Abort:** AbortChange sent on cancel');
  });
});
