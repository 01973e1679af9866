/**
 * What the run did, and when, on the runner's clock: the tries, the change that blocked them,
 * the restart change and the health wait. The restart loop is not told about it: a recording
 * wrapper around the client sees its calls.
 */
import type { Clock } from './clock.js';
import { blockingChangeOf } from './pacing.js';
import { serviceText } from './service-text.js';
import type { WebPlusClient } from './webplus-client.js';

export interface Try {
  at: number;
  /** 'started', or the error code / failure kind. */
  result: string;
}

export interface Timeline {
  runStartedAt: number;
  tries: Try[];
  /** The change that answered EnvOnChanging for us, as DescribeChanges showed it. */
  blocking?: { changeId: string; actionName: string; createdAt: number; lastSeenAt: number };
  /** When RestartAppEnv answered with our change. */
  restartAt?: number;
  /** When the restart change was seen to end (or pause), and the health wait's span. */
  changeEndAt?: number;
  health?: { start: number; end: number };
}

export function newTimeline(runStartedAt: number): Timeline {
  return { runStartedAt, tries: [] };
}

/** The client, with RestartAppEnv and DescribeChanges noted in `timeline`. */
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
          ? serviceText(answer.failure.code, 60)
          : answer.failure.kind;
      timeline.tries.push({ at, result });
      if (answer.ok) timeline.restartAt = clock.now();
      return answer;
    },
    async describeChanges(envId, page, timeoutMs) {
      const answer = await client.describeChanges(envId, page, timeoutMs);
      const now = clock.now();
      const current = answer.ok ? blockingChangeOf(answer.value.changes, now) : undefined;
      if (current && timeline.restartAt === undefined) {
        const known = timeline.blocking?.changeId === current.changeId;
        timeline.blocking = {
          changeId: serviceText(current.changeId, 80),
          actionName: serviceText(current.actionName, 40),
          createdAt: known ? (timeline.blocking?.createdAt ?? now) : current.createdAt,
          lastSeenAt: now,
        };
      }
      return answer;
    },
  };
}
