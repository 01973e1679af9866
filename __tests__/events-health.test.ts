/** Events while waiting, and instance health after the restart, against the emulator. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { instanceIds } from '../emulator/instances.js';
import { startEmulator, type Emulator, type Fault } from '../emulator/server.js';
import { RESTART_ACTION, TEST_CREDENTIALS } from '../emulator/state.js';
import { createEventFeed, MAX_EVENTS, omittedLine } from '../src/events.js';
import { MAX_NAMED_INSTANCES, waitForHealthy } from '../src/health.js';
import { createWebPlusClient, EVENTS_PAGE_SIZE } from '../src/webplus-client.js';
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
  'wait-for-completion': 'true',
  'retry-base-delay': '2',
  'retry-max-delay': '10',
  ...extra,
});
const calls = (api: string) => em.requests.filter((r) => r.api === api);
const EVENT_LINE = /^\d{4}-\d\d-\d\dT[\d:.]+Z (INFO|WARN|ERROR) .+$/;
/** The lines between the group's start and its end. */
function group(stdout: string, prefix: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`::group::${prefix}`));
  const end = lines.indexOf('::endgroup::', start);
  return start < 0 ? [] : lines.slice(start + 1, end).filter((l) => !l.startsWith('::debug::'));
}

describe('events while waiting', () => {
  it("an events answer naming another environment is not shown (it is not this change's)", async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 20_000 });
    for (let i = 0; i < 20; i++) {
      em.faults.push('DescribeEvents', {
        kind: 'rewrite',
        edit: (body) => {
          const list = (body.Events as { Event: Array<Record<string, unknown>> }).Event;
          for (const e of list) e.EnvId = 'we-0000000000000000000000aa';
          return body;
        },
      });
    }
    const r = await runAction(base(), { clock, random: seededRandom(5) });
    expect(r.failed).toBe(false);
    expect(group(r.stdout, 'Wait for change').filter((l) => EVENT_LINE.test(l))).toEqual([]);
    expect(r.stdout).toMatch(/::debug::DescribeEvents: event .+ belongs to another environment/);
  });

  it('prints each event once, in time order, inside the Wait for change group, read on a timer, not per poll', async () => {
    em.state.addEnv({ envId: ENV_ID, instances: 4, restartDurationMs: 60_000 });
    const r = await runAction(base({ 'batch-size': '2' }), { clock, random: seededRandom(5) });
    expect(r.failed).toBe(false);
    const lines = group(r.stdout, 'Wait for change').filter((l) => EVENT_LINE.test(l));
    // Start, two batches (each restarting and restarted), success: 6 events, each once.
    expect(lines).toHaveLength(6);
    expect(new Set(lines).size).toBe(6);
    expect(lines.filter((l) => l.includes('Batch 1/2: restarting'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('Batch 2/2: restarted'))).toHaveLength(1);
    const times = lines.map((l) => Date.parse(l.split(' ')[0] ?? ''));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // They came over several polls, not at the end.
    expect(calls('DescribeChange').length).toBeGreaterThan(2);
    // Events are read with the first answer, then at least once a minute while the change
    // runs (a timer, not a poll), and once after the poll that sees it end: not once per poll.
    const polls = calls('DescribeChange').map((q) => q.receivedAt);
    const reads = calls('DescribeEvents').map((q) => q.receivedAt);
    expect(reads[0]).toBe(polls[0]);
    expect(reads.at(-1)).toBe(polls.at(-1));
    for (let i = 1; i < reads.length; i++) {
      expect((reads[i] ?? 0) - (reads[i - 1] ?? 0)).toBeLessThanOrEqual(60_000);
    }
    expect(reads.length).toBeLessThan(polls.length);
    const [restart] = em.state.restartChanges(ENV_ID);
    expect(calls('DescribeEvents').every((q) => q.query.ChangeId === restart?.changeId)).toBe(true);
    expect(calls('DescribeEvents')[0]?.query.EnvId).toBe(ENV_ID);
  });

  it('event text is service text: neutralised in the log, escaped in the summary', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 20_000 });
    const start = clock.now();
    // The change ID is not known before the run: add the event to whatever change starts.
    const realStart = em.state.startChange.bind(em.state);
    em.state.startChange = (envId, options) => {
      const change = realStart(envId, options);
      em.state.addEvent({
        changeId: change.changeId,
        time: start + 5000,
        level: 'WARN\n::error::lvl',
        name: 'x',
        message: 'line one\n::error::injected | **bold** [link](http://x) <b>',
      });
      return change;
    };
    const r = await runAction(base(), { clock, random: seededRandom(1) });
    expect(r.failed).toBe(false);
    expect(r.stdout).not.toMatch(/^::error::(injected|lvl)/m);
    // One line, starting with the time: a `::` inside it is no command.
    expect(r.stdout).toMatch(/^\S+Z WARN ::error::lvl line one ::error::injected \| /m);
    expect(r.summary).toContain('\\| \\*\\*bold\\*\\* \\[link\\](http://x) &lt;b&gt;');
    // Outside the mermaid block (a code block, where nothing is markdown), never unescaped.
    const markdown = r.summary.replace(/```mermaid[\s\S]*?```/, '');
    expect(markdown).not.toContain('**bold**');
    expect(markdown).not.toContain('<b>');
  });

  it('a refused DescribeEvents (RAM) means no events, said once', async () => {
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 60_000 });
    em.state.deny('DescribeEvents');
    const r = await runAction(base(), { clock, random: seededRandom(2) });
    expect(r.failed).toBe(false);
    expect(r.outputs['change-status']).toBe('succeeded');
    expect(r.stdout.match(/DescribeEvents was refused \(Forbidden\.RAM\)/g)).toHaveLength(1);
    expect(calls('DescribeEvents')).toHaveLength(1);
    expect(r.summary).toContain('DescribeEvents was refused (Forbidden.RAM): no events to show.');
  });
});

/** A DescribeEvents answer rewritten to bring `count` events never sent before. */
let nextEvent = 0;
function freshEvents(count: number): Fault {
  return {
    kind: 'rewrite',
    edit: (body) => ({
      ...body,
      Events: {
        Event: Array.from({ length: count }, () => {
          const n = nextEvent++;
          return {
            EventId: `ev-${n}`,
            EventTimestamp: clock.now() + n,
            EventLevel: 'INFO',
            EnventName: 'InstanceRestarted',
            EventMessage: `Instance i-${n} restarted; ${'detail '.repeat(12)}`,
          };
        }),
      },
    }),
  };
}

describe('events bounded by meaning', () => {
  it(`every poll brings new events: at most ${MAX_EVENTS} printed, then "… and N more"`, async () => {
    // Events are read about once a minute while the change runs: ten minutes, ten reads or so.
    em.state.addEnv({ envId: ENV_ID, restartDurationMs: 600_000 });
    for (let i = 0; i < 200; i++) em.faults.push('DescribeEvents', freshEvents(EVENTS_PAGE_SIZE));
    const r = await runAction(base(), { clock, random: seededRandom(5) });
    expect(r.failed).toBe(false);
    const reads = calls('DescribeEvents').length;
    expect(reads).toBeGreaterThan(5);
    const lines = group(r.stdout, 'Wait for change').filter((l) => /^\S+Z INFO Instance/.test(l));
    expect(lines).toHaveLength(MAX_EVENTS);
    expect(r.stdout).toContain(omittedLine(reads * EVENTS_PAGE_SIZE - MAX_EVENTS));
    expect(r.stdout.match(/More than 200 events/g)).toHaveLength(1);
  });

  it('memory of kept events stays bounded over 500 polls of a page of new events each', async () => {
    em.state.addEnv({ envId: ENV_ID });
    const client = await createWebPlusClient({
      endpoint: em.url,
      getCredentials: () => Promise.resolve(TEST_CREDENTIALS),
    });
    let printed = 0;
    const feed = createEventFeed(
      { envId: ENV_ID, changeId: 'wc-1', requestTimeoutMs: 10_000 },
      { client, signal: new AbortController().signal, log: () => (printed += 1) },
    );
    const gc = exposeGc();
    const polls = 500;
    // The first answers are kept whole: measured from after them.
    em.faults.push('DescribeEvents', freshEvents(EVENTS_PAGE_SIZE));
    await feed.poll();
    em.faults.push('DescribeEvents', freshEvents(EVENTS_PAGE_SIZE));
    await feed.poll();
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 2; i < polls; i++) {
      em.faults.push('DescribeEvents', freshEvents(EVENTS_PAGE_SIZE));
      await feed.poll();
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    client.close();
    expect(feed.events).toHaveLength(MAX_EVENTS);
    expect(feed.omitted).toBe(polls * EVENTS_PAGE_SIZE - MAX_EVENTS);
    expect(printed).toBe(MAX_EVENTS + 1); // the kept events and one line saying the rest are counted
    // 50 000 events kept would be tens of MB; bounded, the heap does not grow with the polls.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
  });
});

/** The V8 collector, to measure what is kept rather than what is not yet collected. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('wait-for-healthy', () => {
  it('implies wait-for-completion and waits until every instance is healthy', async () => {
    em.state.addEnv({
      envId: ENV_ID,
      instances: 3,
      restartDurationMs: 20_000,
      healthDelayMs: 45_000,
    });
    const r = await runAction(
      {
        'env-id': ENV_ID,
        endpoint: em.url,
        'wait-for-healthy': 'true',
        'retry-base-delay': '2',
        'retry-max-delay': '10',
      },
      { clock, random: seededRandom(4) },
    );
    expect(r.failed).toBe(false);
    expect(r.outputs['change-status']).toBe('succeeded');
    expect(r.outputs['healthy-instances']).toBe('3');
    expect(r.outputs['unhealthy-instances']).toBe('0');
    const lines = group(r.stdout, 'Wait for healthy instances');
    expect(lines[0]).toMatch(/^Instances: 0 healthy, 3 unhealthy, 0 stopped, 0 unknown/);
    expect(lines.at(-1)).toMatch(/^Instances: 3 healthy, 0 unhealthy/);
    expect(r.stdout).toMatch(/^Environment .+; 3 instance\(s\) healthy after/m);
    expect(r.summary).toContain('### Instance health');
    for (const id of instanceIds(em.state.env(ENV_ID)!)) expect(r.summary).toContain(id);
  });

  it('health-timeout: fails naming the instances that are not healthy; counts as outputs', async () => {
    em.state.addEnv({
      envId: ENV_ID,
      instances: 4,
      restartDurationMs: 20_000,
      unhealthyAfterRestart: 1,
    });
    const r = await runAction(base({ 'wait-for-healthy': 'true', 'health-timeout': '60' }), {
      clock,
      random: seededRandom(6),
    });
    expect(r.failed).toBe(true);
    const sick = instanceIds(em.state.env(ENV_ID)!).at(-1);
    expect(r.outputs['healthy-instances']).toBe('3');
    expect(r.outputs['unhealthy-instances']).toBe('1');
    const error = r.stdout.split('\n').find((l) => l.startsWith('::error::'));
    expect(error).toContain('did not all become healthy within health-timeout (60 s)');
    expect(error).toContain(`not healthy: ${sick} (Unhealthy)`);
    expect(error).toContain('%0AHint: Look at the application');
    expect(r.summary).toMatch(/^## ❌ Restart failed$/m);
    expect(r.summary).toContain('but its instances did not all become healthy');
  });

  it(`15 000 instances, all unhealthy: the annotation names ${MAX_NAMED_INSTANCES}, "… and N more"; no huge line`, async () => {
    em.state.addEnv({
      envId: ENV_ID,
      instances: 15_000,
      restartDurationMs: 20_000,
      unhealthyAfterRestart: 15_000,
    });
    const r = await runAction(base({ 'wait-for-healthy': 'true', 'health-timeout': '30' }), {
      clock,
      random: seededRandom(6),
    });
    expect(r.failed).toBe(true);
    expect(r.outputs['unhealthy-instances']).toBe('15000');
    const error = r.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    const [first] = instanceIds(em.state.env(ENV_ID)!);
    expect(error).toContain(`not healthy: ${first} (Unhealthy), `);
    expect(error).toContain(`, … and ${15_000 - MAX_NAMED_INSTANCES} more.`);
    expect(error.length).toBeLessThan(4096);
    const longest = Math.max(...r.stdout.split('\n').map((l) => l.length));
    expect(longest).toBeLessThan(4096);
  });

  it('every call of the health wait ends by health-timeout; its last second names the instances', async () => {
    em.state.addEnv({ envId: ENV_ID, instances: 3, unhealthyAfterRestart: 1 });
    em.state.startChange(ENV_ID, {
      actionName: RESTART_ACTION,
      durationMs: 1000,
      createTime: clock.now() - 5000,
    });
    const inner = await createWebPlusClient({
      endpoint: em.url,
      getCredentials: () => Promise.resolve(TEST_CREDENTIALS),
    });
    const calls: Array<{ api: string; at: number; timeoutMs: number }> = [];
    const client = {
      ...inner,
      describeAppEnvStatus: (envId: string, timeoutMs: number) => {
        calls.push({ api: 'status', at: clock.now(), timeoutMs });
        return inner.describeAppEnvStatus(envId, timeoutMs);
      },
      describeAppEnvInstanceHealth: (envId: string, timeoutMs: number) => {
        calls.push({ api: 'instances', at: clock.now(), timeoutMs });
        return inner.describeAppEnvInstanceHealth(envId, timeoutMs);
      },
    };
    const start = clock.now();
    const health = await waitForHealthy(
      {
        envId: ENV_ID,
        retry: { retryBaseDelayMs: 1000, retryMaxDelayMs: 7000, requestTimeoutMs: 30_000 },
        healthTimeoutMs: 20_000,
      },
      {
        client,
        clock,
        signal: new AbortController().signal,
        random: seededRandom(3),
        log: () => undefined,
        warning: () => undefined,
      },
    );
    inner.close();
    expect(health.status).toBe('timed-out');
    expect(health.counts?.unhealthy).toBe(1);
    expect(calls.length).toBeGreaterThan(4);
    // Named at the end, within the time: the last call reads the instances.
    expect(calls.at(-1)?.api).toBe('instances');
    expect(health.instances).toHaveLength(3);
    const late = calls.filter((c) => c.at + c.timeoutMs > start + 20_000);
    expect(late).toEqual([]);
  });

  it('health checks turned off on the environment: a warning, no wait', async () => {
    em.state.addEnv({
      envId: ENV_ID,
      restartDurationMs: 20_000,
      enableHealthCheck: false,
      unhealthyAfterRestart: 2,
    });
    const r = await runAction(base({ 'wait-for-healthy': 'true' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(false);
    expect(r.stdout).toMatch(
      /^::warning::Environment we-\w+ has health checks turned off \(EnableHealthCheck is false\)/m,
    );
    // Only the one read before the restart (its baseline): no health polls.
    expect(calls('DescribeAppEnvStatus')).toHaveLength(1);
    expect(em.requests.findIndex((q) => q.api === 'DescribeAppEnvStatus')).toBeLessThan(
      em.requests.findIndex((q) => q.api === 'RestartAppEnv'),
    );
    expect(r.outputs['healthy-instances']).toBeUndefined();
    expect(r.summary).toContain('Health checks are turned off');
  });

  it('DescribeAppEnvInstanceHealth refused: still waits on the counts, cannot name instances', async () => {
    em.state.addEnv({
      envId: ENV_ID,
      instances: 2,
      restartDurationMs: 20_000,
      unhealthyAfterRestart: 1,
    });
    em.state.deny('DescribeAppEnvInstanceHealth');
    const r = await runAction(base({ 'wait-for-healthy': 'true', 'health-timeout': '30' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(true);
    expect(calls('DescribeAppEnvInstanceHealth')).toHaveLength(1);
    expect(
      r.stdout.match(/DescribeAppEnvInstanceHealth was refused \(Forbidden\.RAM\)/g),
    ).toHaveLength(1);
    expect(r.stdout).toContain(
      '1 healthy, 1 unhealthy, 0 stopped, 0 unknown; the instances could not be named.',
    );
    expect(r.outputs['unhealthy-instances']).toBe('1');
  });

  it('rejects a health-timeout that is not a number, naming the input', async () => {
    em.state.addEnv({ envId: ENV_ID });
    const r = await runAction(base({ 'wait-for-healthy': 'true', 'health-timeout': 'soon' }), {
      clock,
    });
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain('Input "health-timeout": "soon" is not a number of seconds');
    expect(em.requests).toHaveLength(0);
  });
});
