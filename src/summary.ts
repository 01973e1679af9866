/**
 * The job summary as markdown, from a plain model: a heading that says how it ended, one
 * sentence, the reason and what to do on failure, a timeline (mermaid gantt) when the run
 * waited, then settings, outputs, instances, events and links. Rows with nothing in them are
 * left out; every list is capped ("… and N more") and the whole stays under GitHub's 1 MiB
 * step-summary limit. Pure: no I/O, so tests and scripts/render-summaries.ts render it as they like.
 */
import { isoTime } from './format.js';
import type { ShownEvent } from './events.js';
import { unhealthyInstances, type ShownInstance } from './health.js';
import { HEADINGS, type Outcome } from './outcome.js';
import { MIXED, type Timeline } from './timeline.js';
import type { InstanceCounts } from './webplus-client.js';

export interface SummaryModel {
  envId: string;
  outcome: Outcome;
  /** Things a person should know that weaken what the run promises (a refused read). */
  warnings?: string[];
  /** How an adopted change was found, and what is known of it (the restart loop's words). */
  adoption?: string;
  /** What AbortChange did (abort-on-cancel, stop-on-unhealthy), in one line. */
  abort?: string;
  /** The dry run's checks (name, result, detail) and what a real run would do. */
  dryRun?: { checks: Array<[string, string, string]>; plan: string[] };
  /** Setting → value, in order; empty values are left out. */
  settings: Array<[string, string]>;
  /** Output → value, as set; empty values are left out. */
  outputs: Array<[string, string]>;
  timeline?: Timeline;
  changeId?: string;
  /** The restart change's StartTime (service clock, epoch ms): places events on the timeline. */
  changeStartTime?: number;
  /** How the change ended, when the run saw it end (e.g. 'succeeded', 'failed'). */
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

/** GitHub refuses a step summary over 1 MiB; the summary stays well below it. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** What the summary may use of that limit (the rest is margin for scrubbing and the runner). */
const SUMMARY_BUDGET_BYTES = 512 * 1024;
/** Most rows per list: instances (the not healthy first) and events (the first and the latest). */
const INSTANCES_MAX = 50;
const EVENTS_MAX = 100;
/** Most events drawn on the timeline (the events list has more). */
const TIMELINE_EVENTS_MAX = 12;
/** Longest text in one table cell, and in the reason or hint (before escaping). */
const CELL_MAX = 200;
const PARAGRAPH_MAX = 2000;
/** Longest gantt label: short enough that mermaid never has to cut one. */
export const LABEL_MAX = 40;

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

/** At most `max` characters, cut at a word boundary where there is one, with "…". */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 3 ? cut.slice(0, space) : cut).replace(/[\s,;.]+$/, '')}…`;
}

/** A cell: capped, then escaped. */
const cell = (text: string) => md(shorten(text, CELL_MAX));

/** An http(s) URL, up to a character that could end it or make markdown structure. */
const URL_PATTERN = /https?:\/\/[^\s<>"'`|[\]()]+/g;

/** A paragraph that may hold line breaks and URLs: text escaped, URLs as links, breaks as <br>. */
function mdLines(text: string): string {
  return shorten(text, PARAGRAPH_MAX)
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
export function ganttLabel(text: string, max = LABEL_MAX): string {
  const out = text
    .replace(/[:;#`<>{}\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return shorten(out, max) || '(no text)';
}

function table(header: [string, string], rows: Array<[string, string]>): string[] {
  const kept = rows.filter(([, v]) => v !== '');
  if (kept.length === 0) return [];
  return [
    `| ${header[0]} | ${header[1]} |`,
    '| --- | --- |',
    ...kept.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
    '',
  ];
}

/** The first `head` and the last `max - head` items, and how many were left out between. */
export function capped<T>(
  items: T[],
  max: number,
  head: number,
): { shown: T[]; omitted: number; at: number } {
  if (items.length <= max) return { shown: items, omitted: 0, at: items.length };
  const tail = max - head;
  return {
    shown: [...items.slice(0, head), ...items.slice(items.length - tail)],
    omitted: items.length - max,
    at: head,
  };
}

/**
 * The chart's colours, the same in every summary: green succeeded, red failed, blue still
 * running, paused or cancelled, grey waiting (another change, repeated tries, events).
 * Only the text inside grey bars is set (dark); the rest stays the theme's (GitHub picks light
 * or dark), so labels outside the bars stay readable in both.
 */
const GANTT_INIT =
  '%%{init: {"themeVariables": {' +
  '"taskBkgColor": "#afb8c1", "taskBorderColor": "#6e7781", ' +
  '"doneTaskBkgColor": "#6fdd8b", "doneTaskBorderColor": "#1a7f37", ' +
  '"activeTaskBkgColor": "#80ccff", "activeTaskBorderColor": "#0969da", ' +
  '"critBkgColor": "#fa4549", "critBorderColor": "#a40e26", "taskTextColor": "#1f2328"}}}%%';

const LEGEND =
  'Green: succeeded · red: failed · blue: running, paused or cancelled · grey: waiting. ' +
  "Times are the runner's clock.";

/** Tick steps a chart may use, in seconds: each tick is then a distinct label. */
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600];

function ticks(spanMs: number): { interval: string; format: string } {
  const seconds = TICK_STEPS.find((s) => spanMs / 1000 / s <= 8) ?? 43200;
  return seconds < 60
    ? { interval: `${seconds}second`, format: '%H:%M:%S' }
    : { interval: `${Math.round(seconds / 60)}minute`, format: '%H:%M' };
}

export function renderTimeline(model: SummaryModel): string[] {
  const t = model.timeline;
  if (!t) return [];
  const waited =
    t.tryCount > 1 || t.changeEndAt !== undefined || t.health !== undefined || !!t.blocking;
  if (!waited) return [];
  const chart = createChart();
  startSection(chart, model, t);
  changeSection(chart, model, t);
  healthSection(chart, model, t);
  const { body, notes, times } = chart;
  const span = times.length ? Math.max(...times) - Math.min(...times) : 0;
  const { interval, format } = ticks(span);
  const head = [
    GANTT_INIT,
    'gantt',
    '  dateFormat x',
    `  axisFormat ${format}`,
    `  tickInterval ${interval}`,
    '  todayMarker off',
  ];
  return [
    '### Timeline',
    '',
    '```mermaid',
    ...head,
    ...body,
    '```',
    '',
    ...(notes.length ? [md(notes.join(' ')), ''] : []),
    md(LEGEND),
    '',
  ];
}

type TimelineModel = NonNullable<SummaryModel['timeline']>;

/** A Gantt chart being written: its lines, the notes under it, and every time it shows. */
interface Chart {
  body: string[];
  notes: string[];
  times: number[];
  task(label: string, tag: string, start: number, end: number): void;
  milestone(label: string, tag: string, at: number): void;
}

function createChart(): Chart {
  const chart: Chart = {
    body: [],
    notes: [],
    times: [],
    task(label, tag, start, end) {
      const s = Math.round(start);
      const e = Math.round(Math.max(end, start + 1));
      chart.times.push(s, e);
      chart.body.push(`  ${ganttLabel(label)} :${tag ? `${tag}, ` : ''}${s}, ${e}`);
    },
    milestone(label, tag, at) {
      const m = Math.round(at);
      chart.times.push(m);
      chart.body.push(`  ${ganttLabel(label)} :${tag ? `${tag}, ` : ''}milestone, ${m}, ${m}`);
    },
  };
  return chart;
}

/** The change that held the environment, and the tries. */
function startSection(chart: Chart, model: SummaryModel, t: TimelineModel): void {
  const failed = model.outcome.kind === 'failed' || model.outcome.kind === 'unknown';
  const stoppedAtStart = t.restartAt === undefined;
  chart.body.push('  section Start');
  if (t.blocking) {
    const b = t.blocking;
    const before = b.createdAt < t.runStartedAt;
    chart.task(
      `${b.actionName} change held the environment`,
      '',
      Math.max(b.createdAt, t.runStartedAt),
      t.restartAt ?? b.lastSeenAt,
    );
    chart.notes.push(
      // Held, not waited for: a paused blocker stops the step without a wait.
      `Change ${b.changeId} (${b.actionName}) held the environment${before ? '; it began before the step' : ''}.`,
    );
  }
  t.tries.forEach((group, i) => {
    const last = i === t.tries.length - 1;
    const result = group.result === MIXED ? 'mixed results' : group.result;
    // Red only for the tries that failed the step; a start is green.
    const tag =
      group.result === 'started' ? 'done' : last && failed && stoppedAtStart ? 'crit' : '';
    if (group.count === 1) {
      chart.milestone(`Try ${group.first} ${result}`, tag, group.firstAt);
    } else {
      // One bar with a count, however many tries: the chart's height does not grow with them.
      const from = group.first > 1 ? ` from try ${group.first}` : '';
      chart.task(`${group.count} tries ${result}${from}`, tag, group.firstAt, group.lastAt);
    }
  });
}

/** The restart change, with its timed events as milestones. */
function changeSection(chart: Chart, model: SummaryModel, t: TimelineModel): void {
  if (t.restartAt === undefined || t.changeEndAt === undefined) return;
  chart.body.push('  section Change');
  const status = model.changeStatus;
  const [label, tag] =
    status === 'succeeded'
      ? ['Change succeeded', 'done']
      : status === 'paused'
        ? ['Change paused between batches', 'active']
        : status
          ? [`Change ${status}`, 'crit']
          : // The run stopped watching: the change was running when last seen, and goes on.
            ['Change running when the step stopped', 'active'];
  chart.task(label, tag, t.restartAt, t.changeEndAt);
  if (model.changeStartTime === undefined) return;
  const start = t.restartAt;
  const timed = model.events.filter((e) => e.timestamp !== undefined);
  for (const event of timed.slice(0, TIMELINE_EVENTS_MAX)) {
    const at = start + ((event.timestamp ?? 0) - model.changeStartTime);
    // The level only where it says more than INFO.
    const level = /^info$/i.test(event.level) ? '' : `${event.level} `;
    chart.milestone(
      `${level}${event.message || event.name}`,
      '',
      Math.min(Math.max(at, start), t.changeEndAt),
    );
  }
  if (timed.length > TIMELINE_EVENTS_MAX) {
    chart.notes.push(
      `The chart shows the first ${TIMELINE_EVENTS_MAX} of ${timed.length} events; all are listed below.`,
    );
  }
}

function healthSection(chart: Chart, model: SummaryModel, t: TimelineModel): void {
  if (!t.health) return;
  chart.body.push('  section Health');
  const status = model.health?.status;
  const [label, tag] =
    status === 'healthy'
      ? ['Instances healthy', 'done']
      : status === 'timed-out'
        ? ['Not all healthy by health-timeout', 'crit']
        : status === 'disabled'
          ? ['Health checks off, not waited for', '']
          : model.outcome.kind === 'cancelled'
            ? ['Health wait cancelled', 'active']
            : ['Health wait stopped', 'active'];
  chart.task(label, tag, t.health.start, t.health.end);
}

function renderInstances(instances: ShownInstance[]): string[] {
  // The ones a person must look at first.
  const bad = unhealthyInstances(instances);
  const ordered = [...bad, ...instances.filter((i) => !bad.includes(i))];
  const { shown, omitted } = capped(ordered, INSTANCES_MAX, INSTANCES_MAX);
  return [
    '| Instance | Application | Agent |',
    '| --- | --- | --- |',
    ...shown.map(
      (i) =>
        `| ${cell(i.instanceId)} | ${cell(i.appStatus || '—')} | ${cell(i.agentStatus || '—')} |`,
    ),
    ...(omitted > 0 ? [`| … and ${omitted} more | | |`] : []),
    '',
  ];
}

function renderEvents(model: SummaryModel, max: number): string[] {
  const { shown, omitted, at } = capped(model.events, max, Math.min(10, max));
  // Times without the date where it is the first event's: the column stays narrow.
  const day = isoTime(model.events.find((e) => e.timestamp !== undefined)?.timestamp).slice(0, 10);
  const time = (e: ShownEvent) => {
    const iso = isoTime(e.timestamp);
    return day && iso.startsWith(day) ? iso.slice(11) : iso;
  };
  const row = (e: ShownEvent) =>
    `| ${cell(time(e) || '—')} | ${cell(e.level || '—')} | ${cell(e.message || e.name || '—')} |`;
  return [
    '<details>',
    `<summary>Events of change ${md(model.changeId ?? '')} (${model.events.length})${day ? `, ${day} UTC` : ''}</summary>`,
    '',
    '| Time (WebPlus clock) | Level | Message |',
    '| --- | --- | --- |',
    ...shown.slice(0, at).map(row),
    ...(omitted > 0 ? [`| … and ${omitted} more | | |`] : []),
    ...shown.slice(at).map(row),
    '',
    '</details>',
    '',
  ];
}

function render(model: SummaryModel, eventsMax: number, instancesShown: boolean): string {
  const out = renderHead(model);
  out.push(...renderTimeline(model));

  const settings = table(['Setting', 'Value'], model.settings);
  if (settings.length) out.push('### Settings', '', ...settings);
  const outputs = table(['Output', 'Value'], model.outputs);
  if (outputs.length) out.push('### Outputs', '', ...outputs);

  if (model.health) out.push(...renderHealth(model.health, instancesShown));

  if (model.events.length > 0 && eventsMax > 0) {
    out.push(...renderEvents(model, eventsMax));
  } else if (model.eventsUnavailable) {
    out.push(`${md(model.eventsUnavailable)}: no events to show.`, '');
  }

  if (model.links.length > 0) {
    out.push(model.links.map(([label, url]) => `[${md(label)}](${url})`).join(' · '), '');
  }
  return out.join('\n');
}

/** The heading, the outcome in words, and what else a person must read first. */
function renderHead(model: SummaryModel): string[] {
  const { outcome } = model;
  const out: string[] = [`## ${HEADINGS[outcome.kind]}`, '', mdLines(outcome.sentence), ''];
  if (outcome.reason) out.push(`**Reason:** ${mdLines(outcome.reason)}`, '');
  if (outcome.hint) out.push(`**What to do:** ${mdLines(outcome.hint)}`, '');
  for (const warning of (model.warnings ?? []).slice(0, 5)) {
    out.push(`**Warning:** ${mdLines(warning)}`, '');
  }
  if (model.adoption) out.push(`**Found by a look-up:** ${mdLines(model.adoption)}`, '');
  if (model.abort) out.push(`**Abort:** ${mdLines(model.abort)}`, '');
  if (model.dryRun) out.push(...renderDryRun(model.dryRun));
  return out;
}

function renderHealth(
  health: NonNullable<SummaryModel['health']>,
  instancesShown: boolean,
): string[] {
  const out = ['### Instance health', ''];
  if (health.status === 'disabled') {
    out.push('Health checks are turned off for this environment: the step did not wait.', '');
  } else if (health.counts) {
    const c = health.counts;
    out.push(
      `${c.healthy} healthy, ${c.unhealthy} unhealthy, ${c.stopped} stopped, ${c.unknown} unknown.`,
      '',
    );
  }
  if (instancesShown && health.instances && health.instances.length > 0) {
    out.push(...renderInstances(health.instances));
  } else if (health.instancesUnavailable) {
    out.push(`${md(health.instancesUnavailable)}: instances are not named.`, '');
  }
  return out;
}

/**
 * The summary's markdown. Every list is capped, so it stays small by construction; should it
 * still exceed the budget, the events and then the instances are left out, and as a last resort
 * the text is cut at a line.
 */
export function renderSummary(model: SummaryModel): string {
  const attempts: Array<[number, boolean]> = [
    [EVENTS_MAX, true],
    [10, true],
    [0, false],
  ];
  let text = '';
  for (const [eventsMax, instancesShown] of attempts) {
    text = render(model, eventsMax, instancesShown);
    if (Buffer.byteLength(text) <= SUMMARY_BUDGET_BYTES) return text;
  }
  const cutAt = text.lastIndexOf('\n', SUMMARY_BUDGET_BYTES / 4);
  return `${text.slice(0, cutAt)}\n\n… (the summary was cut to stay under GitHub's 1 MiB limit)\n`;
}

/** The dry run's checks as a table, then what a real run would do. */
function renderDryRun(dry: NonNullable<SummaryModel['dryRun']>): string[] {
  const out = [
    '### Checks',
    '',
    '| Check | Result | Detail |',
    '| --- | --- | --- |',
    ...dry.checks.slice(0, 30).map(([n, r, d]) => `| ${cell(n)} | ${cell(r)} | ${cell(d)} |`),
    '',
  ];
  if (dry.plan.length > 0) {
    out.push('### What a real run would do', '', ...dry.plan.map((line) => `- ${md(line)}`), '');
  }
  return out;
}
