/**
 * The benchmark replays the pacing protocol on a virtual clock without HTTP
 * (bench/wait-policy.ts, replayDefault). This checks that the replay is what src/restart.ts
 * does: the real loop, run against the same simulated worlds through an in-memory client that
 * answers from the world (EnvOnChanging until it is free; DescribeChanges as pageAt shows it),
 * must make the same calls and restart at the same moment, trial by trial.
 */
import { describe, expect, it } from '@jest/globals';
import { replayDefault, waitTrials } from '../bench/wait-policy.js';
import { mulberry32, pageAt, START, WAIT_MODELS, type World } from '../bench/world.js';
import type { Clock } from '../src/clock.js';
import { newProgress, restart } from '../src/restart.js';
import type { Answer, WebPlusClient } from '../src/webplus-client.js';

const ok = <T>(value: T): Answer<T> => ({ ok: true, value, requestId: 'R' });

/** The world as the service would answer it; counts the calls after the read before the send. */
function simulated(world: World, seed: number, clock: { t: number }) {
  const order = mulberry32(seed ^ 0x5bd1e995);
  let reads = 0;
  const counted = { calls: 0, acceptedAt: undefined as number | undefined };
  const client: WebPlusClient = {
    restartAppEnv: async () => {
      counted.calls += 1;
      if (clock.t < world.freeAt) {
        return {
          ok: false,
          failure: {
            kind: 'api',
            code: 'EnvOnChanging',
            message: 'busy',
            requestId: 'R',
            status: 400,
          },
        };
      }
      counted.acceptedAt = clock.t;
      return ok({ changeId: 'wc-ours', startTime: String(clock.t) });
    },
    describeAppEnvStatus: async () =>
      ok({ applyingChange: clock.t < world.freeAt, latestChangeId: undefined }),
    describeChange: async () => ({ ok: false, failure: { kind: 'not-sent', message: 'unused' } }),
    describeChanges: async () => {
      reads += 1;
      if (reads > 1) counted.calls += 1; // the first is the read before the send: not pacing
      if (world.denied) {
        return {
          ok: false,
          failure: {
            kind: 'api',
            code: 'Forbidden.RAM',
            message: 'no',
            requestId: 'R',
            status: 403,
          },
        };
      }
      const changes = pageAt(world, clock.t, order);
      return ok({ totalCount: changes.length, changes });
    },
    close: () => undefined,
  };
  return { client, counted };
}

describe('the benchmark replays what restart.ts does', () => {
  const models = WAIT_MODELS.filter((m) =>
    ['independent', 'coupled, σ = 0.3', 'DescribeChanges refused', 'back-to-back'].some((n) =>
      m.name.startsWith(n),
    ),
  );
  it.each(models.map((m) => [m.name, m] as const))(
    '%s: same calls and lag, trial by trial',
    async (_name, model) => {
      for (const trial of waitTrials(model, 60, 3)) {
        const replay = replayDefault(trial.world, trial.seed);
        const time = { t: START };
        const clock: Clock = {
          now: () => time.t,
          sleep: async (ms) => {
            time.t += ms;
          },
        };
        const { client, counted } = simulated(trial.world, trial.seed, time);
        await restart(
          {
            envId: 'we-bench',
            batch: {},
            retryBaseDelayMs: 5000,
            retryMaxDelayMs: 30_000,
            requestTimeoutMs: 30_000,
            deadline: START + 900_000,
            waitTimeoutMs: 900_000,
          },
          {
            client,
            clock,
            signal: new AbortController().signal,
            random: mulberry32(trial.seed),
            log: () => undefined,
          },
          newProgress(),
        ).catch(() => undefined);
        const lag =
          counted.acceptedAt === undefined ? undefined : counted.acceptedAt - trial.world.freeAt;
        expect({ calls: counted.calls, lagMs: lag }).toEqual({
          calls: replay.calls,
          lagMs: replay.lagMs,
        });
      }
    },
  );
});
