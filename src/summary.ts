/**
 * The job summary as markdown, from a plain model: a heading that says how it ended, one
 * sentence, the reason and hint on failure, a timeline (mermaid gantt) when the run waited,
 * then settings, outputs, instances, events and links. Rows with nothing in them are left out.
 * Pure: no I/O, so tests and scripts/render-summaries.ts render it as they like.
 */
import { isoTime } from './format.js';
import type { ShownEvent } from './events.js';
import type { ShownInstance } from './health.js';
import { HEADINGS, type Outcome } from './outcome.js';
import type { Timeline } from './timeline.js';
import type { InstanceCounts } from './webplus-client.js';

export interface SummaryModel {
  envId: string;
  outcome: Outcome;
  /** Setting → value, in order; empty values are left out. */
  settings: Array<[string, string]>;
  /** Output → value, as set; empty values are left out. */
  outputs: Array<[string, string]>;
  timeline?: Timeline;
  changeId?: string;
  /** The restart change's StartTime (service clock, epoch ms): places events on the timeline. */
  changeStartTime?: number;
  /** How the change ended, when the run waited for it (e.g. 'succeeded', 'failed'). */
  changeStatus?: string;
  events: ShownEvent[];
  eventsUnavailable?: string;
  health?: {
    status: 'healthy' | 'timed-out' | 'disabled';
    counts: InstanceCounts | undefined;
    instances: ShownInstance[] | undefined;
    instancesUnavailable: string | undefined;
  };
  links: Array<[string, string]>;
}

/**
 * Text for a markdown cell or sentence: escapes what would make structure (| * _ ` [ ] < > #
 * and a leading list or heading marker) so service text shows as it is and links nothing.
 */
export function md(text: string): string {
  let out = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\|*_`[\]#~])/g, '\\$1');
  // A leading list or heading marker ("- ", "+ ", "1. ", "1) "): escape it too.
  out = out.replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2').replace(/^(\s*\d+)([.)])(?=\s)/gm, '$1\\$2');
  return out;
}

/** An http(s) URL, up to a character that could end it or make markdown structure. */
const URL_PATTERN = /https?:\/\/[^\s<>"'`|[\]()]+/g;

/** A paragraph that may hold line breaks and URLs: text escaped, URLs as links, breaks as <br>. */
function mdLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      let last = 0;
      for (const match of line.matchAll(URL_PATTERN)) {
        out += md(line.slice(last, match.index)) + `<${match[0]}>`;
        last = match.index + match[0].length;
      }
      return out + md(line.slice(last));
    })
    .join('<br>');
}

/** A task name in a mermaid gantt: no `:` `;` `#` (syntax), no backticks or angle brackets. */
function ganttLabel(text: string, max = 60): string {
  let out = text
    .replace(/[:;#`<>{}\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (out.length > max) out = `${out.slice(0, max - 1)}…`;
  return out || '(no text)';
}

function table(header: [string, string], rows: Array<[string, string]>): string[] {
  const kept = rows.filter(([, v]) => v !== '');
  if (kept.length === 0) return [];
  return [
    `| ${header[0]} | ${header[1]} |`,
    '| --- | --- |',
    ...kept.map(([k, v]) => `| ${md(k)} | ${md(v)} |`),
    '',
  ];
}

/** Most events drawn on the timeline (all are in the events list). */
export const TIMELINE_EVENTS_MAX = 12;

export function renderTimeline(model: SummaryModel): string[] {
  const t = model.timeline;
  if (!t) return [];
  const waited =
    t.tries.length > 1 || t.changeEndAt !== undefined || t.health !== undefined || !!t.blocking;
  if (!waited) return [];
  const lines = ['gantt', '  dateFormat x', '  axisFormat %H:%M:%S'];
  const task = (label: string, tags: string, start: number, end: number) =>
    lines.push(
      `  ${ganttLabel(label)} :${tags ? `${tags}, ` : ''}${Math.round(start)}, ${Math.round(Math.max(end, start + 1))}`,
    );
  const milestone = (label: string, at: number) =>
    lines.push(`  ${ganttLabel(label)} :milestone, ${Math.round(at)}, ${Math.round(at)}`);

  lines.push('  section Start');
  if (t.blocking) {
    const start = Math.max(t.blocking.createdAt, t.runStartedAt);
    const end = t.restartAt ?? t.blocking.lastSeenAt;
    task(
      `Blocking change ${t.blocking.changeId} (${t.blocking.actionName})${t.blocking.createdAt < t.runStartedAt ? ', began earlier' : ''}`,
      'crit',
      start,
      end,
    );
  }
  t.tries.forEach((attempt, i) => milestone(`Try ${i + 1} ${attempt.result}`, attempt.at));

  if (t.restartAt !== undefined && t.changeEndAt !== undefined) {
    lines.push('  section Restart change');
    const status = model.changeStatus ?? 'ended';
    task(
      `Change ${model.changeId ?? ''} ${status}`,
      status === 'succeeded' ? 'done' : status === 'paused' ? 'active' : 'crit',
      t.restartAt,
      t.changeEndAt,
    );
    if (model.changeStartTime !== undefined) {
      const start = t.restartAt;
      const shown = model.events.filter((e) => e.timestamp !== undefined);
      for (const event of shown.slice(0, TIMELINE_EVENTS_MAX)) {
        const at = start + ((event.timestamp ?? 0) - model.changeStartTime);
        milestone(
          `${event.level} ${event.message || event.name}`,
          Math.min(Math.max(at, start), t.changeEndAt),
        );
      }
    }
  }
  if (t.health) {
    lines.push('  section Health');
    const status = model.health?.status;
    task(
      status === 'healthy' ? 'Instances healthy' : 'Waiting for healthy instances, timed out',
      status === 'healthy' ? 'done' : 'crit',
      t.health.start,
      t.health.end,
    );
  }
  return ['### Timeline', '', '```mermaid', ...lines, '```', ''];
}

export function renderSummary(model: SummaryModel): string {
  const { outcome } = model;
  const out: string[] = [`## ${HEADINGS[outcome.kind]}`, '', md(outcome.sentence), ''];
  if (outcome.reason) out.push(`**Reason:** ${mdLines(outcome.reason)}`, '');
  if (outcome.hint) out.push(`**What to do:** ${mdLines(outcome.hint)}`, '');

  out.push(...renderTimeline(model));

  const settings = table(['Setting', 'Value'], model.settings);
  if (settings.length) out.push('### Settings', '', ...settings);
  const outputs = table(['Output', 'Value'], model.outputs);
  if (outputs.length) out.push('### Outputs', '', ...outputs);

  const health = model.health;
  if (health) {
    out.push('### Instance health', '');
    if (health.status === 'disabled') {
      out.push('Health checks are turned off for this environment: the step did not wait.', '');
    } else if (health.counts) {
      const c = health.counts;
      out.push(
        `${c.healthy} healthy, ${c.unhealthy} unhealthy, ${c.stopped} stopped, ${c.unknown} unknown.`,
        '',
      );
    }
    if (health.instances && health.instances.length > 0) {
      out.push(
        '| Instance | Application | Agent |',
        '| --- | --- | --- |',
        ...health.instances.map(
          (i) =>
            `| ${md(i.instanceId)} | ${md(i.appStatus || '—')} | ${md(i.agentStatus || '—')} |`,
        ),
        '',
      );
    } else if (health.instancesUnavailable) {
      out.push(`${md(health.instancesUnavailable)}: instances are not named.`, '');
    }
  }

  if (model.events.length > 0) {
    out.push(
      '<details>',
      `<summary>Events of change ${md(model.changeId ?? '')} (${model.events.length})</summary>`,
      '',
      '| Time | Level | Message |',
      '| --- | --- | --- |',
      ...model.events.map(
        (e) =>
          `| ${md(isoTime(e.timestamp) || '—')} | ${md(e.level || '—')} | ${md(e.message || e.name || '—')} |`,
      ),
      '',
      '</details>',
      '',
    );
  } else if (model.eventsUnavailable) {
    out.push(`${md(model.eventsUnavailable)}: no events to show.`, '');
  }

  if (model.links.length > 0) {
    out.push(model.links.map(([label, url]) => `[${md(label)}](${url})`).join(' · '), '');
  }
  return out.join('\n');
}
