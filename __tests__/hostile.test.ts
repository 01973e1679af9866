/**
 * Whatever a server sends is data: bounded in size and time, never a crash, never a workflow
 * command, never a secret in the log. Real HTTP against the emulator's hostile answers.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { TEST_CREDENTIALS } from '../emulator/state.js';
import {
  ENV_ID,
  leaks,
  runAction,
  seededRandom,
  virtualClock,
  type VirtualClock,
} from '../__fixtures__/harness.js';
import { MAX_ANSWER_BYTES } from '../src/http-exchange.js';

let em: Emulator;
let clock: VirtualClock;
beforeEach(async () => {
  clock = virtualClock();
  em = await startEmulator({ now: () => clock.now() });
  em.state.addEnv({ envId: ENV_ID, restartDurationMs: 4000 });
});
afterEach(() => em.close());

const ours = () => em.state.restartChanges(ENV_ID);
const base = (extra: Record<string, string> = {}) => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'retry-base-delay': '1',
  'retry-max-delay': '5',
  'request-timeout': '5',
  ...extra,
});

/**
 * Lines the runner would read as workflow commands that the action did not mean: a command the
 * action never writes, or one that starts with the hostile text the tests send.
 */
function injected(stdout: string): string[] {
  const own = /^::(add-mask|debug|group|endgroup|notice|warning|error)( [^:]*)?::/;
  const hostile = /^\s*::(warning::pwned|stop-commands::|error::x\b)/;
  return stdout
    .split('\n')
    .filter((line) => /^\s*::/.test(line) && (!own.test(line) || hostile.test(line)));
}

describe('7. unbounded answers', () => {
  it.each([
    ['an endless body', { kind: 'endless', afterProcessing: true }],
    ['a 600 MB body', { kind: 'huge', bytes: 600 * 1024 * 1024, afterProcessing: true }],
    ['a huge Content-Length', { kind: 'huge', contentLength: 2 ** 40, afterProcessing: true }],
    ['a gzip bomb', { kind: 'gzip', inflatedBytes: 64 * 1024 * 1024, afterProcessing: true }],
  ] as const)(
    '%s from RestartAppEnv: refused, settled by a look-up, one restart',
    async (_name, fault) => {
      em.faults.push('RestartAppEnv', fault);
      const r = await runAction(base(), { clock, random: seededRandom() });
      expect(r.failed).toBe(false);
      expect(ours()).toHaveLength(1);
      expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
      expect(r.stdout).toMatch(/No trustworthy answer \((answer refused|no answer within)/);
    },
  );

  it.each([
    ['an endless body', { kind: 'endless' }],
    ['a gzip bomb', { kind: 'gzip', inflatedBytes: 64 * 1024 * 1024 }],
  ] as const)('%s from a look-up is a failed look-up, retried', async (_name, fault) => {
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    em.faults.push('DescribeAppEnvStatus', { kind: 'pass' }, fault);
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(ours()).toHaveLength(1);
    expect(r.stdout).toMatch(/Look-up failed \(/);
  });

  it(`reads at most ${MAX_ANSWER_BYTES} bytes of an answer`, async () => {
    em.faults.push('RestartAppEnv', { kind: 'huge', bytes: 50 * 1024 * 1024 });
    const before = process.memoryUsage().rss;
    const r = await runAction(base(), { clock, random: seededRandom() });
    // The 50 MB body never lands in memory (the test process itself varies by a few MB).
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
    expect(r.stdout).toContain(`answer over ${MAX_ANSWER_BYTES} bytes`);
  });
});

describe('8. server text is data', () => {
  const hostile = 'boom\n::warning::pwned\n::stop-commands::abc\n\n| a | b |\n# heading';

  it('an error Message with line breaks and commands: one line in the log, no command', async () => {
    em.faults.push('RestartAppEnv', {
      kind: 'error',
      status: 403,
      code: 'StatusNotAllowedRestart',
      message: hostile,
    });
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(true);
    expect(injected(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('boom ::warning::pwned ::stop-commands::abc | a | b | # heading');
    expect(r.summary).not.toMatch(/^::/m);
    expect(r.summary).not.toMatch(/\n\s*\n\s*\| a \| b \|/);
  });

  it('a hostile error Code is neutralised too, in the plain log lines as well', async () => {
    // A throttling code is retried, so it reaches a plain log line ("Transient error <code>"),
    // which @actions/core does not escape, as well as the annotation, which it does.
    em.faults.push('RestartAppEnv', {
      kind: 'body',
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({
        Code: 'Throttling\n::warning::pwned',
        Message: 'm',
        RequestId: 'R\n::error::x',
      }),
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.stdout).toContain('Transient error Throttling ::warning::pwned');
    expect(injected(r.stdout)).toEqual([]);
  });

  it('a ChangeMessage with commands on a failed completion: no command', async () => {
    em.state.updateEnv(ENV_ID, { restartOutcome: 'failed', restartMessage: hostile });
    const r = await runAction(base({ 'wait-for-completion': 'true' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(true);
    expect(injected(r.stdout)).toEqual([]);
    // In the summary: one line, its table pipes and heading mark escaped.
    expect(r.summary).toContain(
      'ended failed: boom ::warning::pwned ::stop-commands::abc \\| a \\| b \\| \\# heading',
    );
    expect(r.outputs['change-status']).toBe('failed');
  });

  it("a blocking change's ActionName with commands: no command in the pacing note", async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply\n::warning::pwned', durationMs: 3000 });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(injected(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('(Apply ::warning::pwned)');
  });

  it('a multi-line ChangeId is malformed, never an output', async () => {
    em.faults.push('RestartAppEnv', {
      kind: 'rewrite',
      edit: (body) => ({
        ...body,
        EnvChange: { ...(body.EnvChange as object), ChangeId: 'wc-1\nevil=1' },
      }),
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.outputFile).not.toContain('evil');
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    expect(ours()).toHaveLength(1);
  });
});

describe('11. secrets echoed in other forms', () => {
  it.each([
    ['base64', Buffer.from(TEST_CREDENTIALS.accessKeySecret).toString('base64')],
    ['URL-encoded', encodeURIComponent(`${TEST_CREDENTIALS.accessKeySecret}&/`)],
  ])('a secret echoed %s by a server is masked and scrubbed', async (_name, echoed) => {
    em.faults.push('RestartAppEnv', {
      kind: 'error',
      status: 400,
      code: 'SignatureDoesNotMatch',
      message: `server string to sign is: ${echoed}`,
    });
    const secret = `${TEST_CREDENTIALS.accessKeySecret}${_name === 'URL-encoded' ? '&/' : ''}`;
    const r = await runAction(base({ 'access-key-secret': secret }), { clock });
    expect(r.failed).toBe(true);
    expect(leaks(r.stdout, echoed)).toEqual([]);
    // @actions/core escapes '%' in the command; the runner registers the decoded value.
    expect(r.stdout).toContain(`::add-mask::${echoed.replace(/%/g, '%25')}`);
    expect(r.summary).not.toContain(echoed);
  });

  it('an endpoint URL with credentials is refused without printing them', async () => {
    const r = await runAction(
      { 'env-id': ENV_ID, endpoint: 'https://admin:hunter2-secret@webplus.example:bad/' },
      { clock },
    );
    expect(r.failed).toBe(true);
    expect(r.stdout).not.toContain('hunter2-secret');
    expect(r.summary).not.toContain('hunter2-secret');
    expect(r.stdout).toMatch(/Input "endpoint"/);
  });
});

describe('7. nothing escapes as an uncaught exception', () => {
  it('an exception thrown outside any await (as from an HTTP listener) ends the run with a report', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 600_000 });
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      // What an exception thrown in a socket's own listener looks like to the process.
      if (clock.sleeps.length === 1)
        process.emit('uncaughtException', new Error('boom in a listener'));
      return sleep(ms, signal);
    };
    const r = await runAction(base(), { clock });
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: unexpected error: boom in a listener; the restart was not started\./,
    );
    expect(r.summary).not.toBe('');
    expect(process.listenerCount('uncaughtException')).toBe(uncaughtListenersBefore);
  });
});

const uncaughtListenersBefore = process.listenerCount('uncaughtException');
