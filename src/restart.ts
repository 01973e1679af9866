/**
 * The restart loop: send RestartAppEnv, wait out EnvOnChanging (paced by src/pacing.ts from what
 * DescribeChanges tells of the blocking change), retry transient failures, and
 * never send it again while an earlier attempt might have taken effect (the call is not
 * idempotent). Everything waits on the injected clock and stops at the one deadline.
 */
import { createBackoff, delayWithinBudget, type Random } from './backoff.js';
import { isAbort, raceAbort, type Clock } from './clock.js';
import { ActionError, dispositionOf, hintFor } from './errors.js';
import type { BatchSettings } from './inputs.js';
import { blockingChangeOf, createPacer, HISTORY_PAGE_SIZE, type BlockingChange } from './pacing.js';
import { describeFailure, secs } from './format.js';
import type { ChangeInfo, Failure, WebPlusClient } from './webplus-client.js';

/** How far the service's clock may be behind the runner's when we date a change. */
export const CLOCK_SKEW_TOLERANCE_MS = 60_000;

export interface RestartPlan {
  envId: string;
  batch: BatchSettings;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  requestTimeoutMs: number;
  /** Epoch ms at which no new try may start: run start + wait-timeout. */
  deadline: number;
  waitTimeoutMs: number;
}

export interface RestartDeps {
  client: WebPlusClient;
  clock: Clock;
  signal: AbortSignal;
  random?: Random;
  log: (line: string) => void;
}

/** What the run knows about the restart, kept current so a cancellation can report it. */
export interface RestartProgress {
  /** RestartAppEnv calls sent. */
  attempts: number;
  state: 'not-started' | 'in-flight' | 'unknown' | 'started';
  changeId?: string;
  startTime?: string;
  requestId?: string;
  /** True when the change was found by a look-up after an unanswered attempt. */
  adopted?: boolean;
  /** Time spent in backoff delays. */
  waitedMs: number;
}

export function newProgress(): RestartProgress {
  return { attempts: 0, state: 'not-started', waitedMs: 0 };
}

type Lookup =
  | { found: 'ours'; change: ChangeInfo; why: string }
  | { found: 'busy'; change: ChangeInfo }
  | { found: 'nothing' }
  | { found: 'error'; failure: Failure };

export async function restart(
  plan: RestartPlan,
  deps: RestartDeps,
  progress: RestartProgress,
): Promise<void> {
  const { client, clock, signal, log } = deps;
  const runStartedAt = plan.deadline - plan.waitTimeoutMs;
  const bounds = { baseMs: plan.retryBaseDelayMs, maxMs: plan.retryMaxDelayMs };
  // Transient errors back off; EnvOnChanging is paced by what the blocking change tells.
  const backoff = createBackoff(bounds, deps.random);
  const pacer = createPacer(bounds, deps.random);
  let blocking: BlockingChange | undefined;
  let blockingRead = false;
  // Send time of the oldest attempt that may still have taken effect; reset by a definite answer.
  let unresolvedSince: number | undefined;
  let lastFailure = '';
  let lastWasBusy = false;

  const wait = async (reason: string, busy = false): Promise<void> => {
    if (busy && !blockingRead && plan.deadline - clock.now() >= plan.retryBaseDelayMs) {
      blockingRead = true;
      blocking = await readBlocking(plan, deps);
      if (blocking) log(pacingNote(blocking, clock.now()));
    }
    const now = clock.now();
    const waited = now - runStartedAt;
    const proposed = busy ? pacer.next(now, waited, blocking) : backoff.next();
    const delay = delayWithinBudget(proposed, plan.retryBaseDelayMs, now, plan.deadline);
    if (delay === undefined) throw exhausted(reason, now);
    log(
      `${reason}: attempt ${progress.attempts}; next try in ${secs(delay)} ` +
        `(waited ${secs(waited)} of wait-timeout ${secs(plan.waitTimeoutMs)})`,
    );
    await clock.sleep(delay, signal);
    progress.waitedMs += delay;
  };

  const exhausted = (reason: string, now: number): ActionError => {
    const waited = secs(now - runStartedAt);
    if (unresolvedSince !== undefined) {
      return new ActionError(
        `The restart request sent at ${new Date(unresolvedSince).toISOString()} got no trustworthy answer ` +
          `(${lastFailure}) and a look-up could not settle whether it took effect within wait-timeout ` +
          `(waited ${waited} of ${secs(plan.waitTimeoutMs)}). The restart may have started.`,
        `Check environment ${plan.envId} in the WebPlus console before running this step again.`,
      );
    }
    if (lastWasBusy) {
      return new ActionError(
        `Environment ${plan.envId} was still busy with another change (EnvOnChanging) after waiting ${waited} ` +
          `of wait-timeout ${secs(plan.waitTimeoutMs)} (${progress.attempts} attempts). No restart was started.`,
        'Raise wait-timeout, or run the step again once the ongoing change has finished.',
      );
    }
    return new ActionError(
      `Gave up after waiting ${waited} of wait-timeout ${secs(plan.waitTimeoutMs)} ` +
        `(${progress.attempts} attempts); last error: ${reason}. No restart was started.`,
      'The service or the network kept failing; run the step again later.',
    );
  };

  for (;;) {
    if (unresolvedSince !== undefined) {
      const found = await lookUp(plan, deps, unresolvedSince);
      if (found.found === 'ours') {
        progress.state = 'started';
        progress.changeId = found.change.changeId;
        if (found.change.createTime !== undefined)
          progress.startTime = String(found.change.createTime);
        progress.adopted = true;
        log(
          `Adopted change ${found.change.changeId} as this run's restart: ${found.why}. RestartAppEnv is not sent again.`,
        );
        return;
      }
      if (found.found === 'error') {
        lastFailure = describeFailure(found.failure);
        if (
          found.failure.kind === 'api' &&
          dispositionOf(found.failure.code, found.failure.status) === 'fatal'
        ) {
          const hint = hintFor(found.failure.code);
          throw new ActionError(
            `The restart request got no trustworthy answer, and the look-up that would settle it failed: ` +
              `${lastFailure}. The restart may have started.`,
            `${hint ? `${hint} ` : ''}Check environment ${plan.envId} in the WebPlus console before running this step again.`,
          );
        }
        await wait(`Look-up failed (${lastFailure})`);
        continue;
      }
      if (found.found === 'busy') {
        // Another change holds the environment, so this run's attempt was refused or never ran.
        unresolvedSince = undefined;
        progress.state = 'not-started';
        lastWasBusy = true;
        await wait(
          `EnvOnChanging (change ${found.change.changeId}, ${found.change.actionName || 'unnamed'}, is running)`,
          true,
        );
        continue;
      }
      // Nothing started since the attempt was sent: it did not take effect, so send again.
      log('No change was started by the unanswered attempt; sending RestartAppEnv again.');
      unresolvedSince = undefined;
      progress.state = 'not-started';
    }

    progress.attempts += 1;
    progress.state = 'in-flight';
    const sentAt = clock.now();
    const answer = await raceAbort(
      client.restartAppEnv(plan.envId, plan.batch, plan.requestTimeoutMs),
      signal,
    );
    if (answer.ok) {
      progress.state = 'started';
      progress.changeId = answer.value.changeId;
      progress.requestId = answer.requestId;
      if (answer.value.startTime !== undefined) progress.startTime = answer.value.startTime;
      return;
    }
    const failure = answer.failure;
    lastFailure = describeFailure(failure);
    lastWasBusy = false;
    if (failure.kind === 'malformed') {
      progress.state = 'unknown';
      throw new ActionError(
        `RestartAppEnv answered success without a usable change (${failure.message}; RequestId ${failure.requestId || 'none'}). ` +
          'The restart may have started.',
        `Check environment ${plan.envId} in the WebPlus console; this step does not send the restart again.`,
      );
    }
    if (failure.kind === 'unknown' || (failure.kind === 'api' && (failure.status ?? 0) >= 500)) {
      // Sent and maybe acted upon: look before sending again.
      progress.state = 'unknown';
      unresolvedSince ??= sentAt;
      await wait(`No trustworthy answer (${lastFailure}); looking up the environment`);
      continue;
    }
    progress.state = 'not-started';
    unresolvedSince = undefined;
    if (failure.kind === 'not-sent') {
      await wait(`Request not sent (${failure.message})`);
      continue;
    }
    const disposition = dispositionOf(failure.code, failure.status);
    if (disposition === 'fatal') {
      throw new ActionError(`RestartAppEnv failed: ${lastFailure}`, hintFor(failure.code));
    }
    if (disposition === 'wait') lastWasBusy = true;
    await wait(
      disposition === 'wait'
        ? 'EnvOnChanging (another change is running)'
        : `Transient error ${failure.code}`,
      disposition === 'wait',
    );
  }
}

/**
 * After an unanswered attempt: is there a restart change created since it was sent (ours),
 * another running change (someone else's), or nothing?
 */
async function lookUp(plan: RestartPlan, deps: RestartDeps, sentAt: number): Promise<Lookup> {
  const { client, signal } = deps;
  const timeout = lookupTimeout(plan, deps.clock.now());
  const since = sentAt - CLOCK_SKEW_TOLERANCE_MS;
  const isOurs = (c: ChangeInfo) =>
    /restart/i.test(`${c.actionName} ${c.changeName}`) &&
    c.createTime !== undefined &&
    c.createTime >= since;
  const why = (c: ChangeInfo) =>
    `a ${c.actionName || c.changeName} change created at ${new Date(c.createTime ?? 0).toISOString()}, ` +
    `after the unanswered attempt was sent at ${new Date(sentAt).toISOString()}`;

  const status = await raceAbort(client.describeAppEnvStatus(plan.envId, timeout), signal);
  if (!status.ok) return { found: 'error', failure: status.failure };
  const latestId = status.value.latestChangeId;
  if (!latestId) return { found: 'nothing' };
  const latest = await raceAbort(client.describeChange(latestId, timeout), signal);
  if (!latest.ok) return { found: 'error', failure: latest.failure };
  if (isOurs(latest.value)) return { found: 'ours', change: latest.value, why: why(latest.value) };

  if (latest.value.createTime !== undefined && latest.value.createTime >= since) {
    // Another change began after our attempt: ours, if it ran, is further down the list.
    const recent = await raceAbort(client.describeChanges(plan.envId, 10, timeout), signal);
    if (!recent.ok) return { found: 'error', failure: recent.failure };
    const ours = recent.value
      .filter(isOurs)
      .sort((a, b) => (a.createTime ?? 0) - (b.createTime ?? 0))[0];
    if (ours) return { found: 'ours', change: ours, why: why(ours) };
  }
  // A paused change still holds the environment: restarts are refused until it is resumed.
  const running = !latest.value.finished;
  return running || status.value.applyingChange
    ? { found: 'busy', change: latest.value }
    : { found: 'nothing' };
}

/**
 * One DescribeChanges read, to pace the wait by the blocking change (its age, whether it is
 * paused, how long earlier changes of its kind took). Any failure only means blind pacing.
 */
async function readBlocking(
  plan: RestartPlan,
  deps: RestartDeps,
): Promise<BlockingChange | undefined> {
  const timeout = lookupTimeout(plan, deps.clock.now());
  try {
    const page = await raceAbort(
      deps.client.describeChanges(plan.envId, HISTORY_PAGE_SIZE, timeout),
      deps.signal,
    );
    return page.ok ? blockingChangeOf(page.value, deps.clock.now()) : undefined;
  } catch (error) {
    if (isAbort(error)) throw error;
    return undefined;
  }
}

function pacingNote(change: BlockingChange, now: number): string {
  const kind = change.actionName || 'unnamed';
  const past = change.pastDurationsMs;
  const history =
    past.length === 0
      ? `no earlier ${kind} change to compare with`
      : `${past.length} earlier ${kind} change(s) took ${secs(Math.min(...past))} to ${secs(Math.max(...past))}`;
  return (
    `Blocking change ${change.changeId} (${kind}) is ${change.paused ? 'paused' : 'running'}, ` +
    `created ${secs(Math.max(0, now - change.createdAt))} ago; ${history}. Retries are paced by that.`
  );
}

/** Look-ups are safe to cut short: never let one run past the deadline (floor 1 s). */
function lookupTimeout(plan: RestartPlan, now: number): number {
  return Math.max(1000, Math.min(plan.requestTimeoutMs, plan.deadline - now));
}
