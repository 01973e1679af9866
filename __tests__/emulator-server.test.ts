import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { instanceIds } from '../emulator/instances.js';
import {
  applyScenario,
  BUSY_CHANGE_MS,
  FAILED_RESTART_MESSAGE,
  PAUSED_AGO_MS,
  SCENARIOS,
  SLOW_HEALTH_MS,
  type ScenarioName,
} from '../emulator/scenarios.js';
import { startEmulator, okAnswer, type Emulator } from '../emulator/server.js';
import { buildStringToSign, contentMd5, sign, type Credential } from '../emulator/signature.js';
import { TEST_CREDENTIALS, TEST_STS_CREDENTIALS } from '../emulator/state.js';
import { type Answer } from '../src/answers.js';
import {
  createWebPlusClient,
  type WebPlusClient,
  type WebPlusControl,
  type WebPlusObserver,
} from '../src/webplus-client.js';

// pop-core is CommonJS and untyped: the subset used here.
interface RoaClient {
  get(path: string, query?: Record<string, string>): Promise<unknown>;
  post(
    path: string,
    query: Record<string, string>,
    body: string,
    headers: Record<string, string>,
  ): Promise<unknown>;
}
type RoaClientClass = new (config: {
  endpoint: string;
  apiVersion: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}) => RoaClient;
const ROAClient = createRequire(import.meta.url)('@alicloud/pop-core/lib/roa.js') as RoaClientClass;

const ENV = 'we-5d39b8ba6786bd4b1490abcd';
const RESTART = '/pop/v1/wam/appEnv/restart';
const STATUS = '/pop/v1/wam/appEnv/status';
const CHANGE = '/pop/v1/wam/changeInfo';
const CHANGES = '/pop/v1/wam/change';

interface CallOptions {
  method?: string;
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  credential?: Credential;
  /** Sent instead of `path` (the signature still covers `path`). */
  rawPath?: string;
  nonce?: string;
  tamper?: (headers: Record<string, string>) => void;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/** A request signed by the emulator's own signer (pop-core agreement is tested separately). */
function call(em: Emulator, o: CallOptions): Promise<Reply> {
  const credential: Credential = o.credential ?? TEST_CREDENTIALS;
  const method = o.method ?? (o.form ? 'POST' : 'GET');
  const query = o.query ?? {};
  const body = o.form ? new URLSearchParams(o.form).toString() : '';
  const headers: Record<string, string> = {
    accept: 'application/json',
    date: new Date().toUTCString(),
    'content-md5': contentMd5(body),
    'x-acs-version': '2019-03-20',
    'x-acs-signature-nonce': o.nonce ?? randomUUID(),
    'x-acs-signature-method': 'HMAC-SHA1',
    'x-acs-signature-version': '1.0',
  };
  if (o.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (credential.securityToken) headers['x-acs-security-token'] = credential.securityToken;
  const toSign = buildStringToSign({ method, path: o.path, query, headers });
  headers.authorization = `acs ${credential.accessKeyId}:${sign(toSign, credential.accessKeySecret)}`;
  o.tamper?.(headers);
  const search = new URLSearchParams(query).toString();
  const url = new URL(em.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: (o.rawPath ?? o.path) + (search ? `?${search}` : ''),
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON: the test looks at text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const restart = (em: Emulator, form: Record<string, string> = {}) =>
  call(em, { path: RESTART, form: { EnvId: ENV, ...form } });
const status = (em: Emulator) => call(em, { path: STATUS, query: { EnvId: ENV } });
const change = (em: Emulator, id: string) => call(em, { path: CHANGE, query: { ChangeId: id } });

let clock = 0;
let em: Emulator;

beforeEach(async () => {
  clock = 1_750_000_000_000;
  em = await startEmulator({ now: () => clock, serviceSkewMs: 5000 });
  em.state.addEnv({ envId: ENV, envName: 'test1', restartDurationMs: 60_000 });
});
afterEach(() => em.close());

describe('pop-core agreement', () => {
  it('accepts ROAClient calls: STS restart with a form body, then a plain-key DescribeChange', async () => {
    const sts = new ROAClient({
      endpoint: em.url,
      apiVersion: '2019-03-20',
      ...TEST_STS_CREDENTIALS,
    });
    const started = (await sts.post(
      RESTART,
      {},
      new URLSearchParams({ EnvId: ENV, BatchSize: '2' }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    )) as { Code: string; EnvChange: { EnvId: string; ChangeId: string; StartTime: number } };
    expect(started.Code).toBe('OK');
    expect(started.EnvChange).toEqual({
      EnvId: ENV,
      ChangeId: expect.stringMatching(/^wc-[0-9a-f]{24}$/),
      StartTime: clock + 5000,
    });
    expect(em.requests[0]).toMatchObject({
      api: 'RestartAppEnv',
      status: 200,
      code: 'OK',
      params: { EnvId: ENV, BatchSize: '2' },
    });
    expect(em.requests[0]?.headers['x-acs-security-token']).toBe(
      TEST_STS_CREDENTIALS.securityToken,
    );

    const plain = new ROAClient({
      endpoint: em.url,
      apiVersion: '2019-03-20',
      ...TEST_CREDENTIALS,
    });
    const info = (await plain.get(CHANGE, { ChangeId: started.EnvChange.ChangeId })) as {
      Change: Record<string, unknown>;
    };
    expect(info.Change).toMatchObject({ ActionName: 'Restart', ChangeFinished: false });
  });
});

describe('RestartAppEnv', () => {
  it('runs a change, answers EnvOnChanging meanwhile, and ends it on the clock', async () => {
    const first = await restart(em);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(first.json).toMatchObject({ Code: 'OK', Message: 'success' });
    expect(first.json.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    const changeId = (first.json.EnvChange as { ChangeId: string }).ChangeId;

    const busy = await status(em);
    expect(busy.json.EnvStatus).toEqual({
      EnvId: ENV,
      EnvName: 'test1',
      EnvStatus: 'UPDATING',
      LastEnvStatus: 'RUNNING',
      ApplyingChange: true,
      AbortingChange: false,
      LatestChangeId: changeId,
      ChangeBanner: 'Web+ is updating your deployment environment.',
      InstanceAgentStatus: { ConnectedInstances: 4, DisconnectedInstances: 0 },
      InstanceAppStatus: {
        HealthyInstances: 0,
        StoppedInstances: 4,
        UnhealthyInstances: 0,
        UnknownInstances: 0,
      },
    });

    const again = await restart(em);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({
      Code: 'EnvOnChanging',
      Message:
        'An error occurred while starting the change. Wait until the ongoing change is complete.',
    });

    clock += 60_000;
    const done = await change(em, changeId);
    expect(done.json.Change).toEqual({
      ChangeId: changeId,
      EnvId: ENV,
      ActionName: 'Restart',
      ChangeName: 'restart.env',
      ChangeDescription: `restart env ${ENV}`,
      ChangeMessage: '',
      CreateTime: clock - 60_000 + 5000,
      UpdateTime: clock + 5000,
      FinishTime: clock + 5000,
      ChangeFinished: true,
      ChangeSucceed: true,
      ChangeAborted: false,
      ChangePaused: false,
      ChangeTimedout: false,
      CreateUsername: 'emulator-user',
    });
    expect((await status(em)).json.EnvStatus).toMatchObject({
      EnvStatus: 'RUNNING',
      ApplyingChange: false,
    });
    expect((await restart(em)).status).toBe(200);
    expect(em.state.restartChanges(ENV)).toHaveLength(2);
  });

  it('answers the documented errors', async () => {
    const noEnvId = await call(em, { path: RESTART, form: {} });
    expect(noEnvId.status).toBe(400);
    expect(noEnvId.json).toMatchObject({ Code: 'MissingParameter' });
    expect(noEnvId.json.Message).toContain('EnvId');

    const unknown = await call(em, { path: RESTART, form: { EnvId: 'we-0000' } });
    expect(unknown.status).toBe(403);
    expect(unknown.json).toMatchObject({
      Code: 'ResourceAuthFailed',
      Message:
        'The specified resource does not exist or it does not belong to this Alibaba Cloud account.',
      HostId: '127.0.0.1:' + new URL(em.url).port,
      Recommend:
        'https://error-center.aliyun.com/status/search?Keyword=ResourceAuthFailed&source=PopGw',
    });

    em.state.updateEnv(ENV, { status: 'LAUNCHING' });
    expect((await restart(em)).json).toMatchObject({
      Code: 'StatusNotAllowedRestart',
      Message: 'Only a running environment or a terminated environment can be restarted.',
    });
    em.state.updateEnv(ENV, { status: 'STOPPED' });

    for (const [name, value] of [
      ['BatchSize', '0'],
      ['BatchPercent', '101'],
      ['BatchInterval', '-1'],
      ['PauseBetweenBatches', 'yes'],
    ] as const) {
      const bad = await restart(em, { [name]: value });
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({ Code: 'InvalidParameter' });
      expect(bad.json.Message).toContain(name);
    }
    expect(em.state.changes()).toHaveLength(0);
    expect((await restart(em)).status).toBe(200); // a stopped env may restart
  });

  it('reads params from the query too', async () => {
    const r = await call(em, { method: 'POST', path: RESTART, query: { EnvId: ENV } });
    expect(r.status).toBe(200);
  });

  it('pauses a rolling restart after its first batch until finished', async () => {
    const r = await restart(em, {
      BatchSize: '2',
      PauseBetweenBatches: 'true',
      BatchInterval: '0',
    });
    const id = (r.json.EnvChange as { ChangeId: string }).ChangeId;
    expect(em.state.changes(ENV)[0]?.params).toEqual({
      BatchSize: '2',
      PauseBetweenBatches: 'true',
      BatchInterval: '0',
    });
    clock += 30_000;
    expect((await change(em, id)).json.Change).toMatchObject({
      ChangePaused: true,
      ChangeFinished: false,
      UpdateTime: clock + 5000,
    });
    clock += 600_000;
    expect((await change(em, id)).json.Change).toMatchObject({ ChangePaused: true });
    expect((await restart(em)).json.Code).toBe('EnvOnChanging');
    em.state.finishChange(id);
    expect((await change(em, id)).json.Change).toMatchObject({
      ChangePaused: false,
      ChangeFinished: true,
      ChangeSucceed: true,
    });
  });

  it.each([
    ['failed', { ChangeSucceed: false, ChangeAborted: false, ChangeTimedout: false }],
    ['aborted', { ChangeSucceed: false, ChangeAborted: true }],
    ['timed-out', { ChangeSucceed: false, ChangeTimedout: true }],
  ] as const)('ends with outcome %s', async (outcome, flags) => {
    em.state.updateEnv(ENV, { restartOutcome: outcome, restartMessage: 'instance i-1 failed' });
    const r = await restart(em);
    clock += 60_000;
    const id = (r.json.EnvChange as { ChangeId: string }).ChangeId;
    expect((await change(em, id)).json.Change).toMatchObject({
      ChangeFinished: true,
      ChangeMessage: 'instance i-1 failed',
      ...flags,
    });
  });

  it("is blocked by someone else's change, started in the past", async () => {
    const apply = em.state.startChange(ENV, {
      actionName: 'Apply',
      durationMs: 120_000,
      createTime: clock - 60_000,
    });
    expect((await restart(em)).json.Code).toBe('EnvOnChanging');
    const latest = await status(em);
    expect(latest.json.EnvStatus).toMatchObject({ LatestChangeId: apply.changeId });
    clock += 60_000;
    expect((await restart(em)).status).toBe(200);
  });
});

describe('DescribeChange(s)', () => {
  it('pages newest first and filters by ActionName', async () => {
    for (let i = 0; i < 3; i++) {
      em.state.startChange(ENV, { actionName: i === 1 ? 'Apply' : 'Restart', durationMs: 10 });
      clock += 1000;
    }
    const all = await call(em, {
      path: CHANGES,
      query: { EnvId: ENV, PageSize: '2', PageNumber: '1' },
    });
    expect(all.json).toMatchObject({ TotalCount: 3, PageNumber: 1, PageSize: 2 });
    const page = (all.json.Changes as { Change: { ActionName: string; CreateTime: number }[] })
      .Change;
    expect(page.map((c) => c.ActionName)).toEqual(['Restart', 'Apply']);
    expect(page[0]?.CreateTime).toBeGreaterThan(page[1]?.CreateTime ?? Infinity);

    const restarts = await call(em, {
      path: CHANGES,
      query: { EnvId: ENV, ActionName: 'Restart', PageNumber: '2', PageSize: '1' },
    });
    expect(restarts.json).toMatchObject({ TotalCount: 2 });
    expect((restarts.json.Changes as { Change: unknown[] }).Change).toHaveLength(1);
  });

  it('spells ChangeSucceed only (the official model), and reports ChangeNotExists', async () => {
    const c = em.state.startChange(ENV, { actionName: 'Apply', durationMs: 0 });
    expect((await change(em, c.changeId)).json.Change).toMatchObject({ ChangeSucceed: true });
    expect((await change(em, c.changeId)).json.Change).not.toHaveProperty('ChangeSucceeded');
    const missing = await change(em, 'wc-000000000000000000000000');
    expect(missing.status).toBe(400);
    expect(missing.json.Code).toBe('ChangeNotExists');
  });
});

describe('gateway', () => {
  it('rejects //pop/... as a signature mismatch that echoes the string to sign', async () => {
    const r = await call(em, {
      path: STATUS,
      rawPath: '/' + STATUS,
      query: { EnvId: ENV },
      credential: TEST_STS_CREDENTIALS,
    });
    expect(r.status).toBe(400);
    expect(r.json.Code).toBe('SignatureDoesNotMatch');
    expect(r.json.Message).toMatch(/server string to sign is:GET\n/);
    expect(r.json.Message).toContain(`//pop/v1/wam/appEnv/status?EnvId=${ENV}`);
    expect(r.json.Message).toContain(TEST_STS_CREDENTIALS.securityToken);
  });

  it('rejects a replayed nonce, unsigned calls, a wrong version and unknown routes', async () => {
    expect((await status(em)).status).toBe(200);
    await call(em, { path: STATUS, query: { EnvId: ENV }, nonce: 'same' });
    const replay = await call(em, { path: STATUS, query: { EnvId: ENV }, nonce: 'same' });
    expect(replay.json.Code).toBe('SignatureNonceUsed');

    const unsigned = await call(em, {
      path: STATUS,
      query: { EnvId: ENV },
      tamper: (h) => delete h.authorization,
    });
    expect([unsigned.status, unsigned.json.Code]).toEqual([400, 'IncompleteSignature']);

    const unknownKey = await call(em, {
      path: STATUS,
      query: { EnvId: ENV },
      credential: { accessKeyId: 'LTAIunknown', accessKeySecret: 'x' },
    });
    expect([unknownKey.status, unknownKey.json.Code]).toEqual([404, 'InvalidAccessKeyId.NotFound']);

    const version = await call(em, {
      path: STATUS,
      query: { EnvId: ENV },
      tamper: (h) => (h['x-acs-version'] = '2017-01-01'),
    });
    expect(version.json.Code).toBe('InvalidVersion');

    const nowhere = await call(em, { path: '/pop/v1/wam/nothing' });
    expect([nowhere.status, nowhere.json.Code]).toEqual([404, 'InvalidAction.NotFound']);
    expect(em.requests.at(-1)).toMatchObject({ api: 'Unknown', status: 404 });
  });

  it('expires STS credentials on the emulator clock', async () => {
    em.state.addCredential({ ...TEST_STS_CREDENTIALS, expiresAt: clock + 1000 });
    expect(
      (await call(em, { path: STATUS, query: { EnvId: ENV }, credential: TEST_STS_CREDENTIALS }))
        .status,
    ).toBe(200);
    clock += 1000;
    const r = await call(em, {
      path: STATUS,
      query: { EnvId: ENV },
      credential: TEST_STS_CREDENTIALS,
    });
    expect(r.json.Code).toBe('InvalidSecurityToken.Expired');
  });
});

describe('faults', () => {
  it('answers an error without processing', async () => {
    em.faults.push('RestartAppEnv', { kind: 'error', status: 503, code: 'ServiceUnavailable' });
    expect((await status(em)).status).toBe(200); // another api does not consume it
    const r = await restart(em);
    expect([r.status, r.json.Code]).toEqual([503, 'ServiceUnavailable']);
    expect(em.state.changes()).toHaveLength(0);
    expect(em.requests.at(-1)).toMatchObject({
      api: 'RestartAppEnv',
      status: 503,
      code: 'ServiceUnavailable',
    });
    expect(em.faults.pending()).toBe(0);
  });

  it('replaces the answer with an HTML page after processing', async () => {
    em.faults.push('*', { kind: 'html', afterProcessing: true });
    const r = await restart(em);
    expect(r.status).toBe(502);
    expect(r.headers['content-type']).toBe('text/html');
    expect(r.text).toContain('502 Bad Gateway');
    expect(em.state.restartChanges(ENV)).toHaveLength(1);
  });

  it('resets the socket before or after processing', async () => {
    em.faults.push('RestartAppEnv', { kind: 'reset' }, { kind: 'reset', afterProcessing: true });
    await expect(restart(em)).rejects.toThrow();
    expect(em.state.changes()).toHaveLength(0);
    await expect(restart(em)).rejects.toThrow();
    expect(em.state.changes()).toHaveLength(1);
    expect(em.requests.map((r) => r.status)).toEqual([undefined, undefined]);
  });

  it('answers late, or with a raw body', async () => {
    em.faults.push(
      'DescribeAppEnvStatus',
      { kind: 'slow', delayMs: 200 },
      { kind: 'body', status: 200, contentType: 'text/xml', body: '<Error/>' },
    );
    const t0 = Date.now();
    expect((await status(em)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    const raw = await status(em);
    expect([raw.headers['content-type'], raw.text]).toEqual(['text/xml', '<Error/>']);
    em.faults.push('*', { kind: 'reset' });
    em.faults.clear();
    expect(em.faults.pending()).toBe(0);
  });

  it('closes without hanging on a slow answer and keep-alive sockets', async () => {
    em.faults.push('*', { kind: 'slow', delayMs: 60_000 });
    const pending = status(em).catch((e: unknown) => e);
    const plain = new ROAClient({
      endpoint: em.url,
      apiVersion: '2019-03-20',
      ...TEST_CREDENTIALS,
    });
    await new Promise((r) => setTimeout(r, 50));
    await plain.get(STATUS, { EnvId: ENV }).catch(() => undefined);
    const t0 = Date.now();
    await em.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(String(await pending)).toMatch(/socket hang up|ECONNRESET/);
  });
});

describe('extension point', () => {
  it('serves an anonymous route added later', async () => {
    em.registerRoute({
      api: 'AssumeRoleWithOIDC',
      method: 'POST',
      path: '/',
      action: 'AssumeRoleWithOIDC',
      auth: false,
      handle: (ctx) => okAnswer(ctx, { Echo: ctx.request.params.RoleArn ?? '' }),
    });
    const r = await call(em, {
      path: '/',
      query: { Action: 'AssumeRoleWithOIDC' },
      form: { RoleArn: 'acs:ram::1:role/r' },
      tamper: (h) => delete h.authorization,
    });
    expect(r.json).toMatchObject({ Echo: 'acs:ram::1:role/r' });
    expect(em.requests.at(-1)?.api).toBe('AssumeRoleWithOIDC');
  });
});

// ---------------------------------------------------------------------------------------------
// PauseChange, ResumeChange, AbortChange and BatchInterval, through the action's own wire client.

const SKEW = 5000; // the emulator's serviceSkewMs in this file
const PAUSE = '/pop/v1/wam/change/pause';
const RESUME = '/pop/v1/wam/change/resume';
const ABORT = '/pop/v1/wam/change/abort';

type Client = WebPlusClient & WebPlusObserver & WebPlusControl;

async function withClient<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = await createWebPlusClient({
    endpoint: em.url,
    getCredentials: () => Promise.resolve({ ...TEST_CREDENTIALS }),
  });
  try {
    return await run(client);
  } finally {
    client.close();
  }
}

function value<T>(answer: Answer<T>): T {
  if (!answer.ok) throw new Error(`expected an answer, got ${JSON.stringify(answer.failure)}`);
  return answer.value;
}

function failure<T>(answer: Answer<T>) {
  if (answer.ok) throw new Error(`expected a failure, got ${JSON.stringify(answer.value)}`);
  return answer.failure;
}

/** A rolling restart sent over the wire; its change ID. */
async function rolling(client: Client, batch: Parameters<Client['restartAppEnv']>[1]) {
  return value(await client.restartAppEnv(ENV, batch, 5000)).changeId;
}

const healthOf = async (client: Client) =>
  value(await client.describeAppEnvInstanceHealth(ENV, 5000)).instances.map((i) => i.appStatus);

/** A change's events, oldest first (the service's order is not documented). */
const eventsOf = async (client: Client, id: string) =>
  value(await client.describeEvents(ENV, id, 5000)).sort(
    (a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0),
  );

describe('PauseChange', () => {
  it('holds a running restart after the batch under way; it stays unfinished and blocks the env', async () => {
    await withClient(async (client) => {
      const t0 = clock;
      // 4 batches of 15 s (60 s together), no interval.
      const id = await rolling(client, { batchSize: 1 });
      clock += 5000;
      const accepted = value(await client.pauseChange(ENV, id, 5000));
      expect(accepted).toEqual({ changeId: id, startTime: String(t0 + SKEW) });
      expect(em.requests.at(-1)).toMatchObject({
        api: 'PauseChange',
        method: 'POST',
        path: PAUSE,
        params: { ChangeId: id },
        status: 200,
      });
      expect(em.requests.at(-1)?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      // Still in its first batch: not paused yet.
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        paused: false,
        finished: false,
      });
      clock = t0 + 15_000;
      const paused = value(await client.describeChange(ENV, id, 5000));
      expect(paused).toMatchObject({
        paused: true,
        finished: false,
        updateTime: t0 + 15_000 + SKEW,
      });
      clock += 600_000;
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        paused: true,
        updateTime: t0 + 15_000 + SKEW, // when it paused, not now
      });
      expect((await restart(em)).json.Code).toBe('EnvOnChanging');
      expect(value(await client.describeAppEnvStatus(ENV, 5000)).applyingChange).toBe(true);
      // Only the first batch went down and came back; the rest were never touched.
      expect(await healthOf(client)).toEqual(['Healthy', 'Healthy', 'Healthy', 'Healthy']);
      const events = await eventsOf(client, id);
      expect(events.map((e) => e.name)).toContain('ChangePaused');
      expect(events.find((e) => e.name === 'ChangePaused')).toMatchObject({
        timestamp: t0 + 15_000 + SKEW,
        message: 'Change restart.env paused (PauseChange).',
      });
      expect(events.map((e) => e.message).join('\n')).not.toContain('Batch 2/4');
    });
  });

  it('pauses at once between batches (during BatchInterval)', async () => {
    await withClient(async (client) => {
      const t0 = clock;
      // 2 batches of 30 s, 20 s apart: [0, 30] wait [30, 50] [50, 80].
      const id = await rolling(client, { batchSize: 2, batchInterval: 20 });
      clock = t0 + 40_000;
      value(await client.pauseChange(ENV, id, 5000));
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        paused: true,
        updateTime: t0 + 40_000 + SKEW,
      });
      clock = t0 + 100_000;
      value(await client.resumeChange(ENV, id, 5000));
      // The 10 s left of the interval, then the 30 s batch.
      clock = t0 + 100_000 + 39_999;
      expect(value(await client.describeChange(ENV, id, 5000)).finished).toBe(false);
      clock += 1;
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        finished: true,
        succeeded: true,
        finishTime: t0 + 140_000 + SKEW,
      });
    });
  });

  it('during the last batch changes nothing: the change ends as planned', async () => {
    await withClient(async (client) => {
      const t0 = clock;
      const id = await rolling(client, { batchSize: 2 }); // [0, 30] [30, 60]
      clock = t0 + 45_000;
      value(await client.pauseChange(ENV, id, 5000));
      clock = t0 + 60_000;
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        finished: true,
        succeeded: true,
        paused: false,
      });
    });
  });

  it('refuses a paused, finished, aborting, unknown or unnamed change, and changes nothing', async () => {
    await withClient(async (client) => {
      const id = await rolling(client, { batchSize: 2, pauseBetweenBatches: true });
      clock += 30_000; // paused after its first batch
      expect(failure(await client.pauseChange(ENV, id, 5000))).toMatchObject({
        kind: 'api',
        code: 'ChangeAlreadyPaused',
        status: 400,
      });
      expect(
        failure(await client.pauseChange(ENV, 'wc-000000000000000000000000', 5000)),
      ).toMatchObject({
        kind: 'api',
        code: 'ChangeNotExists',
      });
      const noId = await call(em, { path: PAUSE, form: {} });
      expect([noId.status, noId.json.Code]).toEqual([400, 'MissingParameter']);

      const other = await restartOther();
      clock += 1000;
      expect(failure(await client.pauseChange(ENV, other, 5000))).toMatchObject({
        kind: 'malformed',
        message: expect.stringContaining('another environment (we-0000000000000000000000ff)'),
      });
      // A caller that names the environment is not given another environment's change.
      const named = await call(em, { path: PAUSE, form: { ChangeId: other, EnvId: ENV } });
      expect([named.status, named.json.Code]).toEqual([400, 'ChangeNotExists']);

      value(await client.abortChange(ENV, id, 5000));
      expect(failure(await client.pauseChange(ENV, id, 5000))).toMatchObject({
        code: 'ChangeFinished',
        message: 'An error occurred while stopping the change. The change is already complete.',
      });
      expect(em.state.change(id)).toMatchObject({ phase: 'finished', outcome: 'aborted' });
    });
  });
});

/** A running restart of another environment; its change ID. */
async function restartOther(): Promise<string> {
  em.state.addEnv({ envId: 'we-0000000000000000000000ff', restartDurationMs: 600_000 });
  const r = await call(em, { path: RESTART, form: { EnvId: 'we-0000000000000000000000ff' } });
  return (r.json.EnvChange as { ChangeId: string }).ChangeId;
}

describe('ResumeChange', () => {
  it('goes on with the remaining batches, pausing again between them, then ends', async () => {
    em.state.updateEnv(ENV, { instances: 6 });
    await withClient(async (client) => {
      const t0 = clock;
      // 3 batches of 20 s, PauseBetweenBatches: held after the first and the second.
      const id = await rolling(client, { batchSize: 2, pauseBetweenBatches: true });
      clock = t0 + 50_000;
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        paused: true,
        updateTime: t0 + 20_000 + SKEW,
      });
      expect(value(await client.resumeChange(ENV, id, 5000))).toEqual({
        changeId: id,
        startTime: String(t0 + SKEW),
      });
      expect(em.requests.at(-1)).toMatchObject({ api: 'ResumeChange', path: RESUME });
      expect(value(await client.describeChange(ENV, id, 5000)).paused).toBe(false);
      clock = t0 + 60_000; // mid second batch: its two instances are down
      expect((await healthOf(client)).filter((h) => h === 'Stopped')).toHaveLength(2);
      clock = t0 + 70_000;
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        paused: true,
        updateTime: t0 + 70_000 + SKEW,
      });
      clock = t0 + 80_000;
      value(await client.resumeChange(ENV, id, 5000));
      clock = t0 + 100_000;
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        finished: true,
        succeeded: true,
        paused: false,
        finishTime: t0 + 100_000 + SKEW,
      });
      const names = (await eventsOf(client, id)).map((e) => e.name);
      expect(names.filter((n) => n === 'ChangePaused')).toHaveLength(2);
      expect(names.filter((n) => n === 'ChangeResumed')).toHaveLength(2);
      expect(names.filter((n) => n === 'RestartInstancesDone')).toHaveLength(3);
      expect(names.at(-1)).toBe('ChangeSucceeded');
      expect((await restart(em)).status).toBe(200);
    });
  });

  it('refuses a change that is not paused or has finished, and sends nothing new', async () => {
    await withClient(async (client) => {
      const id = await rolling(client, {});
      expect(failure(await client.resumeChange(ENV, id, 5000))).toMatchObject({
        kind: 'api',
        code: 'ChangeNotPaused',
        status: 400,
      });
      clock += 60_000;
      expect(failure(await client.resumeChange(ENV, id, 5000))).toMatchObject({
        code: 'ChangeFinished',
      });
      expect(em.state.change(id)).toMatchObject({ phase: 'finished', outcome: 'succeeded' });
    });
  });

  it('an answer lost after processing still resumed the change (a client must read it first)', async () => {
    await withClient(async (client) => {
      const id = await rolling(client, { batchSize: 2, pauseBetweenBatches: true });
      clock += 30_000;
      em.faults.push('ResumeChange', { kind: 'reset', afterProcessing: true });
      expect(failure(await client.resumeChange(ENV, id, 5000)).kind).toBe('unknown');
      expect(value(await client.describeChange(ENV, id, 5000)).paused).toBe(false);
      // A second resume is refused: the service already acted.
      expect(failure(await client.resumeChange(ENV, id, 5000))).toMatchObject({
        code: 'ChangeNotPaused',
      });
    });
  });
});

describe('AbortChange', () => {
  it('lets the batch under way finish, then ends the change aborted; AbortingChange meanwhile', async () => {
    await withClient(async (client) => {
      const t0 = clock;
      const id = await rolling(client, { batchSize: 1 }); // 4 batches of 15 s
      clock = t0 + 20_000; // in the second batch
      expect(value(await client.abortChange(ENV, id, 5000))).toEqual({
        changeId: id,
        startTime: String(t0 + SKEW),
      });
      expect(em.requests.at(-1)).toMatchObject({ api: 'AbortChange', path: ABORT });
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        finished: false,
        aborted: false,
      });
      const aborting = await status(em);
      expect(aborting.json.EnvStatus).toMatchObject({ ApplyingChange: true, AbortingChange: true });
      expect(failure(await client.abortChange(ENV, id, 5000))).toMatchObject({
        code: 'ChangeOnAborting',
        message: 'The change is being canceled. Please do not cancel again.',
      });
      expect(failure(await client.pauseChange(ENV, id, 5000))).toMatchObject({
        code: 'ChangeOnAborting',
      });
      clock = t0 + 30_000; // the second batch ends: so does the change
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        finished: true,
        aborted: true,
        succeeded: false,
        paused: false,
        changeMessage: 'The change was aborted.',
        finishTime: t0 + 30_000 + SKEW,
      });
      expect((await status(em)).json.EnvStatus).toMatchObject({
        ApplyingChange: false,
        AbortingChange: false,
      });
      expect(failure(await client.abortChange(ENV, id, 5000))).toMatchObject({
        code: 'ChangeFinished',
      });
      // Batches 3 and 4 never went down.
      clock += 600_000;
      const ids = instanceIds(em.state.env(ENV) as Parameters<typeof instanceIds>[0]);
      const messages = (await eventsOf(client, id)).map((e) => e.message).join('\n');
      expect(messages).not.toContain(ids[2]);
      expect(messages).not.toContain('Batch 3/4');
      const names = (await eventsOf(client, id)).map((e) => e.name);
      expect(names).toEqual(expect.arrayContaining(['ChangeAborting', 'ChangeAborted']));
      expect(names).not.toContain('ChangeSucceeded');
      expect((await restart(em)).status).toBe(200);
    });
  });

  it('ends a paused change, or one between batches, at once; an aborted change cannot be resumed', async () => {
    await withClient(async (client) => {
      const t0 = clock;
      const paused = await rolling(client, { batchSize: 2, pauseBetweenBatches: true });
      clock = t0 + 100_000;
      value(await client.abortChange(ENV, paused, 5000));
      expect(value(await client.describeChange(ENV, paused, 5000))).toMatchObject({
        finished: true,
        aborted: true,
        paused: false,
        finishTime: t0 + 100_000 + SKEW,
      });
      expect(failure(await client.resumeChange(ENV, paused, 5000))).toMatchObject({
        code: 'ChangeFinished',
      });

      const t1 = clock;
      const waiting = await rolling(client, { batchSize: 2, batchInterval: 60 });
      clock = t1 + 40_000; // in the interval
      value(await client.abortChange(ENV, waiting, 5000));
      expect(value(await client.describeChange(ENV, waiting, 5000))).toMatchObject({
        finished: true,
        aborted: true,
        finishTime: t1 + 40_000 + SKEW,
      });
    });
  });

  it('is refused by RAM by its own name, and faults target it by name', async () => {
    await withClient(async (client) => {
      const id = await rolling(client, {});
      em.state.deny('AbortChange');
      expect(failure(await client.abortChange(ENV, id, 5000))).toMatchObject({
        code: 'Forbidden.RAM',
      });
      expect(em.state.change(id)?.aborting).toBe(false);
      // A 503 meant for PauseChange is not taken by the look-up before it, and sends nothing on.
      em.faults.push('PauseChange', { kind: 'error', status: 503, code: 'ServiceUnavailable' });
      value(await client.describeChange(ENV, id, 5000));
      expect(failure(await client.pauseChange(ENV, id, 5000)).kind).toBe('unknown');
      expect(em.requests.at(-1)).toMatchObject({ api: 'PauseChange', status: 503 });
      expect(value(await client.pauseChange(ENV, id, 5000)).changeId).toBe(id);
    });
  });
});

describe('change-control answers the client does not trust', () => {
  it('an answer naming another change, or none, is malformed (the service may have acted)', async () => {
    await withClient(async (client) => {
      const id = await rolling(client, { batchSize: 2, pauseBetweenBatches: true });
      clock += 30_000;
      const otherId = 'wc-0123456789abcdef01234567';
      em.faults.push(
        'ResumeChange',
        {
          kind: 'rewrite',
          edit: (body) => ({
            ...body,
            EnvChange: { ...(body.EnvChange as object), ChangeId: otherId },
          }),
        },
        { kind: 'rewrite', edit: ({ EnvChange: _gone, ...body }) => body },
      );
      expect(failure(await client.resumeChange(ENV, id, 5000))).toMatchObject({
        kind: 'malformed',
        message: `EnvChange names change ${otherId}`,
      });
      em.state.finishChange(id, 'paused'); // held again (test hook), to be resumed once more
      expect(failure(await client.resumeChange(ENV, id, 5000))).toMatchObject({
        kind: 'malformed',
        message: 'EnvChange.ChangeId is missing',
      });
      expect(em.faults.pending()).toBe(0);
    });
  });
});

describe('BatchInterval', () => {
  it('spaces the batches of a rolling restart (seconds)', async () => {
    await withClient(async (client) => {
      const t0 = clock;
      // 2 batches of 30 s, 20 s apart: [0, 30] wait [30, 50] [50, 80].
      const id = await rolling(client, { batchSize: 2, batchInterval: 20 });
      clock = t0 + 40_000;
      expect(await healthOf(client)).toEqual(['Healthy', 'Healthy', 'Healthy', 'Healthy']);
      expect(value(await client.describeChange(ENV, id, 5000)).finished).toBe(false);
      clock = t0 + 55_000;
      expect(await healthOf(client)).toEqual(['Healthy', 'Healthy', 'Stopped', 'Stopped']);
      clock = t0 + 79_999;
      expect(value(await client.describeChange(ENV, id, 5000)).finished).toBe(false);
      clock = t0 + 80_000;
      expect(value(await client.describeChange(ENV, id, 5000))).toMatchObject({
        finished: true,
        succeeded: true,
        finishTime: t0 + 80_000 + SKEW,
      });
      const second = (await eventsOf(client, id)).find((e) =>
        e.message.startsWith('Batch 2/2: restarting'),
      );
      expect(second?.timestamp).toBe(t0 + 50_000 + 100 + SKEW);
    });
  });

  it('time adds up: a finished change took its batches, its intervals and its pauses, no more', () => {
    // Random plans and random PauseChange / ResumeChange / AbortChange at random times, through
    // the state the routes use; refusals are part of the walk.
    fc.assert(
      fc.property(
        fc.record({
          batches: fc.integer({ min: 1, max: 5 }),
          durationMs: fc.integer({ min: 0, max: 100_000 }),
          intervalS: fc.integer({ min: 0, max: 30 }),
          pauseBetween: fc.boolean(),
          steps: fc.array(
            fc.record({
              dt: fc.integer({ min: 0, max: 40_000 }),
              op: fc.constantFrom('pause', 'resume', 'abort', 'none'),
            }),
            { maxLength: 12 },
          ),
        }),
        (plan) => {
          const t0 = clock;
          const c = em.state.startChange(ENV, {
            actionName: 'Restart',
            durationMs: plan.durationMs,
            batches: plan.batches,
            params: {
              BatchInterval: String(plan.intervalS),
              PauseBetweenBatches: String(plan.pauseBetween),
            },
          });
          let abortAt: number | undefined;
          for (const step of plan.steps) {
            clock += step.dt;
            if (step.op === 'pause') em.state.pauseChange(c.changeId);
            if (step.op === 'resume') em.state.resumeChange(c.changeId);
            if (step.op === 'abort' && em.state.abortChange(c.changeId) === undefined) {
              abortAt ??= clock;
            }
          }
          // Then resume whatever holds it, until it ends.
          for (
            let i = 0;
            i < plan.batches + 2 && em.state.change(c.changeId)?.phase !== 'finished';
            i++
          ) {
            clock += 200_000;
            em.state.resumeChange(c.changeId);
          }
          clock += 200_000;
          const done = em.state.change(c.changeId);
          const course = em.state.courseOf(c.changeId);
          if (!done || !course?.end) return false;
          expect(done.phase).toBe('finished');
          const held = course.holds.reduce((sum, h) => sum + ((h.to ?? Infinity) - h.from), 0);
          // Batches in order, none overlapping, none starting before the change.
          let last = t0;
          for (const b of course.batches) {
            expect(b.start).toBeGreaterThanOrEqual(last);
            expect(b.end).toBeGreaterThanOrEqual(b.start);
            last = b.end;
          }
          if (abortAt === undefined) {
            expect(done.outcome).toBe('succeeded');
            expect(course.batches).toHaveLength(plan.batches);
            expect((done.finishTime ?? 0) - t0).toBe(
              plan.durationMs + (plan.batches - 1) * plan.intervalS * 1000 + held,
            );
          } else {
            // It ends no later than the batch under way when the abort was accepted.
            expect(done.outcome).toBe('aborted');
            const under = course.batches.find((b) => b.start <= abortAt! && abortAt! < b.end);
            expect(done.finishTime).toBe(under ? under.end : abortAt);
            expect(course.batches.every((b) => b.start <= abortAt!)).toBe(true);
          }
          clock += 1;
          return true;
        },
      ),
      { seed: 18, numRuns: 300 },
    );
  });
});

describe('CLI scenarios', () => {
  const SC_ENV = 'we-0000000000000000000000aa';
  const scenario = (name: ScenarioName, restartDurationMs = 10_000) => {
    applyScenario(em, name, { envId: SC_ENV, restartDurationMs });
  };
  const scRestart = () => call(em, { path: RESTART, form: { EnvId: SC_ENV } });
  const scStatus = async () =>
    (await call(em, { path: STATUS, query: { EnvId: SC_ENV } })).json.EnvStatus as Record<
      string,
      unknown
    >;
  const started = async () => {
    const r = await scRestart();
    expect(r.status).toBe(200);
    return (r.json.EnvChange as { ChangeId: string }).ChangeId;
  };

  it('idle: a healthy environment of 4 instances, nothing running; --restart-seconds sets the restart', async () => {
    scenario('idle', 7000);
    expect(em.state.env(SC_ENV)).toMatchObject({ instances: 4, restartDurationMs: 7000 });
    expect(em.state.changes(SC_ENV)).toEqual([]);
    expect(await scStatus()).toMatchObject({ EnvStatus: 'RUNNING', ApplyingChange: false });
    const id = await started();
    clock += 7000;
    expect(em.state.change(id)).toMatchObject({ phase: 'finished', outcome: 'succeeded' });
  });

  it('busy: another change holds the environment for 2 minutes', async () => {
    scenario('busy');
    expect(em.state.activeChange(SC_ENV)).toMatchObject({ actionName: 'Apply', phase: 'running' });
    expect((await scRestart()).json.Code).toBe('EnvOnChanging');
    clock += BUSY_CHANGE_MS;
    expect(em.state.activeChange(SC_ENV)).toBeUndefined();
    await started();
  });

  it('paused-blocker: a restart paused between batches holds the environment until resumed', async () => {
    scenario('paused-blocker');
    const blocker = em.state.activeChange(SC_ENV);
    expect(blocker).toMatchObject({
      actionName: 'Restart',
      phase: 'paused',
      params: { PauseBetweenBatches: 'true' },
      updateTime: clock - PAUSED_AGO_MS,
    });
    expect((await scRestart()).json.Code).toBe('EnvOnChanging');
    clock += 3_600_000;
    expect(em.state.change(blocker?.changeId ?? '')?.phase).toBe('paused');
    const listed = await withClient(async (client) => {
      const page = value(await client.describeChanges(SC_ENV, { size: 10, number: 1 }, 5000));
      return page.changes[0];
    });
    expect(listed).toMatchObject({
      paused: true,
      finished: false,
      updateTime: blocker!.updateTime + SKEW,
    });
    expect(em.state.resumeChange(blocker?.changeId ?? '')).toBeUndefined();
    clock += 5000; // the second batch
    expect(em.state.activeChange(SC_ENV)).toBeUndefined();
    await started();
  });

  it('failing-restart: the next restart ends failed with a ChangeMessage', async () => {
    scenario('failing-restart');
    const id = await started();
    clock += 10_000;
    expect((await change(em, id)).json.Change).toMatchObject({
      ChangeFinished: true,
      ChangeSucceed: false,
      ChangeMessage: FAILED_RESTART_MESSAGE,
    });
  });

  it('unhealthy-after-restart: one instance stays unhealthy, from the first batch of a rolling restart', async () => {
    scenario('unhealthy-after-restart');
    await started();
    clock += 10_000 + 3_600_000;
    expect((await scStatus()).InstanceAppStatus).toMatchObject({
      HealthyInstances: 3,
      UnhealthyInstances: 1,
    });
  });

  it('unhealthy-after-restart: the first batch fails its health check while the restart goes on; an abort spares the rest', async () => {
    scenario('unhealthy-after-restart');
    const t0 = clock;
    const r = await call(em, { path: RESTART, form: { EnvId: SC_ENV, BatchSize: '1' } });
    const id = (r.json.EnvChange as { ChangeId: string }).ChangeId;
    clock = t0 + 3000; // 4 batches of 2.5 s: the second is under way
    expect((await scStatus()).InstanceAppStatus).toMatchObject({
      UnhealthyInstances: 1,
      StoppedInstances: 1,
      HealthyInstances: 2,
    });
    const events = await call(em, {
      path: '/pop/v1/wam/event',
      query: { EnvId: SC_ENV, ChangeId: id },
    });
    const failed = (events.json.Events as { Event: Record<string, unknown>[] }).Event.filter(
      (e) => e.EnventName === 'HealthCheckFailed',
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]?.EventTimestamp).toBe(t0 + 2500 + SKEW);
    expect(em.state.abortChange(id)).toBeUndefined();
    clock = t0 + 3_600_000;
    expect(em.state.change(id)).toMatchObject({ outcome: 'aborted', finishTime: t0 + 5000 });
    expect(em.state.courseOf(id)?.batches).toHaveLength(2);
    expect((await scStatus()).InstanceAppStatus).toMatchObject({
      UnhealthyInstances: 1,
      HealthyInstances: 3,
    });
  });

  it('slow-health: restarted instances pass their health check late', async () => {
    scenario('slow-health');
    await started();
    clock += 10_000;
    expect((await scStatus()).InstanceAppStatus).toMatchObject({ UnhealthyInstances: 4 });
    clock += SLOW_HEALTH_MS;
    expect((await scStatus()).InstanceAppStatus).toMatchObject({ HealthyInstances: 4 });
  });

  it('faults: the first restart answer is lost after processing, then a look-up gets a 503', async () => {
    scenario('faults');
    // A look-up before the restart is not touched.
    expect((await call(em, { path: STATUS, query: { EnvId: SC_ENV } })).status).toBe(200);
    await expect(scRestart()).rejects.toThrow();
    expect(em.state.restartChanges(SC_ENV)).toHaveLength(1);
    const refused = await call(em, { path: CHANGES, query: { EnvId: SC_ENV } });
    expect([refused.status, refused.json.Code]).toEqual([503, 'ServiceUnavailable']);
    expect((await call(em, { path: CHANGES, query: { EnvId: SC_ENV } })).status).toBe(200);
    expect(em.faults.pending()).toBe(0);
  });

  it('every scenario is tested above, and CONTRIBUTING.md shows each', () => {
    // A scenario added to SCENARIOS without a test above fails here.
    expect(Object.keys(SCENARIOS).sort()).toEqual(
      [
        'idle',
        'busy',
        'paused-blocker',
        'failing-restart',
        'unhealthy-after-restart',
        'slow-health',
        'faults',
      ].sort(),
    );
    const contributing = readFileSync(new URL('../CONTRIBUTING.md', import.meta.url), 'utf8');
    expect(contributing).toContain('npm run emulator -- --port 8787 --scenario paused-blocker');
    for (const name of Object.keys(SCENARIOS)) expect(contributing).toContain(`| \`${name}\``);
  });
});
