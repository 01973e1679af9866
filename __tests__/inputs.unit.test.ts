import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { credentialsFromEnv, credentialsFromInputs } from '../src/credentials.js';
import { InputError, parseSettings, sessionName } from '../src/inputs.js';
import { REGION_ENDPOINTS } from '../src/endpoints.js';

const ok = { 'env-id': 'we-5d39b8ba6786bd4b1490abcd', region: 'cn-hangzhou' };

function parse(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  return parseSettings((name) => (inputs[name] ?? '').trim(), env);
}

function inputErrorOf(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): InputError {
  try {
    parse(inputs, env);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseSettings', () => {
  it('applies the documented defaults', () => {
    const s = parse(ok);
    expect(s).toMatchObject({
      envId: ok['env-id'],
      region: 'cn-hangzhou',
      endpoint: 'https://webplus.cn-hangzhou.aliyuncs.com',
      waitTimeoutMs: 900_000,
      retryBaseDelayMs: 5000,
      retryMaxDelayMs: 30_000,
      requestTimeoutMs: 30_000,
      waitForCompletion: false,
      completionTimeoutMs: 1_800_000,
      batch: {},
      oidc: undefined,
    });
  });

  it('takes the region from ALIBABA_CLOUD_REGION_ID when the input is empty', () => {
    const s = parse({ 'env-id': ok['env-id'] }, { ALIBABA_CLOUD_REGION_ID: 'us-east-1' });
    expect(s.region).toBe('us-east-1');
    expect(s.endpoint).toBe('https://webplus.aliyuncs.com');
  });

  it('maps cn-hongkong to the public central endpoint, never a VPC host a runner cannot reach', () => {
    expect(parse({ ...ok, region: 'cn-hongkong' }).endpoint).toBe('https://webplus.aliyuncs.com');
  });

  it('maps every region to a public host', () => {
    for (const url of Object.values(REGION_ENDPOINTS)) expect(url).not.toMatch(/-vpc\.|vpc-proxy/);
  });

  it('lets an explicit endpoint stand in for the region and strips a trailing slash', () => {
    const s = parse({ 'env-id': ok['env-id'], endpoint: 'http://127.0.0.1:8080/' });
    expect(s.endpoint).toBe('http://127.0.0.1:8080');
    expect(s.region).toBeUndefined();
  });

  it('accepts decimals for delays and parses batch inputs', () => {
    const s = parse({
      ...ok,
      'retry-base-delay': '0.5',
      'retry-max-delay': '2.25',
      'batch-percent': '25',
      'batch-interval': '0',
      'pause-between-batches': 'TRUE',
      'wait-for-completion': 'True',
    });
    expect(s.retryBaseDelayMs).toBe(500);
    expect(s.retryMaxDelayMs).toBe(2250);
    expect(s.batch).toEqual({ batchPercent: 25, batchInterval: 0, pauseBetweenBatches: true });
    expect(s.waitForCompletion).toBe(true);
  });

  it('reads the OIDC inputs with defaults and a valid session name', () => {
    const s = parse({
      ...ok,
      'role-to-assume': 'acs:ram::123456789012:role/deploy',
      'oidc-provider-arn': 'acs:ram::123456789012:oidc-provider/github',
      'role-session-name': 'run 42/attempt#1',
    });
    expect(s.oidc).toEqual({
      roleToAssume: 'acs:ram::123456789012:role/deploy',
      oidcProviderArn: 'acs:ram::123456789012:oidc-provider/github',
      roleSessionName: 'run-42-attempt-1',
      roleDurationSeconds: 3600,
      audience: 'sts.aliyuncs.com',
      stsEndpoint: 'https://sts.aliyuncs.com',
    });
  });

  // Each bad input fails before any request, naming the input.
  const bad: Array<[string, Record<string, string>, string]> = [
    ['env-id missing', { region: 'cn-hangzhou' }, 'env-id'],
    ['env-id whitespace', { ...ok, 'env-id': '   ' }, 'env-id'],
    ['env-id without prefix', { ...ok, 'env-id': '5d39b8ba6786bd4b1490abcd' }, 'env-id'],
    ['env-id not hex', { ...ok, 'env-id': 'we-xyz' }, 'env-id'],
    ['env-id empty hex', { ...ok, 'env-id': 'we-' }, 'env-id'],
    ['env-id too long', { ...ok, 'env-id': `we-${'a'.repeat(30)}` }, 'env-id'],
    ['env-id injection', { ...ok, 'env-id': 'we-abc&EnvId=we-def' }, 'env-id'],
    ['region missing', { 'env-id': ok['env-id'] }, 'region'],
    ['region unknown', { ...ok, region: 'mars-north-1' }, 'region'],
    ['region prototype key', { ...ok, region: 'constructor' }, 'region'],
    ['endpoint not a URL', { ...ok, endpoint: 'webplus.aliyuncs.com' }, 'endpoint'],
    ['endpoint http non-loopback', { ...ok, endpoint: 'http://webplus.aliyuncs.com' }, 'endpoint'],
    ['endpoint http private', { ...ok, endpoint: 'http://10.0.0.1:8080' }, 'endpoint'],
    ['endpoint http lookalike', { ...ok, endpoint: 'http://127.0.0.1.evil.example' }, 'endpoint'],
    ['endpoint with path', { ...ok, endpoint: 'https://webplus.aliyuncs.com/pop' }, 'endpoint'],
    ['endpoint ftp', { ...ok, endpoint: 'ftp://127.0.0.1' }, 'endpoint'],
    ['wait-timeout NaN', { ...ok, 'wait-timeout': 'NaN' }, 'wait-timeout'],
    ['wait-timeout negative', { ...ok, 'wait-timeout': '-1' }, 'wait-timeout'],
    ['wait-timeout huge', { ...ok, 'wait-timeout': '1e9' }, 'wait-timeout'],
    ['wait-timeout over six hours', { ...ok, 'wait-timeout': '21601' }, 'wait-timeout'],
    ['wait-timeout with unit', { ...ok, 'wait-timeout': '15m' }, 'wait-timeout'],
    ['retry-base-delay zero', { ...ok, 'retry-base-delay': '0' }, 'retry-base-delay'],
    ['retry-base-delay text', { ...ok, 'retry-base-delay': 'five' }, 'retry-base-delay'],
    [
      'retry-max-delay below base',
      { ...ok, 'retry-base-delay': '10', 'retry-max-delay': '5' },
      'retry-max-delay',
    ],
    ['request-timeout zero', { ...ok, 'request-timeout': '0' }, 'request-timeout'],
    ['request-timeout Infinity', { ...ok, 'request-timeout': 'Infinity' }, 'request-timeout'],
    ['completion-timeout zero', { ...ok, 'completion-timeout': '0' }, 'completion-timeout'],
    ['batch-size zero', { ...ok, 'batch-size': '0' }, 'batch-size'],
    ['batch-size decimal', { ...ok, 'batch-size': '1.5' }, 'batch-size'],
    ['batch-percent 0', { ...ok, 'batch-percent': '0' }, 'batch-percent'],
    ['batch-percent 101', { ...ok, 'batch-percent': '101' }, 'batch-percent'],
    [
      'batch-size and batch-percent',
      { ...ok, 'batch-size': '2', 'batch-percent': '50' },
      'batch-percent',
    ],
    ['batch-interval negative', { ...ok, 'batch-interval': '-5' }, 'batch-interval'],
    [
      'pause-between-batches yes',
      { ...ok, 'pause-between-batches': 'yes' },
      'pause-between-batches',
    ],
    ['wait-for-completion 1', { ...ok, 'wait-for-completion': '1' }, 'wait-for-completion'],
    [
      'role without provider',
      { ...ok, 'role-to-assume': 'acs:ram::1:role/r' },
      'oidc-provider-arn',
    ],
    [
      'provider without role',
      { ...ok, 'oidc-provider-arn': 'acs:ram::1:oidc-provider/p' },
      'role-to-assume',
    ],
    [
      'role not an ARN',
      { ...ok, 'role-to-assume': 'deploy', 'oidc-provider-arn': 'acs:ram::1:oidc-provider/p' },
      'role-to-assume',
    ],
    [
      'role ARN with something after it',
      {
        ...ok,
        'role-to-assume': 'acs:ram::1:role/deploy evil',
        'oidc-provider-arn': 'acs:ram::1:oidc-provider/p',
      },
      'role-to-assume',
    ],
    [
      'role ARN on a second line',
      {
        ...ok,
        'role-to-assume': 'x\nacs:ram::1:role/deploy',
        'oidc-provider-arn': 'acs:ram::1:oidc-provider/p',
      },
      'role-to-assume',
    ],
    [
      'provider ARN with a path after it',
      {
        ...ok,
        'role-to-assume': 'acs:ram::1:role/deploy',
        'oidc-provider-arn': 'acs:ram::1:oidc-provider/p/../q?x=1',
      },
      'oidc-provider-arn',
    ],
    [
      'audience with a space',
      {
        ...ok,
        'role-to-assume': 'acs:ram::1:role/deploy',
        'oidc-provider-arn': 'acs:ram::1:oidc-provider/p',
        audience: 'sts.aliyuncs.com extra',
      },
      'audience',
    ],
    [
      'audience with a comma (two audiences)',
      {
        ...ok,
        'role-to-assume': 'acs:ram::1:role/deploy',
        'oidc-provider-arn': 'acs:ram::1:oidc-provider/p',
        audience: 'a,b',
      },
      'audience',
    ],
    ['retry-base-delay 0.001 (a typo)', { ...ok, 'retry-base-delay': '0.001' }, 'retry-base-delay'],
    ['retry-max-delay 0.01', { ...ok, 'retry-max-delay': '0.01' }, 'retry-max-delay'],
    [
      'role-duration-seconds too short',
      {
        ...ok,
        'role-to-assume': 'acs:ram::1:role/r',
        'oidc-provider-arn': 'acs:ram::1:oidc-provider/p',
        'role-duration-seconds': '899',
      },
      'role-duration-seconds',
    ],
    [
      'sts-endpoint http non-loopback',
      {
        ...ok,
        'role-to-assume': 'acs:ram::1:role/r',
        'oidc-provider-arn': 'acs:ram::1:oidc-provider/p',
        'sts-endpoint': 'http://sts.aliyuncs.com',
      },
      'sts-endpoint',
    ],
    ['resume-change-id not a change ID', { ...ok, 'resume-change-id': 'we-1' }, 'resume-change-id'],
    [
      'resume-change-id with a batch setting',
      { ...ok, 'resume-change-id': 'wc-1a2b', 'batch-size': '2' },
      'resume-change-id',
    ],
    ['abort-on-cancel yes', { ...ok, 'abort-on-cancel': 'yes' }, 'abort-on-cancel'],
    ['dry-run 1', { ...ok, 'dry-run': '1' }, 'dry-run'],
    [
      'stop-on-unhealthy without a batch setting',
      { ...ok, 'stop-on-unhealthy': 'true', 'wait-for-healthy': 'true' },
      'stop-on-unhealthy',
    ],
    [
      'stop-on-unhealthy without wait-for-healthy',
      { ...ok, 'stop-on-unhealthy': 'true', 'batch-size': '1' },
      'stop-on-unhealthy',
    ],
  ];

  it('reads the operating inputs: resume-change-id, abort-on-cancel, stop-on-unhealthy, dry-run', () => {
    const s = parse({
      ...ok,
      'abort-on-cancel': 'true',
      'stop-on-unhealthy': 'true',
      'batch-percent': '25',
      'wait-for-healthy': 'true',
      'dry-run': 'true',
    });
    expect(s).toMatchObject({ abortOnCancel: true, stopOnUnhealthy: true, dryRun: true });
    expect(s.resumeChangeId).toBeUndefined();
    expect(parse({ ...ok, 'resume-change-id': 'wc-9f' }).resumeChangeId).toBe('wc-9f');
  });

  // Three parameters: a fourth would make jest wait for a done() callback.
  it.each(bad)('rejects %s, naming the input', (_name, inputs, input) => {
    const error = inputErrorOf(inputs);
    expect(error.input).toBe(input);
    expect(error.message).toContain(`"${input}"`);
  });

  it('accepts every IPv4 loopback and ::1 and localhost for http', () => {
    for (const host of ['127.0.0.1', '127.255.0.9', '[::1]', 'localhost']) {
      expect(parse({ ...ok, endpoint: `http://${host}:9000` }).endpoint).toBe(
        `http://${host}:9000`,
      );
    }
  });

  it('property: any valid numeric inputs parse to milliseconds within their ranges', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 21600 }),
        fc.integer({ min: 50, max: 3_600_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        (wait, baseMs, extraMs) => {
          const maxMs = Math.min(3_600_000, baseMs + extraMs);
          const s = parse({
            ...ok,
            'wait-timeout': String(wait),
            'retry-base-delay': (baseMs / 1000).toString(),
            'retry-max-delay': (maxMs / 1000).toString(),
          });
          expect(s.waitTimeoutMs).toBe(wait * 1000);
          expect(Math.abs(s.retryBaseDelayMs - baseMs)).toBeLessThan(1e-6);
          expect(s.retryMaxDelayMs).toBeGreaterThanOrEqual(s.retryBaseDelayMs);
        },
      ),
      { seed: 20261129, numRuns: 200 },
    );
  });

  it('property: any string either parses or fails with an InputError naming the input', () => {
    const names = [
      'wait-timeout',
      'retry-base-delay',
      'request-timeout',
      'batch-size',
      'batch-percent',
      'env-id',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.string(), (name, value) => {
        try {
          parse({ ...ok, [name]: value });
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).input).toBe(name);
        }
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });
});

describe('sessionName', () => {
  it('property: always 2..64 characters of [A-Za-z0-9.@_-]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (raw) => {
        expect(sessionName(raw)).toMatch(/^[A-Za-z0-9.@_-]{2,64}$/);
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });
});

describe('10. credentials a header cannot carry are input errors, never an outage', () => {
  it.each([
    ['access-key-id', 'LTAI5tEmulator\nTestKey01'],
    ['access-key-id', 'LTAI5tEmulator TestKey01'],
    ['access-key-secret', 'secret-with-ünicode'],
    ['security-token', 'CAIS\r\ntoken'],
    ['security-token', 'CAIS-tökén'],
  ])('%s with %j: named, the value not echoed', (name, value) => {
    const read = (n: string) =>
      ({ 'access-key-id': 'LTAI5tKey', 'access-key-secret': 'secret-1234', [name]: value })[n] ??
      '';
    let error: unknown;
    try {
      credentialsFromInputs(read);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(name);
    expect((error as InputError).message).not.toContain(value);
  });

  it('the same for the environment variables, naming the variable', () => {
    let error: unknown;
    try {
      credentialsFromEnv({
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tKey',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret-1234',
        ALIBABA_CLOUD_SECURITY_TOKEN: 'tok\nen',
      });
    } catch (e) {
      error = e;
    }
    expect((error as InputError).input).toBe('ALIBABA_CLOUD_SECURITY_TOKEN');
  });
});
