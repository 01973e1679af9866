/**
 * Keyless credentials end to end: GitHub's ID-token endpoint (served for real), STS
 * AssumeRoleWithOIDC and WebPlus in the emulator, the action in-process on a virtual clock;
 * one run in a child process over TLS.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { TEST_CREDENTIALS } from '../emulator/state.js';
import {
  DEFAULT_AUDIENCE,
  ID_TOKEN_LIFETIME_MS,
  startIdTokenServer,
  stsOf,
  stsRoutes,
  TEST_OIDC_PROVIDER_ARN,
  TEST_ROLE_ARN,
  type IdTokenServer,
  type StsEmulator,
} from '../emulator/sts.js';
import {
  ENV_ID,
  leaks,
  parseOutputs,
  runAction,
  seededRandom,
  virtualClock,
  type RunOptions,
  type VirtualClock,
} from '../__fixtures__/harness.js';
import { makeTestCertificate, startTlsProxy } from '../__fixtures__/tls.js';
import { realClock } from '../src/clock.js';
import { MAX_ID_TOKEN_ANSWER } from '../src/id-token.js';
import { assumeRoleWithGitHubOidc, refreshMarginMs } from '../src/oidc.js';
import { createWebPlusClient } from '../src/webplus-client.js';

let em: Emulator;
let clock: VirtualClock;
let sts: StsEmulator;
let github: IdTokenServer;

beforeEach(async () => {
  clock = virtualClock();
  em = await startEmulator({ now: () => clock.now(), routes: stsRoutes });
  em.state.addEnv({ envId: ENV_ID });
  sts = stsOf(em.state);
  github = await startIdTokenServer({ token: (audience) => sts.mintIdToken(audience) });
});
afterEach(async () => {
  await em.close();
  await github.close();
});

const stsCalls = () => em.requests.filter((r) => r.api === 'AssumeRoleWithOIDC');
const restarts = () => em.requests.filter((r) => r.api === 'RestartAppEnv');
const webplusCalls = () => em.requests.filter((r) => r.api !== 'AssumeRoleWithOIDC');

const inputs = (extra: Record<string, string> = {}) => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'role-to-assume': TEST_ROLE_ARN,
  'oidc-provider-arn': TEST_OIDC_PROVIDER_ARN,
  'sts-endpoint': em.url,
  ...extra,
});

/** A run with the ID-token variables set (as with `id-token: write`) and no keys as inputs. */
function runWithOidc(extra: Record<string, string> = {}, options: RunOptions = {}) {
  return runAction(inputs(extra), {
    clock,
    credentials: false,
    ...options,
    env: { ...github.env, ...(options.env ?? {}) },
  });
}

const PERMISSIONS = 'permissions:\n  id-token: write\n  contents: read';

describe('happy path', () => {
  it('gets an ID token, assumes the role once, and signs every WebPlus call with the STS credentials', async () => {
    const r = await runWithOidc();
    expect(r.failed).toBe(false);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);

    expect(github.requests).toEqual([
      { audience: DEFAULT_AUDIENCE, authorization: `Bearer ${github.requestToken}` },
    ]);
    const [call, ...more] = stsCalls();
    expect(more).toEqual([]);
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe('/');
    expect(call?.query).toMatchObject({
      Action: 'AssumeRoleWithOIDC',
      Version: '2015-04-01',
      Format: 'JSON',
    });
    expect(call?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call?.headers.authorization).toBeUndefined(); // anonymous
    expect(call?.headers['x-acs-security-token']).toBeUndefined();
    // The form alone: the recorded params merge the query in.
    const query = call?.query ?? {};
    const form = Object.fromEntries(
      Object.entries(call?.params ?? {}).filter(([name]) => !(name in query)),
    );
    expect(form).toEqual({
      RoleArn: TEST_ROLE_ARN,
      OIDCProviderArn: TEST_OIDC_PROVIDER_ARN,
      OIDCToken: github.tokens[0],
      RoleSessionName: 'github-actions-webplus-restart',
      DurationSeconds: '3600',
    });
    expect(call?.code).toBe('OK');

    const [issued] = sts.issued;
    expect(sts.issued).toHaveLength(1);
    expect(issued?.accessKeyId).toMatch(/^STS\.[0-9a-f]+$/);
    for (const request of webplusCalls()) {
      expect(request.headers.authorization).toMatch(new RegExp(`^acs ${issued?.accessKeyId}:`));
      expect(request.headers['x-acs-security-token']).toBe(issued?.securityToken);
      expect(request.code).toBe('OK');
    }
    expect(restarts()).toHaveLength(1);
    expect(r.stdout).toContain(`Assuming role ${TEST_ROLE_ARN} with GitHub's OIDC token`);
    expect(r.stdout).toMatch(/Assumed acs:ram::\d+:assumed-role\/.+ \(RequestId [0-9A-F-]{36}\)/);
    // 3600 s outlive the default wait-timeout (900 s): no renewal is planned.
    expect(r.stdout).not.toContain('will be assumed again');
  });

  it('passes audience, role-session-name (made valid) and role-duration-seconds through', async () => {
    stsOf(em.state, { audiences: ['my-audience'] });
    const r = await runWithOidc({
      audience: 'my-audience',
      'role-session-name': 'deploy by octocat!',
      'role-duration-seconds': '900',
    });
    expect(r.failed).toBe(false);
    expect(github.requests[0]?.audience).toBe('my-audience');
    expect(stsCalls()[0]?.params).toMatchObject({
      RoleSessionName: 'deploy-by-octocat-',
      DurationSeconds: '900',
    });
    expect(sts.issued[0]?.expiresAt).toBe(Math.floor((clock.now() + 900_000) / 1000) * 1000);
  });
});

describe('fails before any request', () => {
  it('without the id-token permission, naming the lines to add', async () => {
    const r = await runAction(inputs(), { clock, credentials: false });
    expect(r.failed).toBe(true);
    expect(em.requests).toHaveLength(0);
    expect(github.requests).toHaveLength(0);
    // In the annotation (where %0A is a new line), the hint included: no separate Hint line.
    const error = r.stdout.split('\n').find((l) => l.startsWith('::error::'));
    expect(error).toContain('ACTIONS_ID_TOKEN_REQUEST_URL is not set');
    expect(error?.replace(/%0A/g, '\n')).toContain(PERMISSIONS);
    expect(r.summary).toContain('id-token: write');
  });

  it.each([
    [
      'access-key-id and access-key-secret',
      { 'access-key-id': TEST_CREDENTIALS.accessKeyId, 'access-key-secret': 'x-secret-value' },
    ],
    ['access-key-id alone', { 'access-key-id': TEST_CREDENTIALS.accessKeyId }],
    ['security-token alone', { 'security-token': 'some-token-value' }],
  ])('%s beside role-to-assume: an input error saying what to drop', async (_name, keys) => {
    const r = await runWithOidc(keys);
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: Input "role-to-assume": cannot be combined with (access-key-id|security-token)/,
    );
    expect(r.stdout).toMatch(
      /drop .+ to assume the role .*or drop role-to-assume and oidc-provider-arn/,
    );
    expect(em.requests).toHaveLength(0);
    expect(github.requests).toHaveLength(0);
  });
});

describe('keys in the environment beside role-to-assume', () => {
  it('the role wins, and a line says so', async () => {
    const r = await runWithOidc(
      {},
      {
        env: {
          ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_CREDENTIALS.accessKeySecret,
        },
      },
    );
    expect(r.failed).toBe(false);
    expect(r.stdout).toContain(
      'Ignoring the keys in ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET: role-to-assume is set, so the role is assumed.',
    );
    expect(stsCalls()).toHaveLength(1);
    expect(restarts()[0]?.headers.authorization).toMatch(
      new RegExp(`^acs ${sts.issued[0]?.accessKeyId}:`),
    );
  });
});

describe('STS refuses: one call, the code, message, RequestId and a hint', () => {
  const uuid = '[0-9A-F-]{36}';
  it.each([
    [
      'a token STS cannot verify',
      () => ({ token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJmb3JnZWQifQ.forged-signature' }),
      {},
      'AuthenticationFail.OIDCToken.Invalid',
      400,
      /Hint: STS rejected the ID token: check the OIDC provider in RAM/,
    ],
    [
      'a token for another audience',
      () => ({}),
      { audience: 'api://AzureADTokenExchange' },
      'AuthenticationFail.OIDCToken.Invalid',
      400,
      /Hint: STS rejected the ID token/,
    ],
    [
      'an expired token',
      () => ({ token: sts.mintIdToken(DEFAULT_AUDIENCE, { expiresAt: clock.now() - 1000 }) }),
      {},
      'AuthenticationFail.OIDCToken.Expired',
      400,
      /Hint: The ID token had expired/,
    ],
    [
      'an unknown role',
      () => ({}),
      { 'role-to-assume': 'acs:ram::1234567890123456:role/no-such-role' },
      'EntityNotExist.Role',
      404,
      /Hint: Check role-to-assume: no such RAM role/,
    ],
    [
      'an unknown OIDC provider',
      () => ({}),
      { 'oidc-provider-arn': 'acs:ram::1234567890123456:oidc-provider/Nope' },
      'EntityNotExist.OIDCProvider',
      404,
      /Hint: Check oidc-provider-arn/,
    ],
    [
      "a duration past the role's maximum",
      () => {
        stsOf(em.state, { maxSessionDurationSeconds: 3600 });
        return {};
      },
      { 'role-duration-seconds': '7200' },
      'InvalidParameter.DurationSeconds',
      400,
      /Hint: Check role-duration-seconds/,
    ],
  ])('%s', async (_name, setUp, extra, code, status, hint) => {
    const { token } = setUp() as { token?: string };
    if (token) {
      await github.close();
      github = await startIdTokenServer({ token });
    }
    const r = await runWithOidc(extra);
    expect(r.failed).toBe(true);
    expect(stsCalls()).toHaveLength(1);
    expect(restarts()).toHaveLength(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `::error::webplus-restart failed with: AssumeRoleWithOIDC failed: ${code.replace(/\./g, '\\.')}: .+ \\(RequestId ${uuid}, HTTP ${status}\\)`,
      ),
    );
    expect(r.stdout).toMatch(hint);
    expect(r.stdout).not.toMatch(/\n\s+at /);
    expect(r.outputs.attempts).toBe('0');
  });

  it('NoPermission (the trust policy refuses this token) gets an STS hint, not a WebPlus one', async () => {
    em.faults.push('AssumeRoleWithOIDC', {
      kind: 'error',
      status: 403,
      code: 'NoPermission',
      message: 'You are not authorized to do this action.',
    });
    const r = await runWithOidc();
    expect(r.failed).toBe(true);
    expect(stsCalls()).toHaveLength(1);
    expect(r.stdout).toMatch(/AssumeRoleWithOIDC failed: NoPermission: You are not authorized/);
    expect(r.stdout).toMatch(/Hint: The role's trust policy does not let this token assume it/);
    expect(r.stdout).not.toContain('webplus:RestartAppEnv');
  });
});

describe('transient STS failures are retried with backoff', () => {
  it('throttling, a 503, an HTML 502 and a reset, then success: one line per retry', async () => {
    em.faults.push(
      'AssumeRoleWithOIDC',
      { kind: 'error', status: 400, code: 'Throttling.User' },
      { kind: 'error', status: 503, code: 'ServiceUnavailable' },
      { kind: 'html', status: 502 },
      { kind: 'reset' },
    );
    const r = await runWithOidc(
      { 'retry-base-delay': '2', 'retry-max-delay': '10' },
      { random: seededRandom() },
    );
    expect(r.failed).toBe(false);
    expect(stsCalls()).toHaveLength(5);
    expect(sts.issued).toHaveLength(1);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(clock.sleeps).toHaveLength(4);
    expect(clock.sleeps[0]).toBe(2000);
    for (const d of clock.sleeps) expect(d).toBeLessThanOrEqual(10_000);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('AssumeRoleWithOIDC attempt'));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^AssumeRoleWithOIDC attempt 1 failed \(Throttling\.User: .+ \(RequestId [0-9A-F-]{36}, HTTP 400\)\); next try in 2 s\.$/,
    );
    expect(lines[1]).toMatch(/attempt 2 failed \(ServiceUnavailable/);
    expect(lines[2]).toMatch(/attempt 3 failed \(HTTP 502 answer was not JSON: "502 Bad Gateway/);
    expect(lines[3]).toMatch(/attempt 4 failed \(/);
    // The ID token is still fresh: fetched once.
    expect(github.requests).toHaveLength(1);
  });

  it('retries a time-out', async () => {
    em.faults.push('AssumeRoleWithOIDC', { kind: 'slow', delayMs: 1500, afterProcessing: false });
    const r = await runWithOidc({ 'request-timeout': '1', 'retry-base-delay': '1' });
    expect(r.failed).toBe(false);
    expect(r.stdout).toMatch(/attempt 1 failed \(no answer within the request-timeout \(1 s\)\)/);
    expect(stsCalls()).toHaveLength(2);
  });

  it('gives up at wait-timeout, never sleeping past it, and starts no restart', async () => {
    const throttled = { kind: 'error', status: 400, code: 'Throttling.Api' } as const;
    em.faults.push('AssumeRoleWithOIDC', ...Array<typeof throttled>(50).fill(throttled));
    const r = await runWithOidc(
      { 'wait-timeout': '30', 'retry-base-delay': '5', 'retry-max-delay': '10' },
      { random: seededRandom(3) },
    );
    expect(r.failed).toBe(true);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: Gave up on AssumeRoleWithOIDC after \d+ attempt\(s\); last error: Throttling\.Api/,
    );
    expect(restarts()).toHaveLength(0);
  });

  it('a cancellation during the backoff stops at once', async () => {
    em.faults.push('AssumeRoleWithOIDC', {
      kind: 'error',
      status: 503,
      code: 'ServiceUnavailable',
    });
    const controller = new AbortController();
    const sleeping: VirtualClock = {
      ...clock,
      sleep: (_ms, signal) => {
        controller.abort();
        return clock.sleep(1, signal);
      },
    };
    const r = await runWithOidc({}, { clock: sleeping, signal: controller.signal });
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain('Cancelled; the restart was not started.');
    expect(stsCalls()).toHaveLength(1);
  });
});

describe('credentials that would expire during the run are renewed before they expire', () => {
  function checkRenewals(stdout: string) {
    const calls = stsCalls();
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(sts.issued).toHaveLength(calls.length);
    // A fresh ID token each time: the first one lapsed long ago (5 minutes).
    expect(new Set(sts.issued.map((c) => c.oidcToken)).size).toBe(calls.length);
    expect(github.requests.length).toBe(calls.length);
    const margin = refreshMarginMs(900);
    for (let i = 1; i < calls.length; i++) {
      const previous = sts.issued[i - 1];
      // Renewed no earlier than the margin before expiry (and, below, never used after it).
      expect(calls[i]?.receivedAt).toBeGreaterThanOrEqual((previous?.expiresAt ?? 0) - margin);
    }
    for (const request of webplusCalls()) {
      expect(request.code ?? '').not.toMatch(/SecurityToken/);
      const used = sts.issued.find((c) => request.headers.authorization?.includes(c.accessKeyId));
      expect(used).toBeDefined();
      expect(request.receivedAt).toBeLessThan(used?.expiresAt ?? 0);
    }
    expect(stdout).toContain(
      'the role will be assumed again, with a new ID token, 90 s before they expire',
    );
    expect(stdout).toMatch(/The credentials expire in \d+(\.\d)? s: assuming the role again\./);
    for (const c of sts.issued) {
      for (const secret of [c.accessKeySecret, c.securityToken, c.oidcToken]) {
        expect(leaks(stdout, secret)).toEqual([]);
        expect(stdout).toContain(`::add-mask::${secret}`);
      }
    }
  }

  it('while EnvOnChanging lasts longer than role-duration-seconds', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 40 * 60_000 });
    const r = await runWithOidc(
      {
        'role-duration-seconds': '900',
        'wait-timeout': '3600',
        'retry-base-delay': '5',
        'retry-max-delay': '60',
      },
      { random: seededRandom(5), env: { RUNNER_DEBUG: '1' } },
    );
    expect(r.failed).toBe(false);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(1);
    expect(restarts().at(-1)?.code).toBe('OK');
    expect(stsCalls().length).toBeGreaterThanOrEqual(3); // 40 minutes of 15-minute sessions
    checkRenewals(r.stdout);
  });

  it('while waiting for a long restart to complete', async () => {
    em.state.updateEnv(ENV_ID, { restartDurationMs: 30 * 60_000 });
    const r = await runWithOidc(
      {
        'role-duration-seconds': '900',
        'wait-timeout': '60',
        'wait-for-completion': 'true',
        'completion-timeout': '3600',
      },
      { random: seededRandom(9) },
    );
    expect(r.failed).toBe(false);
    expect(r.outputs['change-status']).toBe('succeeded');
    expect(stsCalls().length).toBeGreaterThanOrEqual(2);
    checkRenewals(r.stdout);
  });

  it('keeps using still-valid credentials when a renewal is refused, then fails on their expiry', async () => {
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 40 * 60_000 });
    // The first call is answered as usual (a slow fault of 0 ms), the renewal is refused.
    em.faults.push(
      'AssumeRoleWithOIDC',
      { kind: 'slow', delayMs: 0 },
      { kind: 'error', status: 404, code: 'EntityNotExist.Role', message: 'The role was deleted.' },
    );
    const r = await runWithOidc(
      { 'role-duration-seconds': '900', 'wait-timeout': '3600', 'retry-max-delay': '30' },
      { random: seededRandom(2) },
    );
    expect(r.failed).toBe(true);
    expect(stsCalls()).toHaveLength(2);
    expect(r.stdout).toMatch(
      /Could not renew the credentials, which expire at .+Z: AssumeRoleWithOIDC failed: EntityNotExist\.Role: The role was deleted\. .+ Hint: Check role-to-assume/,
    );
    // Used up to their expiry, then refused once: a definite answer, no restart started.
    const [issued] = sts.issued;
    const calls = webplusCalls();
    expect(calls.at(-1)?.code).toBe('InvalidSecurityToken.Expired');
    expect(calls.filter((c) => c.code === 'InvalidSecurityToken.Expired')).toHaveLength(1);
    expect(calls.at(-2)?.receivedAt).toBeLessThan(issued?.expiresAt ?? 0);
    // The read before the next send meets the expiry: every attempt was refused, none started.
    expect(r.stdout).toMatch(
      /::error::webplus-restart failed with: Reading environment we-\w+ before sending RestartAppEnv again failed: InvalidSecurityToken\.Expired.+none is known to have started a restart/,
    );
    expect(r.stdout).not.toContain('may have started');
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(0);
  });
});

describe('masking', () => {
  it('masks the ID token and the STS credentials the moment they exist, with debug logging on', async () => {
    const r = await runWithOidc({}, { env: { RUNNER_DEBUG: '1', DEBUG: '*' } });
    expect(r.failed).toBe(false);
    expect(r.stdout).toContain('::debug::');
    const idToken = github.tokens[0] ?? '';
    const c = sts.issued[0];
    const secrets = [
      idToken,
      c?.accessKeySecret ?? '',
      c?.securityToken ?? '',
      c?.accessKeyId ?? '',
    ];
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      expect(leaks(r.stdout, secret)).toEqual([]);
      expect(r.summary).not.toContain(secret);
      expect(Object.values(r.outputs).join('\n')).not.toContain(secret);
    }

    const lines = r.stdout.split('\n');
    const maskAt = (secret: string) => lines.indexOf(`::add-mask::${secret}`);
    // The ID token: masked right after it was fetched, before any other line.
    const fetching = lines.findIndex((l) => l.startsWith('::debug::ID token url is'));
    expect(fetching).toBeGreaterThanOrEqual(0);
    expect(maskAt(idToken)).toBe(fetching + 1);
    // The STS credentials: masked as they arrive, before the next line of any other kind.
    const assumed = lines.findIndex((l) => l.startsWith('Assumed '));
    const lastOther = lines
      .slice(0, assumed)
      .map((l, i) => (l.startsWith('::add-mask::') ? -1 : i))
      .reduce((a, b) => Math.max(a, b), -1);
    for (const secret of secrets.slice(1)) {
      expect(maskAt(secret)).toBeGreaterThan(lastOther);
      expect(maskAt(secret)).toBeLessThan(assumed);
    }
    expect(lastOther).toBe(fetching); // nothing printed between the ID token and the STS answer
    // Every line that could carry a secret comes after its mask.
    for (const secret of secrets) {
      const firstUse = lines.findIndex((l) => !l.startsWith('::add-mask::') && l.includes(secret));
      expect(firstUse).toBe(-1);
    }
  });

  it("masks and scrubs the session's secrets echoed base64- and URL-encoded by a server", async () => {
    // A server echoes the temporary credentials encoded (as a gateway echoes its
    // string-to-sign): the first WebPlus call, made after they were issued, queues the echo.
    const forms: string[] = [];
    em.faults.push('DescribeAppEnvStatus', {
      kind: 'hook',
      run: () => {
        const c = sts.issued[0];
        for (const secret of [c?.accessKeySecret ?? '', c?.securityToken ?? '']) {
          forms.push(Buffer.from(secret).toString('base64'), encodeURIComponent(secret));
        }
        em.faults.push('RestartAppEnv', {
          kind: 'error',
          status: 400,
          code: 'SignatureDoesNotMatch',
          message: `server string to sign is: ${forms.join(' ')}`,
        });
      },
    });
    const r = await runWithOidc();
    expect(r.failed).toBe(true);
    expect(forms).toHaveLength(4);
    expect(new Set(forms).size).toBe(4); // the token's URL-encoded form differs from it
    expect(r.stdout).toContain('SignatureDoesNotMatch');
    for (const form of forms) {
      expect(leaks(r.stdout, form)).toEqual([]);
      expect(r.summary).not.toContain(form);
      // @actions/core escapes '%' in the command; the runner registers the decoded value.
      expect(r.stdout).toContain(`::add-mask::${form.replace(/%/g, '%25')}`);
    }
  });

  it('scrubs a secret that comes back inside an STS error message', async () => {
    const r0 = sts.mintIdToken(DEFAULT_AUDIENCE);
    await github.close();
    github = await startIdTokenServer({ token: r0 });
    em.faults.push('AssumeRoleWithOIDC', {
      kind: 'error',
      status: 400,
      code: 'AuthenticationFail.OIDCToken.Invalid',
      message: `Token ${r0} is not valid.`,
    });
    const r = await runWithOidc();
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain('AuthenticationFail.OIDCToken.Invalid: Token *** is not valid.');
    expect(leaks(r.stdout, r0)).toEqual([]);
    expect(r.summary).not.toContain(r0);
  });
});

describe('over TLS, in a process of its own', () => {
  /** Runs src/main.ts in a child process with the runner's variables. */
  function runChild(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) =>
          !/^(INPUT_|ALIBABA|ALICLOUD_|ACTIONS_|GITHUB_|RUNNER_|NODE_OPTIONS$|NODE_EXTRA_CA_CERTS$)/.test(
            k,
          ),
      ),
    );
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
        cwd: process.cwd(),
        env: { ...base, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
  }

  it('trusts a test CA through NODE_EXTRA_CA_CERTS for both the ID-token endpoint and STS', async () => {
    const cert = makeTestCertificate();
    const proxy = await startTlsProxy(em.url, cert);
    const githubTls = await startIdTokenServer({
      token: (audience) => sts.mintIdToken(audience),
      tls: cert,
    });
    const dir = mkdtempSync(join(tmpdir(), 'webplus-child-'));
    const outputFile = join(dir, 'output');
    writeFileSync(outputFile, '');
    try {
      const inputsEnv = Object.fromEntries(
        Object.entries(
          inputs({ 'sts-endpoint': proxy.url, 'wait-timeout': '20', 'retry-base-delay': '1' }),
        ).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
      );
      expect(inputsEnv['INPUT_ROLE-TO-ASSUME']).toBe(TEST_ROLE_ARN);
      const env = { ...inputsEnv, ...githubTls.env, GITHUB_OUTPUT: outputFile };

      const trusted = await runChild({ ...env, NODE_EXTRA_CA_CERTS: cert.certFile });
      expect(trusted.out).not.toMatch(/::error::/);
      expect(trusted.code).toBe(0);
      expect(githubTls.requests).toHaveLength(1);
      expect(proxy.requests).toBe(1);
      const [call] = stsCalls();
      expect(call?.headers['x-forwarded-proto']).toBe('https');
      expect(call?.code).toBe('OK');
      expect(restarts()[0]?.headers['x-acs-security-token']).toBe(sts.issued[0]?.securityToken);
      expect(parseOutputs(readFileSync(outputFile, 'utf8'))['change-id']).toBe(
        em.state.restartChanges(ENV_ID)[0]?.changeId,
      );
      expect(leaks(trusted.out, sts.issued[0]?.accessKeySecret ?? '')).toEqual([]);

      // Without the CA the certificate is refused: verification really happens.
      const untrusted = await runChild({ ...env, 'INPUT_WAIT-TIMEOUT': '0' });
      expect(untrusted.code).toBe(1);
      expect(untrusted.out).toMatch(/::error::.*(self[- ]signed|unable to verify|certificate)/i);
      expect(stsCalls()).toHaveLength(1);
    } finally {
      await proxy.close();
      await githubTls.close();
      cert.remove();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

it('ID_TOKEN_LIFETIME_MS is shorter than the shortest session (a renewal needs a new token)', () => {
  expect(ID_TOKEN_LIFETIME_MS).toBeLessThan(900_000 - refreshMarginMs(900));
});

describe('9. a silent ID-token endpoint', () => {
  it('is given up after request-timeout, never holds the step', async () => {
    const silent = await startIdTokenServer({ token: 'never', silent: true });
    try {
      const started = Date.now();
      const r = await runAction(inputs({ 'request-timeout': '1', 'wait-timeout': '5' }), {
        clock,
        credentials: false,
        env: silent.env,
      });
      expect(r.failed).toBe(true);
      expect(silent.requests).toHaveLength(1);
      expect(r.stdout).toMatch(
        /Could not get an OIDC ID token from GitHub .*no answer within 1000 ms/,
      );
      expect(restarts()).toHaveLength(0);
      // A functional bound far from the 1 s limit under test: it does not hang for minutes.
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await silent.close();
    }
  });
});

describe('5. the ID-token request is destroyed on time-out, never abandoned', () => {
  it('a body that drips forever: given up after request-timeout, its connection closed', async () => {
    const drip = await startIdTokenServer({ token: 'unused', answer: 'drip' });
    try {
      const r = await runAction(inputs({ 'request-timeout': '1', 'wait-timeout': '5' }), {
        clock,
        credentials: false,
        env: drip.env,
      });
      expect(r.failed).toBe(true);
      expect(drip.requests).toHaveLength(1);
      expect(r.stdout).toMatch(
        /Could not get an OIDC ID token from GitHub .*no answer within 1000 ms/,
      );
      expect(stsCalls()).toHaveLength(0);
      // Destroyed, not left reading: the server sees the connection close.
      for (let i = 0; i < 40 && drip.openConnections() > 0; i++) await sleepMs(25);
      expect(drip.openConnections()).toBe(0);
    } finally {
      await drip.close();
    }
  });

  it('an endless body is cut at the answer cap, its connection closed', async () => {
    const endless = await startIdTokenServer({ token: 'unused', answer: 'endless' });
    try {
      const r = await runAction(inputs({ 'request-timeout': '5' }), {
        clock,
        credentials: false,
        env: endless.env,
      });
      expect(r.failed).toBe(true);
      expect(r.stdout).toContain(`answer over ${MAX_ID_TOKEN_ANSWER} bytes`);
      for (let i = 0; i < 40 && endless.openConnections() > 0; i++) await sleepMs(25);
      expect(endless.openConnections()).toBe(0);
    } finally {
      await endless.close();
    }
  });

  it("the endpoint's error text is data: quoted, one line, no command", async () => {
    const failing = await startIdTokenServer({
      token: 'unused',
      answer: { status: 503, body: 'down\n::warning::pwned ##[set-output name=x]y' },
    });
    try {
      const r = await runAction(inputs({ 'wait-timeout': '3', 'retry-base-delay': '1' }), {
        clock,
        credentials: false,
        env: failing.env,
      });
      expect(r.failed).toBe(true);
      // A 503 is tried again (as getIDToken's client did), within wait-timeout.
      expect(failing.requests.length).toBeGreaterThan(1);
      expect(r.stdout).toContain('HTTP 503: down ::warning::pwned ## [set-output name=x]y');
      expect(r.stdout).not.toMatch(/^::warning::pwned/m);
      expect(r.stdout).not.toContain('##[set-output');
    } finally {
      await failing.close();
    }
  });
});

describe('6. time bounds of the keyless calls', () => {
  const wallClock = { now: () => Date.now(), sleep: realClock.sleep };

  it('an AssumeRoleWithOIDC try is cut to wait-timeout, not given its whole request-timeout', async () => {
    for (let i = 0; i < 5; i++) {
      em.faults.push('AssumeRoleWithOIDC', {
        kind: 'slow',
        delayMs: 60_000,
        afterProcessing: false,
      });
    }
    const started = Date.now();
    const r = await runWithOidc(
      { 'wait-timeout': '3', 'request-timeout': '20', 'retry-base-delay': '0.5' },
      { clock: wallClock },
    );
    const ms = Date.now() - started;
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(
      /Gave up on AssumeRoleWithOIDC after 1 attempt\(s\); last error: .*no answer within/,
    );
    expect(restarts()).toHaveLength(0);
    // The bound is 3 s; 20 s (the request-timeout) is what an uncut try takes.
    expect(ms).toBeLessThan(8000);
  });

  it('a renewal while STS throttles never holds a call past the wait deadline', async () => {
    // EnvOnChanging outlasts both the 900 s session and wait-timeout (1000 s); with
    // wait-for-completion the run's horizon is over an hour later. STS answers the first
    // call, then throttles every renewal.
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 60 * 60_000 });
    const throttled = { kind: 'error', status: 400, code: 'Throttling.Api' } as const;
    em.faults.push(
      'AssumeRoleWithOIDC',
      { kind: 'slow', delayMs: 0 },
      ...Array<typeof throttled>(500).fill(throttled),
    );
    const start = clock.now();
    const r = await runWithOidc(
      {
        'role-duration-seconds': '900',
        'wait-timeout': '1000',
        'request-timeout': '10',
        'retry-base-delay': '2',
        'retry-max-delay': '60',
        'wait-for-completion': 'true',
        'completion-timeout': '3600',
      },
      { random: seededRandom(4) },
    );
    expect(r.failed).toBe(true);
    expect(em.state.restartChanges(ENV_ID)).toHaveLength(0);
    const deadline = start + 1000_000;
    const late = em.requests.filter((q) => q.receivedAt > deadline + 10_000);
    expect(late.map((q) => `${q.api} at +${(q.receivedAt - start) / 1000} s`)).toEqual([]);
    expect(stsCalls().length).toBeGreaterThan(2); // renewals were tried
    // No RestartAppEnv waited on a renewal: none follows an STS call directly.
    const held = em.requests.filter(
      (q, i) => q.api === 'RestartAppEnv' && em.requests[i - 1]?.api === 'AssumeRoleWithOIDC',
    );
    expect(held).toEqual([]);
    expect(r.stdout).toMatch(/Could not renew the credentials/);
    // Once the old credentials lapse, a call that cannot get new ones in time is not sent.
    expect(r.stdout).toMatch(
      /\(Failed to obtain credentials: the role could not be assumed again before this call's deadline/,
    );
  });
});

describe('6. a RestartAppEnv is never held by a renewal', () => {
  it('it goes out with the credentials at hand; the next read renews them', async () => {
    const throttled = { kind: 'error', status: 400, code: 'Throttling.Api' } as const;
    em.faults.push(
      'AssumeRoleWithOIDC',
      { kind: 'slow', delayMs: 0 },
      ...Array<typeof throttled>(50).fill(throttled),
    );
    const start = clock.now();
    const lines: string[] = [];
    const source = await assumeRoleWithGitHubOidc(
      {
        oidc: {
          roleToAssume: TEST_ROLE_ARN,
          oidcProviderArn: TEST_OIDC_PROVIDER_ARN,
          roleSessionName: 'test',
          roleDurationSeconds: 900,
          audience: DEFAULT_AUDIENCE,
          stsEndpoint: em.url,
        },
        retry: { retryBaseDelayMs: 1000, retryMaxDelayMs: 5000, requestTimeoutMs: 10_000 },
        deadline: start + 60_000,
        horizon: start + 3600_000,
      },
      {
        clock,
        signal: new AbortController().signal,
        log: (line) => lines.push(line),
        mask: () => undefined,
        random: seededRandom(1),
      },
      github.env,
    );
    const client = await createWebPlusClient({
      endpoint: em.url,
      getCredentials: (deadline) => source.getCredentials(deadline),
      now: () => clock.now(),
    });
    try {
      // Past the renewal point (810 s), the credentials still good until 900 s.
      clock.advance(815_000);
      const sentAt = clock.now();
      const answer = await client.restartAppEnv(ENV_ID, {}, 10_000);
      expect(answer.ok).toBe(true);
      expect(stsCalls()).toHaveLength(1); // no renewal tried for it
      expect(restarts()[0]?.receivedAt).toBe(sentAt); // not held: sent when it was decided
      expect(restarts()[0]?.headers['x-acs-security-token']).toBe(sts.issued[0]?.securityToken);
      // The next read renews, within its own time-out (throttled: it gives up, the read goes out).
      const read = await client.describeAppEnvStatus(ENV_ID, 10_000);
      expect(read.ok).toBe(true);
      expect(stsCalls().length).toBeGreaterThan(1);
      expect(clock.now() - sentAt).toBeLessThanOrEqual(10_000);
      expect(lines.join('\n')).toContain('Could not renew the credentials');
    } finally {
      client.close();
    }
  });
});

const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
