/**
 * Polls a started change until it ends (or pauses between batches), within completion-timeout.
 * Two timers run beside the polls and never cause one: the heartbeat (a log line at least every
 * HEARTBEAT_MS, src/polling.ts) and the events read (DescribeEvents at least every EVENTS_EVERY_MS while the
 * change runs, and once when it ends).
 */
import { delayWithinBudget, type Random } from './backoff.js';
import { isAbort, raceAbort, type Clock } from './clock.js';
import { ActionError, hintFor, isRefusal } from './errors.js';
import { createEventFeed, type EventDeps, type EventFeed, type EventPlan } from './events.js';
import { describeFailure, secs } from './format.js';
import {
  createCompletionPacer,
  pastDurationsOf,
  HISTORY_PAGE_SIZE,
  type CompletionPacer,
  type CompletionPacerOptions,
} from './pacing.js';
import {
  backoffBoundsOf,
  callTimeout,
  createHeartbeat,
  forcedCallTimeout,
  type Heartbeat,
  type RetryBudget,
} from './polling.js';
import type { Answer, Failure } from './answers.js';
import type { ChangeInfo, WebPlusClient, WebPlusObserver } from './webplus-client.js';

export type ChangeStatus = 'succeeded' | 'failed' | 'aborted' | 'timed-out' | 'paused';

interface CompletionPlan {
  /** retry-base-delay, retry-max-delay and request-timeout, as one value. */
  retry: RetryBudget;
  changeId: string;
  envId: string;
  completionTimeoutMs: number;
  /**
   * The DescribeChanges page the restart loop read before its send (RestartProgress.history):
   * the environment's earlier changes, so that polls are paced by them from the first one.
   */
  history?: { changes: readonly ChangeInfo[]; serviceTime?: number; readAt: number };
}

interface CompletionDeps {
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
const NEW_CHANGE_GRACE_MS = 15_000;

/** The change's events are read at least this often while it runs (and once when it ends). */
export const EVENTS_EVERY_MS = 60_000;

function statusOf(change: ChangeInfo): ChangeStatus | 'running' {
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
  const { client, clock, signal } = deps;
  const startedAt = clock.now();
  const wait: WaitState = {
    startedAt,
    deadline: startedAt + plan.completionTimeoutMs,
    heartbeat: createHeartbeat(startedAt),
    lastStatus: undefined,
    lastError: '',
    eventsAt: undefined,
  };
  const pacing = createPacing(plan, deps);
  /** The change's ActionName, once a poll has shown it. */
  let actionName: string | undefined;
  // Without the page read before the send, earlier changes are read once (DescribeChanges).
  let historyRead = plan.history !== undefined;

  for (;;) {
    const now = clock.now();
    const delay = delayWithinBudget(
      pacing.pacer.next(now - startedAt),
      plan.retry.retryBaseDelayMs,
      now,
      wait.deadline,
    );
    if (delay === undefined) throw timedOut(plan, wait);
    await sleepUntil(now + delay, plan, deps, wait);

    const timeout = forcedCallTimeout(plan.retry.requestTimeoutMs, wait.deadline, clock.now());
    let answer: Answer<ChangeInfo> | undefined;
    if (actionName !== undefined && !historyRead) {
      historyRead = true;
      answer = await readHistoryPage(plan, deps, pacing, actionName, timeout);
    }
    answer ??= await raceAbort(client.describeChange(plan.envId, plan.changeId, timeout), signal);
    const elapsed = clock.now() - startedAt;
    if (!answer.ok) {
      notePollFailure(answer.failure, elapsed, plan, deps, wait);
      continue;
    }
    wait.lastError = '';
    if (actionName === undefined && answer.value.actionName) {
      actionName = answer.value.actionName;
      pacing.correctKind(actionName);
    }
    const status = statusOf(answer.value);
    noteStatus(status, elapsed, plan, deps, wait);
    // The first events read comes with the first answer; later ones by the timer; the last one
    // when the change has ended.
    if (wait.eventsAt === undefined || status !== 'running') await readEvents(plan, deps, wait);
    if (status !== 'running') return { status, change: answer.value, elapsedMs: elapsed };
    const left = callTimeoutOf(plan, deps, wait);
    if (deps.whileRunning && left !== undefined) await deps.whileRunning(left);
  }
}

/** What the completion wait has seen so far, shared by its timers and its polls. */
interface WaitState {
  startedAt: number;
  deadline: number;
  /** When the next "still …" line is due; every line the wait prints resets it. */
  heartbeat: Heartbeat;
  lastStatus: string | undefined;
  lastError: string;
  /** When the events were last read; undefined before the first read. */
  eventsAt: number | undefined;
}

/** The time-out of a call started now: none with less than a second left before the deadline. */
function callTimeoutOf(
  plan: CompletionPlan,
  deps: CompletionDeps,
  wait: WaitState,
): number | undefined {
  return callTimeout(plan.retry.requestTimeoutMs, wait.deadline, deps.clock.now());
}

async function readEvents(
  plan: CompletionPlan,
  deps: CompletionDeps,
  wait: WaitState,
): Promise<void> {
  if (!deps.readEvents) return;
  wait.eventsAt = deps.clock.now();
  // No request keeps its time-out past the deadline; with less than a second left, none.
  const timeoutMs = callTimeoutOf(plan, deps, wait);
  if (timeoutMs !== undefined) await deps.readEvents(timeoutMs);
}

/** Sleeps until `until`, keeping the heartbeat and the events timer on the way. */
async function sleepUntil(
  until: number,
  plan: CompletionPlan,
  deps: CompletionDeps,
  wait: WaitState,
): Promise<void> {
  const { clock, signal, log } = deps;
  for (;;) {
    const now = clock.now();
    if (now >= until) return;
    const beatAt = wait.lastStatus === undefined ? Infinity : wait.heartbeat.dueAt();
    const readAt =
      wait.eventsAt === undefined || wait.lastStatus !== 'running'
        ? Infinity
        : wait.eventsAt + EVENTS_EVERY_MS;
    const next = Math.min(until, beatAt, readAt);
    if (next > now) await clock.sleep(next - now, signal);
    if (next === until) return;
    if (next === beatAt) {
      log(
        `Change ${plan.changeId}: still ${wait.lastStatus} (${secs(clock.now() - wait.startedAt)} elapsed)`,
      );
      wait.heartbeat.printed(clock.now());
    }
    if (next === readAt) await readEvents(plan, deps, wait);
  }
}

function timedOut(plan: CompletionPlan, wait: WaitState): ActionError {
  return new ActionError(
    `Change ${plan.changeId} had not finished after completion-timeout (${secs(plan.completionTimeoutMs)}); ` +
      `last seen: ${wait.lastStatus ?? 'no answer'}${wait.lastError ? `, last error: ${wait.lastError}` : ''}. ` +
      'The restart goes on in the service.',
    `Follow change ${plan.changeId} of environment ${plan.envId} in the WebPlus console, or raise completion-timeout.`,
  );
}

/** The pacer, re-made when the environment's earlier changes of the right kind become known. */
interface Pacing {
  pacer: CompletionPacer;
  /** Paces by `changes` of kind `actionName` (a page read during the wait). */
  paceBy(changes: readonly ChangeInfo[], actionName: string): void;
  /** The change's kind is known: if the guess by name was wrong, pace by its actual kind. */
  correctKind(actionName: string): void;
}

/**
 * The longest a finished change may go unseen between two polls, whatever retry-max-delay
 * says. Not the heartbeat: that is a log line on its own timer (HEARTBEAT_MS), which it happens
 * to equal.
 */
const MAX_POLL_DELAY_MS = 30_000;

function createPacing(plan: CompletionPlan, deps: CompletionDeps): Pacing {
  // Polls are paced by how long earlier restarts of the environment took: dense where agreeing
  // history puts the end, sparse elsewhere (src/pacing.ts), within [retry-base-delay,
  // MAX_POLL_DELAY_MS].
  const { baseMs, maxMs } = backoffBoundsOf(plan.retry);
  const bounds = { baseMs, maxMs: Math.max(baseMs, Math.min(maxMs, MAX_POLL_DELAY_MS)) };
  const options = { horizonMs: plan.completionTimeoutMs, ...deps.pacing };
  const paced = (changes: readonly ChangeInfo[], kind: string) =>
    createCompletionPacer(
      bounds,
      pastDurationsOf(changes, kind, plan.changeId),
      deps.random,
      options,
    );
  const earlier = plan.history?.changes;
  /** The ActionName the pacer's history is of (before the first answer: a guess by name). */
  let pacedBy = earlier ? restartKindOf(earlier) : undefined;
  const pacing: Pacing = {
    pacer:
      earlier && pacedBy !== undefined
        ? paced(earlier, pacedBy)
        : createCompletionPacer(bounds, [], deps.random, options),
    paceBy(changes, actionName) {
      pacing.pacer = paced(changes, actionName);
    },
    correctKind(actionName) {
      if (!earlier || actionName === pacedBy) return;
      pacedBy = actionName;
      pacing.pacer = paced(earlier, actionName);
    },
  };
  return pacing;
}

/**
 * One DescribeChanges read of earlier changes of the same kind, in place of this poll when the
 * change is on the page; re-paces by them. Undefined when the page fails or lacks the change.
 */
async function readHistoryPage(
  plan: CompletionPlan,
  deps: CompletionDeps,
  pacing: Pacing,
  actionName: string,
  timeout: number,
): Promise<Answer<ChangeInfo> | undefined> {
  const page = await raceAbort(
    deps.client.describeChanges(
      plan.envId,
      { size: HISTORY_PAGE_SIZE, number: 1, actionName },
      timeout,
    ),
    deps.signal,
  );
  if (!page.ok) return undefined;
  pacing.paceBy(page.value.changes, actionName);
  const mine = page.value.changes.find((c) => c.changeId === plan.changeId);
  return mine ? { ok: true, value: mine, requestId: '' } : undefined;
}

/** A refused poll ends the wait; anything else is logged and retried. */
function notePollFailure(
  failure: Failure,
  elapsed: number,
  plan: CompletionPlan,
  deps: CompletionDeps,
  wait: WaitState,
): void {
  wait.lastError = describeFailure(failure);
  // A new change may not be visible at once (read-after-write): ChangeNotExists within
  // the first seconds of the wait is retried, not taken as an answer.
  const settling =
    failure.kind === 'api' && failure.code === 'ChangeNotExists' && elapsed < NEW_CHANGE_GRACE_MS;
  if (!settling && isRefusal(failure)) {
    throw new ActionError(
      `DescribeChange failed for change ${plan.changeId}: ${wait.lastError}. The restart goes on in the service.`,
      hintFor(failure.code),
    );
  }
  deps.log(`DescribeChange: ${wait.lastError}; retrying (${secs(elapsed)} elapsed)`);
  wait.heartbeat.printed(deps.clock.now());
}

/** Logs the change's status when it differs from the last one logged. */
function noteStatus(
  status: ChangeStatus | 'running',
  elapsed: number,
  plan: CompletionPlan,
  deps: CompletionDeps,
  wait: WaitState,
): void {
  if (status === wait.lastStatus) return;
  deps.log(`Change ${plan.changeId}: ${status} (${secs(elapsed)} elapsed)`);
  wait.lastStatus = status;
  wait.heartbeat.printed(deps.clock.now());
}

/**
 * The ActionName of this run's restart as far as earlier changes tell before the service has
 * named it: the newest change whose ActionName or ChangeName names a restart. Only pacing rests
 * on it, and the first answer corrects it.
 */
function restartKindOf(changes: readonly ChangeInfo[]): string | undefined {
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
): { feed: EventFeed; readEvents: (timeoutMs: number) => Promise<void> } {
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
    readEvents: async (timeoutMs) => {
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
