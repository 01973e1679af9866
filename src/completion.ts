/** Polls a started change until it ends (or pauses between batches), within completion-timeout. */
import type { Random } from './backoff.js';
import { raceAbort, sleepWithinBudget, type Clock } from './clock.js';
import { ActionError, dispositionOf, hintFor } from './errors.js';
import { describeFailure, secs } from './format.js';
import {
  createCompletionPacer,
  pastDurationsOf,
  HISTORY_PAGE_SIZE,
  type CompletionPacer,
} from './pacing.js';
import type { Answer, ChangeInfo, WebPlusClient } from './webplus-client.js';

export type ChangeStatus = 'succeeded' | 'failed' | 'aborted' | 'timed-out' | 'paused';

export interface CompletionPlan {
  changeId: string;
  envId: string;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  requestTimeoutMs: number;
  completionTimeoutMs: number;
}

export interface CompletionDeps {
  client: WebPlusClient;
  clock: Clock;
  signal: AbortSignal;
  random?: Random;
  log: (line: string) => void;
  /** Called once after each DescribeChange poll (the events read); it must not throw. */
  afterPoll?: () => Promise<void>;
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
  // shown themselves predictive (src/pacing.ts); never longer than the heartbeat.
  const bounds = {
    baseMs: plan.retryBaseDelayMs,
    maxMs: Math.max(plan.retryBaseDelayMs, Math.min(plan.retryMaxDelayMs, HEARTBEAT_MS)),
  };
  let pacer: CompletionPacer = createCompletionPacer(bounds, [], deps.random);
  /** The change's ActionName, once a poll has shown it; then its history is read once. */
  let actionName: string | undefined;
  let historyRead = false;
  let lastLineAt = startedAt;
  let lastStatus: string | undefined;
  let lastError = '';

  for (;;) {
    const now = clock.now();
    // Poll no later than the next heartbeat is due, so a long retry-max-delay never goes silent.
    const proposed = Math.min(
      pacer.next(now - startedAt),
      Math.max(plan.retryBaseDelayMs, lastLineAt + HEARTBEAT_MS - now),
    );
    const slept = await sleepWithinBudget(
      { proposedMs: proposed, baseMs: plan.retryBaseDelayMs, deadline },
      { clock, signal, log },
    );
    if (slept === undefined) {
      throw new ActionError(
        `Change ${plan.changeId} had not finished after completion-timeout (${secs(plan.completionTimeoutMs)}); ` +
          `last seen: ${lastStatus ?? 'no answer'}${lastError ? `, last error: ${lastError}` : ''}. ` +
          'The restart goes on in the service.',
        `Follow change ${plan.changeId} of environment ${plan.envId} in the WebPlus console, or raise completion-timeout.`,
      );
    }

    const timeout = Math.max(1000, Math.min(plan.requestTimeoutMs, deadline - clock.now()));
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
        pacer = createCompletionPacer(bounds, history, deps.random);
        const mine = page.value.changes.find((c) => c.changeId === plan.changeId);
        if (mine) answer = { ok: true, value: mine, requestId: '' };
      }
    }
    answer ??= await raceAbort(client.describeChange(plan.envId, plan.changeId, timeout), signal);
    const elapsed = clock.now() - startedAt;
    await deps.afterPoll?.();
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
    actionName ??= answer.value.actionName || undefined;
    const status = statusOf(answer.value);
    if (status !== lastStatus) {
      log(`Change ${plan.changeId}: ${status} (${secs(elapsed)} elapsed)`);
      lastStatus = status;
      lastLineAt = clock.now();
    } else if (clock.now() - lastLineAt >= HEARTBEAT_MS) {
      log(`Change ${plan.changeId}: still ${status} (${secs(elapsed)} elapsed)`);
      lastLineAt = clock.now();
    }
    if (status !== 'running') return { status, change: answer.value, elapsedMs: elapsed };
  }
}
