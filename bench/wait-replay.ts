/**
 * The EnvOnChanging wait as shipped: src/restart.ts's own restart(), run on a virtual clock
 * against an in-memory service that answers from a simulated world (bench/world.ts). Every call
 * is counted from the first RestartAppEnv on; the reads before it (the exactly-once baseline)
 * are paid by every run whatever its pacing, and are reported apart. Nothing here re-implements
 * the protocol, so the bench cannot drift from the code.
 */
import type { Clock } from '../src/clock.js';
import type { WaitPacerOptions } from '../src/pacing.js';
import { newProgress, restart } from '../src/restart.js';
import type { Answer } from '../src/answers.js';
import type { ChangeInfo, WebPlusClient } from '../src/webplus-client.js';
import { infoAt, mulberry32, START, type World } from './world.js';

export interface WaitOutcome {
  /** From the environment's release to the accepted RestartAppEnv; undefined: budget ran out. */
  lagMs: number | undefined;
  /** Calls from the first RestartAppEnv on, of every API. */
  calls: number;
  /** Calls before it (the baseline). */
  baselineCalls: number;
  /** Every call, in order: [api, time]. */
  log: Array<[string, number]>;
}

export const WAIT_PLAN = {
  envId: 'we-bench',
  batch: {},
  retry: { retryBaseDelayMs: 5_000, retryMaxDelayMs: 30_000, requestTimeoutMs: 30_000 },
  deadline: START + 900_000,
  waitTimeoutMs: 900_000,
};

const ok = <T>(value: T): Answer<T> => ({ ok: true, value, requestId: 'R' });
const refused = <T>(code: string, status: number): Answer<T> => ({
  ok: false,
  failure: { kind: 'api', code, message: code, requestId: 'R', status },
});

/**
 * The world as the service would answer it at `clock.t`: EnvOnChanging until it is free, the
 * changes created so far (in a shuffled order on every read: the order is not documented), the
 * latest change, and a refusal of DescribeChanges when the world says so.
 */
export function simulatedService(
  world: World,
  seed: number,
  clock: { t: number },
): { client: WebPlusClient; log: Array<[string, number]>; acceptedAt: () => number | undefined } {
  const order = mulberry32(seed ^ 0x5bd1e995);
  const log: Array<[string, number]> = [];
  let acceptedAt: number | undefined;
  const created = () => world.changes.filter((c) => c.create <= clock.t);
  const latest = () => [...created()].sort((a, b) => b.create - a.create)[0];
  const client: WebPlusClient = {
    restartAppEnv: async () => {
      log.push(['RestartAppEnv', clock.t]);
      if (clock.t < world.freeAt) return refused('EnvOnChanging', 400);
      acceptedAt = clock.t;
      return ok({ changeId: 'wc-ours', startTime: String(clock.t) });
    },
    describeAppEnvStatus: async () => {
      log.push(['DescribeAppEnvStatus', clock.t]);
      return ok({ applyingChange: clock.t < world.freeAt, latestChangeId: latest()?.id });
    },
    describeChange: async (_envId, changeId) => {
      log.push(['DescribeChange', clock.t]);
      const change = created().find((c) => c.id === changeId);
      return change ? ok(infoAt(change, clock.t)) : refused('ChangeNotExists', 400);
    },
    describeChanges: async (_envId, page) => {
      log.push(['DescribeChanges', clock.t]);
      if (world.denied) return refused('Forbidden.RAM', 403);
      const all: ChangeInfo[] = created().map((c) => infoAt(c, clock.t));
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(order() * (i + 1));
        [all[i], all[j]] = [all[j] as ChangeInfo, all[i] as ChangeInfo];
      }
      const from = (page.number - 1) * page.size;
      return ok({ totalCount: all.length, changes: all.slice(from, from + page.size) });
    },
    close: () => undefined,
  };
  return { client, log, acceptedAt: () => acceptedAt };
}

/** One trial of the shipped wait: restart() against the world, every call counted. */
export async function replayWait(
  world: World,
  seed: number,
  pacing: WaitPacerOptions = {},
): Promise<WaitOutcome> {
  const time = { t: START };
  const clock: Clock = {
    now: () => time.t,
    sleep: async (ms) => {
      time.t += ms;
    },
  };
  const service = simulatedService(world, seed, time);
  await restart(
    WAIT_PLAN,
    {
      client: service.client,
      clock,
      signal: new AbortController().signal,
      random: mulberry32(seed),
      log: () => undefined,
      pacing,
    },
    newProgress(),
  ).catch(() => undefined);
  const first = service.log.findIndex(([api]) => api === 'RestartAppEnv');
  const accepted = service.acceptedAt();
  return {
    lagMs: accepted === undefined ? undefined : accepted - world.freeAt,
    calls: first < 0 ? 0 : service.log.length - first,
    baselineCalls: first < 0 ? service.log.length : first,
    log: service.log,
  };
}
