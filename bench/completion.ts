/**
 * The completion wait as shipped, replayed on a virtual clock: the real `waitForCompletion`
 * (src/completion.ts) with the events read wired as main.ts wires it (`completionEvents`),
 * against a simulated service that answers from the world of bench/world.ts. Every call is
 * counted: DescribeChange and DescribeChanges (the polls), DescribeEvents, and
 * DescribeAppEnvInstanceHealth (wait-for-healthy is off by default: none). What a person sees
 * is checked on every trial: each event printed once, in time order, when the first read
 * that lists it comes; a read while the change runs, at least once a minute, and one at the end.
 * __tests__/completion-replay.test.ts runs the whole action (src/main.ts) against the emulator
 * on the same worlds and requires the same calls and lag, trial by trial.
 */
import { completionEvents, EVENTS_EVERY_MS, waitForCompletion } from '../src/completion.js';
import type { Clock } from '../src/clock.js';
import type { CompletionPacerOptions } from '../src/pacing.js';
import type { Answer } from '../src/answers.js';
import type {
  ChangeInfo,
  ServiceEvent,
  WebPlusClient,
  WebPlusObserver,
} from '../src/webplus-client.js';
import { infoAt, mulberry32, pageAt, START, type SimChange, type World } from './world.js';

/** The inputs' defaults: retry-base-delay 5 s, retry-max-delay 30 s, completion-timeout 1800 s. */
export const COMPLETION_PLAN = {
  retry: { retryBaseDelayMs: 5_000, retryMaxDelayMs: 30_000, requestTimeoutMs: 30_000 },
  completionTimeoutMs: 1_800_000,
};
/** The page read before the send (src/restart.ts, SETTLE_PAGE_SIZE). */
export const BASELINE_PAGE_SIZE = 50;
/** The simulated change logs an event at its start, this often while it runs, and at its end. */
export const EVENT_EVERY_MS = 45_000;

export interface CompletionRun {
  /** The poll that saw the end − FinishTime; undefined when completion-timeout came first. */
  lagMs: number | undefined;
  polls: number;
  events: number;
  health: number;
  total: number;
  /** What a person sees, as promised; the first broken promise otherwise. */
  observed: string | undefined;
}

const ok = <T>(value: T): Answer<T> => ({ ok: true, value, requestId: 'R' });

/** The change's events up to t (the simulated service's): start, progress, end. */
export function eventsAt(change: SimChange, t: number): ServiceEvent[] {
  const out: ServiceEvent[] = [];
  const add = (at: number, name: string) => {
    if (at <= t) {
      out.push({ eventId: `ev-${at}`, timestamp: at, level: 'INFO', name, message: name });
    }
  };
  add(change.create + 1000, 'Start restarting');
  for (let at = change.create + EVENT_EVERY_MS; at < change.finish; at += EVENT_EVERY_MS) {
    add(at, 'Restarting instances');
  }
  add(change.finish, 'Restart succeeded');
  return out;
}

/** The service as the world answers it, with every call counted. */
export function simulatedService(world: World, ours: SimChange, seed: number, now: () => number) {
  const order = mulberry32(seed ^ 0x1b873593);
  const counts = { describeChange: 0, describeChanges: 0, describeEvents: 0, health: 0 };
  const pollTimes: number[] = [];
  const readTimes: number[] = [];
  const client: WebPlusClient & WebPlusObserver = {
    restartAppEnv: () => Promise.reject(new Error('not in the completion wait')),
    describeAppEnvStatus: () => Promise.reject(new Error('not in the completion wait')),
    describeChange: async () => {
      counts.describeChange += 1;
      pollTimes.push(now());
      return ok(infoAt(ours, now()));
    },
    describeChanges: async (_envId, page) => {
      counts.describeChanges += 1;
      pollTimes.push(now());
      const changes = pageAt(world, now(), order, page.actionName, page.size);
      return ok({ totalCount: changes.length, changes });
    },
    describeEvents: async () => {
      counts.describeEvents += 1;
      readTimes.push(now());
      const list = eventsAt(ours, now());
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(order() * (i + 1));
        [list[i], list[j]] = [list[j] as ServiceEvent, list[i] as ServiceEvent];
      }
      return ok(list);
    },
    describeAppEnvInstanceHealth: async () => {
      counts.health += 1;
      return ok({ enableHealthCheck: true, instances: [] });
    },
    close: () => undefined,
  };
  return { client, counts, pollTimes, readTimes };
}

/** The page the restart loop read before its send, at START (all kinds, newest 50). */
export function baselinePage(world: World, seed: number): ChangeInfo[] {
  return pageAt(world, START, mulberry32(seed ^ 0x5bd1e995), undefined, BASELINE_PAGE_SIZE);
}

export async function replayCompletion(
  world: World,
  seed: number,
  pacing?: CompletionPacerOptions,
): Promise<CompletionRun> {
  const ours = world.changes.find((c) => c.id === 'ours') as SimChange;
  let t = START;
  const clock: Clock = {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
  const service = simulatedService(world, ours, seed, clock.now);
  const signal = new AbortController().signal;
  const printed: Array<{ at: number; line: string }> = [];
  const events = completionEvents(
    {
      envId: 'we-bench',
      changeId: ours.id,
      requestTimeoutMs: COMPLETION_PLAN.retry.requestTimeoutMs,
    },
    { client: service.client, signal, log: (line) => printed.push({ at: t, line }) },
  );
  let lagMs: number | undefined;
  try {
    await waitForCompletion(
      {
        ...COMPLETION_PLAN,
        changeId: ours.id,
        envId: 'we-bench',
        history: { changes: baselinePage(world, seed), readAt: START },
      },
      {
        client: service.client,
        clock,
        signal,
        random: mulberry32(seed),
        log: () => undefined,
        readEvents: events.readEvents,
        ...(pacing ? { pacing } : {}),
      },
    );
    lagMs = t - ours.finish;
  } catch {
    lagMs = undefined; // completion-timeout
  }
  const { counts } = service;
  const polls = counts.describeChange + counts.describeChanges;
  return {
    lagMs,
    polls,
    events: counts.describeEvents,
    health: counts.health,
    total: polls + counts.describeEvents + counts.health,
    observed: lagMs === undefined ? undefined : observe(ours, service, printed, events.feed.events),
  };
}

/** The promises of the observe behaviour, checked on one run; the first broken one. */
function observe(
  ours: SimChange,
  service: { pollTimes: number[]; readTimes: number[] },
  printed: Array<{ at: number; line: string }>,
  shown: ServiceEvent[],
): string | undefined {
  const { pollTimes, readTimes } = service;
  const firstPoll = pollTimes[0] ?? Infinity;
  const lastPoll = pollTimes.at(-1) ?? -Infinity;
  if (firstPoll < ours.finish && readTimes[0] !== firstPoll) {
    return 'no events read with the first answer while the change ran';
  }
  for (let i = 1; i < readTimes.length; i++) {
    const from = readTimes[i - 1] as number;
    if (
      from < ours.finish &&
      Math.min(readTimes[i] as number, ours.finish) - from > EVENTS_EVERY_MS
    ) {
      return `${(readTimes[i] as number) - from} ms without an events read while the change ran`;
    }
  }
  if (readTimes.at(-1) !== lastPoll) return 'no events read when the end was seen';
  // Each event once, in time order, printed at the first read that listed it.
  const expected = eventsAt(ours, lastPoll);
  if (printed.length !== expected.length || shown.length !== expected.length) {
    return `${printed.length} event lines for ${expected.length} events`;
  }
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as ServiceEvent;
    const firstListed = readTimes.find((r) => r >= (e.timestamp ?? 0));
    if (printed[i]?.at !== firstListed || !printed[i]?.line.includes(e.message)) {
      return `event ${e.eventId} not printed once, in order, at the first read that listed it`;
    }
  }
  return undefined;
}
