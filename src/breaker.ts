/**
 * The circuit breaker of a rolling restart (`stop-on-unhealthy`). Instances healthy before the
 * restart that the change takes down and that stay not healthy for `health-timeout` stop the
 * change (AbortChange) before more batches go down. An instance already unhealthy before the
 * restart never counts: restarting it may be the very reason for the run.
 */
import { abortChange, type AbortResult } from './abort.js';
import type { Clock } from './clock.js';
import { unhealthyInstances, type ShownInstance } from './health.js';
import type { WebPlusClient, WebPlusControl, WebPlusObserver } from './webplus-client.js';

/** Instances named in a line at the most. */
const BREAKER_NAMED = 20;

interface BreakerPlan {
  envId: string;
  changeId: string;
  healthTimeoutMs: number;
  /** Instances that read healthy before the restart was sent. */
  healthyBefore: ReadonlySet<string>;
}

interface BreakerDeps {
  client: WebPlusClient & WebPlusObserver & WebPlusControl;
  clock: Clock;
  log: (line: string) => void;
}

export interface Tripped {
  /** The instances that stayed down, with their status (at most BREAKER_NAMED). */
  instances: ShownInstance[];
  /** How many stayed down in all. */
  count: number;
  abort: AbortResult;
}

interface Breaker {
  /** One read of the instances; trips (and aborts the change) when one stayed down too long. */
  watch(timeoutMs: number): Promise<void>;
  tripped(): Tripped | undefined;
}

/** Instances down since when (runner's clock), among those healthy before: bounded by that set. */
export function stayedDown(
  downSince: Map<string, number>,
  instances: readonly ShownInstance[],
  healthyBefore: ReadonlySet<string>,
  now: number,
  limitMs: number,
): ShownInstance[] {
  const down = new Set(unhealthyInstances([...instances]).map((i) => i.instanceId));
  for (const id of [...downSince.keys()]) if (!down.has(id)) downSince.delete(id);
  const over: ShownInstance[] = [];
  for (const i of instances) {
    if (!down.has(i.instanceId) || !healthyBefore.has(i.instanceId)) continue;
    const since = downSince.get(i.instanceId) ?? now;
    downSince.set(i.instanceId, since);
    if (now - since >= limitMs) over.push(i);
  }
  return over;
}

export function createBreaker(plan: BreakerPlan, deps: BreakerDeps): Breaker {
  const downSince = new Map<string, number>();
  let tripped: Tripped | undefined;
  return {
    tripped: () => tripped,
    async watch(timeoutMs) {
      if (tripped) return;
      const answer = await deps.client.describeAppEnvInstanceHealth(plan.envId, timeoutMs);
      if (!answer.ok) return;
      const over = stayedDown(
        downSince,
        answer.value.instances,
        plan.healthyBefore,
        deps.clock.now(),
        plan.healthTimeoutMs,
      );
      if (over.length === 0) return;
      const named = over.slice(0, BREAKER_NAMED);
      deps.log(
        `Instances ${named.map((i) => i.instanceId).join(', ')}${over.length > named.length ? ` and ${over.length - named.length} more` : ''} ` +
          `have not been healthy for health-timeout since the restart took them down: aborting change ${plan.changeId} before more batches go down.`,
      );
      const abort = await abortChange(plan.envId, plan.changeId, deps, timeoutMs);
      tripped = { instances: named, count: over.length, abort };
      deps.log(`AbortChange for ${plan.changeId}: ${abort.kind} (${abort.detail}).`);
    },
  };
}
