/** Outputs and the job summary. Knows nothing of how results came about. */
import { setOutput, summary as jobSummary } from './runner.js';
import { isoTime, secs } from './format.js';
import { notHealthy } from './health.js';
import { baselineRefusedWarning, type Outcome, type Stage } from './outcome.js';
import type { RestartProgress } from './restart.js';
import type { RunState } from './run-state.js';
import { renderSummary, type SummaryModel } from './summary.js';

export const ACTION_NAME = 'webplus-restart';

const STAGES: Stage[] = ['inputs', 'credentials', 'restart', 'completion', 'health'];

export function consoleUrl(envId: string, region: string | undefined): string {
  const query = new URLSearchParams({ envId, ...(region ? { regionId: region } : {}) });
  return `https://webplus.console.aliyun.com/#/env/detail?${query.toString()}`;
}

/** Outputs known once the restart has started: set at once, so a later failure keeps them. */
export function setStartOutputs(progress: RestartProgress): void {
  if (progress.changeId) setOutput('change-id', progress.changeId);
  if (progress.startTime) setOutput('start-time', progress.startTime);
  setOutput('request-id', progress.requestId ?? '');
  setOutput('attempts', String(progress.attempts));
}

/** What the summary shows of a run: the settings that shaped it, its outputs, what it saw. */
export function summaryModel(
  outcome: Outcome,
  state: RunState,
  input: (name: string) => string,
): SummaryModel {
  const s = state.settings;
  const p = state.progress;
  const envId = s?.envId ?? (input('env-id') || '(not given)');
  const model: SummaryModel = {
    envId,
    outcome,
    warnings: weakenedGuarantee(outcome, p) ? [baselineRefusedWarning(p.baselineRefused)] : [],
    settings: [
      ['Environment', `${envId}${s?.region ? ` (${s.region})` : ''}`],
      ['Rolling restart', rollingLine(state)],
      ['Time limits', limitsLine(state)],
    ],
    outputs: outputRows(state),
    // The change that held the environment is what the restart loop read, not a guess.
    timeline: p.blockedBy ? { ...state.timeline, blocking: p.blockedBy } : state.timeline,
    events: state.events?.events ?? [],
    links: [['Environment in the WebPlus console', consoleUrl(envId, s?.region)]],
  };
  addSeen(model, state);
  const run = runLink();
  if (run) model.links.push(['Workflow run', run]);
  return model;
}

/** The batch settings, when a restart was sent. */
function rollingLine(state: RunState): string {
  if (state.progress.attempts <= 0) return '';
  const b = state.settings?.batch ?? {};
  return [
    b.batchSize !== undefined ? `${b.batchSize} instance(s) per batch` : '',
    b.batchPercent !== undefined ? `${b.batchPercent}% of the instances per batch` : '',
    b.batchInterval !== undefined ? `${b.batchInterval} s between batches` : '',
    b.pauseBetweenBatches ? 'pause after each batch' : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** Only what applied to this run: a setting of a stage the run never reached is left out. */
function limitsLine(state: RunState): string {
  const s = state.settings;
  if (!s) return '';
  const reached = (stage: Stage) => STAGES.indexOf(state.stage) >= STAGES.indexOf(stage);
  return [
    reached('restart') ? `wait-timeout ${secs(s.waitTimeoutMs)}` : '',
    reached('completion') ? `completion-timeout ${secs(s.completionTimeoutMs)}` : '',
    reached('health') ? `health-timeout ${secs(s.healthTimeoutMs)}` : '',
    reached('restart') || s.oidc ? `request-timeout ${secs(s.requestTimeoutMs)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

function outputRows(state: RunState): SummaryModel['outputs'] {
  const { progress: p, completion: c, health: h } = state;
  return [
    ['change-id', `${p.changeId ?? ''}${p.changeId && p.adopted ? ' (found by look-up)' : ''}`],
    ['start-time', p.startTime ? `${p.startTime} (${isoTime(p.startTime)})` : ''],
    ['attempts', p.attempts > 0 ? String(p.attempts) : ''],
    ['change-status', c?.status ?? ''],
    [
      'finish-time',
      c?.change.finishTime !== undefined
        ? `${c.change.finishTime} (${isoTime(c.change.finishTime)})`
        : '',
    ],
    ['healthy-instances', h?.counts ? String(h.counts.healthy) : ''],
    ['unhealthy-instances', h?.counts ? String(notHealthy(h.counts)) : ''],
    ['request-id', p.requestId ?? ''],
  ];
}

/** What the run saw beyond its outputs, each only when there is something to show. */
function addSeen(model: SummaryModel, state: RunState): void {
  const { progress: p, completion: c, health: h } = state;
  if (p.changeId) model.changeId = p.changeId;
  if (p.adopted && p.adoption) model.adoption = p.adoption;
  if (state.abort) model.abort = abortLine(state.abort);
  if (state.dryRun) {
    model.dryRun = {
      checks: state.dryRun.checks.map((c) => [c.name, c.status, c.detail]),
      plan: state.dryRun.plan,
    };
  }
  if (p.startTime !== undefined) model.changeStartTime = Number(p.startTime);
  if (c) model.changeStatus = c.status;
  if (state.events?.unavailable) model.eventsUnavailable = state.events.unavailable;
  if (h) {
    model.health = {
      status: h.status,
      counts: h.counts,
      instances: h.instances,
      instancesUnavailable: h.instancesUnavailable,
    };
  }
}

/**
 * A refused read before the restart weakened the exactly-once guarantee: worth a warning, unless
 * it already decided the outcome ("may have started"), whose reason says so.
 */
export function weakenedGuarantee(
  outcome: Outcome,
  progress: RestartProgress,
): progress is RestartProgress & { baselineRefused: string } {
  return progress.baselineRefused !== undefined && outcome.kind !== 'unknown';
}

/** The job summary, written on success and failure alike. `scrub` removes secrets. */
export async function writeSummary(
  model: SummaryModel,
  scrub: (text: string) => string,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await jobSummary.addRaw(scrub(renderSummary(model)), true).write();
}

/**
 * A link to this workflow run, from the three variables the runner sets (a local run has none:
 * no link). @actions/github's `context` reads the same variables and would add about 0.35 MB to dist/.
 */
function runLink(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = process.env;
  if (!repo || !runId || !/^[\w.-]+\/[\w.-]+$/.test(repo) || !/^\d+$/.test(runId)) return undefined;
  return `${server && /^https:\/\/[\w.-]+(:\d+)?$/.test(server) ? server : 'https://github.com'}/${repo}/actions/runs/${runId}`;
}

/** What AbortChange did, for the summary. */
function abortLine(abort: NonNullable<RunState['abort']>): string {
  const why = abort.trigger === 'cancel' ? 'on cancel (abort-on-cancel)' : 'by stop-on-unhealthy';
  const words = {
    accepted: 'accepted: the change is being aborted',
    refused: 'refused: nothing was aborted',
    unknown: 'not confirmed: check the change in the console',
  }[abort.result.kind];
  return `AbortChange sent ${why}, ${words} (${abort.result.detail}).`;
}
