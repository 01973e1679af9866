/**
 * Resume behind a gate (`resume-change-id`): ResumeChange for a paused change of this
 * environment, instead of a restart. Nothing is sent unless a read shows the change is this
 * environment's and paused. ResumeChange is not idempotent either (a second one would let a
 * second batch go), so an answer that does not settle it is settled by reading the change
 * before anything is sent again: sent again only when the change is still paused with the same
 * UpdateTime, the very pause it was in (docs/design.md).
 */
import { createBackoff, type Random } from './backoff.js';
import { raceAbort, sleepWithinBudget, type Clock } from './clock.js';
import { ActionError, hintFor, isRefusal } from './errors.js';
import { describeFailure, isoTime, secs } from './format.js';
import { lookupCall, lookupDeps, type LookupDeps } from './lookups.js';
import { backoffBoundsOf, type RetryBudget } from './polling.js';
import type { RestartProgress } from './restart.js';
import type { Failure } from './answers.js';
import type { ChangeInfo, WebPlusClient, WebPlusControl } from './webplus-client.js';

/** The least time between an unsettled ResumeChange and the read that may allow another. */
const RESUME_SETTLE_MS = 2000;

interface ResumePlan {
  /** retry-base-delay, retry-max-delay and request-timeout, as one value. */
  retry: RetryBudget;
  envId: string;
  changeId: string;
  /** No request but the first ResumeChange starts after it (runner's monotonic clock). */
  deadline: number;
  waitTimeoutMs: number;
}

interface ResumeDeps {
  client: WebPlusClient & WebPlusControl;
  clock: Clock;
  signal: AbortSignal;
  random?: Random;
  log: (line: string) => void;
}

/** What a read of the change says about an unsettled ResumeChange. */
type ResumeVerdict = 'resumed' | 'not-resumed' | 'unclear';

/**
 * Pure: the change before the first ResumeChange and as read now. Resumed when it is no longer
 * paused, or paused again after a batch (a later UpdateTime); not resumed only when it is the
 * same pause, known by an UpdateTime that both reads carry.
 */
export function resumeVerdict(before: ChangeInfo, now: ChangeInfo): ResumeVerdict {
  if (now.finished || !now.paused) return 'resumed';
  if (before.updateTime === undefined || now.updateTime === undefined) return 'unclear';
  return now.updateTime === before.updateTime ? 'not-resumed' : 'resumed';
}

interface Resume {
  plan: ResumePlan;
  deps: ResumeDeps;
  progress: RestartProgress;
  reads: LookupDeps;
  backoff: { next(): number };
  runStartedAt: number;
  /** A ResumeChange went without a settling answer: until a read settles it, it may act. */
  unsettled: boolean;
  lastFailure: string;
}

export async function resume(
  plan: ResumePlan,
  deps: ResumeDeps,
  progress: RestartProgress,
): Promise<void> {
  const r: Resume = {
    plan,
    deps,
    progress,
    backoff: createBackoff(backoffBoundsOf(plan.retry), deps.random),
    runStartedAt: plan.deadline - plan.waitTimeoutMs,
    unsettled: false,
    lastFailure: '',
    reads: lookupDeps(deps, plan, (answer) => answer),
  };
  const before = await readChange(r);
  checkPaused(r, before);
  for (;;) {
    const step = await sendResume(r, before);
    if (step === 'done') return;
    if (step === 'settle' && (await settleResume(r, before)) === 'done') return;
  }
}

/** Reads the change, waiting out transient failures; a definite refusal stops the step. */
async function readChange(r: Resume): Promise<ChangeInfo> {
  const { plan, deps } = r;
  for (;;) {
    const answer = await lookupCall(r.reads, (t) =>
      deps.client.describeChange(plan.envId, plan.changeId, t),
    );
    if (answer.ok) return answer.value;
    r.lastFailure = describeFailure(answer.failure);
    const definite = definiteRefusal(answer.failure);
    if (definite) {
      throw refusedRead(r, answer.failure, definite);
    }
    await wait(r, `Reading change ${plan.changeId} failed (${r.lastFailure})`);
  }
}

/** Why a read can never succeed, or undefined when trying again may help. */
function definiteRefusal(failure: Failure): string | undefined {
  if (failure.kind === 'malformed') return failure.message;
  if (isRefusal(failure)) return failure.code;
  return undefined;
}

function refusedRead(r: Resume, failure: Failure, why: string): ActionError {
  const { plan } = r;
  const notThis =
    (failure.kind === 'api' && failure.code === 'ChangeNotExists') || failure.kind === 'malformed';
  const lead = notThis
    ? `Change ${plan.changeId} is not a change of environment ${plan.envId} (${why})`
    : `Failed to read change ${plan.changeId}: ${r.lastFailure}`;
  const tail = r.unsettled
    ? ' A ResumeChange went unsettled: the change may have been resumed.'
    : ' Nothing was sent.';
  return new ActionError(
    `${lead}.${tail}`,
    notThis
      ? 'Check resume-change-id (the change-id output of the run that started the restart) and env-id.'
      : failure.kind === 'api'
        ? hintFor(failure.code)
        : undefined,
  );
}

/** Only a paused, unfinished change is resumed; anything else is a clear error, nothing sent. */
function checkPaused(r: Resume, change: ChangeInfo): void {
  const { plan } = r;
  if (change.finished) {
    const how = change.succeeded ? 'succeeded' : change.aborted ? 'was aborted' : 'failed';
    throw new ActionError(
      `Change ${plan.changeId} has already ended (it ${how}${change.finishTime ? ` at ${isoTime(change.finishTime)}` : ''}): there is nothing to resume. Nothing was sent.`,
      'Start a new restart instead: run the step without resume-change-id.',
    );
  }
  if (!change.paused) {
    throw new ActionError(
      `Change ${plan.changeId} is not paused (it is running): there is nothing to resume. Nothing was sent.`,
      'Wait for it to pause between batches, or for it to end.',
    );
  }
}

/** Sends ResumeChange once and says what follows. */
async function sendResume(r: Resume, before: ChangeInfo): Promise<'done' | 'settle' | 'send'> {
  const { plan, deps, progress } = r;
  if (progress.attempts > 0 && deps.clock.now() > plan.deadline) throw exhausted(r);
  progress.attempts += 1;
  progress.state = 'in-flight';
  const answer = await raceAbort(
    deps.client.resumeChange(plan.envId, plan.changeId, plan.retry.requestTimeoutMs),
    deps.signal,
  );
  if (answer.ok) {
    started(r, before, answer.value.startTime);
    progress.requestId = answer.requestId;
    deps.log(`Change ${plan.changeId} resumed (ResumeChange answered OK).`);
    return 'done';
  }
  const failure = answer.failure;
  r.lastFailure = describeFailure(failure);
  if (failure.kind === 'not-sent') {
    progress.state = r.unsettled ? 'unsettled' : 'not-started';
    await wait(r, `ResumeChange not sent (${failure.message})`);
    return 'send';
  }
  if (isRefusal(failure)) {
    if (r.unsettled)
      throw mayHaveResumed(
        r,
        `ResumeChange failed: ${r.lastFailure}; an earlier one went unsettled.`,
      );
    progress.state = 'not-started';
    throw new ActionError(
      `Failed to resume change ${plan.changeId}: ${r.lastFailure}`,
      hintFor(failure.code),
    );
  }
  // No answer, a malformed one, or a refusal that can come after the service acted: read first.
  r.unsettled = true;
  progress.state = 'unsettled';
  await wait(
    r,
    `ResumeChange got no settling answer (${r.lastFailure}); reading the change`,
    RESUME_SETTLE_MS,
  );
  return 'settle';
}

/** Reads the change after an unsettled ResumeChange: resumed, send again, or stop. */
async function settleResume(r: Resume, before: ChangeInfo): Promise<'done' | 'send'> {
  const now = await readChange(r);
  switch (resumeVerdict(before, now)) {
    case 'resumed':
      started(r, before, undefined);
      r.progress.adopted = true;
      r.progress.adoption = `the change is no longer in the pause it was in before this run's ResumeChange (${
        now.finished
          ? 'it has ended'
          : now.paused
            ? 'it paused again after a batch'
            : 'it is running'
      }); someone else may also have resumed it`;
      r.deps.log(
        `Change ${r.plan.changeId} was resumed: ${r.progress.adoption}. ResumeChange is not sent again.`,
      );
      return 'done';
    case 'not-resumed':
      r.deps.log(
        `Change ${r.plan.changeId} is still in the same pause (UpdateTime unchanged); sending ResumeChange again.`,
      );
      return 'send';
    case 'unclear':
      throw mayHaveResumed(
        r,
        `Change ${r.plan.changeId} is paused, and without an UpdateTime this step cannot tell whether its ResumeChange took effect.`,
      );
  }
}

function started(r: Resume, before: ChangeInfo, startTime: string | undefined): void {
  const { progress, plan } = r;
  progress.state = 'started';
  progress.changeId = plan.changeId;
  const start =
    startTime ?? (before.createTime !== undefined ? String(before.createTime) : undefined);
  if (start !== undefined) progress.startTime = start;
}

async function wait(r: Resume, reason: string, minMs = 0): Promise<void> {
  const { plan, deps, progress } = r;
  const waited = deps.clock.now() - r.runStartedAt;
  const slept = await sleepWithinBudget(
    {
      proposedMs: Math.max(minMs, r.backoff.next()),
      baseMs: plan.retry.retryBaseDelayMs,
      deadline: plan.deadline,
    },
    deps,
    (delay) =>
      `${reason}: next try in ${secs(delay)} (waited ${secs(waited)} of wait-timeout ${secs(plan.waitTimeoutMs)})`,
  );
  if (slept === undefined) throw exhausted(r);
  progress.waitedMs += slept;
}

function exhausted(r: Resume): ActionError {
  const why = `Gave up within wait-timeout (${secs(r.plan.waitTimeoutMs)}); last: ${r.lastFailure || 'no answer'}.`;
  if (r.unsettled) return mayHaveResumed(r, why);
  return new ActionError(
    `${why} Change ${r.plan.changeId} was not resumed.`,
    'The service or the network kept failing; run the step again later.',
  );
}

function mayHaveResumed(r: Resume, why: string): ActionError {
  return new ActionError(
    `${why} The change may have been resumed.`,
    `Check change ${r.plan.changeId} of environment ${r.plan.envId} in the WebPlus console before running this step again.`,
  );
}
