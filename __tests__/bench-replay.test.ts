/**
 * The benchmark's EnvOnChanging wait is src/restart.ts's own restart() (bench/wait-replay.ts),
 * so it cannot drift from the code. What can go wrong is the counting and the simulated
 * service: this checks, trial by trial, that the bench counts every call the loop makes from
 * its first RestartAppEnv on (a recording client wrapped around the same service, the clock
 * and seeds the same), and that the service answers as the emulator would (EnvOnChanging until
 * the world is free, then one accepted restart).
 */
import { describe, expect, it } from '@jest/globals';
import { replayWait, simulatedService, WAIT_PLAN } from '../bench/wait-replay.js';
import { waitTrials } from '../bench/wait-policy.js';
import { mulberry32, START, WAIT_MODELS } from '../bench/world.js';
import type { Clock } from '../src/clock.js';
import { newProgress, restart } from '../src/restart.js';
import type { WebPlusClient } from '../src/webplus-client.js';

/** Every method call of `client`, by name and time, kept in `calls`. */
function recording(client: WebPlusClient, clock: { t: number }, calls: string[]): WebPlusClient {
  const wrap =
    <A extends unknown[], R>(name: string, f: (...args: A) => Promise<R>) =>
    (...args: A) => {
      calls.push(`${name}@${clock.t}`);
      return f(...args);
    };
  return {
    restartAppEnv: wrap('RestartAppEnv', client.restartAppEnv),
    describeAppEnvStatus: wrap('DescribeAppEnvStatus', client.describeAppEnvStatus),
    describeChange: wrap('DescribeChange', client.describeChange),
    describeChanges: wrap('DescribeChanges', client.describeChanges),
    close: () => undefined,
  };
}

describe('the benchmark runs what restart.ts does and counts every call', () => {
  const models = WAIT_MODELS.filter((m) =>
    ['independent', 'coupled, σ = 0.3', 'DescribeChanges refused', 'back-to-back'].some((n) =>
      m.name.startsWith(n),
    ),
  );
  it.each(models.map((m) => [m.name, m] as const))(
    '%s: the same calls and lag, trial by trial',
    async (_name, model) => {
      for (const trial of waitTrials(model, 40, 3)) {
        const bench = await replayWait(trial.world, trial.seed);
        const time = { t: START };
        const clock: Clock = {
          now: () => time.t,
          sleep: async (ms) => {
            time.t += ms;
          },
        };
        const calls: string[] = [];
        const service = simulatedService(trial.world, trial.seed, time);
        await restart(
          WAIT_PLAN,
          {
            client: recording(service.client, time, calls),
            clock,
            signal: new AbortController().signal,
            random: mulberry32(trial.seed),
            log: () => undefined,
          },
          newProgress(),
        ).catch(() => undefined);
        const first = calls.findIndex((c) => c.startsWith('RestartAppEnv'));
        expect(bench.calls).toBe(calls.length - first);
        expect(bench.baselineCalls).toBe(first);
        const accepted = service.acceptedAt();
        expect(bench.lagMs).toBe(
          accepted === undefined ? undefined : accepted - trial.world.freeAt,
        );
        // No RestartAppEnv is accepted while the world is busy, and at most one is accepted.
        if (accepted !== undefined) expect(accepted).toBeGreaterThanOrEqual(trial.world.freeAt);
        const sends = calls.filter((c) => c.startsWith('RestartAppEnv'));
        const late = sends.filter((c) => Number(c.split('@')[1]) >= trial.world.freeAt);
        expect(late.length).toBeLessThanOrEqual(1);
      }
    },
  );
});
