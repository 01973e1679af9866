/**
 * The dry run (src/dry-run.ts): reads only, says what a real run would meet and do, exits 0
 * when a real run could proceed and fails clearly when not. Through real HTTP against the
 * emulator, and the plan's words as a table.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { applyScenario } from '../emulator/scenarios.js';
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
});
afterEach(() => em.close());

const dry = (extra: Record<string, string> = {}) => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'dry-run': 'true',
  ...extra,
});
/** Nothing but reads: no RestartAppEnv, ResumeChange, AbortChange or PauseChange. */
const onlyReads = () => em.requests.every((q) => q.method === 'GET');

describe('dry-run', () => {
  it('an idle environment: a real run could proceed; nothing is sent; its own summary heading', async () => {
    applyScenario(em, 'idle', { envId: ENV_ID });
    em.state.startChange(ENV_ID, {
      actionName: 'Restart',
      durationMs: 42_000,
      createTime: clock.now() - 3_600_000,
      restart: true,
    });
    const r = await runAction(dry({ 'batch-size': '2', 'batch-interval': '30' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(false);
    expect(onlyReads()).toBe(true);
    expect(r.summary).toContain('## 🔎 Dry run: a real run could proceed');
    expect(r.summary).toContain(
      '| webplus:RestartAppEnv | not checked | cannot be checked without restarting',
    );
    expect(r.stdout).toContain('✓ webplus:DescribeChanges: granted');
    expect(r.stdout).toContain(
      'A restart would restart all 4 instance(s) in batches of 2 instance(s), 2 batch(es), 30 s apart.',
    );
    expect(r.stdout).toContain('1 earlier restart(s) took 42 s.');
    expect(r.outputs['change-id'] ?? '').toBe('');
  });

  it('a paused blocking change: a real run would stop, so the dry run fails, naming it', async () => {
    applyScenario(em, 'paused-blocker', { envId: ENV_ID });
    const r = await runAction(dry(), { clock, random: seededRandom() });
    expect(r.failed).toBe(true);
    expect(onlyReads()).toBe(true);
    expect(r.summary).toContain('## ❌ Dry run: a real run would not proceed');
    expect(r.stdout).toMatch(/✗ Blocking change: change wc-\w+ \(Restart\) is paused since /);
  });

  it('a busy environment: a warning with what the wait would cost, and a real run could proceed', async () => {
    applyScenario(em, 'busy', { envId: ENV_ID });
    const r = await runAction(dry(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(r.stdout).toMatch(/! Blocking change: change wc-\w+ \(Apply\) is running/);
    expect(r.stdout).toMatch(/It would first wait for change wc-\w+/);
  });

  it('a read permission refused: the check fails, naming the permission', async () => {
    applyScenario(em, 'idle', { envId: ENV_ID });
    em.state.deny('DescribeChanges');
    const r = await runAction(dry(), { clock, random: seededRandom() });
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(/✗ webplus:DescribeChanges: Forbidden/);
    expect(onlyReads()).toBe(true);
  });

  it('an environment the keys cannot see: the first check fails, the rest are not checked', async () => {
    const r = await runAction(dry(), { clock, random: seededRandom() });
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(/✗ Credentials, endpoint and environment: /);
    expect(r.stdout).toContain(
      '– Instance health: not checked'.replace(': not checked', ': the first read failed'),
    );
    expect(onlyReads()).toBe(true);
  });

  it('with resume-change-id: checks the change is paused and this environment’s; sends nothing', async () => {
    applyScenario(em, 'paused-blocker', { envId: ENV_ID });
    const [paused] = em.state.restartChanges(ENV_ID);
    const r = await runAction(dry({ 'resume-change-id': paused?.changeId ?? '' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.stdout).toContain(
      `✓ Change to resume: change ${paused?.changeId} (Restart) is paused`,
    );
    expect(r.stdout).toContain(`ResumeChange would let change ${paused?.changeId} go on`);
    expect(onlyReads()).toBe(true);
  });
});
