/**
 * The outcome of an error (src/outcome.ts), pure: which kind, sentence, reason and hint each
 * error gets at each stage and restart state, as tables; and, as a seeded property, that no
 * error is ever read as a success and every one ends with what to do.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AbortedError } from '../src/clock.js';
import type { ChangeStatus } from '../src/completion.js';
import { ActionError } from '../src/errors.js';
import { InputError } from '../src/inputs.js';
import { outcomeOfError, whereItStands, withoutWireDetail, type Stage } from '../src/outcome.js';
import type { RestartProgress, RestartState } from '../src/restart.js';

const ENV = 'we-5d39b8ba6786bd4b1490abcd';
const CONSOLE = 'https://webplus.console.aliyun.com/env/we-5d39b8ba6786bd4b1490abcd';
const STAGES: Stage[] = [
  'inputs',
  'credentials',
  'dry-run',
  'restart',
  'resume',
  'completion',
  'health',
];
const STATES: RestartState[] = ['not-started', 'in-flight', 'unsettled', 'started'];

const progress = (state: RestartState, changeId?: string): RestartProgress => ({
  attempts: state === 'not-started' ? 0 : 1,
  state,
  waitedMs: 0,
  ...(changeId ? { changeId } : {}),
});

describe('whereItStands: never more than the run saw', () => {
  it.each([
    ['not-started', undefined, undefined, 'was not started'],
    [
      'in-flight',
      undefined,
      undefined,
      'may have started: a RestartAppEnv request was sent and no answer was received',
    ],
    [
      'unsettled',
      'succeeded',
      undefined,
      'may have started: a RestartAppEnv request was sent and no answer was received',
    ],
    [
      'started',
      undefined,
      'wc-1',
      'had started as change wc-1; the step stopped before it ended, and it goes on in WebPlus',
    ],
    [
      'started',
      undefined,
      undefined,
      'had started as change ?; the step stopped before it ended, and it goes on in WebPlus',
    ],
    ['started', 'succeeded', 'wc-1', 'had succeeded (change wc-1)'],
    ['started', 'failed', 'wc-1', 'ended failed (change wc-1)'],
    ['started', 'aborted', 'wc-1', 'ended aborted (change wc-1)'],
    ['started', 'timed-out', 'wc-1', 'ended timed-out (change wc-1)'],
  ] as Array<[RestartState, ChangeStatus | undefined, string | undefined, string]>)(
    '%s, change %s (%s): "%s"',
    (state, status, changeId, words) => {
      expect(whereItStands(progress(state, changeId), status)).toBe(words);
    },
  );
});

describe('outcomeOfError: the kind, by error, stage and restart state', () => {
  // [error, stage, state, kind, sentence starts with]
  const rows: Array<[string, () => unknown, Stage, RestartState, string, string]> = [
    [
      'an input error',
      () => new InputError('env-id', 'must look like we-…'),
      'inputs',
      'not-started',
      'failed',
      'The restart was not started: an input is not valid.',
    ],
    [
      'refused credentials',
      () => new ActionError('Failed to get credentials: refused', 'Check the role.'),
      'credentials',
      'not-started',
      'failed',
      'The restart was not started: no usable credentials.',
    ],
    [
      'a dry run that found a blocker',
      () => new ActionError('a paused change holds it'),
      'dry-run',
      'not-started',
      'check-failed',
      `The dry run of ${ENV} found`,
    ],
    [
      'a refused restart',
      () => new ActionError('Failed to restart: Forbidden'),
      'restart',
      'not-started',
      'failed',
      `The restart of ${ENV} could not be started.`,
    ],
    [
      'an unanswered restart',
      () => new ActionError('Failed to restart: no answer'),
      'restart',
      'in-flight',
      'unknown',
      `The restart of ${ENV} may have started`,
    ],
    [
      'an unsettled restart',
      () => new ActionError('Failed to restart: no answer'),
      'completion',
      'unsettled',
      'unknown',
      `The restart of ${ENV} may have started`,
    ],
    [
      'a failed change',
      () => new ActionError('the change failed'),
      'completion',
      'started',
      'failed',
      `The restart of ${ENV} started (change wc-1) but did not succeed.`,
    ],
    [
      'unhealthy instances',
      () => new ActionError('2 instances unhealthy'),
      'health',
      'started',
      'failed',
      `Environment ${ENV} restarted (change wc-1), but`,
    ],
    [
      'a refused resume',
      () => new ActionError('Failed to resume: not paused'),
      'resume',
      'not-started',
      'failed',
      `The change to resume on ${ENV} was not resumed.`,
    ],
    [
      'a bug before the restart',
      () => new TypeError('x is undefined'),
      'restart',
      'not-started',
      'failed',
      'The step stopped on an unexpected error.',
    ],
    [
      'a bug while the restart is unanswered',
      () => new TypeError('x is undefined'),
      'restart',
      'in-flight',
      'unknown',
      'The step stopped on an unexpected error.',
    ],
    [
      'a thrown string',
      () => 'socket hang up',
      'completion',
      'started',
      'failed',
      'The step stopped on an unexpected error.',
    ],
    [
      'a cancellation while the change runs',
      () => new AbortedError(),
      'completion',
      'started',
      'cancelled',
      'The step was cancelled while waiting for the restart change to end.',
    ],
    [
      'a cancellation before anything was sent',
      () => new AbortedError(),
      'inputs',
      'not-started',
      'cancelled',
      'The step was cancelled before it sent anything.',
    ],
  ];
  it.each(rows)('%s', (_name, error, stage, state, kind, sentence) => {
    const got = outcomeOfError(
      error(),
      stage as Stage,
      progress(state as RestartState, 'wc-1'),
      ENV,
      {
        consoleUrl: CONSOLE,
      },
    );
    expect(got.kind).toBe(kind);
    expect(got.sentence.startsWith(sentence)).toBe(true);
    expect(got.hint).toBeTruthy();
  });

  it("an ActionError's own hint is kept; without one, the next step from where it stands", () => {
    const own = outcomeOfError(
      new ActionError('Failed to restart: Forbidden', 'Grant webplus:RestartAppEnv.'),
      'restart',
      progress('not-started'),
      ENV,
      { consoleUrl: CONSOLE },
    );
    expect(own.hint).toBe('Grant webplus:RestartAppEnv.');
    const next = outcomeOfError(
      new ActionError('Failed to restart: no answer'),
      'restart',
      progress('in-flight'),
      ENV,
      { consoleUrl: CONSOLE },
    );
    expect(next.hint).toContain(CONSOLE);
    expect(next.hint).toContain('a restart may be running');
  });

  it('"No restart was started." leaves the reason (the sentence says it) but stays in the annotation', () => {
    const got = outcomeOfError(
      new ActionError('Failed to restart: Forbidden. No restart was started.'),
      'restart',
      progress('not-started'),
      ENV,
      { consoleUrl: CONSOLE },
    );
    expect(got.reason).toBe('Failed to restart: Forbidden.');
    expect(got.annotation).toBe('Failed to restart: Forbidden. No restart was started.');
  });

  it('the string-to-sign and control characters never reach the reason', () => {
    const got = outcomeOfError(
      new ActionError(
        'Failed to restart: SignatureDoesNotMatch server string to sign is: POST\nx-acs-security-token:SECRET (RequestId R-1)\u001b[31m\u202e',
      ),
      'restart',
      progress('not-started'),
      ENV,
      { consoleUrl: CONSOLE },
    );
    expect(got.reason).not.toContain('SECRET');
    expect(got.reason).not.toContain('\u001b');
    expect(got.reason).not.toContain('\u202e');
    expect(got.reason).toContain('(RequestId R-1)');
  });

  it.each([
    ['no string-to-sign', 'Forbidden (RequestId R-1)', 'Forbidden (RequestId R-1)'],
    [
      'cut before the RequestId',
      'bad server string to sign is: GET\n/x (RequestId R-2)',
      'bad (RequestId R-2)',
    ],
    ['cut to the end', 'bad. Server String To Sign Is: GET\n/x', 'bad.'],
  ])('withoutWireDetail: %s', (_name, text, words) => {
    expect(withoutWireDetail(text)).toBe(words);
  });
});

describe('property: no error is read as a success, and every one says what to do', () => {
  it('for any error, stage, restart state and change status', () => {
    const errors = fc.oneof(
      // Messages as the code writes them: "Failed to <verb> <object>: <cause>".
      fc.string().map((m) => new ActionError(`Failed to restart: ${m}`)),
      fc
        .tuple(fc.string(), fc.string())
        .map(([m, h]) => new ActionError(`Failed to restart: ${m}`, h || undefined)),
      fc.string().map((m) => new InputError('env-id', m)),
      fc.string().map((m) => new Error(m)),
      fc.constant(new AbortedError()),
      fc.anything(),
    );
    fc.assert(
      fc.property(
        errors,
        fc.constantFrom(...STAGES),
        fc.constantFrom(...STATES),
        fc.constantFrom<ChangeStatus | undefined>(
          undefined,
          'succeeded',
          'failed',
          'aborted',
          'timed-out',
          'paused',
        ),
        (error, stage, state, changeStatus) => {
          const got = outcomeOfError(error, stage, progress(state, 'wc-1'), ENV, {
            consoleUrl: CONSOLE,
            ...(changeStatus ? { changeStatus } : {}),
          });
          expect(['failed', 'cancelled', 'unknown', 'check-failed']).toContain(got.kind);
          expect(got.hint).toBeTruthy();
          expect(got.reason).toBeTruthy();
          // An unsettled restart is never called failed: a restart may be running.
          if (
            (state === 'in-flight' || state === 'unsettled') &&
            !(error instanceof AbortedError)
          ) {
            expect(got.kind).toBe('unknown');
          }
          if (state === 'not-started' && got.kind !== 'cancelled') {
            expect(got.kind).not.toBe('unknown');
          }
        },
      ),
      { seed: 20261206, numRuns: 500 },
    );
  });
});
