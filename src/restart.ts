/**
 * The restart loop: send RestartAppEnv, wait out EnvOnChanging (paced by src/pacing.ts from what
 * DescribeChanges tells of the blocking change), retry transient failures, and never send it
 * again while an earlier attempt may still take effect: the call is not idempotent.
 *
 * Exactly-once rests on identity, not on time (docs/design.md has the states and the table of
 * moves). Before the first send the loop notes what the environment holds (its baseline: the
 * latest change, the change count and the first page of changes). After an attempt that got no
 * trustworthy answer, `settle` decides from what the service lists: a change is this run's
 * restart only if it is on this environment, names a restart, and was not there before.
 * Service times are compared only with service times (the `Date` of its answers).
 */
import { createBackoff, type Random } from './backoff.js';
import { isAbort, raceAbort, sleepWithinBudget, type Clock } from './clock.js';
import { ActionError, dispositionOf, hintFor } from './errors.js';
import type { BatchSettings } from './inputs.js';
import {
  blockingChangeOf,
  createWaitPacer,
  HISTORY_PAGE_SIZE,
  type BlockingChange,
} from './pacing.js';
import { describeFailure, isoTime, secs } from './format.js';
import type { Answer, ChangeInfo, ChangePage, Failure, WebPlusClient } from './webplus-client.js';

/** Changes read per DescribeChanges page when settling an attempt. */
export const SETTLE_PAGE_SIZE = 50;
/** Pages read at most by one settling look-up (500 changes): past that it stays unsettled. */
export const SETTLE_MAX_PAGES = 10;
/** The least time between an unanswered attempt and the look-up that may allow a resend. */
export const SETTLE_MS = 2000;
/**
 * How much earlier than its estimated send time (on the service's clock) a change may be dated
 * and still count as an unanswered attempt's: the `Date` header's one-second resolution plus
 * the time a request takes to arrive.
 */
export const SEND_MARGIN_MS = 2000;

export interface RestartPlan {
  envId: string;
  batch: BatchSettings;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  requestTimeoutMs: number;
  /** Epoch ms at which no new request may start: run start + wait-timeout. */
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

export type RestartState = 'not-started' | 'in-flight' | 'unknown' | 'started';

/** What the run knows about the restart, kept current so a cancellation can report it. */
export interface RestartProgress {
  /** RestartAppEnv calls sent. */
  attempts: number;
  state: RestartState;
  changeId?: string;
  startTime?: string;
  requestId?: string;
  /** True when the change was found by a look-up after an unanswered attempt. */
  adopted?: boolean;
  /** Time spent in delays. */
  waitedMs: number;
  /** The change that held the environment, as the loop last read it (runner's clock). */
  blockedBy?: { changeId: string; actionName: string; createdAt: number; lastSeenAt: number };
  /** The page read before the first send: earlier changes, to pace the completion wait. */
  history?: { changes: ChangeInfo[]; serviceTime?: number; readAt: number };
}

export function newProgress(): RestartProgress {
  return { attempts: 0, state: 'not-started', waitedMs: 0 };
}

/** What the environment held before the first RestartAppEnv. */
interface Baseline {
  /** Change IDs seen before the first send (the first page and the latest change). */
  known: Set<string>;
  totalCount: number;
  /** CreateTime of the latest change (service clock); undefined when there was none. */
  latestCreateTime: number | undefined;
  /** The first page, kept to pace the first EnvOnChanging without reading it again. */
  page: ChangePage;
  serviceTime: number | undefined;
  /** When the page came, on the runner's clock (with serviceTime: the clocks' offset). */
  readAt: number;
}

/** The verdict of a look-up after an unanswered attempt. */
export type Settlement =
  /** This run's restart: new since the baseline, on this environment, a restart. */
  | { kind: 'ours'; change: ChangeInfo }
  /** More than one new restart could be this run's: never guess. */
  | { kind: 'ambiguous'; changes: ChangeInfo[] }
  /** Every new change accounted for, none a restart, the environment idle: may resend. */
  | { kind: 'idle' }
  /** No restart of ours yet, but the environment is busy or the list could not be accounted for. */
  | { kind: 'pending'; why: string; changes: ChangeInfo[] }
  /** A look-up call failed. */
  | { kind: 'error'; failure: Failure };

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
  const pacer = createWaitPacer(bounds, deps.random);
  let blocking: BlockingChange | undefined;
  /** The change that holds the environment, for the pacer and for the report. */
  const blockedBy = (change: BlockingChange | undefined): BlockingChange | undefined => {
    if (change) {
      const { changeId, actionName, createdAt } = change;
      progress.blockedBy = { changeId, actionName, createdAt, lastSeenAt: clock.now() };
    }
    return change;
  };
  let baseline: Baseline | undefined;
  /** False once the baseline was refused (RAM): then an unanswered attempt cannot be settled. */
  let canSettle = true;
  /**
   * The first unanswered attempt's send time on the service's clock (estimated from the last
   * answer's `Date` and the runner time elapsed since), less SEND_MARGIN_MS: no change dated
   * earlier can be its.
   */
  let unansweredAfter: number | undefined;
  /** True from the first attempt without a trustworthy answer: it may still take effect. */
  let unresolved = false;
  /** An unresolved attempt that no look-up has yet found idle: no resend before one does. */
  let mustSettle = false;
  /** The last answer's `Date` (service clock) and when it came (runner clock). */
  let lastServiceTime: { service: number; runner: number } | undefined;
  let lastFailure = '';
  let lastWasBusy = false;

  const note = <T>(answer: Answer<T>): Answer<T> => {
    if (answer.serviceTime !== undefined) {
      lastServiceTime = { service: answer.serviceTime, runner: clock.now() };
    }
    return answer;
  };
  const callTimeout = () =>
    Math.max(1000, Math.min(plan.requestTimeoutMs, plan.deadline - clock.now()));
  const lookups = {
    ...deps,
    envId: plan.envId,
    deadline: plan.deadline,
    timeout: callTimeout,
    note,
  };

  const wait = async (reason: string, busy = false, minMs = 0): Promise<void> => {
    if (busy && !blocking && progress.attempts === 1 && baseline && !unresolved) {
      // The page read just before the first send shows the blocking change: pace by it, free.
      blocking = blockedBy(await readBlocking(lookups, baseline));
      if (blocking) log(pacingNote(blocking, clock.now()));
    }
    const now = clock.now();
    const waited = now - runStartedAt;
    if (busy && progress.blockedBy) progress.blockedBy.lastSeenAt = now;
    const proposed = Math.max(minMs, busy ? pacer.next(now, waited, blocking) : backoff.next());
    const slept = await sleepWithinBudget(
      { proposedMs: proposed, baseMs: bounds.baseMs, deadline: plan.deadline },
      { clock, signal, log },
      (delay) =>
        `${reason}: ${progress.attempts > 0 ? `attempt ${progress.attempts}; ` : ''}` +
        `next ${mustSettle ? 'look-up' : 'try'} in ${secs(delay)} ` +
        `(waited ${secs(waited)} of wait-timeout ${secs(plan.waitTimeoutMs)})`,
    );
    if (slept === undefined) throw exhausted(reason);
    progress.waitedMs += slept;
  };

  const exhausted = (reason: string): ActionError => {
    const waited = secs(clock.now() - runStartedAt);
    if (unresolved) {
      return new ActionError(
        `A RestartAppEnv request got no trustworthy answer, and within wait-timeout (waited ${waited} of ` +
          `${secs(plan.waitTimeoutMs)}) this step could not rule out that it took effect; last: ${lastFailure}. ` +
          'The restart may have started.',
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

  const mayHaveStarted = (why: string, hint?: string): ActionError =>
    new ActionError(
      `${why} The restart may have started.`,
      `${hint ? `${hint} ` : ''}Check environment ${plan.envId} in the WebPlus console before running this step again.`,
    );

  const adopt = (change: ChangeInfo, how: string): void => {
    progress.state = 'started';
    progress.changeId = change.changeId;
    if (change.createTime !== undefined) progress.startTime = String(change.createTime);
    progress.adopted = true;
    log(
      `Adopted change ${change.changeId} (${change.actionName || change.changeName}, created ` +
        `${isoTime(change.createTime) || 'at an unknown time'}) as this run's restart: ${how}. ` +
        'RestartAppEnv is not sent again.',
    );
  };

  /**
   * Runs a look-up and acts on it: 'started' when it found this run's restart, 'waited' when it
   * waited (a failed look-up, a busy environment), 'idle' when the environment is idle and no
   * change of the unanswered attempt exists.
   */
  const settleAndAct = async (
    context: 'unanswered' | 'busy',
  ): Promise<'started' | 'waited' | 'idle'> => {
    if (!baseline) {
      throw mayHaveStarted(
        `A RestartAppEnv request got no trustworthy answer (${lastFailure}), and without reading the ` +
          "environment's changes before it (DescribeAppEnvStatus/DescribeChanges were refused) no look-up can settle it.",
        'Grant webplus:DescribeAppEnvStatus, webplus:DescribeChange and webplus:DescribeChanges so that an unanswered request can be settled.',
      );
    }
    const verdict = await settle(lookups, baseline, unansweredAfter);
    switch (verdict.kind) {
      case 'ours':
        adopt(
          verdict.change,
          context === 'busy'
            ? 'an earlier unanswered attempt took effect late and now holds the environment'
            : 'the unanswered attempt took effect',
        );
        return 'started';
      case 'ambiguous':
        throw mayHaveStarted(
          `Changes ${verdict.changes.map((c) => c.changeId).join(', ')} are all new restarts of ${plan.envId}, ` +
            'and one of them may be this run’s unanswered attempt: this step cannot tell which.',
        );
      case 'error': {
        const failure = verdict.failure;
        lastFailure = describeFailure(failure);
        if (failure.kind === 'api' && dispositionOf(failure.code, failure.status) === 'fatal') {
          throw mayHaveStarted(
            `A RestartAppEnv request got no trustworthy answer, and the look-up that would settle it was refused: ${lastFailure}.`,
            hintFor(failure.code),
          );
        }
        await wait(`Look-up failed (${lastFailure})`);
        return 'waited';
      }
      case 'pending':
        // Not ours yet, and no resend: the environment is busy or the list is not accounted for.
        if (!blocking) {
          const offset = lastServiceTime ? lastServiceTime.runner - lastServiceTime.service : 0;
          blocking = blockedBy(
            blockingChangeOf(onRunnerClock(verdict.changes, offset), clock.now()),
          );
        }
        lastWasBusy = false;
        await wait(`No restart of this run's yet (${verdict.why})`, true);
        return 'waited';
      case 'idle':
        if (context === 'unanswered') {
          mustSettle = false;
          log(
            'A look-up found no change started by the unanswered attempt and the environment idle; sending RestartAppEnv again.',
          );
        }
        return 'idle';
    }
  };

  for (;;) {
    if (!baseline && canSettle && !unresolved && clock.now() >= plan.deadline) {
      // No time is left to settle an unanswered attempt: the one try goes without a baseline.
      canSettle = false;
    }
    if (!baseline && canSettle && !unresolved) {
      const read = await readBaseline(lookups);
      if ('baseline' in read) {
        baseline = read.baseline;
        progress.history = { changes: baseline.page.changes, readAt: baseline.readAt };
        if (baseline.serviceTime !== undefined) progress.history.serviceTime = baseline.serviceTime;
      } else if (read.failure.kind === 'api' && isPermissionRefusal(read.failure.code)) {
        canSettle = false;
        log(
          `Reading the environment before the restart was refused (${describeFailure(read.failure)}): ` +
            'if a RestartAppEnv request goes unanswered, this run stops instead of settling it.',
        );
      } else if (
        read.failure.kind === 'api' &&
        dispositionOf(read.failure.code, read.failure.status) === 'fatal'
      ) {
        // Bad keys, a wrong env-id or region: RestartAppEnv would be refused the same way.
        throw new ActionError(
          `Reading environment ${plan.envId} failed: ${describeFailure(read.failure)}. No restart was started.`,
          hintFor(read.failure.code),
        );
      } else {
        await wait(`Reading the environment failed (${describeFailure(read.failure)})`);
        continue;
      }
    }
    if (mustSettle) {
      const settled = await settleAndAct('unanswered');
      if (settled === 'started') return;
      if (settled === 'waited') continue;
    }

    if (progress.attempts > 0 && clock.now() > plan.deadline) {
      throw exhausted(lastFailure || 'wait-timeout reached');
    }
    if (lastWasBusy && !unresolved && pacer.shouldRead(clock.now() - runStartedAt)) {
      // This try is one DescribeChanges read instead (src/pacing.ts): while the page shows the
      // environment still held, no RestartAppEnv is sent.
      blocking = blockedBy(await readBlocking(lookups, undefined));
      if (blocking) {
        log(pacingNote(blocking, clock.now()));
        await wait('EnvOnChanging (the blocking change is still running)', true);
        continue;
      }
    }
    progress.attempts += 1;
    progress.state = 'in-flight';
    const sentAfter =
      lastServiceTime &&
      lastServiceTime.service + (clock.now() - lastServiceTime.runner) - SEND_MARGIN_MS;
    const answer = note(
      await raceAbort(client.restartAppEnv(plan.envId, plan.batch, plan.requestTimeoutMs), signal),
    );
    if (answer.ok && !baseline?.known.has(answer.value.changeId)) {
      progress.state = 'started';
      progress.changeId = answer.value.changeId;
      progress.requestId = answer.requestId;
      if (answer.value.startTime !== undefined) progress.startTime = answer.value.startTime;
      return;
    }
    const failure: Failure = answer.ok
      ? {
          kind: 'malformed',
          message: `the answer names change ${answer.value.changeId}, which existed before this run`,
          requestId: answer.requestId,
        }
      : answer.failure;
    lastFailure = describeFailure(failure);
    lastWasBusy = false;
    if (failure.kind === 'unknown' || failure.kind === 'malformed') {
      // Sent and maybe acted upon: settle it before anything is sent again.
      if (!unresolved) unansweredAfter = sentAfter;
      unresolved = true;
      mustSettle = true;
      progress.state = 'unknown';
      if (!baseline) {
        await settleAndAct('unanswered'); // throws: nothing to settle against
      }
      await wait(
        `No trustworthy answer (${lastFailure}); looking up the environment`,
        false,
        SETTLE_MS,
      );
      continue;
    }
    progress.state = unresolved ? 'unknown' : 'not-started';
    if (failure.kind === 'not-sent') {
      await wait(`Request not sent (${failure.message})`);
      continue;
    }
    const disposition = dispositionOf(failure.code, failure.status);
    if (disposition === 'fatal') {
      if (unresolved)
        throw mayHaveStarted(
          `RestartAppEnv failed: ${lastFailure}; an earlier attempt went unanswered.`,
          hintFor(failure.code),
        );
      throw new ActionError(`RestartAppEnv failed: ${lastFailure}`, hintFor(failure.code));
    }
    if (disposition === 'wait') {
      lastWasBusy = true;
      // An earlier attempt went unanswered: the change that holds the environment may be it.
      if (unresolved) {
        const settled = await settleAndAct('busy');
        if (settled === 'started') return;
        if (settled === 'waited') continue;
      }
    }
    await wait(
      disposition === 'wait'
        ? 'EnvOnChanging (another change is running)'
        : `Transient error ${failure.code}`,
      disposition === 'wait',
    );
  }
}

interface LookupDeps extends RestartDeps {
  envId: string;
  deadline: number;
  timeout: () => number;
  note: <T>(answer: Answer<T>) => Answer<T>;
}

/** Calls one look-up request, unless the deadline has passed: no request starts after it. */
async function lookupCall<T>(
  deps: LookupDeps,
  request: (timeoutMs: number) => Promise<Answer<T>>,
): Promise<Answer<T>> {
  if (deps.clock.now() > deps.deadline) {
    return { ok: false, failure: { kind: 'not-sent', message: 'wait-timeout reached' } };
  }
  return deps.note(await raceAbort(request(deps.timeout()), deps.signal));
}

/** The environment before the first send: its latest change, its count and first page. */
async function readBaseline(
  deps: LookupDeps,
): Promise<{ baseline: Baseline } | { failure: Failure }> {
  const { client, envId } = deps;
  const status = await lookupCall(deps, (t) => client.describeAppEnvStatus(envId, t));
  if (!status.ok) return { failure: status.failure };
  const page = await lookupCall(deps, (t) =>
    client.describeChanges(envId, { size: SETTLE_PAGE_SIZE, number: 1 }, t),
  );
  if (!page.ok) return { failure: page.failure };
  const known = new Set(page.value.changes.map((c) => c.changeId));
  const latestId = status.value.latestChangeId;
  let latest = page.value.changes.find((c) => c.changeId === latestId);
  if (latestId && !latest) {
    const read = await lookupCall(deps, (t) => client.describeChange(envId, latestId, t));
    // Not readable yet (read-after-write): the newest CreateTime on the page stands in.
    if (!read.ok && !notYetVisible(read.failure)) return { failure: read.failure };
    if (read.ok) latest = read.value;
  }
  if (latestId) known.add(latestId);
  // Without the latest change's CreateTime, fall back on the newest CreateTime seen.
  const times = [latest, ...page.value.changes].flatMap((c) =>
    c?.createTime !== undefined ? [c.createTime] : [],
  );
  return {
    baseline: {
      known,
      totalCount: page.value.totalCount,
      latestCreateTime: times.length > 0 ? Math.max(...times) : undefined,
      page: page.value,
      serviceTime: page.serviceTime,
      readAt: deps.clock.now(),
    },
  };
}

/**
 * After an unanswered attempt: has a restart of this environment appeared that was not there
 * before (ours), or is the environment idle with every new change accounted for (may resend)?
 * Pages are read until the growth of TotalCount is accounted for, in whatever order the service
 * lists them: the first page, then from the last page back.
 */
export async function settle(
  deps: LookupDeps,
  baseline: Baseline,
  unansweredAfter: number | undefined,
): Promise<Settlement> {
  const { client, envId } = deps;
  const status = await lookupCall(deps, (t) => client.describeAppEnvStatus(envId, t));
  if (!status.ok) return { kind: 'error', failure: status.failure };
  const isNew = (c: ChangeInfo) =>
    !baseline.known.has(c.changeId) &&
    (baseline.latestCreateTime === undefined ||
      (c.createTime !== undefined && c.createTime >= baseline.latestCreateTime));
  const seen = new Map<string, ChangeInfo>();
  let total: number | undefined;
  let pagesRead = 0;
  const order = [1];
  for (let i = 0; i < order.length && pagesRead < SETTLE_MAX_PAGES; i++) {
    const number = order[i] ?? 1;
    const page = await lookupCall(deps, (t) =>
      client.describeChanges(envId, { size: SETTLE_PAGE_SIZE, number }, t),
    );
    if (!page.ok) return { kind: 'error', failure: page.failure };
    pagesRead += 1;
    for (const c of page.value.changes) seen.set(c.changeId, c);
    if (total === undefined) {
      total = page.value.totalCount;
      const last = Math.ceil(total / SETTLE_PAGE_SIZE);
      for (let p = last; p > 1; p--) order.push(p);
    }
    const found = [...seen.values()].filter(isNew).length;
    if (found >= total - baseline.totalCount) break;
  }
  const latestId = status.value.latestChangeId;
  if (latestId && !baseline.known.has(latestId) && !seen.has(latestId)) {
    const read = await lookupCall(deps, (t) => client.describeChange(envId, latestId, t));
    if (!read.ok && notYetVisible(read.failure)) {
      return {
        kind: 'pending',
        why: `the latest change ${latestId} is not readable yet`,
        changes: [...seen.values()],
      };
    }
    if (!read.ok) return { kind: 'error', failure: read.failure };
    seen.set(latestId, read.value);
  }
  const fresh = [...seen.values()].filter(isNew);
  const candidates = fresh.filter(
    (c) =>
      namesRestart(c) &&
      (unansweredAfter === undefined ||
        (c.createTime !== undefined && c.createTime >= unansweredAfter)),
  );
  const [only] = candidates;
  if (only && candidates.length === 1) return { kind: 'ours', change: only };
  if (candidates.length > 1) return { kind: 'ambiguous', changes: candidates };

  const changes = [...seen.values()];
  const growth = (total ?? 0) - baseline.totalCount;
  if (fresh.length < growth || growth < 0) {
    return {
      kind: 'pending',
      why: `${Math.max(0, growth - fresh.length)} new change(s) not found in the list`,
      changes,
    };
  }
  const running = changes.find((c) => !c.finished);
  if (status.value.applyingChange || running) {
    return {
      kind: 'pending',
      why: running
        ? `change ${running.changeId} (${running.actionName || 'unnamed'}) holds the environment`
        : 'the environment is applying a change',
      changes,
    };
  }
  return { kind: 'idle' };
}

/** A RAM policy that does not grant the call: the only refusal the loop works around. */
function isPermissionRefusal(code: string): boolean {
  return /^(NoPermission|Forbidden)/.test(code);
}

/** A change the service named but cannot describe yet: its lists and reads may lag. */
function notYetVisible(failure: Failure): boolean {
  return failure.kind === 'api' && failure.code === 'ChangeNotExists';
}

function namesRestart(c: ChangeInfo): boolean {
  return /restart/i.test(`${c.actionName} ${c.changeName}`);
}

/**
 * One DescribeChanges read, to pace the wait by the blocking change (its age, whether it is
 * paused, how long earlier changes of its kind took); the baseline's page when it is fresh.
 * Its times are moved onto the runner's clock by the answer's `Date`, so a skewed service
 * clock does not skew the change's age. Any failure only means blind pacing.
 */
async function readBlocking(
  deps: LookupDeps,
  fresh: Baseline | undefined,
): Promise<BlockingChange | undefined> {
  try {
    let page: ChangePage | undefined = fresh?.page;
    let serviceTime = fresh?.serviceTime;
    let readAt = fresh?.readAt ?? deps.clock.now();
    if (!page) {
      const answer = await lookupCall(deps, (t) =>
        deps.client.describeChanges(deps.envId, { size: HISTORY_PAGE_SIZE, number: 1 }, t),
      );
      if (!answer.ok) return undefined;
      page = answer.value;
      serviceTime = answer.serviceTime;
      readAt = deps.clock.now();
    }
    const offset = serviceTime !== undefined ? readAt - serviceTime : 0;
    return blockingChangeOf(onRunnerClock(page.changes, offset), readAt);
  } catch (error) {
    if (isAbort(error)) throw error;
    return undefined;
  }
}

/** Changes with their times moved from the service's clock to the runner's (`offset` = runner − service). */
function onRunnerClock(changes: readonly ChangeInfo[], offset: number): ChangeInfo[] {
  const shift = (t: number | undefined) => (t === undefined ? undefined : t + offset);
  return changes.map((c) => ({
    ...c,
    createTime: shift(c.createTime),
    finishTime: shift(c.finishTime),
  }));
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
