/**
 * AbortChange for this run's own change: on cancellation (`abort-on-cancel`) and by the circuit
 * breaker (`stop-on-unhealthy`). It is sent at most once unless the transport says the first
 * never left the runner, and an answer that does not settle it is settled by one read of the
 * change. Its own time-out bounds it (a cancelled run has seconds left), never the run's signal.
 */
import { describeFailure } from './format.js';
import type { ChangeInfo, WebPlusClient, WebPlusControl } from './webplus-client.js';

export type AbortResult =
  /** The service took the abort (answered OK, or the change reads aborted or aborting). */
  | { kind: 'accepted'; detail: string }
  /** The service refused it, or the change had ended: nothing was aborted. */
  | { kind: 'refused'; detail: string }
  /** Neither an answer nor a read says. */
  | { kind: 'unknown'; detail: string };

interface AbortDeps {
  client: WebPlusClient & WebPlusControl;
}

/** What a read of the change says after an AbortChange that got no settling answer. */
export function abortReadOf(change: ChangeInfo): AbortResult {
  if (change.aborted) return { kind: 'accepted', detail: 'the change reads aborted' };
  if (change.finished) {
    return {
      kind: 'refused',
      detail: `the change had already ended (${change.succeeded ? 'succeeded' : 'failed'})`,
    };
  }
  return { kind: 'unknown', detail: 'the change still reads running' };
}

/**
 * Asks the service to abort `changeId` within `timeoutMs` in all (the first try gets most of
 * it, a read to settle the rest).
 */
export async function abortChange(
  envId: string,
  changeId: string,
  deps: AbortDeps,
  timeoutMs: number,
): Promise<AbortResult> {
  const first = Math.max(1000, Math.floor(timeoutMs * 0.6));
  let answer = await deps.client.abortChange(envId, changeId, first);
  if (!answer.ok && answer.failure.kind === 'not-sent') {
    // The transport's own evidence: nothing left the runner, so one more try is safe.
    answer = await deps.client.abortChange(envId, changeId, first);
  }
  if (answer.ok) return { kind: 'accepted', detail: 'AbortChange answered OK' };
  const failure = answer.failure;
  if (failure.kind === 'api' && failure.status !== undefined && failure.status < 500) {
    if (failure.code === 'ChangeOnAborting') {
      return { kind: 'accepted', detail: 'the change was already being aborted' };
    }
    return { kind: 'refused', detail: describeFailure(failure) };
  }
  const rest = Math.max(1000, timeoutMs - first);
  const check = await deps.client.describeChange(envId, changeId, rest);
  if (!check.ok) {
    return {
      kind: 'unknown',
      detail: `AbortChange: ${describeFailure(failure)}; the read to check failed: ${describeFailure(check.failure)}`,
    };
  }
  const result = abortReadOf(check.value);
  return { ...result, detail: `AbortChange: ${describeFailure(failure)}; ${result.detail}` };
}
