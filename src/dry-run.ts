/**
 * The dry run (`dry-run: true`): reads only. It checks what a real run would meet (credentials,
 * endpoint, the environment, each read permission, its state, any blocking change, instance
 * health) and says what a restart would do and what the wait is likely to cost, from the
 * environment's own history. It never sends RestartAppEnv, ResumeChange or AbortChange.
 */
import { hintFor, isRefusal } from './errors.js';
import { describeFailure, isoTime, secs } from './format.js';
import { unhealthyInstances } from './health.js';
import type { BatchSettings } from './inputs.js';
import { pastDurationsOf } from './pacing.js';
import type { Answer } from './answers.js';
import type { ChangeInfo, EnvStatus, WebPlusClient, WebPlusObserver } from './webplus-client.js';

interface DryRunPlan {
  envId: string;
  endpoint: string;
  batch: BatchSettings;
  requestTimeoutMs: number;
  resumeChangeId: string | undefined;
  consoleUrl: string;
}

interface DryRunDeps {
  client: WebPlusClient & WebPlusObserver;
}

type CheckStatus = 'ok' | 'failed' | 'warning' | 'not checked';

interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

export interface DryRunReport {
  checks: Check[];
  /** What a real run would do, in sentences. */
  plan: string[];
  /** No check failed: a real run could proceed. */
  proceed: boolean;
}

/** Earlier changes read for the history (one page). */
const HISTORY_SIZE = 50;
/** States in which the service accepts RestartAppEnv (or, busy, makes a run wait). */
const RESTARTABLE = /^(RUNNING|STOPPED|UPDATING)$/i;

type AddCheck = (name: string, status: CheckStatus, detail: string) => void;

export async function dryRun(plan: DryRunPlan, deps: DryRunDeps): Promise<DryRunReport> {
  const checks: Check[] = [];
  const lines: string[] = [];
  const add: AddCheck = (name, status, detail) => checks.push({ name, status, detail });
  const t = plan.requestTimeoutMs;
  const { client } = deps;

  const status = await client.describeAppEnvStatus(plan.envId, t);
  if (!status.ok) {
    add('Credentials, endpoint and environment', 'failed', refusal(status));
    for (const name of ['Read permissions', 'Blocking change', 'Instance health']) {
      add(name, 'not checked', 'the first read failed');
    }
    return finish(checks, lines);
  }
  add('Credentials and endpoint', 'ok', `signed requests to ${plan.endpoint} are accepted`);
  const size = environmentCheck(plan.envId, status.value, add);
  add('webplus:DescribeAppEnvStatus', 'ok', 'granted');

  const page = await client.describeChanges(plan.envId, { size: HISTORY_SIZE, number: 1 }, t);
  add(
    'webplus:DescribeChanges',
    page.ok ? 'ok' : permissionStatus(page),
    page.ok ? 'granted' : refusal(page),
  );
  const changes = page.ok ? page.value.changes : [];
  blockingCheck(changes, plan, page.serviceTime, add, lines);
  await changeReadChecks(plan, deps, status.value.latestChangeId, add);
  await healthCheck(plan, deps, add);

  if (plan.resumeChangeId) {
    await resumeCheck(plan, deps, add, lines);
  } else {
    add(
      'webplus:RestartAppEnv',
      'not checked',
      'cannot be checked without restarting: grant it as the README says',
    );
    lines.push(restartPlanOf(plan.batch, size), ...historyLines(changes));
  }
  return finish(checks, lines);
}

/** Whether the environment is in a restartable state; returns its instance count if known. */
function environmentCheck(envId: string, status: EnvStatus, add: AddCheck): number | undefined {
  const state = status.state ?? 'an unknown state';
  const counts = status.instances;
  const size = counts
    ? counts.healthy + counts.unhealthy + counts.stopped + counts.unknown
    : undefined;
  add(
    'Environment',
    RESTARTABLE.test(state) ? 'ok' : 'failed',
    `${envId} exists, ${state}${size !== undefined ? `, ${size} instance(s)` : ''}` +
      (RESTARTABLE.test(state) ? '' : ': only a running or stopped environment can be restarted'),
  );
  return size;
}

/** DescribeChange and DescribeEvents, tried on the latest change (there is none to try on a new environment). */
async function changeReadChecks(
  plan: DryRunPlan,
  deps: DryRunDeps,
  latest: string | undefined,
  add: AddCheck,
): Promise<void> {
  if (!latest) {
    add('webplus:DescribeChange', 'not checked', 'the environment has no change to read yet');
    add('webplus:DescribeEvents', 'not checked', 'the environment has no change to read yet');
    return;
  }
  const t = plan.requestTimeoutMs;
  const answer = await deps.client.describeChange(plan.envId, latest, t);
  add(
    'webplus:DescribeChange',
    answer.ok ? 'ok' : permissionStatus(answer),
    answer.ok ? 'granted' : refusal(answer),
  );
  const events = await deps.client.describeEvents(plan.envId, latest, t);
  add(
    'webplus:DescribeEvents',
    events.ok ? 'ok' : 'warning',
    events.ok ? 'granted' : `${refusal(events)}: a real run would not show the change's events`,
  );
}

async function healthCheck(plan: DryRunPlan, deps: DryRunDeps, add: AddCheck): Promise<void> {
  const health = await deps.client.describeAppEnvInstanceHealth(plan.envId, plan.requestTimeoutMs);
  if (health.ok) {
    const down = unhealthyInstances(health.value.instances);
    add(
      'Instance health',
      down.length === 0 ? 'ok' : 'warning',
      `${health.value.instances.length} instance(s), ${down.length} not healthy` +
        (health.value.enableHealthCheck === false ? ' (health checks are off)' : ''),
    );
  } else {
    add(
      'Instance health',
      'warning',
      `${refusal(health)}: wait-for-healthy would use the counts only`,
    );
  }
}

function finish(checks: Check[], plan: string[]): DryRunReport {
  return { checks, plan, proceed: !checks.some((c) => c.status === 'failed') };
}

/** A permission refusal is a failure; any other failure a warning (it may pass next time). */
function permissionStatus(answer: Answer<unknown>): CheckStatus {
  if (answer.ok) return 'ok';
  return isRefusal(answer.failure) ? 'failed' : 'warning';
}

function refusal(answer: Answer<unknown>): string {
  if (answer.ok) return '';
  const f = answer.failure;
  const hint = f.kind === 'api' ? hintFor(f.code) : undefined;
  return `${describeFailure(f)}${hint ? `. ${hint}` : ''}`;
}

/** The change holding the environment, as a real run would meet it. */
function blockingCheck(
  changes: readonly ChangeInfo[],
  plan: DryRunPlan,
  serviceTime: number | undefined,
  add: AddCheck,
  lines: string[],
): void {
  const current = changes.find((c) => !c.finished);
  if (!current) {
    add('Blocking change', 'ok', 'none: the environment is free');
    return;
  }
  const kind = current.actionName || current.changeName || 'unnamed';
  if (current.paused) {
    add(
      'Blocking change',
      'failed',
      `change ${current.changeId} (${kind}) is paused${current.updateTime ? ` since ${isoTime(current.updateTime)}` : ''}: ` +
        `a real run would stop at once. Resume or abort it in the WebPlus console (${plan.consoleUrl}), or resume it with resume-change-id`,
    );
    return;
  }
  const age =
    current.createTime !== undefined && serviceTime !== undefined
      ? ` for ${secs(Math.max(0, serviceTime - current.createTime))}`
      : '';
  add(
    'Blocking change',
    'warning',
    `change ${current.changeId} (${kind}) is running${age}: a real run would wait for it (EnvOnChanging)`,
  );
  const past = pastDurationsOf(changes, current.actionName, current.changeId);
  lines.push(
    past.length > 0
      ? `It would first wait for change ${current.changeId}: ${past.length} earlier ${kind} change(s) took ${range(past)}.`
      : `It would first wait for change ${current.changeId}; no earlier ${kind} change to tell how long.`,
  );
}

/** What RestartAppEnv would do with these batch settings. */
export function restartPlanOf(batch: BatchSettings, instances: number | undefined): string {
  const all = instances !== undefined ? `all ${instances} instance(s)` : 'all instances';
  if (batch.batchSize === undefined && batch.batchPercent === undefined) {
    return `A restart would restart ${all} at once.`;
  }
  const per =
    batch.batchSize !== undefined
      ? batch.batchSize
      : instances !== undefined
        ? Math.max(1, Math.ceil((instances * (batch.batchPercent ?? 100)) / 100))
        : undefined;
  const batches =
    per !== undefined && instances !== undefined ? Math.ceil(instances / per) : undefined;
  const what =
    batch.batchSize !== undefined
      ? `${batch.batchSize} instance(s)`
      : `${batch.batchPercent}% of the instances${per !== undefined ? ` (${per})` : ''}`;
  return (
    `A restart would restart ${all} in batches of ${what}` +
    `${batches !== undefined ? `, ${batches} batch(es)` : ''}` +
    `${batch.batchInterval !== undefined ? `, ${batch.batchInterval} s apart` : ''}` +
    `${batch.pauseBetweenBatches ? ', pausing after each batch until resumed' : ''}.`
  );
}

/** How long earlier restarts of the environment took. */
function historyLines(changes: readonly ChangeInfo[]): string[] {
  const restarts = changes.filter((c) => /restart/i.test(`${c.actionName} ${c.changeName}`));
  const kind = restarts[0]?.actionName;
  if (!kind) return ['No earlier restart on the first page of changes to tell how long one takes.'];
  const past = pastDurationsOf(changes, kind, '');
  if (past.length === 0) return ['No finished earlier restart to tell how long one takes.'];
  return [`${past.length} earlier restart(s) took ${range(past)}.`];
}

function range(durations: readonly number[]): string {
  const low = secs(Math.min(...durations));
  const high = secs(Math.max(...durations));
  return low === high ? low : `${low} to ${high}`;
}

/** With resume-change-id: is the change this environment's, and paused? */
async function resumeCheck(
  plan: DryRunPlan,
  deps: DryRunDeps,
  add: AddCheck,
  lines: string[],
): Promise<void> {
  const id = plan.resumeChangeId ?? '';
  const answer = await deps.client.describeChange(plan.envId, id, plan.requestTimeoutMs);
  if (!answer.ok) {
    add('Change to resume', 'failed', `change ${id}: ${refusal(answer)}`);
    return;
  }
  const c = answer.value;
  const ok = c.paused && !c.finished;
  add(
    'Change to resume',
    ok ? 'ok' : 'failed',
    `change ${id} (${c.actionName || 'unnamed'}) is ${c.finished ? 'finished' : c.paused ? 'paused' : 'running'}` +
      (ok ? '' : ': only a paused change can be resumed'),
  );
  add('webplus:ResumeChange', 'not checked', 'cannot be checked without resuming');
  if (ok) lines.push(`ResumeChange would let change ${id} go on with its remaining batches.`);
}
