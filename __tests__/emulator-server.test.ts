import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { startEmulator, okAnswer, type Emulator } from '../emulator/server.js';
import { buildStringToSign, contentMd5, sign, type Credential } from '../emulator/signature.js';
import { TEST_CREDENTIALS, TEST_STS_CREDENTIALS } from '../emulator/state.js';

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
