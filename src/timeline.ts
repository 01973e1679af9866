/**
 * What the run did, and when, on the runner's clock: the tries, the restart change and the
 * health wait. A recording wrapper around the client sees the tries; the change that blocked
 * them is what the restart loop read (RestartProgress.blockedBy), never guessed from a page.
 */
import type { Clock } from './clock.js';
import type { RestartProgress } from './restart.js';
import type { WebPlusClient } from './webplus-client.js';

export interface Try {
  at: number;
  /** 'started', or the error code / failure kind. */
  result: string;
}

export interface Timeline {
  runStartedAt: number;
  tries: Try[];
  /** The change that held the environment, as the restart loop read it. */
  blocking?: RestartProgress['blockedBy'];
  /** When RestartAppEnv answered with our change. */
  restartAt?: number;
  /** When the restart change was seen to end (or pause), and the health wait's span. */
  changeEndAt?: number;
  health?: { start: number; end: number };
}

export function newTimeline(runStartedAt: number): Timeline {
  return { runStartedAt, tries: [] };
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
      timeline.tries.push({ at, result });
      if (answer.ok) timeline.restartAt = clock.now();
      return answer;
    },
  };
}
