/** The job summary: its heading on every path, its timeline, the hint, and markdown escaping. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import fc from 'fast-check';
import {
  LABEL_MAX,
  SUMMARY_LIMIT_BYTES,
  md,
  renderSummary,
  renderTimeline,
  type SummaryModel,
} from '../src/summary.js';
import { MAX_TRY_GROUPS, addTry, newTimeline } from '../src/timeline.js';
import { AbortedError } from '../src/clock.js';
import { ActionError } from '../src/errors.js';
import { InputError } from '../src/inputs.js';
import { outcomeOfError, type Stage } from '../src/outcome.js';
import type { RestartProgress } from '../src/restart.js';
import {
  ENV_ID,
  runAction,
  seededRandom,
  virtualClock,
  type VirtualClock,
} from '../__fixtures__/harness.js';

let em: Emulator;
let clock: VirtualClock;

beforeEach(async () => {
  clock = virtualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  em = await startEmulator({ now: () => clock.now() });
});
afterEach(() => em.close());

const base = (extra: Record<string, string> = {}) => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'retry-base-delay': '2',
  'retry-max-delay': '10',
  ...extra,
});
const heading = (summary: string) => summary.split('\n')[0];
const mermaid = (summary: string) => /```mermaid\n([\s\S]*?)```/.exec(summary)?.[1] ?? '';

describe('heading, sentence and timeline on each path', () => {
  it('started (no wait): ✅, one sentence, no timeline', async () => {
    em.state.addEnv({ envId: ENV_ID });
    const r = await runAction(base(), { clock });
    expect(heading(r.summary)).toBe('## ✅ Restart started');
    expect(r.summary).toContain('did not wait for it to finish');
    expect(r.summary).not.toContain('```mermaid');
    expect(r.summary).not.toContain('Rolling restart');
    // Nothing to act on: no annotation, the sentence is a log line.
    expect(r.stdout).not.toMatch(/^::(notice|warning|error)/m);
    expect(r.stdout).toMatch(/^The restart of we-\w+ started as change wc-\w+;/m);
    // Only the time limits that applied: no completion or health wait happened.
    expect(r.summary).toContain('| Time limits | wait-timeout 900 s, request-timeout 30 s |');
    expect(r.summary).not.toMatch(/Waited for|completion-timeout|health-timeout/);
    // Nothing was retried: no empty Restart group.
    expect(r.stdout).not.toContain('::group::Restart');
  });

  it('succeeded after waiting out EnvOnChanging: blocking change and tries on the timeline', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 20_000 });
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 15_000 });
    const r = await runAction(base({ 'wait-for-completion': 'true' }), {
      clock,
      random: seededRandom(7),
    });
    expect(r.failed).toBe(false);
    expect(heading(r.summary)).toBe('## ✅ Restart succeeded');
    const chart = mermaid(r.summary);
    expect(chart).toMatch(/^%%\{init: .*\}%%\ngantt\n {2}dateFormat x\n/);
    // The blocking change is waited for, not a failure: grey, never red in a successful run.
    expect(chart).toMatch(/\n {2}Apply change held the environment :\d+, \d+\n/);
    expect(chart).not.toContain(':crit');
    // Repeated tries are one bar with a count; the start is its own green milestone.
    expect(chart).toMatch(/\n {2}(\d+ tries|Try 1) EnvOnChanging :/);
    expect(chart).toMatch(/Try \d+ started :done, milestone/);
    expect(chart).toMatch(/section Change\n {2}Change succeeded :done, \d+, \d+/);
    expect(r.summary).toMatch(/Change wc-\w+ \(Apply\) held the environment\./);
    expect(r.stdout).not.toMatch(/^::(notice|warning|error)/m);
  });

  it('rolling restart with health: batches and the health wait on the timeline', async () => {
    em.state.addEnv({
      envId: ENV_ID,
      instances: 4,
      restartDurationMs: 40_000,
      healthDelayMs: 20_000,
    });
    const r = await runAction(base({ 'batch-size': '2', 'wait-for-healthy': 'true' }), {
      clock,
      random: seededRandom(8),
    });
    expect(r.failed).toBe(false);
    expect(heading(r.summary)).toBe('## ✅ Restart succeeded');
    const chart = mermaid(r.summary);
    expect(chart).toContain('Batch 1/2 restarting');
    expect(chart).toContain('Batch 2/2 restarted');
    expect(chart).toMatch(/section Health\n {2}Instances healthy :done, \d+, \d+/);
    expect(r.summary).toContain('| Rolling restart | 2 instance(s) per batch |');
    expect(r.summary).toContain('<details>');
  });

  it('paused between batches: ⏸️', async () => {
    em.state.addEnv({ envId: ENV_ID, instances: 4, restartDurationMs: 40_000 });
    const r = await runAction(
      base({ 'wait-for-completion': 'true', 'batch-size': '1', 'pause-between-batches': 'true' }),
      { clock, random: seededRandom() },
    );
    expect(heading(r.summary)).toBe('## ⏸️ Restart paused between batches');
    expect(mermaid(r.summary)).toMatch(/Change paused between batches :active/);
    // A person must resume it: the one annotation of a run that did not fail.
    expect(r.stdout.match(/^::notice title=Restart paused::/gm)).toHaveLength(1);
  });

  it('failed completion: ❌, the reason and the hint, never "failed, then failed"', async () => {
    em.state.addEnv({
      envId: ENV_ID,
      restartDurationMs: 30_000,
      restartOutcome: 'failed',
      restartMessage: 'The application did not start on i-123.',
    });
    const r = await runAction(base({ 'wait-for-completion': 'true' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(true);
    expect(heading(r.summary)).toBe('## ❌ Restart failed');
    expect(r.summary).toMatch(/started \(change wc-\w+\) but did not succeed\./);
    expect(r.summary).toMatch(
      /\*\*Reason:\*\* Change wc-\w+ ended failed: The application did not start on i-123\./,
    );
    expect(r.summary).toContain("**What to do:** See the change's log in the WebPlus console");
    expect(r.summary).not.toMatch(/then failed/);
    expect(mermaid(r.summary)).toMatch(/Change failed :crit/);
    // The hint goes into the annotation itself; no notice besides.
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /ended failed: The application did not start on i-123\.%0AHint: See the change's log/,
    );
    expect(r.stdout).not.toContain('::notice');
  });

  it('credentials error: the reason and hint without the string-to-sign', async () => {
    em.state.addEnv({ envId: ENV_ID });
    const r = await runAction(
      base({ 'access-key-secret': 'not-the-secret-at-all', 'wait-for-completion': 'true' }),
      { clock },
    );
    expect(r.failed).toBe(true);
    expect(heading(r.summary)).toBe('## ❌ Restart failed');
    expect(r.summary).toContain('could not be started');
    // Settings of stages never reached are not shown: no completion wait happened.
    expect(r.summary).not.toContain('completion-timeout');
    expect(r.summary).toContain('SignatureDoesNotMatch');
    // Issue 19: no pointer to the debug log (off by default), no second "No restart was started".
    expect(r.summary).not.toMatch(/debug log|No restart was started/);
    expect(r.summary).not.toMatch(/string to sign is|x-acs-|HMAC-SHA1/);
    expect(r.summary).toContain('**What to do:** Check access-key-secret');
    const error = r.stdout.split('\n').find((l) => l.startsWith('::error::'));
    expect(error).toContain('%0AHint: Check access-key-secret');
    expect(error).not.toContain('x-acs-');
  });

  it('cancelled: ⚠️ with where the restart stands', async () => {
    em.state.addEnv({ envId: ENV_ID });
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 600_000 });
    const controller = new AbortController();
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      controller.abort();
      return sleep(ms, signal);
    };
    const r = await runAction(base(), { clock, signal: controller.signal });
    expect(r.failed).toBe(true);
    expect(heading(r.summary)).toBe('## ⚠️ Restart cancelled');
    expect(r.summary).toContain('**Reason:** Cancelled; the restart was not started.');
    expect(r.summary).toContain('**What to do:** Nothing was changed in WebPlus');
  });

  it('an input error: ❌ with the input named', async () => {
    const r = await runAction({ 'env-id': 'nope', endpoint: em.url }, { clock });
    expect(heading(r.summary)).toBe('## ❌ Restart failed');
    expect(r.summary).toContain('an input is not valid');
    expect(r.summary).toContain('Input "env-id"');
  });
});

describe('md()', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['**x** _y_ `z`', '\\*\\*x\\*\\* \\_y\\_ \\`z\\`'],
    ['[a](http://b)', '\\[a\\](http://b)'],
    ['<img src=x>', '&lt;img src=x&gt;'],
    ['# title', '\\# title'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['1. item', '1\\. item'],
    ['> quote', '&gt; quote'],
    ['plain text, 3 s', 'plain text, 3 s'],
  ])('%j → %j', (input, expected) => {
    expect(md(input)).toBe(expected);
  });
});

describe('URLs in the reason and hint', () => {
  it('stay whole links, the text around them escaped', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 30_000, restartOutcome: 'failed' });
    const r = await runAction(base({ 'wait-for-completion': 'true', region: 'cn-hangzhou' }), {
      clock,
    });
    expect(r.summary).toContain(
      `**What to do:** See the change's log in the WebPlus console: <https://webplus.console.aliyun.com/#/env/detail?envId=${ENV_ID}&regionId=cn-hangzhou>`,
    );
  });
});

/** Aborts `controller` once the virtual clock reaches `at` (set by a hook in the service). */
function cancelling(c: VirtualClock) {
  const controller = new AbortController();
  let at = Infinity;
  const sleep = c.sleep;
  c.sleep = async (ms, signal) => {
    if (c.now() + ms >= at) {
      c.advance(Math.max(0, at - c.now()));
      controller.abort();
    }
    return sleep(ms, signal);
  };
  return { controller, cancelAt: (t: number) => (at = t) };
}

describe('a cancelled run says only what it saw, and what to do', () => {
  it('cancelled while the change runs: drawn running (blue), never "ended" in red', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 300_000 });
    const { controller, cancelAt } = cancelling(clock);
    em.faults.push('DescribeChange', { kind: 'hook', run: () => cancelAt(clock.now() + 30_000) });
    const r = await runAction(base({ 'wait-for-completion': 'true' }), {
      clock,
      signal: controller.signal,
      random: seededRandom(3),
    });
    expect(heading(r.summary)).toBe('## ⚠️ Restart cancelled');
    const chart = mermaid(r.summary);
    expect(chart).toMatch(/section Change\n {2}Change running when the step stopped :active, /);
    expect(chart).not.toMatch(/:crit|ended/);
    expect(r.summary).toMatch(/waiting for the restart change to end/);
    expect(r.summary).toMatch(
      /\*\*Reason:\*\* Cancelled; the restart had started as change wc-\w+; .*goes on in WebPlus/,
    );
    expect(r.summary).toMatch(/\*\*What to do:\*\* Follow change wc-\w+ in the WebPlus console/);
    expect(r.summary).not.toContain('change-status');
  });

  it('cancelled during the health wait: "cancelled", not "timed out"; the change had succeeded', async () => {
    em.state.addEnv({
      envId: ENV_ID,
      instances: 2,
      restartDurationMs: 20_000,
      healthDelayMs: 60_000,
    });
    const { controller, cancelAt } = cancelling(clock);
    em.faults.push('DescribeAppEnvInstanceHealth', {
      kind: 'hook',
      run: () => cancelAt(clock.now() + 4_000),
    });
    const r = await runAction(base({ 'wait-for-healthy': 'true', 'health-timeout': '120' }), {
      clock,
      signal: controller.signal,
      random: seededRandom(3),
    });
    expect(heading(r.summary)).toBe('## ⚠️ Restart cancelled');
    const chart = mermaid(r.summary);
    expect(chart).toMatch(/section Health\n {2}Health wait cancelled :active, /);
    expect(chart).not.toMatch(/timed out|health-timeout|:crit/);
    expect(r.summary).toMatch(
      /\*\*Reason:\*\* Cancelled during the wait for healthy instances; the restart had succeeded \(change wc-\w+\)\./,
    );
    expect(r.summary).toContain(
      "**What to do:** The restart itself succeeded: check the instances' health",
    );
  });
});

describe('annotations', () => {
  it('a refused read before the restart (weaker exactly-once guarantee) is a warning, in the summary too', async () => {
    em.state.addEnv({ envId: ENV_ID });
    em.state.deny('DescribeAppEnvStatus', 'DescribeChanges');
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(false);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^::warning title=Exactly-once guarantee weakened::Reading the environment before the restart was refused \(/,
    );
    expect(r.stdout).not.toContain('::notice');
    expect(r.summary).toContain(
      '**Warning:** Reading the environment before the restart was refused',
    );
  });

  it('no warning besides the error when the refused read decided the outcome (may have started)', async () => {
    em.state.addEnv({ envId: ENV_ID });
    em.state.deny('DescribeAppEnvStatus', 'DescribeChanges');
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    const r = await runAction(base(), { clock });
    expect(heading(r.summary)).toBe('## ⚠️ Restart outcome unknown');
    expect(r.stdout).not.toContain('::warning');
    expect(r.stdout.match(/^::error::/gm)).toHaveLength(1);
    expect(r.summary).toContain('**What to do:**');
  });
});

/** A model as big as a hostile or huge environment could make it. */
function hugeModel(instances: number, events: number, tries: number): SummaryModel {
  const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
  const timeline = newTimeline(t0);
  for (let i = 0; i < tries; i++)
    addTry(timeline, t0 + i * 1000, i % 3 ? 'EnvOnChanging' : 'Throttling');
  addTry(timeline, t0 + tries * 1000, 'started');
  timeline.restartAt = t0 + tries * 1000;
  timeline.changeEndAt = timeline.restartAt + 3_600_000;
  timeline.health = { start: timeline.changeEndAt, end: timeline.changeEndAt + 300_000 };
  const long = 'x'.repeat(5000);
  return {
    envId: ENV_ID,
    outcome: { kind: 'failed', sentence: 's', reason: `r ${long}`, hint: `h ${long}` },
    warnings: [`w ${long}`],
    settings: [['Environment', ENV_ID]],
    outputs: [['change-id', 'wc-1']],
    timeline,
    changeId: 'wc-1',
    changeStartTime: t0,
    changeStatus: 'succeeded',
    events: Array.from({ length: events }, (_, i) => ({
      eventId: `e${i}`,
      timestamp: t0 + i,
      level: 'INFO',
      name: 'n',
      message: `event ${i} | <b>${long}</b>`,
    })),
    health: {
      status: 'timed-out',
      counts: { healthy: 0, unhealthy: instances, stopped: 0, unknown: 0 },
      instances: Array.from({ length: instances }, (_, i) => ({
        instanceId: `i-${String(i).padStart(20, '0')}${long}`,
        appStatus: i % 2 ? 'Healthy' : 'Unhealthy',
        agentStatus: 'Connected',
      })),
      instancesUnavailable: undefined,
    },
    links: [['Environment in the WebPlus console', 'https://webplus.console.aliyun.com/']],
  } as SummaryModel;
}

describe('bounded: every list capped, the whole under 1 MiB', () => {
  it('15 000 instances, 5 000 events and 10 000 tries: under the limit and still readable', () => {
    const text = renderSummary(hugeModel(15_000, 5_000, 10_000));
    expect(Buffer.byteLength(text)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(Buffer.byteLength(text)).toBeLessThan(256 * 1024);
    expect(heading(text)).toBe('## ❌ Restart failed');
    expect(text).toContain('| … and 14950 more | | |');
    expect(text).toContain('| … and 4900 more | | |');
    expect(text).toContain('(5000)');
    // The not healthy instances come first; the latest events are kept.
    const rows = text.split('\n').filter((l) => l.startsWith('| i-'));
    expect(rows).toHaveLength(50);
    expect(rows.every((l) => l.includes('Unhealthy'))).toBe(true);
    expect(text).toContain('event 4999');
    expect(text).toContain('event 0 ');
    const chart = mermaid(text);
    expect(chart.split('\n').filter((l) => / :/.test(l)).length).toBeLessThan(40);
    expect(text).toMatch(/\[Environment in the WebPlus console\]\(https:/);
  });

  it('the try list stays bounded however the results alternate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('EnvOnChanging', 'Throttling', 'reset', 'started'), {
          maxLength: 500,
        }),
        (results) => {
          const t = newTimeline(0);
          results.forEach((r, i) => addTry(t, i, r));
          expect(t.tries.length).toBeLessThanOrEqual(MAX_TRY_GROUPS);
          expect(t.tryCount).toBe(results.length);
          expect(t.tries.reduce((n, g) => n + g.count, 0)).toBe(results.length);
          if (results.length) expect(t.tries.at(-1)?.result).toBe(results.at(-1));
        },
      ),
      { seed: 19, numRuns: 200 },
    );
  });
});

describe('the chart stays readable for any run', () => {
  const model = (span: number, labels: string[]): SummaryModel => {
    const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
    const timeline = newTimeline(t0);
    addTry(timeline, t0, 'EnvOnChanging');
    addTry(timeline, t0 + 1, 'started');
    timeline.restartAt = t0 + 1;
    timeline.changeEndAt = t0 + 1 + span;
    timeline.blocking = {
      changeId: 'wc-1',
      actionName: labels[0] ?? 'Apply',
      createdAt: t0 - 5000,
      lastSeenAt: t0,
    };
    return {
      envId: ENV_ID,
      outcome: { kind: 'succeeded', sentence: 's' },
      settings: [],
      outputs: [],
      timeline,
      changeStartTime: t0,
      events: labels.map((message, i) => ({
        eventId: `e${i}`,
        timestamp: t0 + (i * span) / Math.max(1, labels.length),
        level: 'INFO',
        name: '',
        message,
      })),
      links: [],
    } as SummaryModel;
  };

  it('labels never longer than LABEL_MAX, ticks distinct, red only for what failed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 * 3600 * 1000 }),
        fc.array(fc.string({ maxLength: 200 }), { minLength: 1, maxLength: 20 }),
        (span, labels) => {
          const lines = renderTimeline(model(span, labels));
          const chart = lines.slice(lines.indexOf('```mermaid') + 1, lines.lastIndexOf('```'));
          for (const line of chart.filter((l) => / :/.test(l) && !l.startsWith('%%'))) {
            const label = line.trim().slice(0, line.trim().lastIndexOf(' :'));
            expect(label.length).toBeLessThanOrEqual(LABEL_MAX);
            expect(label).not.toMatch(/[:;#]/);
          }
          expect(chart.join('\n')).not.toContain(':crit');
          // Ticks: at most about 8, each a distinct label at the axis format's resolution.
          const interval = /tickInterval (\d+)(second|minute)/.exec(chart.join('\n'));
          const format = /axisFormat (\S+)/.exec(chart.join('\n'))?.[1];
          expect(interval).not.toBeNull();
          const stepMs = Number(interval?.[1]) * (interval?.[2] === 'minute' ? 60_000 : 1000);
          expect(span / stepMs).toBeLessThanOrEqual(8);
          expect(format).toBe(stepMs < 60_000 ? '%H:%M:%S' : '%H:%M');
        },
      ),
      { seed: 19, numRuns: 150 },
    );
  });
});

describe('every failure and cancellation ends with what to do', () => {
  const stages: Stage[] = ['inputs', 'credentials', 'restart', 'completion', 'health'];
  const states: RestartProgress['state'][] = ['not-started', 'in-flight', 'unsettled', 'started'];
  const errors = [
    new AbortedError(),
    new Error('boom'),
    new ActionError('Failed to read: x'),
    new InputError('env-id', 'bad'),
  ];
  it.each(stages.flatMap((stage) => states.map((state) => [stage, state] as const)))(
    '%s, restart %s',
    (stage, state) => {
      for (const changeStatus of [undefined, 'succeeded', 'failed'] as const) {
        for (const error of errors) {
          const progress: RestartProgress = { attempts: 1, state, waitedMs: 0, changeId: 'wc-1' };
          const o = outcomeOfError(error, stage, progress, ENV_ID, {
            consoleUrl: 'https://console/x',
            ...(changeStatus ? { changeStatus } : {}),
          });
          expect(o.kind).not.toMatch(/started|succeeded/);
          expect(o.hint?.length ?? 0).toBeGreaterThan(10);
          // Never more than was seen: a change not seen to succeed is never said to have.
          if (changeStatus !== 'succeeded') expect(o.reason).not.toMatch(/succeeded/);
          if (state === 'not-started') expect(o.reason).not.toMatch(/had started|goes on/);
        }
      }
    },
  );
});
