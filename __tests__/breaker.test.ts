/**
 * The circuit breaker of a rolling restart (src/breaker.ts, stop-on-unhealthy): instances the
 * restart takes down that stay unhealthy for health-timeout abort the change before more
 * batches go down. Through real HTTP against the emulator, and the pure bookkeeping.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { instanceIds } from '../emulator/instances.js';
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

const rolling = (extra: Record<string, string> = {}) => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'retry-base-delay': '1',
  'retry-max-delay': '10',
  'batch-size': '1',
  'batch-interval': '30',
  'wait-for-healthy': 'true',
  'stop-on-unhealthy': 'true',
  'health-timeout': '40',
  ...extra,
});
const calls = (api: string) => em.requests.filter((r) => r.api === api);

describe('stop-on-unhealthy', () => {
  it('the first batch stays unhealthy: the change is aborted before more batches go down', async () => {
    // Batches of 10 s, 45 s apart: an instance down for 25 s is past a restart's own time.
    applyScenario(em, 'unhealthy-after-restart', { envId: ENV_ID, restartDurationMs: 40_000 });
    const r = await runAction(rolling({ 'batch-interval': '45', 'health-timeout': '25' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(true);
    expect(calls('AbortChange')).toHaveLength(1);
    expect(r.outputs['change-status']).toBe('aborted');
    const [first] = instanceIds(em.state.env(ENV_ID)!);
    const annotation = r.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(annotation).toContain(`Stopped the rolling restart of ${ENV_ID}: instance(s) ${first}`);
    expect(annotation).toContain('was aborted, and no batch after that was restarted');
    // The change ended before its last batch: four batches were planned.
    const [change] = em.state.restartChanges(ENV_ID);
    expect(change?.outcome).toBe('aborted');
    expect(r.summary).toContain('**Abort:** AbortChange sent by stop-on-unhealthy, accepted');
    // The breaker reads the instances at every poll: it stopped the change before batch 2.
    expect(r.summary).toContain('Batch 1/4: restarting');
    expect(r.summary).not.toContain('Batch 2/4: restarting');
    // Read after every poll, not only with the events (about once a minute): more instance
    // reads than events reads (the one before the restart aside).
    expect(calls('DescribeAppEnvInstanceHealth').length - 1).toBeGreaterThan(
      calls('DescribeEvents').length,
    );
  });

  it('a rolling restart whose instances come back: no abort, success', async () => {
    em.state.addEnv({ envId: ENV_ID, instances: 4, restartDurationMs: 80_000 });
    const r = await runAction(rolling(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(calls('AbortChange')).toHaveLength(0);
    expect(r.outputs['change-status']).toBe('succeeded');
  });

  it('an instance already unhealthy before the restart never trips it (restarting it may be the point)', async () => {
    em.state.addEnv({ envId: ENV_ID, instances: 4, restartDurationMs: 80_000 });
    // Unhealthy from the start: the emulator marks listed instances unhealthy once their batch
    // ends; the read before the restart is made to show the first one down already.
    em.faults.push('DescribeAppEnvInstanceHealth', {
      kind: 'rewrite',
      edit: (body) => {
        const h = body.EnvInstanceHealth as {
          InstanceHealthList: { InstanceHealth: Array<Record<string, unknown>> };
        };
        const [first] = h.InstanceHealthList.InstanceHealth;
        if (first) first.AppStatus = 'Unhealthy';
        return body;
      },
    });
    em.state.updateEnv(ENV_ID, { unhealthyInstances: [0] });
    const r = await runAction(rolling({ 'health-timeout': '40' }), {
      clock,
      random: seededRandom(),
    });
    expect(calls('AbortChange')).toHaveLength(0);
    // It ends as wait-for-healthy says: the instance is still unhealthy.
    expect(r.failed).toBe(true);
    expect(r.outputs['change-status']).toBe('succeeded');
  });

  it('the instances cannot be read before the restart: nothing is sent', async () => {
    em.state.addEnv({ envId: ENV_ID, instances: 4 });
    em.state.deny('DescribeAppEnvInstanceHealth');
    const r = await runAction(rolling(), { clock, random: seededRandom() });
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain(
      'Failed to read the instances before the restart (stop-on-unhealthy needs them)',
    );
    expect(calls('RestartAppEnv')).toHaveLength(0);
  });
});
