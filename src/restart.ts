/**
 * The restart loop: send RestartAppEnv, wait out EnvOnChanging (paced by src/pacing.ts from what
 * DescribeChanges tells of the blocking change), retry transient failures, and never send it
 * again while an earlier attempt may still take effect: the call is not idempotent.
 *
 * The loop is a state machine (docs/design.md has its table): one explicit step value, each
 * move a small function returning the next step. What the environment's changes mean is decided
 * by the pure `decide` in src/settle.ts; the reads are in src/lookups.ts.
 */
import { createBackoff, type Random } from './backoff.js';
import { raceAbort, sleepWithinBudget, type Clock } from './clock.js';
import { ActionError, dispositionOf, hintFor, isPermissionCode, isRefusal } from './errors.js';
import { describeFailure, isoTime, secs } from './format.js';
import type { BatchSettings } from './inputs.js';
import {
  blockingOf,
  lookupCall,
  readBaseline,
  readCheck,
  readLook,
  lookupDeps,
  type LookupDeps,
} from './lookups.js';
import {
  createWaitPacer,
  type BlockingChange,
  type WaitPacer,
  type WaitPacerOptions,
} from './pacing.js';
import { backoffBoundsOf, type RetryBudget } from './polling.js';
import {
  decide,
  extendBaseline,
  type Baseline,
  type Decision,
  type Look,
  type SettleContext,
} from './settle.js';
import type { Answer, Failure } from './answers.js';
import type { ChangeInfo, ChangePage, WebPlusClient } from './webplus-client.js';

/** The least time between an unanswered attempt and the look-up that may allow a resend. */
const SETTLE_MS = 2000;
/**
 * How much earlier than its estimated send time (service clock) a change may be dated and still
 * be called "dated after the attempt" in the log: the `Date` header's one-second resolution plus
 * the time a request takes to arrive. Wording only: no decision depends on it.
 */
const SEND_MARGIN_MS = 2000;

interface RestartPlan {
  /** retry-base-delay, retry-max-delay and request-timeout, as one value. */
  retry: RetryBudget;
  envId: string;
  batch: BatchSettings;
  /** Runner's (monotonic) clock, ms: no request but the first RestartAppEnv starts after it. */
  deadline: number;
  waitTimeoutMs: number;
  /** The environment in the WebPlus console, for what to do about a paused blocker. */
  consoleUrl?: string;
}

interface RestartDeps {
  client: WebPlusClient;
  clock: Clock;
  signal: AbortSignal;
  random?: Random;
  log: (line: string) => void;
  /** The wait pacer's constants, for bench/tune.ts only; the action uses the defaults. */
  pacing?: WaitPacerOptions;
}

/**
 * not-started: nothing sent, or every attempt refused; in-flight: an attempt awaits its answer;
 * unsettled: an attempt got no trustworthy answer and no look-up has settled it (it may have
 * started a restart); started: this run's restart is known, by its answer or a look-up.
 */
export type RestartState = 'not-started' | 'in-flight' | 'unsettled' | 'started';

/** What the run knows about the restart, kept current so a cancellation can report it. */
export interface RestartProgress {
  /** RestartAppEnv calls sent. */
  attempts: number;
  state: RestartState;
  changeId?: string;
  startTime?: string;
  requestId?: string;
  /** True when the change was found by a look-up instead of named by an answer. */
  adopted?: boolean;
  /** What is known of an adopted change, in words for the log and the summary. */
  adoption?: string;
  /** Why the reads before the first send were refused: exactly-once is weaker without them. */
  baselineRefused?: string;
  /** Time spent in delays. */
  waitedMs: number;
  /** The change that held the environment, as the loop last read it (runner's clock). */
  blockedBy?: { changeId: string; actionName: string; createdAt: number; lastSeenAt: number };
  /** The environment's changes as read before the first send (for the completion pacer). */
  history?: { changes: ChangeInfo[]; serviceTime?: number; readAt: number };
}

export function newProgress(): RestartProgress {
  return { attempts: 0, state: 'not-started', waitedMs: 0 };
}

/** The loop's steps: what it does next. */
type Step = 'baseline' | 'send' | 'check' | 'settle' | 'done';

/** Everything the loop knows between moves. */
interface Loop {
  plan: RestartPlan;
  deps: RestartDeps;
  progress: RestartProgress;
  reads: LookupDeps;
  runStartedAt: number;
  backoff: { next(): number };
  pacer: WaitPacer;
  baseline?: Baseline;
  /** The baseline page has paced a wait already. */
  baselinePaced: boolean;
  /** False once the reads were refused (RAM): then an unanswered attempt cannot be settled. */
  canSettle: boolean;
  /** An attempt got no trustworthy answer: until settled it may take effect. */
  unresolved: boolean;
  /** A refusal was followed by a change the baseline did not hold: a look-up must tell. */
  suspect: boolean;
  context: SettleContext;
  /** The first unresolved attempt's estimated send time on the service's clock (wording only). */
  sentAt?: number | undefined;
  /** Changes read since the baseline: an answer naming one names no new restart. */
  seen: Set<string>;
  blocking?: BlockingChange | undefined;
  /** Blocking changes already read once to confirm a pause (each is read at most once). */
  pauseChecked: Set<string>;
  /** The last answer's `Date` (service clock) and when it came (runner clock). */
  serviceClock?: { service: number; runner: number };
  lastFailure: string;
  lastWasBusy: boolean;
}

export async function restart(
  plan: RestartPlan,
  deps: RestartDeps,
  progress: RestartProgress,
): Promise<void> {
  const loop = newLoop(plan, deps, progress);
  const moves: Record<Exclude<Step, 'done'>, (loop: Loop) => Promise<Step>> = {
    baseline: takeBaseline,
    send: sendRestart,
    check: checkBeforeSend,
    settle: settleAttempt,
  };
  for (let step: Step = 'baseline'; step !== 'done';) step = await moves[step](loop);
}

function newLoop(plan: RestartPlan, deps: RestartDeps, progress: RestartProgress): Loop {
  const bounds = backoffBoundsOf(plan.retry);
  const loop: Loop = {
    plan,
    deps,
    progress,
    runStartedAt: plan.deadline - plan.waitTimeoutMs,
    // Transient errors back off; EnvOnChanging is paced by what the blocking change tells.
    backoff: createBackoff(bounds, deps.random),
    pacer: createWaitPacer(bounds, deps.random, deps.pacing),
    baselinePaced: false,
    canSettle: true,
    unresolved: false,
    suspect: false,
    context: 'unanswered',
    seen: new Set(),
    pauseChecked: new Set(),
    lastFailure: '',
    lastWasBusy: false,
    reads: lookupDeps(deps, plan, (answer) => keepServiceClock(loop, answer)),
  };
  return loop;
}

/** Keeps the service's clock from every answer's `Date`. */
function keepServiceClock<T>(loop: Loop, answer: Answer<T>): Answer<T> {
  if (answer.serviceTime !== undefined) {
    loop.serviceClock = { service: answer.serviceTime, runner: loop.deps.clock.now() };
  }
  return answer;
}

/** Move: read what the environment holds before the first send. */
async function takeBaseline(loop: Loop): Promise<Step> {
  const { plan, deps, progress } = loop;
  if (deps.clock.now() >= plan.deadline) {
    // No time is left to settle an unanswered attempt: the one try goes without a baseline.
    loop.canSettle = false;
    return 'send';
  }
  const answer = await readBaseline(loop.reads);
  if (answer.ok) {
    loop.baseline = answer.value;
    const { page, serviceTime, readAt } = answer.value;
    progress.history = {
      changes: [...page.changes],
      readAt,
      ...(serviceTime ? { serviceTime } : {}),
    };
    return 'send';
  }
  const failure = answer.failure;
  if (failure.kind === 'api' && isPermissionRefusal(failure.code)) {
    loop.canSettle = false;
    progress.baselineRefused = describeFailure(failure);
    deps.log(
      `Reading the environment before the restart was refused (${progress.baselineRefused}): ` +
        'if a RestartAppEnv request goes unanswered, this run stops instead of settling it.',
    );
    return 'send';
  }
  if (isRefusal(failure)) {
    // Bad keys, a wrong env-id or region: RestartAppEnv would be refused the same way.
    throw new ActionError(
      `Reading environment ${plan.envId} failed: ${describeFailure(failure)}. No restart was started.`,
      hintFor(failure.code),
    );
  }
  await wait(loop, `Reading the environment failed (${describeFailure(failure)})`);
  return 'baseline';
}

/** Move: send RestartAppEnv once, and read what its answer means. */
async function sendRestart(loop: Loop): Promise<Step> {
  const { plan, deps, progress } = loop;
  if (progress.attempts > 0 && deps.clock.now() > plan.deadline) {
    throw exhausted(loop, loop.lastFailure || 'wait-timeout reached');
  }
  progress.attempts += 1;
  progress.state = 'in-flight';
  const sentAt = serviceNow(loop);
  const answer = keepServiceClock(
    loop,
    await raceAbort(
      deps.client.restartAppEnv(plan.envId, plan.batch, plan.retry.requestTimeoutMs),
      deps.signal,
    ),
  );
  let failure: Failure;
  if (answer.ok) {
    const notNew = await whyNotNew(loop, answer.value.changeId);
    if (notNew === undefined) {
      progress.state = 'started';
      progress.changeId = answer.value.changeId;
      progress.requestId = answer.requestId;
      if (answer.value.startTime !== undefined) progress.startTime = answer.value.startTime;
      return 'done';
    }
    failure = { kind: 'malformed', message: notNew, requestId: answer.requestId };
  } else {
    failure = answer.failure;
  }
  return afterFailure(loop, failure, sentAt);
}

/**
 * Why a change an answer names cannot be this attempt's restart: it was there before the run,
 * or was read since, or (when the baseline could not see every old change) its CreateTime is
 * earlier than the newest change the baseline saw. Undefined when nothing says so.
 */
async function whyNotNew(loop: Loop, changeId: string): Promise<string | undefined> {
  const { baseline } = loop;
  if (baseline?.known.has(changeId)) {
    return `the answer names change ${changeId}, which existed before this run`;
  }
  if (loop.seen.has(changeId)) {
    return `the answer names change ${changeId}, which this run had read before this attempt`;
  }
  if (!baseline || baseline.complete) return undefined;
  const answer = await lookupCall(loop.reads, (t) =>
    loop.deps.client.describeChange(loop.plan.envId, changeId, t),
  );
  // Not readable (yet): the answer itself is the evidence, and completion reads it again.
  if (!answer.ok) return undefined;
  const created = answer.value.createTime;
  if (created === undefined || baseline.newestCreateTime === undefined) return undefined;
  return created < baseline.newestCreateTime
    ? `the answer names change ${changeId}, created before the newest change this run saw before it began`
    : undefined;
}

/** What follows an attempt that did not start a restart. */
async function afterFailure(
  loop: Loop,
  failure: Failure,
  sentAt: number | undefined,
): Promise<Step> {
  const { progress } = loop;
  loop.lastFailure = describeFailure(failure);
  loop.lastWasBusy = false;
  if (failure.kind === 'unknown' || failure.kind === 'malformed') {
    // Sent and maybe acted upon: settle it before anything is sent again.
    if (!loop.unresolved) loop.sentAt = sentAt;
    loop.unresolved = true;
    loop.context = 'unanswered';
    progress.state = 'unsettled';
    if (!loop.baseline) throw noBaseline(loop);
    await wait(loop, `No trustworthy answer (${loop.lastFailure}); looking up the environment`, {
      minMs: SETTLE_MS,
      next: 'look-up',
    });
    return 'settle';
  }
  progress.state = loop.unresolved ? 'unsettled' : 'not-started';
  if (failure.kind === 'not-sent') {
    // The transport's own evidence: no request left the runner.
    await wait(loop, `Request not sent (${failure.message})`);
    return 'send';
  }
  const disposition = dispositionOf(failure.code, failure.status);
  if (disposition === 'fatal') {
    if (loop.unresolved) {
      throw mayHaveStarted(
        loop,
        `RestartAppEnv failed: ${loop.lastFailure}; an earlier attempt went unanswered.`,
        hintFor(failure.code),
      );
    }
    throw new ActionError(`RestartAppEnv failed: ${loop.lastFailure}`, hintFor(failure.code));
  }
  const busy = disposition === 'wait';
  loop.lastWasBusy = busy;
  const reason = busy
    ? 'EnvOnChanging (another change is running)'
    : `Transient error ${failure.code}`;
  // A refusal may come after the service acted: unless no read is allowed, the environment is
  // looked at before the next send.
  const next: Step = loop.unresolved ? 'settle' : loop.baseline ? 'check' : 'send';
  await wait(loop, reason, { busy, next: next === 'settle' ? 'look-up' : 'try' });
  return next;
}

/**
 * Move, after a refusal: one DescribeChanges page before the next send. The same count and no
 * change the baseline did not hold: send (or wait while it shows the environment held). Else the
 * refusal may have come after the service acted: look up.
 */
async function checkBeforeSend(loop: Loop): Promise<Step> {
  const { plan, deps } = loop;
  const baseline = loop.baseline;
  if (!baseline) return 'send';
  if (deps.clock.now() > plan.deadline) throw exhausted(loop, loop.lastFailure);
  const answer = await readCheck(loop.reads);
  if (!answer.ok) {
    loop.lastFailure = describeFailure(answer.failure);
    if (isRefusal(answer.failure)) {
      // Every attempt so far was refused, and every page read since showed nothing new.
      throw new ActionError(
        `Reading environment ${plan.envId} before sending RestartAppEnv again failed: ${loop.lastFailure}. ` +
          `Its ${loop.progress.attempts} RestartAppEnv attempt(s) were refused; none is known to have started a restart.`,
        hintFor(answer.failure.code),
      );
    }
    await wait(loop, `Reading the environment failed (${loop.lastFailure})`);
    return 'check';
  }
  const { page } = answer.value;
  for (const c of page.changes) loop.seen.add(c.changeId);
  if (
    page.totalCount !== baseline.totalCount ||
    page.changes.some((c) => !baseline.known.has(c.changeId))
  ) {
    loop.suspect = true;
    loop.context = 'refused';
    // The page itself may account for every new change as none of this run's (another
    // pipeline's Apply): then it serves as the look-up. Anything else is looked up in full.
    const look = pageLook(page);
    const decision = decide(baseline, look, 'refused');
    const accounted = decision.kind === 'send' || (decision.kind === 'wait' && decision.accounted);
    return accounted ? actOn(loop, baseline, look, decision) : 'settle';
  }
  loop.blocking = recordBlocker(loop, blockingOf(answer.value));
  if (!loop.blocking) return 'send';
  deps.log(pacingNote(loop.blocking, deps.clock.now()));
  await wait(loop, 'EnvOnChanging (the blocking change is still running)', { busy: true });
  return 'check';
}

/** Move: a look-up, and what `decide` makes of it. */
async function settleAttempt(loop: Loop): Promise<Step> {
  const baseline = loop.baseline;
  if (!baseline) throw noBaseline(loop);
  const look = await readLook(loop.reads, baseline);
  if (!look.ok) {
    loop.lastFailure = describeFailure(look.failure);
    if (isRefusal(look.failure)) {
      throw mayHaveStarted(
        loop,
        `A RestartAppEnv attempt's outcome is not known, and the look-up that would settle it was refused: ${loop.lastFailure}.`,
        hintFor(look.failure.code),
      );
    }
    await wait(loop, `Look-up failed (${loop.lastFailure})`, { next: 'look-up' });
    return 'settle';
  }
  for (const c of look.value.changes) loop.seen.add(c.changeId);
  return actOn(loop, baseline, look.value, decide(baseline, look.value, loop.context));
}

/** A check page as a look-up without the status: for the decisions it can account for. */
function pageLook(page: ChangePage): Look {
  return {
    totalCount: page.totalCount,
    latestChangeId: undefined,
    applyingChange: false,
    changes: page.changes,
    latestHidden: false,
  };
}

async function actOn(
  loop: Loop,
  baseline: Baseline,
  look: Look,
  decision: Decision,
): Promise<Step> {
  switch (decision.kind) {
    case 'adopt':
      adopt(loop, decision);
      return 'done';
    case 'ambiguous':
      throw mayHaveStarted(
        loop,
        `Changes ${decision.changes.map((c) => c.changeId).join(', ')} are all new since this run began and could each be a restart, ` +
          'and one of them may be this run’s attempt: this step cannot tell which.',
      );
    case 'stop':
      throw mayHaveStarted(
        loop,
        `This step cannot tell whether its RestartAppEnv took effect: ${decision.why}.`,
      );
    case 'wait':
      return waitAfterLook(loop, baseline, look, decision);
    case 'send':
      loop.baseline = extendBaseline(baseline, look, decision.newChanges);
      loop.suspect = false;
      if (loop.context === 'unanswered') {
        loop.deps.log(
          'A look-up found no change new since this run began and the environment idle; sending RestartAppEnv again.',
        );
      }
      return 'send';
  }
}

/**
 * Waits after a look-up that could not decide. After a refusal, new changes found to be none of
 * this run's are added to the baseline, and the next try is the one-page check again.
 */
async function waitAfterLook(
  loop: Loop,
  baseline: Baseline,
  look: Look,
  decision: Extract<Decision, { kind: 'wait' }>,
): Promise<Step> {
  const accounted = loop.context === 'refused' ? decision.accounted : undefined;
  if (accounted) {
    loop.baseline = extendBaseline(baseline, look, accounted);
    loop.suspect = false;
  }
  const readAt = loop.serviceClock?.runner ?? loop.deps.clock.now();
  loop.blocking = recordBlocker(
    loop,
    blockingOf({
      page: { totalCount: look.totalCount, changes: [...look.changes] },
      serviceTime: loop.serviceClock?.service,
      readAt,
    }),
  );
  await wait(loop, `No restart of this run's yet (${decision.why})`, {
    busy: true,
    next: accounted ? 'try' : 'look-up',
  });
  return accounted ? 'check' : 'settle';
}

/** Takes the one candidate as this run's restart, saying what is known of it. */
function adopt(loop: Loop, decision: Extract<Decision, { kind: 'adopt' }>): void {
  const { progress } = loop;
  const change = decision.change;
  progress.state = 'started';
  progress.changeId = change.changeId;
  if (change.createTime !== undefined) progress.startTime = String(change.createTime);
  progress.adopted = true;
  progress.adoption = adoptionWords(loop, decision);
  loop.deps.log(
    `Adopted change ${change.changeId} (${change.actionName || change.changeName || 'unnamed'}, created ` +
      `${isoTime(change.createTime) || 'at an unknown time'}) as this run's restart: ${progress.adoption}. ` +
      'RestartAppEnv is not sent again.',
  );
}

function adoptionWords(loop: Loop, decision: Extract<Decision, { kind: 'adopt' }>): string {
  const { change, newChanges } = decision;
  const attempt = `attempt ${loop.progress.attempts}`;
  const only =
    newChanges.length === 1
      ? 'it is the only change new since this run began'
      : `it is the only one of the ${newChanges.length} changes new since this run began that could be a restart`;
  const how =
    loop.context === 'refused' && !loop.unresolved
      ? `${attempt} was refused (${loop.lastFailure}), and a refusal can come after the service acted`
      : 'an attempt of this run got no trustworthy answer';
  const dated =
    change.createTime === undefined
      ? '; it carries no usable CreateTime'
      : loop.sentAt !== undefined && change.createTime < loop.sentAt - SEND_MARGIN_MS
        ? "; it is dated before that attempt by the service's clock"
        : '';
  return `${only}, and ${how}${dated}; it may also have been started by another run or by hand`;
}

interface WaitOptions {
  busy?: boolean;
  minMs?: number;
  next?: 'try' | 'look-up';
}

/** One delay of the loop: paced while busy, backed off otherwise; throws once the budget is spent. */
async function wait(loop: Loop, reason: string, options: WaitOptions = {}): Promise<void> {
  const { plan, deps, progress, baseline } = loop;
  const busy = options.busy ?? false;
  if (busy && !loop.blocking && !loop.baselinePaced && baseline && !loop.unresolved) {
    // The page read just before the first send shows the blocking change: pace by it, free.
    loop.baselinePaced = true;
    const { page, serviceTime, readAt } = baseline;
    loop.blocking = recordBlocker(loop, blockingOf({ page, serviceTime, readAt }));
    if (loop.blocking) deps.log(pacingNote(loop.blocking, deps.clock.now()));
  }
  if (busy) await stopIfPaused(loop);
  const now = deps.clock.now();
  const waited = now - loop.runStartedAt;
  if (busy && progress.blockedBy) progress.blockedBy.lastSeenAt = now;
  const proposed = Math.max(
    options.minMs ?? 0,
    busy ? loop.pacer.next(now, waited, loop.blocking) : loop.backoff.next(),
  );
  const slept = await sleepWithinBudget(
    { proposedMs: proposed, baseMs: plan.retry.retryBaseDelayMs, deadline: plan.deadline },
    deps,
    (delay) =>
      `${reason}: ${progress.attempts > 0 ? `attempt ${progress.attempts}; ` : ''}` +
      `next ${options.next ?? 'try'} in ${secs(delay)} ` +
      `(waited ${secs(waited)} of wait-timeout ${secs(plan.waitTimeoutMs)})`,
  );
  if (slept === undefined) throw exhausted(loop, reason);
  progress.waitedMs += slept;
}

/**
 * A paused change does not end by itself, so no wait can help: once a read of the change
 * confirms the pause, the step stops at once, naming the change and what to do. A read that
 * fails or shows it going on again lets the wait go on.
 */
async function stopIfPaused(loop: Loop): Promise<void> {
  const blocker = loop.blocking;
  if (!blocker?.paused || loop.pauseChecked.has(blocker.changeId)) return;
  loop.pauseChecked.add(blocker.changeId);
  const { plan, deps } = loop;
  const answer = await lookupCall(loop.reads, (t) =>
    deps.client.describeChange(plan.envId, blocker.changeId, t),
  );
  if (!answer.ok || !answer.value.paused || answer.value.finished) return;
  const c = answer.value;
  const kind = c.actionName || c.changeName || 'unnamed';
  const since = isoTime(c.updateTime);
  const what =
    `Environment ${plan.envId} is held by change ${c.changeId} (${kind}), paused` +
    `${since ? ` since ${since}` : ''} (created ${isoTime(c.createTime) || 'at an unknown time'}): ` +
    'a paused change does not end by itself, so no wait can help.';
  const todo =
    `Resume or abort change ${c.changeId} in the WebPlus console${plan.consoleUrl ? ` (${plan.consoleUrl})` : ''}, ` +
    'or resume it from a workflow with the resume-change-id input; then run this step again.';
  if (loop.unresolved)
    throw mayHaveStarted(loop, `${what} An earlier attempt went unanswered.`, todo);
  throw new ActionError(`${what} No restart was started.`, todo);
}

/**
 * Records the change that holds the environment, for the pacer and the report. The same change
 * read again keeps the object the pacer fitted its model to (a new one would refit it).
 */
function recordBlocker(loop: Loop, change: BlockingChange | undefined): BlockingChange | undefined {
  const known = loop.blocking;
  if (change && known?.changeId === change.changeId && known.paused === change.paused) {
    return known;
  }
  if (change) {
    const { changeId, actionName, createdAt } = change;
    loop.progress.blockedBy = {
      changeId,
      actionName,
      createdAt,
      lastSeenAt: loop.deps.clock.now(),
    };
  }
  return change;
}

/** The service's clock now, estimated from the last answer's `Date` and the runner time since. */
function serviceNow(loop: Loop): number | undefined {
  const s = loop.serviceClock;
  return s && s.service + (loop.deps.clock.now() - s.runner);
}

function exhausted(loop: Loop, reason: string): ActionError {
  const { plan, deps, progress } = loop;
  const waited = secs(deps.clock.now() - loop.runStartedAt);
  const budget = `${secs(plan.waitTimeoutMs)}`;
  if (loop.unresolved || loop.suspect) {
    return new ActionError(
      `A RestartAppEnv request got no trustworthy answer, and within wait-timeout (waited ${waited} of ` +
        `${budget}) this step could not rule out that it took effect; last: ${loop.lastFailure || reason}. ` +
        'The restart may have started.',
      `Check environment ${plan.envId} in the WebPlus console before running this step again.`,
    );
  }
  if (loop.lastWasBusy) {
    return new ActionError(
      `Environment ${plan.envId} was still busy with another change (EnvOnChanging) after waiting ${waited} ` +
        `of wait-timeout ${budget} (${progress.attempts} attempts). No restart was started.`,
      'Raise wait-timeout, or run the step again once the ongoing change has finished.',
    );
  }
  return new ActionError(
    `Gave up after waiting ${waited} of wait-timeout ${budget} ` +
      `(${progress.attempts} attempts); last error: ${reason}. No restart was started.`,
    'The service or the network kept failing; run the step again later.',
  );
}

function mayHaveStarted(loop: Loop, why: string, hint?: string): ActionError {
  return new ActionError(
    `${why} The restart may have started.`,
    `Check environment ${loop.plan.envId} in the WebPlus console before running this step again.${hint ? ` ${hint}` : ''}`,
  );
}

function noBaseline(loop: Loop): ActionError {
  return mayHaveStarted(
    loop,
    `A RestartAppEnv request got no trustworthy answer (${loop.lastFailure}), and without reading the ` +
      "environment's changes before it (DescribeAppEnvStatus/DescribeChanges were refused) no look-up can settle it.",
    'Grant webplus:DescribeAppEnvStatus, webplus:DescribeChange and webplus:DescribeChanges so that an unanswered request can be settled.',
  );
}

/** A RAM policy that does not grant the call: the only refusal the loop works around. */
function isPermissionRefusal(code: string): boolean {
  return isPermissionCode(code);
}

function pacingNote(change: BlockingChange, now: number): string {
  const kind = change.actionName || 'unnamed';
  const past = change.pastDurationsMs;
  const low = secs(Math.min(...past));
  const high = secs(Math.max(...past));
  const history =
    past.length === 0
      ? `no earlier ${kind} change to compare with`
      : `${past.length} earlier ${kind} change(s) took ${low === high ? low : `${low} to ${high}`}`;
  return (
    `Blocking change ${change.changeId} (${kind}) is ${change.paused ? 'paused' : 'running'}, ` +
    `created ${secs(Math.max(0, now - change.createdAt))} ago; ${history}. Retries are paced by that.`
  );
}
