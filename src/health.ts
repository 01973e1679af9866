/**
 * After the restart change succeeded: polls DescribeAppEnvStatus until its InstanceAppStatus
 * shows at least one healthy instance and no unhealthy, stopped or unknown one, within
 * health-timeout. DescribeAppEnvInstanceHealth tells whether health checks are on, and names
 * the instances, where the RAM identity may call it.
 */
import { createBackoff, type Random } from './backoff.js';
import { raceAbort, sleepWithinBudget, type Clock } from './clock.js';
import { ActionError, hintFor, isRefusal } from './errors.js';
import { describeFailure, secs } from './format.js';
import type { Failure } from './answers.js';
import type { InstanceCounts, WebPlusClient, WebPlusObserver } from './webplus-client.js';
import {
  backoffBoundsOf,
  callTimeout,
  createHeartbeat,
  forcedCallTimeout,
  MIN_CALL_MS,
  type RetryBudget,
} from './polling.js';

interface HealthPlan {
  /** retry-base-delay, retry-max-delay and request-timeout, as one value. */
  retry: RetryBudget;
  envId: string;
  healthTimeoutMs: number;
}

interface HealthDeps {
  client: Pick<WebPlusClient, 'describeAppEnvStatus'> & WebPlusObserver;
  clock: Clock;
  signal: AbortSignal;
  random?: Random;
  log: (line: string) => void;
  warning: (line: string) => void;
}

/** One instance as shown: serviceText already applied. */
export interface ShownInstance {
  instanceId: string;
  appStatus: string;
  agentStatus: string;
}

export interface Health {
  /** healthy: the condition held; timed-out: health-timeout ran out; disabled: checks are off. */
  status: 'healthy' | 'timed-out' | 'disabled';
  /** The last InstanceAppStatus read, if any. */
  counts: InstanceCounts | undefined;
  elapsedMs: number;
  /** From DescribeAppEnvInstanceHealth at the end; undefined when it could not be read. */
  instances: ShownInstance[] | undefined;
  /** Why the instances could not be listed (refused), or undefined. */
  instancesUnavailable: string | undefined;
}

export function notHealthy(counts: InstanceCounts): number {
  return counts.unhealthy + counts.stopped + counts.unknown;
}

function isHealthy(counts: InstanceCounts | undefined): boolean {
  return counts !== undefined && counts.healthy >= 1 && notHealthy(counts) === 0;
}

export function countsLine(c: InstanceCounts): string {
  return `${c.healthy} healthy, ${c.unhealthy} unhealthy, ${c.stopped} stopped, ${c.unknown} unknown`;
}

/** Instances named in one log line or annotation; the rest are counted ("… and N more"). */
export const MAX_NAMED_INSTANCES = 20;

/**
 * "i-1 (Unhealthy), i-2 (Stopped), … and N more": an environment of 15 000 instances must not
 * make a 500 KB annotation, so a list in a line is always capped.
 */
export function namedInstances(instances: ShownInstance[], max = MAX_NAMED_INSTANCES): string {
  const named = instances
    .slice(0, max)
    .map((i) => `${i.instanceId} (${i.appStatus || 'no status'})`)
    .join(', ');
  const more = instances.length - max;
  return more > 0 ? `${named}, … and ${more} more` : named;
}

/** Instances whose AppStatus does not read as healthy (the values are undocumented: compare loosely). */
export function unhealthyInstances(instances: ShownInstance[]): ShownInstance[] {
  return instances.filter((i) => !/^healthy$/i.test(i.appStatus));
}

export async function waitForHealthy(plan: HealthPlan, deps: HealthDeps): Promise<Health> {
  const { clock } = deps;
  const startedAt = clock.now();
  const deadline = startedAt + plan.healthTimeoutMs;
  // Every call ends by `deadline`: the polls by a second before it, kept for naming the
  // instances once the time is out.
  const pollDeadline = deadline - MIN_CALL_MS;
  /** The request-timeout cut to `end`; undefined when too little is left (unless `once`). */
  const timeout: CallTimeout = (end, once = false) =>
    callTimeout(plan.retry.requestTimeoutMs, end, clock.now()) ??
    (once ? forcedCallTimeout(plan.retry.requestTimeoutMs, deadline, clock.now()) : undefined);
  const names = createInstanceReader(plan, deps);

  const first = await names.list(timeout(pollDeadline, true));
  if (first.enabled === false) {
    deps.warning(
      `Environment ${plan.envId} has health checks turned off (EnableHealthCheck is false): not waiting for healthy instances.`,
    );
    return {
      status: 'disabled',
      counts: undefined,
      elapsedMs: clock.now() - startedAt,
      instances: first.instances,
      instancesUnavailable: names.unavailable(),
    };
  }

  const polled = await pollUntilHealthy(plan, deps, { startedAt, pollDeadline, timeout });
  const end = await names.list(timeout(deadline));
  return {
    status: polled.healthyAfterMs !== undefined ? 'healthy' : 'timed-out',
    counts: polled.counts,
    elapsedMs: polled.healthyAfterMs ?? clock.now() - startedAt,
    instances: end.instances,
    instancesUnavailable: names.unavailable(),
  };
}

/** The request-timeout cut to `end`; undefined when too little is left (unless `once`). */
type CallTimeout = (end: number, once?: boolean) => number | undefined;

/** What one DescribeAppEnvInstanceHealth told (nothing when it failed or was not made). */
interface InstanceList {
  instances: ShownInstance[] | undefined;
  enabled: boolean | undefined;
}

/**
 * Reads the instance list (DescribeAppEnvInstanceHealth). A refusal is said once and remembered
 * (`unavailable`): the list is not asked for again.
 */
function createInstanceReader(
  plan: HealthPlan,
  deps: HealthDeps,
): {
  list: (timeoutMs: number | undefined) => Promise<InstanceList>;
  unavailable: () => string | undefined;
} {
  const { client, signal, log } = deps;
  let instancesUnavailable: string | undefined;
  const none: InstanceList = { instances: undefined, enabled: undefined };
  /** The instance list, or undefined (refused: said once; no time left; anything else: not now). */
  const list = async (timeoutMs: number | undefined): Promise<InstanceList> => {
    if (instancesUnavailable !== undefined) return none;
    if (timeoutMs === undefined) {
      log('No time was left before health-timeout to name the instances.');
      return none;
    }
    const answer = await raceAbort(
      client.describeAppEnvInstanceHealth(plan.envId, timeoutMs),
      signal,
    );
    if (answer.ok) {
      return {
        enabled: answer.value.enableHealthCheck,
        instances: answer.value.instances,
      };
    }
    const failure = answer.failure;
    if (isRefusal(failure)) {
      instancesUnavailable = `DescribeAppEnvInstanceHealth was refused (${failure.code})`;
      log(
        `${instancesUnavailable}: instances are not named. Grant webplus:DescribeAppEnvInstanceHealth to see them.`,
      );
    } else {
      log(`DescribeAppEnvInstanceHealth: ${describeFailure(failure)}`);
    }
    return none;
  };
  return { list, unavailable: () => instancesUnavailable };
}

/**
 * Polls DescribeAppEnvStatus until the counts read healthy or `pollDeadline` comes. Returns the
 * last counts and, when healthy, how long after `startedAt` the healthy answer came.
 */
async function pollUntilHealthy(
  plan: HealthPlan,
  deps: HealthDeps,
  times: { startedAt: number; pollDeadline: number; timeout: CallTimeout },
): Promise<{ counts: InstanceCounts | undefined; healthyAfterMs: number | undefined }> {
  const { client, clock, signal, log } = deps;
  const { startedAt, pollDeadline, timeout } = times;
  const backoff = createBackoff(backoffBoundsOf(plan.retry), deps.random);
  let counts: InstanceCounts | undefined;
  let lastLine = '';
  const heartbeat = createHeartbeat(startedAt);
  let polled = false;
  for (;;) {
    const now = clock.now();
    if (polled) {
      const proposed = Math.min(
        backoff.next(),
        Math.max(plan.retry.retryBaseDelayMs, heartbeat.dueAt() - now),
      );
      const slept = await sleepWithinBudget(
        { proposedMs: proposed, baseMs: plan.retry.retryBaseDelayMs, deadline: pollDeadline },
        { clock, signal, log: deps.log },
      );
      if (slept === undefined) break;
    }
    const timeoutMs = timeout(pollDeadline, !polled);
    if (timeoutMs === undefined) break;
    polled = true;
    const answer = await raceAbort(client.describeAppEnvStatus(plan.envId, timeoutMs), signal);
    const elapsed = clock.now() - startedAt;
    if (!answer.ok) {
      logStatusFailure(answer.failure, elapsed, log);
      heartbeat.printed(clock.now());
      continue;
    }
    counts = answer.value.instances;
    const line = counts ? countsLine(counts) : 'no InstanceAppStatus in the answer';
    if (line !== lastLine) {
      log(`Instances: ${line} (${secs(elapsed)} elapsed)`);
      lastLine = line;
      heartbeat.printed(clock.now());
      backoff.reset();
    } else if (heartbeat.isDue(clock.now())) {
      log(`Instances: still ${line} (${secs(elapsed)} elapsed)`);
      heartbeat.printed(clock.now());
    }
    if (isHealthy(counts)) return { counts, healthyAfterMs: elapsed };
  }
  return { counts, healthyAfterMs: undefined };
}

/** A refusal ends the wait (asking again will not help); anything else is logged and retried. */
function logStatusFailure(failure: Failure, elapsed: number, log: (line: string) => void): void {
  const text = describeFailure(failure);
  if (isRefusal(failure)) {
    throw new ActionError(
      `DescribeAppEnvStatus failed while waiting for healthy instances: ${text}.`,
      hintFor(failure.code),
    );
  }
  log(`DescribeAppEnvStatus: ${text}; retrying (${secs(elapsed)} elapsed)`);
}
