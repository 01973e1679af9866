/**
 * The restart loop's reads of the environment: the baseline before the first send, the look-up
 * that settles an attempt, and the one-page check made before sending again after a refusal.
 * Every read starts before the phase's deadline or not at all, with its time-out cut to what is
 * left; what the reads mean is decided in src/settle.ts.
 */
import { raceAbort, type Clock } from './clock.js';
import { blockingChangeOf, HISTORY_PAGE_SIZE, type BlockingChange } from './pacing.js';
import { forcedCallTimeout } from './polling.js';
import type { Baseline, Look } from './settle.js';
import type { Answer, Failure } from './answers.js';
import type { ChangeInfo, ChangePage, WebPlusClient } from './webplus-client.js';

/** Changes read per DescribeChanges page by the baseline and the look-up. */
const SETTLE_PAGE_SIZE = 50;
/** Pages one look-up reads at the most (500 changes): past that it stays undecided. */
const SETTLE_MAX_PAGES = 10;

export interface LookupDeps {
  client: WebPlusClient;
  clock: Clock;
  signal: AbortSignal;
  envId: string;
  /** No read starts after it (runner's monotonic clock). */
  deadline: number;
  /** The time-out of the next call: request-timeout cut to what is left before the deadline. */
  timeout: () => number;
  /** Called with every answer (the restart loop keeps the service's clock from their `Date`). */
  onAnswer: <T>(answer: Answer<T>) => Answer<T>;
}

/**
 * The reads of one phase within its deadline: each call's time-out is request-timeout cut to
 * what is left before the deadline, and at least a second.
 */
export function lookupDeps(
  deps: { client: WebPlusClient; clock: Clock; signal: AbortSignal },
  plan: { envId: string; deadline: number; retry: { requestTimeoutMs: number } },
  onAnswer: LookupDeps['onAnswer'],
): LookupDeps {
  return {
    client: deps.client,
    clock: deps.clock,
    signal: deps.signal,
    envId: plan.envId,
    deadline: plan.deadline,
    timeout: () => forcedCallTimeout(plan.retry.requestTimeoutMs, plan.deadline, deps.clock.now()),
    onAnswer,
  };
}

/** Calls one request, unless the deadline has passed: no read starts after it. */
export async function lookupCall<T>(
  deps: LookupDeps,
  request: (timeoutMs: number) => Promise<Answer<T>>,
): Promise<Answer<T>> {
  if (deps.clock.now() > deps.deadline) {
    return { ok: false, failure: { kind: 'not-sent', message: 'wait-timeout reached' } };
  }
  return deps.onAnswer(await raceAbort(request(deps.timeout()), deps.signal));
}

/** A change the service named but cannot describe yet: its lists and reads may lag. */
function notYetVisible(failure: Failure): boolean {
  return failure.kind === 'api' && failure.code === 'ChangeNotExists';
}

/** A read's value, or the failure that stopped it. */
type ReadResult<T> = { ok: true; value: T } | { ok: false; failure: Failure };

function readPage(deps: LookupDeps, number: number, size = SETTLE_PAGE_SIZE) {
  return lookupCall(deps, (t) => deps.client.describeChanges(deps.envId, { size, number }, t));
}

/**
 * The environment before the first send: its latest change, its count, the first page and,
 * when there are more, the last page, so that new changes are met next to known ones in either
 * list order. Three calls at most.
 */
export async function readBaseline(deps: LookupDeps): Promise<ReadResult<Baseline>> {
  const status = await lookupCall(deps, (t) => deps.client.describeAppEnvStatus(deps.envId, t));
  if (!status.ok) return status;
  const first = await readPage(deps, 1);
  if (!first.ok) return first;
  const readAt = deps.clock.now();
  const changes = new Map(first.value.changes.map((c) => [c.changeId, c]));
  const lastPage = Math.ceil(first.value.totalCount / SETTLE_PAGE_SIZE);
  if (lastPage > 1) {
    const last = await readPage(deps, lastPage);
    if (!last.ok) return last;
    for (const c of last.value.changes) changes.set(c.changeId, c);
  }
  const listed = changes.size;
  const latestId = status.value.latestChangeId;
  if (latestId && !changes.has(latestId)) {
    const answer = await lookupCall(deps, (t) =>
      deps.client.describeChange(deps.envId, latestId, t),
    );
    if (!answer.ok && !notYetVisible(answer.failure)) return answer;
    if (answer.ok) changes.set(latestId, answer.value);
  }
  const known = new Set(changes.keys());
  if (latestId) known.add(latestId);
  const times = [...changes.values()].flatMap((c) =>
    c.createTime !== undefined ? [c.createTime] : [],
  );
  return {
    ok: true,
    value: {
      known,
      totalCount: first.value.totalCount,
      complete: listed >= first.value.totalCount,
      newestCreateTime: times.length > 0 ? Math.max(...times) : undefined,
      page: first.value,
      serviceTime: first.serviceTime,
      readAt,
    },
  };
}

/**
 * The look-up: status, the first page, then pages from the last back until as many unknown
 * changes are listed as the count grew by (or more: then it stops, undecided), and the latest
 * change when no page listed it.
 */
export async function readLook(deps: LookupDeps, baseline: Baseline): Promise<ReadResult<Look>> {
  const status = await lookupCall(deps, (t) => deps.client.describeAppEnvStatus(deps.envId, t));
  if (!status.ok) return status;
  const first = await readPage(deps, 1);
  if (!first.ok) return first;
  const seen = new Map(first.value.changes.map((c) => [c.changeId, c]));
  const totalCount = first.value.totalCount;
  const growth = totalCount - baseline.totalCount;
  const unknownCount = () => [...seen.keys()].filter((id) => !baseline.known.has(id)).length;
  const lastPage = Math.ceil(totalCount / SETTLE_PAGE_SIZE);
  for (
    let number = lastPage, pagesRead = 1;
    number > 1 && pagesRead < SETTLE_MAX_PAGES;
    number--, pagesRead++
  ) {
    if (unknownCount() >= growth) break;
    const page = await readPage(deps, number);
    if (!page.ok) return page;
    for (const c of page.value.changes) seen.set(c.changeId, c);
  }
  const latestId = status.value.latestChangeId;
  let latestHidden = false;
  if (latestId && !baseline.known.has(latestId) && !seen.has(latestId)) {
    const answer = await lookupCall(deps, (t) =>
      deps.client.describeChange(deps.envId, latestId, t),
    );
    if (!answer.ok && !notYetVisible(answer.failure)) return answer;
    if (answer.ok) seen.set(latestId, answer.value);
    else latestHidden = true;
  }
  return {
    ok: true,
    value: {
      totalCount,
      latestChangeId: latestId,
      applyingChange: status.value.applyingChange,
      changes: [...seen.values()],
      latestHidden,
    },
  };
}

/** A page with when it came, to date its changes on the runner's clock. */
interface DatedPage {
  page: ChangePage;
  serviceTime: number | undefined;
  readAt: number;
}

/** The check before sending again after a refusal: one page, also the pacing read. */
export async function readCheck(deps: LookupDeps): Promise<ReadResult<DatedPage>> {
  const answer = await readPage(deps, 1, HISTORY_PAGE_SIZE);
  if (!answer.ok) return answer;
  return {
    ok: true,
    value: { page: answer.value, serviceTime: answer.serviceTime, readAt: deps.clock.now() },
  };
}

/**
 * The change that holds the environment as a page shows it, its times moved from the service's
 * clock to the runner's by the answer's `Date`, so that a skewed service clock does not skew
 * the change's age. Undefined when the page shows none running.
 */
export function blockingOf(dated: DatedPage): BlockingChange | undefined {
  const offset = dated.serviceTime !== undefined ? dated.readAt - dated.serviceTime : 0;
  return blockingChangeOf(onRunnerClock(dated.page.changes, offset), dated.readAt);
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
