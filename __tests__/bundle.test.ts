/**
 * The bundle is the product: run the committed dist/index.js as the runner does (node24 runs
 * `node dist/index.js` with INPUT_* variables, hyphens kept, and GITHUB_OUTPUT /
 * GITHUB_STEP_SUMMARY files) against the emulator on loopback.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator, type Fault } from '../emulator/server.js';
import { TEST_STS_CREDENTIALS } from '../emulator/state.js';
import { startIdTokenServer, TEST_OIDC_PROVIDER_ARN, TEST_ROLE_ARN } from '../emulator/sts.js';
import { MAX_ANSWER_BYTES } from '../src/http-exchange.js';
import { ENV_ID, leaks, parseOutputs } from '../__fixtures__/harness.js';
import { runnerCommands } from '../__fixtures__/runner-commands.js';

const BUNDLE = new URL('../dist/index.js', import.meta.url).pathname;

let em: Emulator;
beforeEach(async () => {
  em = await startEmulator();
  em.state.addEnv({ envId: ENV_ID, restartDurationMs: 60_000 });
});
afterEach(() => em.close());

interface Child {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  ms: number;
  /** The child's peak resident memory (VmHWM), in bytes, as last read before it ended. */
  peakRss: number;
}

function runBundle(
  inputs: Record<string, string>,
  onLine?: (line: string, kill: (s: NodeJS.Signals) => void) => void,
  extraEnv: Record<string, string> = {},
  onSpawn?: (kill: (s: NodeJS.Signals) => void) => void,
): Promise<Child> {
  const dir = mkdtempSync(join(tmpdir(), 'webplus-bundle-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_DEBUG: '1',
    DEBUG: '*',
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const started = Date.now();
  const child = spawn(process.execPath, [BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  onSpawn?.((s) => child.kill(s));
  let peakRss = 0;
  const watch = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      peakRss = Math.max(peakRss, kb * 1024);
    } catch {
      // ended
    }
  }, 25);
  let stdout = '';
  let stderr = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine?.(line, (s) => child.kill(s));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearInterval(watch);
      const result = {
        code,
        stdout,
        stderr,
        outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
        ms: Date.now() - started,
        peakRss,
      };
      rmSync(dir, { recursive: true, force: true });
      resolve(result);
    });
  });
}

/** How long, in ms, Node takes here to run a script's first line (its own start-up). */
async function firstOutputMs(): Promise<number> {
  const started = Date.now();
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("x")'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const ms = Date.now() - started;
  await new Promise((resolve) => child.on('close', resolve));
  return ms;
}

const sts = {
  'access-key-id': TEST_STS_CREDENTIALS.accessKeyId,
  'access-key-secret': TEST_STS_CREDENTIALS.accessKeySecret,
  'security-token': TEST_STS_CREDENTIALS.securityToken,
};

describe('node dist/index.js', () => {
  it('waits out EnvOnChanging, restarts once, sets outputs, leaks no secret', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 1200 });
    const r = await runBundle({
      'env-id': ENV_ID,
      endpoint: em.url,
      'retry-base-delay': '0.2',
      'retry-max-delay': '0.5',
      ...sts,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [change] = em.state.restartChanges(ENV_ID);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(change?.changeId);
    expect(r.outputs['start-time']).toBe(String(change?.createTime));
    expect(r.outputs['env-id']).toBe(ENV_ID);
    expect(Number(r.outputs.attempts)).toBeGreaterThan(1);
    expect(r.stdout).toContain('EnvOnChanging (another change is running): attempt 1');
    expect(r.summary).toContain(change?.changeId);
    for (const secret of [
      TEST_STS_CREDENTIALS.accessKeySecret,
      TEST_STS_CREDENTIALS.securityToken,
    ]) {
      expect(leaks(r.stdout + r.stderr, secret)).toEqual([]);
    }
  });

  it('fails with one line and a hint, no stack trace, on a fatal error', async () => {
    const r = await runBundle({
      'env-id': 'we-0000000000000000000000ff',
      endpoint: em.url,
      ...sts,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: Reading environment we-0+ff failed: ResourceAuthFailed: /,
    );
    expect(r.stdout).toContain('Hint: Check env-id, region');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('SIGTERM while waiting: stops at once, says the restart was not started, writes the summary', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 600_000 });
    let signalled = 0;
    const r = await runBundle(
      {
        'env-id': ENV_ID,
        endpoint: em.url,
        'retry-base-delay': '60',
        'retry-max-delay': '60',
        ...sts,
      },
      (line, kill) => {
        if (!signalled && line.startsWith('EnvOnChanging')) {
          signalled = Date.now();
          kill('SIGTERM');
        }
      },
    );
    const stopMs = Date.now() - signalled;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Received SIGTERM: stopping.');
    expect(r.stdout).toContain('Cancelled; the restart was not started.');
    expect(r.summary).toContain('cancelled');
    // A functional bound far from the 60 s delay under test: it does not wait the delay out.
    expect(stopMs).toBeLessThan(20_000);
  });

  it('SIGINT mid-request: says the restart may have started', async () => {
    em.faults.push('RestartAppEnv', { kind: 'slow', delayMs: 20_000, afterProcessing: false });
    let timer: NodeJS.Timeout | undefined;
    const r = await runBundle(
      { 'env-id': ENV_ID, endpoint: em.url, 'request-timeout': '30', ...sts },
      (_line, kill) => {
        // The Restart group opens only with its first line: watch the emulator for the request.
        if (timer) return;
        timer = setInterval(() => {
          if (!em.requests.some((q) => q.api === 'RestartAppEnv')) return;
          clearInterval(timer);
          setTimeout(() => kill('SIGINT'), 300);
        }, 20);
      },
    );
    clearInterval(timer);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Received SIGINT: stopping.');
    expect(r.stdout).toMatch(/Cancelled; the restart may have started/);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('10. SIGTERM, then SIGINT 50 ms later: one stop, the summary is still written', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 600_000 });
    let signalled = false;
    const r = await runBundle(
      {
        'env-id': ENV_ID,
        endpoint: em.url,
        'retry-base-delay': '60',
        'retry-max-delay': '60',
        ...sts,
      },
      (line, kill) => {
        if (!signalled && line.startsWith('EnvOnChanging')) {
          signalled = true;
          kill('SIGTERM');
          setTimeout(() => kill('SIGINT'), 50);
        }
      },
    );
    expect(r.code).toBe(1);
    expect(r.stdout.match(/Received SIG/g)).toHaveLength(1);
    expect(r.stdout).toContain('Cancelled; the restart was not started.');
    expect(r.summary).toMatch(/cancelled/i);
  });

  it('12. a signal while the bundle is still loading is kept and reported, not silent', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 600_000 });
    // Before Node runs any JavaScript no handler can exist (docs/reliability.md). How long that
    // takes here is measured first; the signal goes a little after it, while the action is
    // still loading. A run that Node itself ended (no JavaScript yet) is tried again later.
    const jsAfter = await firstOutputMs();
    let r: Child | undefined;
    for (const delay of [jsAfter + 15, jsAfter * 2 + 15, jsAfter * 4 + 15]) {
      r = await runBundle(
        {
          'env-id': ENV_ID,
          endpoint: em.url,
          'retry-base-delay': '60',
          'retry-max-delay': '60',
          ...sts,
        },
        undefined,
        {},
        (kill) => setTimeout(() => kill('SIGTERM'), delay),
      );
      if (r.code !== null) break;
    }
    expect(r?.code).toBe(1);
    expect(r?.stdout).toContain('Received SIGTERM: stopping.');
    expect(r?.stdout).toMatch(/::error::webplus-restart failed with: Cancelled; the restart/);
    expect(r?.summary).toMatch(/cancelled/i);
  });

  it('11. NODE_DEBUG=http,net,tls prints no header: no secret in stdout or stderr', async () => {
    const r = await runBundle({ 'env-id': ENV_ID, endpoint: em.url, ...sts }, undefined, {
      NODE_DEBUG: 'http,net,tls,stream',
    });
    expect(r.code).toBe(0);
    for (const secret of [
      TEST_STS_CREDENTIALS.accessKeySecret,
      TEST_STS_CREDENTIALS.securityToken,
    ]) {
      expect(leaks(r.stdout + r.stderr, secret)).toEqual([]);
    }
    expect(r.stderr).not.toMatch(/x-acs-security-token/i);
  });

  it.each([
    ['a 600 MB body', { kind: 'huge', bytes: 600 * 1024 * 1024, afterProcessing: true }],
    ['an endless body', { kind: 'endless', afterProcessing: true }],
    ['a gzip bomb', { kind: 'gzip', inflatedBytes: 256 * 1024 * 1024, afterProcessing: true }],
    ['a huge Content-Length', { kind: 'huge', contentLength: 2 ** 40, afterProcessing: true }],
  ] as const)('7. %s: RSS stays under 200 MB, no crash, one restart', async (_name, fault) => {
    em.faults.push('RestartAppEnv', fault);
    const r = await runBundle({
      'env-id': ENV_ID,
      endpoint: em.url,
      'retry-base-delay': '0.2',
      'request-timeout': '3',
      ...sts,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(em.state.restartChanges(ENV_ID)[0]?.changeId);
    expect(r.peakRss).toBeGreaterThan(0);
    expect(r.peakRss).toBeLessThan(200 * 1024 * 1024);
  });

  it('9. every request held: the run ends within wait-timeout + request-timeout + 1 s', async () => {
    for (const api of ['DescribeAppEnvStatus', 'DescribeChanges', 'RestartAppEnv'] as const) {
      for (let i = 0; i < 20; i++)
        em.faults.push(api, { kind: 'slow', delayMs: 60_000, afterProcessing: false });
    }
    const r = await runBundle({
      'env-id': ENV_ID,
      endpoint: em.url,
      'wait-timeout': '3',
      'request-timeout': '2',
      'retry-base-delay': '0.5',
      ...sts,
    });
    expect(r.code).toBe(1);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(0);
    // The bound is 6 s; the process's own start-up and exit are allowed 3 s on top.
    expect(r.ms).toBeLessThan(9000);
  });

  it('5. an endless ID-token body: destroyed at its cap, RSS stays low, the process exits promptly', async () => {
    const endless = await startIdTokenServer({ token: 'unused', answer: 'endless' });
    try {
      const r = await runBundle(
        {
          'env-id': ENV_ID,
          endpoint: em.url,
          'role-to-assume': TEST_ROLE_ARN,
          'oidc-provider-arn': TEST_OIDC_PROVIDER_ARN,
          'sts-endpoint': em.url,
          'request-timeout': '10',
        },
        undefined,
        endless.env,
      );
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/::error::.*Could not get an OIDC ID token from GitHub/);
      expect(r.peakRss).toBeGreaterThan(0);
      expect(r.peakRss).toBeLessThan(150 * 1024 * 1024);
      // A functional bound, not a benchmark: the body is refused at its cap, the 10 s
      // request-timeout is never waited out.
      expect(r.ms).toBeLessThan(10_000);
      expect(endless.openConnections()).toBe(0);
    } finally {
      await endless.close();
    }
  });

  it('7. every answer at the 2 MiB cap, with completion and health: RSS under 150 MB', async () => {
    em.state.updateEnv(ENV_ID, { restartDurationMs: 6000, instances: 4 });
    // Just under the cap (headers count too): read, parsed and kept as little as possible.
    const room = MAX_ANSWER_BYTES - 16 * 1024;
    let n = 0;
    const full: Fault = {
      kind: 'rewrite',
      edit: (body) => {
        const events = (body.Events as { Event?: unknown[] } | undefined)?.Event;
        if (!events) return { ...body, Filler: 'x'.repeat(room) };
        // DescribeEvents: the whole answer new events, every time.
        const list = [];
        for (let size = 0; size < room - 1024;) {
          const e = {
            EventId: `ev-${n++}`,
            EventTimestamp: Date.now(),
            EventLevel: 'INFO',
            EnventName: 'X',
            EventMessage: `event ${n} ${'m'.repeat(400)}`,
          };
          size += JSON.stringify(e).length + 1;
          list.push(e);
        }
        return { ...body, Events: { Event: list } };
      },
    };
    em.faults.push('*', ...Array<Fault>(2000).fill(full));
    const r = await runBundle({
      'env-id': ENV_ID,
      endpoint: em.url,
      'wait-for-completion': 'true',
      'wait-for-healthy': 'true',
      'retry-base-delay': '0.2',
      'retry-max-delay': '0.4',
      ...sts,
    });
    expect(r.peakRss).toBeGreaterThan(0);
    expect(r.peakRss).toBeLessThan(150 * 1024 * 1024);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs['change-status']).toBe('succeeded');
    expect(r.outputs['healthy-instances']).toBe('4');
    const big = em.requests.length;
    expect(big).toBeGreaterThan(10); // many 2 MiB answers, not a few
    console.log(
      `2 MiB answers: ${big} requests, ${n} events sent, peak RSS ${(r.peakRss / 1048576).toFixed(0)} MB in ${r.ms} ms`,
    );
  });

  it('8. hostile text in both command syntaxes: no line of the raw output is a command the action did not issue', async () => {
    const hostile = 'x ##[set-output name=pwned]1 ##[stop-commands]tok\n::warning::pwned';
    em.state.startChange(ENV_ID, { actionName: hostile, durationMs: 1000 });
    em.faults.push('RestartAppEnv', {
      kind: 'body',
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ Code: `Throttling ${hostile}`, Message: hostile, RequestId: hostile }),
    });
    em.faults.push('DescribeEvents', {
      kind: 'rewrite',
      edit: (body) => {
        (body.Events as { Event: unknown[] }).Event.push({
          EventId: 'ev-hostile',
          EventTimestamp: Date.now(),
          EventLevel: hostile,
          EnventName: hostile,
          EventMessage: hostile,
        });
        return body;
      },
    });
    em.state.updateEnv(ENV_ID, { restartDurationMs: 2000 });
    const r = await runBundle({
      'env-id': ENV_ID,
      endpoint: em.url,
      'wait-for-completion': 'true',
      'retry-base-delay': '0.2',
      'retry-max-delay': '0.5',
      ...sts,
    });
    expect(r.code).toBe(0);
    const own = new Set(['add-mask', 'debug', 'group', 'endgroup', 'notice', 'warning', 'error']);
    const injected = runnerCommands(r.stdout + r.stderr).filter(
      (c) => c.syntax === '##[' || !own.has(c.command) || c.data.startsWith('pwned'),
    );
    expect(injected).toEqual([]);
    expect(r.stdout).toContain('## [set-output name=pwned]1'); // printed, neutralised
  });

  it('the wall clock stepped back 20 s mid-wait: the run still ends within its bound', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 600_000 });
    const preload = new URL('../__fixtures__/clock-step-back.mjs', import.meta.url).pathname;
    const r = await runBundle(
      {
        'env-id': ENV_ID,
        endpoint: em.url,
        'wait-timeout': '3',
        'request-timeout': '2',
        'retry-base-delay': '0.5',
        'retry-max-delay': '1',
        ...sts,
      },
      undefined,
      { NODE_OPTIONS: `--import=${preload}` },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('still busy with another change');
    // Budgets run on a monotonic clock: 3 s of waiting, not 23 s.
    expect(r.ms).toBeLessThan(9000);
  });

  it('abort-on-cancel: after SIGINT, AbortChange reaches the service well within the 7.5 s the runner allows', async () => {
    let signalledAt = 0;
    const r = await runBundle(
      {
        'env-id': ENV_ID,
        endpoint: em.url,
        'wait-for-completion': 'true',
        'abort-on-cancel': 'true',
        ...sts,
      },
      (line, kill) => {
        if (signalledAt || !line.startsWith('::group::Wait for change')) return;
        signalledAt = Date.now();
        setTimeout(() => kill('SIGINT'), 200);
      },
    );
    expect(r.code).toBe(1);
    const abort = em.requests.find((q) => q.api === 'AbortChange');
    expect(abort).toBeDefined();
    expect((abort?.receivedAt ?? 0) - signalledAt).toBeLessThan(7500);
    expect(r.summary).toContain('AbortChange sent on cancel (abort-on-cancel), accepted');
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
  });
});
