/**
 * How a run ended, as a value: its kind (which picks the summary's heading and the notice), one
 * sentence of what happened and, on failure, the reason and the hint a person acts on.
 */
import { isAbort } from './clock.js';
import { ActionError } from './errors.js';
import { InputError } from './inputs.js';
import type { RestartProgress } from './restart.js';
import { serviceText } from './service-text.js';

export type OutcomeKind = 'started' | 'succeeded' | 'paused' | 'failed' | 'cancelled' | 'unknown';

export interface Outcome {
  kind: OutcomeKind;
  /** One sentence: what happened. */
  sentence: string;
  /** On failure: why, as one line without wire detail. */
  reason?: string;
  /** What to do about it. */
  hint?: string;
}

// C0/C1 controls but the line feed, bidi overrides and zero-width characters.
const UNSAFE_BUT_NEWLINE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g;

export const HEADINGS: Record<OutcomeKind, string> = {
  started: '✅ Restart started',
  succeeded: '✅ Restart succeeded',
  paused: '⏸️ Restart paused between batches',
  failed: '❌ Restart failed',
  cancelled: '⚠️ Restart cancelled',
  unknown: '⚠️ Restart outcome unknown',
};

/** Where the run was when it stopped: it decides the sentence of a failure. */
export type Stage = 'inputs' | 'credentials' | 'restart' | 'completion' | 'health';

/**
 * The gateway's SignatureDoesNotMatch message ends with the string it signed (x-acs-* headers,
 * the security token among them): a person needs none of it. The debug log keeps the whole.
 */
export function withoutWireDetail(text: string): string {
  return text.replace(
    /\s*server string to sign is:[\s\S]*?(?=\s*\(RequestId |$)/i,
    ' (the string-to-sign is in the debug log)',
  );
}

/** error → outcome: the one place a failure becomes words. */
export function outcomeOfError(
  error: unknown,
  stage: Stage,
  progress: RestartProgress,
  envId: string,
): Outcome {
  if (isAbort(error)) {
    return {
      kind: 'cancelled',
      sentence: 'The step was cancelled before it finished.',
      reason: `Cancelled; the restart ${whereItStands(progress)}.`,
    };
  }
  if (!(error instanceof InputError || error instanceof ActionError)) {
    // A bug, or something a server made the HTTP layer throw: still one line, but say so, and
    // say where the restart stands.
    const unsettled = progress.state === 'unknown' || progress.state === 'in-flight';
    return {
      kind: unsettled ? 'unknown' : 'failed',
      sentence: 'The step stopped on an unexpected error.',
      reason:
        `unexpected error: ${serviceText(error instanceof Error ? error.message : String(error))}; ` +
        `the restart ${whereItStands(progress)}.`,
    };
  }
  // Our messages may hold lines (a workflow snippet); nothing that moves the cursor or hides text.
  const reason = withoutWireDetail(error.message).replace(UNSAFE_BUT_NEWLINE, ' ');
  const hint = error instanceof ActionError ? error.hint : undefined;
  const withHint = (o: Outcome): Outcome => (hint ? { ...o, hint } : o);
  if (progress.state === 'unknown' || progress.state === 'in-flight') {
    return withHint({
      kind: 'unknown',
      sentence: `The restart of ${envId} may have started: a RestartAppEnv request got no answer that settles it.`,
      reason,
    });
  }
  const change = progress.changeId ?? '?';
  const sentence: Record<Stage, string> = {
    inputs: 'The restart was not started: an input is not valid.',
    credentials: 'The restart was not started: no usable credentials.',
    restart: `The restart of ${envId} could not be started.`,
    completion: `The restart of ${envId} started (change ${change}) but did not succeed.`,
    health: `Environment ${envId} restarted (change ${change}), but its instances did not all become healthy.`,
  };
  return withHint({ kind: 'failed', sentence: sentence[stage], reason });
}

export function whereItStands(progress: RestartProgress): string {
  switch (progress.state) {
    case 'started':
      return `had started as change ${progress.changeId ?? '?'}`;
    case 'in-flight':
    case 'unknown':
      return 'may have started: a RestartAppEnv request was sent and no answer was received; check the console';
    default:
      return 'was not started';
  }
}
