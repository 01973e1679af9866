/**
 * Polls a started change until it ends (or pauses between batches), within completion-timeout.
 * Two timers run beside the polls and never cause one: the heartbeat (a log line at least every
 * HEARTBEAT_MS) and the events read (DescribeEvents at least every EVENTS_EVERY_MS while the
 * change runs, and once when it ends).
 */
import { delayWithinBudget, type Random } from './backoff.js';
import { isAbort, raceAbort, type Clock } from './clock.js';
import { ActionError, dispositionOf, hintFor } from './errors.js';
import { createEventFeed, type EventDeps, type EventFeed, type EventPlan } from './events.js';
import { describeFailure, secs } from './format.js';
import {
  createCompletionPacer,
  pastDurationsOf,
  HISTORY_PAGE_SIZE,
  type CompletionPacer,
  type CompletionPacerOptions,
} from './pacing.js';
import type { Answer, ChangeInfo, WebPlusClient, WebPlusObserver } from './webplus-client.js';

export type ChangeStatus = 'succeeded' | 'failed' | 'aborted' | 'timed-out' | 'paused';

export interface CompletionPlan {
  changeId: string;
  envId: string;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  requestTimeoutMs: number;
  completionTimeoutMs: number;
  /**
   * The DescribeChanges page the restart loop read before its send (RestartProgress.history):
   * the environment's earlier changes, so that polls are paced by them from the first one.
   */
  history?: { changes: readonly ChangeInfo[]; serviceTime?: number; readAt: number };
}

export interface CompletionDeps {
  client: WebPlusClient;
  clock: Clock;
  signal: AbortSignal;
  random?: Random;
  log: (line: string) => void;
  /**
   * The events read (completionEvents): on its own timer while the change runs and once when
   * it ends, never more often; `timeoutMs` is what is left before the deadline (at most the
   * request-timeout). It must not throw but on cancellation.
   */
  readEvents?: (timeoutMs: number) => Promise<void>;
  /**
   * After each poll that shows the change running (the circuit breaker's instance read);
   * `timeoutMs` as for readEvents. It must not throw but on cancellation.
   */
  whileRunning?: (timeoutMs: number) => Promise<void>;
  /** The pacer's constants, for bench/tune.ts only; the action uses the defaults. */
  pacing?: CompletionPacerOptions;
}

export interface Completion {
  status: ChangeStatus;
  change: ChangeInfo;
  elapsedMs: number;
}

/** How long a just-started change may stay invisible to DescribeChange (ChangeNotExists). */
export const NEW_CHANGE_GRACE_MS = 15_000;

/** At most this long without a line in the log while waiting. */
export const HEARTBEAT_MS = 30_000;

/** The change's events are read at least this often while it runs (and once when it ends). */
export const EVENTS_EVERY_MS = 60_000;

/** A request is not started with less than this left before the deadline. */
export const MIN_REQUEST_MS = 1000;

export function statusOf(change: ChangeInfo): ChangeStatus | 'running' {
  if (change.finished) {
    if (change.succeeded) return 'succeeded';
    if (change.aborted) return 'aborted';
    if (change.timedOut) return 'timed-out';
    return 'failed';
  }
  return change.paused ? 'paused' : 'running';
}

export async function waitForCompletion(
  plan: CompletionPlan,
  deps: CompletionDeps,
): Promise<Completion> {
  const { client, clock, signal, log } = deps;
  const startedAt = clock.now();
  const deadline = startedAt + plan.completionTimeoutMs;
  // Polls are paced by how long earlier restarts of the environment took, as far as they have
  // shown themselves predictive (src/pacing.ts), within [retry-base-delay, 30 s].
  const bounds = {
    baseMs: plan.retryBaseDelayMs,
    maxMs: Math.max(plan.retryBaseDelayMs, Math.min(plan.retryMaxDelayMs, HEARTBEAT_MS)),
  };
  const pacing = { horizonMs: plan.completionTimeoutMs, ...deps.pacing };
  const earlier = plan.history?.changes;
  /** The ActionName the pacer's history is of (before the first answer: a guess by name). */
  let pacedBy = earlier ? restartKindOf(earlier) : undefined;
  let pacer: CompletionPacer = createCompletionPacer(
    bounds,
    earlier && pacedBy !== undefined ? pastDurationsOf(earlier, pacedBy, plan.changeId) : [],
    deps.random,
    pacing,
  );
  /** The change's ActionName, once a poll has shown it. */
  let actionName: string | undefined;
  // Without the page read before the send, earlier changes are read once (DescribeChanges).
  let historyRead = earlier !== undefined;
  let lastLineAt = startedAt;
  let lastStatus: string | undefined;
  let lastError = '';
  /** When the events were last read; undefined before the first read. */
  let eventsAt: number | undefined;

  const budget = () => Math.min(plan.requestTimeoutMs, deadline - clock.now());
  const readEvents = async () => {
    if (!deps.readEvents) return;
    eventsAt = clock.now();
    // No request keeps its time-out past the deadline; with less than a second left, none.
    if (budget() >= MIN_REQUEST_MS) await deps.readEvents(budget());
  };
  /** Sleeps until `until`, keeping the heartbeat and the events timer on the way. */
  const sleepUntil = async (until: number) => {
    for (;;) {
      const now = clock.now();
      if (now >= until) return;
      const beatAt = lastStatus === undefined ? Infinity : lastLineAt + HEARTBEAT_MS;
      const readAt =
        eventsAt === undefined || lastStatus !== 'running' ? Infinity : eventsAt + EVENTS_EVERY_MS;
      const next = Math.min(until, beatAt, readAt);
      if (next > now) await clock.sleep(next - now, signal);
      if (next === until) return;
      if (next === beatAt) {
        log(
          `Change ${plan.changeId}: still ${lastStatus} (${secs(clock.now() - startedAt)} elapsed)`,
        );
        lastLineAt = clock.now();
      }
      if (next === readAt) await readEvents();
    }
  };

  for (;;) {
    const now = clock.now();
    const delay = delayWithinBudget(
      pacer.next(now - startedAt),
      plan.retryBaseDelayMs,
      now,
      deadline,
    );
    if (delay === undefined) {
      throw new ActionError(
        `Change ${plan.changeId} had not finished after completion-timeout (${secs(plan.completionTimeoutMs)}); ` +
          `last seen: ${lastStatus ?? 'no answer'}${lastError ? `, last error: ${lastError}` : ''}. ` +
          'The restart goes on in the service.',
        `Follow change ${plan.changeId} of environment ${plan.envId} in the WebPlus console, or raise completion-timeout.`,
      );
    }
    await sleepUntil(now + delay);

    const timeout = Math.max(MIN_REQUEST_MS, budget());
    let answer: Answer<ChangeInfo> | undefined;
    if (actionName !== undefined && !historyRead) {
      // One DescribeChanges read of earlier changes of the same kind, in place of this poll
      // when the change is on the page.
      historyRead = true;
      const page = await raceAbort(
        client.describeChanges(
          plan.envId,
          { size: HISTORY_PAGE_SIZE, number: 1, actionName },
          timeout,
        ),
        signal,
      );
      if (page.ok) {
        const history = pastDurationsOf(page.value.changes, actionName, plan.changeId);
        pacer = createCompletionPacer(bounds, history, deps.random, pacing);
        const mine = page.value.changes.find((c) => c.changeId === plan.changeId);
        if (mine) answer = { ok: true, value: mine, requestId: '' };
      }
    }
    answer ??= await raceAbort(client.describeChange(plan.envId, plan.changeId, timeout), signal);
    const elapsed = clock.now() - startedAt;
    if (!answer.ok) {
      const failure = answer.failure;
      lastError = describeFailure(failure);
      // A new change may not be visible at once (read-after-write): ChangeNotExists within
      // the first seconds of the wait is retried, not taken as an answer.
      const settling =
        failure.kind === 'api' &&
        failure.code === 'ChangeNotExists' &&
        elapsed < NEW_CHANGE_GRACE_MS;
      if (
        !settling &&
        failure.kind === 'api' &&
        dispositionOf(failure.code, failure.status) === 'fatal'
      ) {
        throw new ActionError(
          `DescribeChange failed for change ${plan.changeId}: ${lastError}. The restart goes on in the service.`,
          hintFor(failure.code),
        );
      }
      log(`DescribeChange: ${lastError}; retrying (${secs(elapsed)} elapsed)`);
      lastLineAt = clock.now();
      continue;
    }
    lastError = '';
    if (actionName === undefined && answer.value.actionName) {
      actionName = answer.value.actionName;
      if (earlier && actionName !== pacedBy) {
        // The guess by name was wrong: pace by the earlier changes of its actual kind.
        pacedBy = actionName;
        pacer = createCompletionPacer(
          bounds,
          pastDurationsOf(earlier, actionName, plan.changeId),
          deps.random,
          pacing,
        );
      }
    }
    const status = statusOf(answer.value);
    if (status !== lastStatus) {
      log(`Change ${plan.changeId}: ${status} (${secs(elapsed)} elapsed)`);
      lastStatus = status;
      lastLineAt = clock.now();
    }
    // The first events read comes with the first answer; later ones by the timer; the last one
    // when the change has ended.
    if (eventsAt === undefined || status !== 'running') await readEvents();
    if (status !== 'running') return { status, change: answer.value, elapsedMs: elapsed };
    if (deps.whileRunning && budget() >= MIN_REQUEST_MS) await deps.whileRunning(budget());
  }
}

/**
 * The ActionName of this run's restart as far as earlier changes tell before the service has
 * named it: the newest change whose ActionName or ChangeName names a restart. Only pacing rests
 * on it, and the first answer corrects it.
 */
export function restartKindOf(changes: readonly ChangeInfo[]): string | undefined {
  const named = changes
    .filter((c) => c.actionName && /restart/i.test(`${c.actionName} ${c.changeName}`))
    .sort((a, b) => (b.createTime ?? 0) - (a.createTime ?? 0));
  return named[0]?.actionName;
}

/**
 * The events read as the completion wait calls it: DescribeEvents with its time-out cut to what
 * the wait has left, printing each event once (src/events.ts). Any failure but cancellation
 * means no events this time.
 */
export function completionEvents(
  plan: EventPlan,
  deps: EventDeps,
): { feed: EventFeed; read: (timeoutMs: number) => Promise<void> } {
  let cutMs = plan.requestTimeoutMs;
  const client: WebPlusObserver = {
    describeEvents: (envId, changeId, timeoutMs) =>
      deps.client.describeEvents(envId, changeId, Math.min(timeoutMs, cutMs)),
    describeAppEnvInstanceHealth: (envId, timeoutMs) =>
      deps.client.describeAppEnvInstanceHealth(envId, timeoutMs),
  };
  const feed = createEventFeed(plan, { ...deps, client });
  return {
    feed,
    read: async (timeoutMs) => {
      cutMs = timeoutMs;
      try {
        await feed.poll();
      } catch (error) {
        if (isAbort(error)) throw error;
        deps.debug?.(`events: ${String(error)}`);
      }
    },
  };
}
