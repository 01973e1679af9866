/**
 * What the run did, and when, on the runner's clock: the tries, the restart change and the
 * health wait. A recording wrapper around the client sees the tries; the change that blocked
 * them is what the restart loop read (RestartProgress.blockedBy), never guessed from a page.
 */
import type { Clock } from './clock.js';
import type { RestartProgress } from './restart.js';
import type { WebPlusClient } from './webplus-client.js';

/** Consecutive RestartAppEnv calls with the same result, as one entry. */
interface TryGroup {
  /** The number of the group's first call in the run (1-based). */
  first: number;
  count: number;
  firstAt: number;
  lastAt: number;
  /** 'started', the error code / failure kind, or MIXED for groups merged to stay bounded. */
  result: string;
}

/** Most try groups kept: a run that alternates results still keeps a bounded list. */
export const MAX_TRY_GROUPS = 8;
export const MIXED = 'mixed results';

export interface Timeline {
  runStartedAt: number;
  /** RestartAppEnv calls, consecutive equal results collapsed; at most MAX_TRY_GROUPS. */
  tries: TryGroup[];
  /** RestartAppEnv calls in all. */
  tryCount: number;
  /** The change that held the environment, as the restart loop read it. */
  blocking?: RestartProgress['blockedBy'];
  /** When RestartAppEnv answered with our change. */
  restartAt?: number;
  /** When the restart change was seen to end (or pause), and the health wait's span. */
  changeEndAt?: number;
  health?: { start: number; end: number };
}

export function newTimeline(runStartedAt: number): Timeline {
  return { runStartedAt, tries: [], tryCount: 0 };
}

/** Notes one RestartAppEnv call: joins the last group when the result repeats. */
export function addTry(timeline: Timeline, at: number, result: string): void {
  timeline.tryCount += 1;
  const tries = timeline.tries;
  const last = tries.at(-1);
  if (last && last.result === result) {
    last.count += 1;
    last.lastAt = at;
    return;
  }
  if (tries.length >= MAX_TRY_GROUPS) {
    // The two newest groups become one of mixed results; the newest result keeps its own.
    const newest = tries.pop() as TryGroup;
    const merged = tries[tries.length - 1] as TryGroup;
    merged.result = MIXED;
    merged.count += newest.count;
    merged.lastAt = newest.lastAt;
  }
  tries.push({ first: timeline.tryCount, count: 1, firstAt: at, lastAt: at, result });
}

/** The client, with RestartAppEnv noted in `timeline`. */
export function recordingClient<C extends WebPlusClient>(
  client: C,
  clock: Clock,
  timeline: Timeline,
): C {
  return {
    ...client,
    async restartAppEnv(envId, batch, timeoutMs) {
      const at = clock.now();
      const answer = await client.restartAppEnv(envId, batch, timeoutMs);
      const result = answer.ok
        ? 'started'
        : answer.failure.kind === 'api'
          ? answer.failure.code
          : answer.failure.kind;
      addTry(timeline, at, result);
      if (answer.ok) timeline.restartAt = clock.now();
      return answer;
    },
  };
}
