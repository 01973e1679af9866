/** The job summary: its heading on every path, its timeline, the hint, and markdown escaping. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { md } from '../src/summary.js';
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
    expect(r.stdout.match(/^::notice/gm)).toHaveLength(1);
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
    expect(chart).toMatch(/^gantt\n {2}dateFormat x\n/);
    expect(chart).toMatch(/Blocking change wc-\w+ \(Apply\) :crit, \d+, \d+/);
    expect(chart).toMatch(/Try 1 EnvOnChanging :milestone/);
    expect(chart).toMatch(/Try \d+ started :milestone/);
    expect(chart).toMatch(/section Restart change\n {2}Change wc-\w+ succeeded :done, \d+, \d+/);
    expect(r.stdout.match(/^::notice/gm)).toHaveLength(1);
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
    expect(chart).toContain('INFO Batch 1/2 restarting');
    expect(chart).toContain('INFO Batch 2/2 restarted');
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
    expect(mermaid(r.summary)).toMatch(/Change wc-\w+ paused :active/);
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
    expect(mermaid(r.summary)).toMatch(/Change wc-\w+ failed :crit/);
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
    const r = await runAction(base({ 'access-key-secret': 'not-the-secret-at-all' }), { clock });
    expect(r.failed).toBe(true);
    expect(heading(r.summary)).toBe('## ❌ Restart failed');
    expect(r.summary).toContain('could not be started');
    expect(r.summary).toContain('SignatureDoesNotMatch');
    expect(r.summary).toContain('(the string-to-sign is in the debug log)');
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
