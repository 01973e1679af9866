/**
 * How a run ended, as a value: its kind (which picks the summary's heading and the annotation),
 * one sentence of what happened and, on failure or cancellation, the reason and what to do.
 */
import { isAbort } from './clock.js';
import type { ChangeStatus } from './completion.js';
import { ActionError, errorMessage } from './errors.js';
import { secs } from './format.js';
import { InputError } from './inputs.js';
import type { RestartProgress } from './restart.js';
import { serviceText, UNSAFE_BUT_NEWLINE } from './service-text.js';
import type { ChangeInfo } from './webplus-client.js';

export type OutcomeKind =
  | 'started'
  | 'succeeded'
  | 'paused'
  | 'failed'
  | 'cancelled'
  | 'unknown'
  /** A dry run that found nothing in a real run's way. */
  | 'checked'
  /** A dry run that found what would stop a real run. */
  | 'check-failed';

export interface Outcome {
  kind: OutcomeKind;
  /** One sentence: what happened. */
  sentence: string;
  /** On failure: why, as one line without wire detail. */
  reason?: string;
  /** What to do about it: set on every failure and cancellation. */
  hint?: string;
  /** The error annotation's text where it differs from the reason (it has no sentence beside it). */
  annotation?: string;
}

export const HEADINGS: Record<OutcomeKind, string> = {
  started: '✅ Restart started',
  succeeded: '✅ Restart succeeded',
  paused: '⏸️ Restart paused between batches',
  failed: '❌ Restart failed',
  cancelled: '⚠️ Restart cancelled',
  unknown: '⚠️ Restart outcome unknown',
  checked: '🔎 Dry run: a real run could proceed',
  'check-failed': '❌ Dry run: a real run would not proceed',
};

/** Where the run was when it stopped: it decides the sentence of a failure. */
export type Stage =
  'inputs' | 'credentials' | 'dry-run' | 'restart' | 'resume' | 'completion' | 'health';

/**
 * The gateway's SignatureDoesNotMatch message ends with the string it signed (x-acs-* headers,
 * the security token among them): a person needs none of it, so it is cut off.
 */
export function withoutWireDetail(text: string): string {
  return text.replace(/\s*server string to sign is:[\s\S]*?(?=\s*\(RequestId |$)/i, '');
}

/** What the run knew when it stopped, beyond the restart's progress: for the words of a failure. */
interface StopContext {
  /** The environment's page in the WebPlus console. */
  consoleUrl: string;
  /** How the restart change ended, if the run saw it end. */
  changeStatus?: ChangeStatus;
}

/** error → outcome: the one place a failure becomes words. Every failure gets a hint. */
export function outcomeOfError(
  error: unknown,
  stage: Stage,
  progress: RestartProgress,
  envId: string,
  context: StopContext,
): Outcome {
  const where = whereItStands(progress, context.changeStatus);
  if (isAbort(error)) {
    return {
      kind: 'cancelled',
      sentence: CANCELLED[stage],
      reason: `Cancelled${stage === 'health' ? ' during the wait for healthy instances' : ''}; the restart ${where}.`,
      hint: nextStep(progress, context),
    };
  }
  if (!(error instanceof InputError || error instanceof ActionError)) {
    return unexpectedOutcome(error, progress, context, where);
  }
  return failedOutcome(error, stage, progress, envId, context);
}

/**
 * A bug, or something a server made the HTTP layer throw: still one line, but say so, and say
 * where the restart stands.
 */
function unexpectedOutcome(
  error: unknown,
  progress: RestartProgress,
  context: StopContext,
  where: string,
): Outcome {
  const unsettled = progress.state === 'unsettled' || progress.state === 'in-flight';
  return {
    kind: unsettled ? 'unknown' : 'failed',
    sentence: 'The step stopped on an unexpected error.',
    reason: `unexpected error: ${serviceText(errorMessage(error))}; ` + `the restart ${where}.`,
    hint: `${nextStep(progress, context)} Re-run the job with debug logging to see where it stopped, and report it as a bug.`,
  };
}

/** An error the action raised on purpose (an input or a service answer): its message is the reason. */
function failedOutcome(
  error: InputError | ActionError,
  stage: Stage,
  progress: RestartProgress,
  envId: string,
  context: StopContext,
): Outcome {
  // Our messages may hold lines (a workflow snippet); nothing that moves the cursor or hides text.
  let reason = withoutWireDetail(error.message).replace(UNSAFE_BUT_NEWLINE, ' ');
  const hint =
    (error instanceof ActionError ? error.hint : undefined) ?? nextStep(progress, context);
  if (progress.state === 'unsettled' || progress.state === 'in-flight') {
    return {
      kind: 'unknown',
      sentence: `The restart of ${envId} may have started: a RestartAppEnv request got no answer that settles it.`,
      reason,
      hint,
    };
  }
  // The summary's sentence already says that nothing was started: its reason need not say it
  // again. The annotation stands alone and keeps it.
  const whole = reason;
  if (progress.state === 'not-started') reason = reason.replace(NOT_STARTED_TAIL, '');
  return {
    kind: stage === 'dry-run' ? 'check-failed' : 'failed',
    sentence: failureSentence(stage, envId, progress.changeId ?? '?'),
    reason,
    hint,
    ...(whole !== reason ? { annotation: whole } : {}),
  };
}

function failureSentence(stage: Stage, envId: string, change: string): string {
  const sentence: Record<Stage, string> = {
    inputs: 'The restart was not started: an input is not valid.',
    credentials: 'The restart was not started: no usable credentials.',
    'dry-run': `The dry run of ${envId} found what would stop a real run; nothing was sent.`,
    restart: `The restart of ${envId} could not be started.`,
    resume: `The change to resume on ${envId} was not resumed.`,
    completion: `The restart of ${envId} started (change ${change}) but did not succeed.`,
    health: `Environment ${envId} restarted (change ${change}), but its instances did not all become healthy.`,
  };
  return sentence[stage];
}

const CANCELLED: Record<Stage, string> = {
  inputs: 'The step was cancelled before it sent anything.',
  credentials: 'The step was cancelled while getting credentials.',
  'dry-run': 'The step was cancelled during the dry run; nothing was sent.',
  restart: 'The step was cancelled while starting the restart.',
  resume: 'The step was cancelled while resuming the change.',
  completion: 'The step was cancelled while waiting for the restart change to end.',
  health: 'The step was cancelled while waiting for healthy instances.',
};

const NOT_STARTED_TAIL = /\s*No restart was started\.\s*$/;

/** Where the restart stands, from what the run saw: never more than it saw. */
export function whereItStands(progress: RestartProgress, changeStatus?: ChangeStatus): string {
  switch (progress.state) {
    case 'started': {
      const change = progress.changeId ?? '?';
      if (changeStatus === 'succeeded') return `had succeeded (change ${change})`;
      if (changeStatus) return `ended ${changeStatus} (change ${change})`;
      return `had started as change ${change}; the step stopped before it ended, and it goes on in WebPlus`;
    }
    case 'in-flight':
    case 'unsettled':
      return 'may have started: a RestartAppEnv request was sent and no answer was received';
    default:
      return 'was not started';
  }
}

/** What a person does next, from where the restart stands. */
function nextStep(progress: RestartProgress, context: StopContext): string {
  const url = context.consoleUrl;
  switch (progress.state) {
    case 'started':
      if (context.changeStatus === 'succeeded') {
        return `The restart itself succeeded: check the instances' health in the WebPlus console (${url}).`;
      }
      if (context.changeStatus) {
        return `See the change's log in the WebPlus console (${url}).`;
      }
      return `Follow change ${progress.changeId ?? '?'} in the WebPlus console (${url}) and let it end before running the step again.`;
    case 'in-flight':
    case 'unsettled':
      return `Look at the environment's changes in the WebPlus console (${url}) before running the step again: a restart may be running.`;
    default:
      return 'Nothing was changed in WebPlus: run the step again when ready.';
  }
}

/** The sentence of a run that succeeded: the change's own duration and the step's, each named. */
export function succeededSentence(
  envId: string,
  changeId: string,
  completion: { change: ChangeInfo; elapsedMs: number },
  health?: { status: string; counts?: { healthy: number } | undefined; elapsedMs: number },
): string {
  const { createTime, finishTime } = completion.change;
  const ran =
    createTime !== undefined && finishTime !== undefined && finishTime >= createTime
      ? `the change ran ${secs(finishTime - createTime)} (its CreateTime to FinishTime), the step watched it for ${secs(completion.elapsedMs)}`
      : `the step watched the change for ${secs(completion.elapsedMs)} (the service gave no CreateTime and FinishTime)`;
  const restarted = `Environment ${envId} restarted (change ${changeId}): ${ran}`;
  if (!health) return `${restarted}.`;
  if (health.status === 'disabled') {
    return `${restarted}; health checks are off, so health was not checked.`;
  }
  return `${restarted}; ${health.counts?.healthy ?? 0} instance(s) healthy after ${secs(health.elapsedMs)} of health wait.`;
}

/** The annotation and summary line for a refused read before the restart: a weaker guarantee. */
export function baselineRefusedWarning(failure: string): string {
  return (
    `Reading the environment before the restart was refused (${failure}). ` +
    'Had a RestartAppEnv request gone unanswered, the step could not have told whether it started, ' +
    'and would have stopped instead of settling it. Grant webplus:DescribeAppEnvStatus and ' +
    'webplus:DescribeChanges to keep the exactly-once guarantee.'
  );
}
