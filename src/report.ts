/** Outputs, the job summary and the closing annotations. Knows nothing of how results came about. */
import { setOutput, summary as jobSummary } from '@actions/core';
import type { ChangeStatus } from './completion.js';
import type { RestartProgress } from './restart.js';
import { isoTime, secs } from './format.js';

export const ACTION_NAME = 'webplus-restart';

export interface RunReport {
  envId: string;
  region: string | undefined;
  progress: RestartProgress;
  outcome: string;
  changeStatus?: ChangeStatus;
  finishTime?: number;
  completionMs?: number;
  /** Set when the run failed or was cancelled. */
  error?: string;
}

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

/** The job summary, written on success and failure alike. `scrub` removes secrets. */
export async function writeSummary(
  report: RunReport,
  scrub: (text: string) => string,
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const p = report.progress;
  const rows: Array<[string, string]> = [
    ['Environment', `${report.envId}${report.region ? ` (${report.region})` : ''}`],
    ['Outcome', report.outcome],
    ['Change ID', p.changeId ? `${p.changeId}${p.adopted ? ' (found by look-up)' : ''}` : '—'],
    ['Start time', isoTime(p.startTime) || '—'],
    ['RestartAppEnv calls', String(p.attempts)],
    ['Time waited', secs(p.waitedMs)],
  ];
  if (report.changeStatus) rows.push(['Change status', report.changeStatus]);
  if (report.completionMs !== undefined) rows.push(['Restart duration', secs(report.completionMs)]);
  if (report.error) rows.push(['Error', report.error]);
  const run = runLink();
  const summary = jobSummary
    .addHeading('WebPlus restart', 3)
    .addTable([
      [
        { data: 'Item', header: true },
        { data: 'Value', header: true },
      ],
      ...rows.map(([k, v]) => [k, escapeHtml(scrub(v))]),
    ])
    .addLink('Environment in the WebPlus console', consoleUrl(report.envId, report.region));
  if (run) summary.addBreak().addLink('Workflow run', run);
  await summary.write();
}

/**
 * A link to this workflow run, from the three variables the runner sets (a local run has none:
 * no link). @actions/github's `context` reads the same variables and would add ~1 MB to dist/.
 */
function runLink(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = process.env;
  if (!repo || !runId || !/^[\w.-]+\/[\w.-]+$/.test(repo) || !/^\d+$/.test(runId)) return undefined;
  return `${server && /^https:\/\/[\w.-]+(:\d+)?$/.test(server) ? server : 'https://github.com'}/${repo}/actions/runs/${runId}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
