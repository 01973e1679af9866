import { describe, expect, it } from '@jest/globals';
import {
  buildStringToSign,
  contentMd5,
  sign,
  verify,
  SIGNATURE_MISMATCH_PREFIX,
  type Credential,
  type SignInput,
} from '../emulator/signature.js';

const KEY: Credential = { accessKeyId: 'AK1', accessKeySecret: 'secret1' };
const STS: Credential = {
  accessKeyId: 'STS.AK2',
  accessKeySecret: 'secret2',
  securityToken: 'token-2',
  expiresAt: 2_000_000,
};
const WALL = Date.parse('Sat, 29 Nov 2025 02:42:00 GMT');
const DATE = new Date(WALL).toUTCString();

function options(now = 1_000_000) {
  return {
    findCredential: (id: string) => [KEY, STS].find((c) => c.accessKeyId === id),
    now,
    wallNow: WALL,
  };
}

/** A request signed with `credential` (headers may then be tampered with). */
function signed(credential: Credential, extra: Partial<SignInput> = {}, body = '') {
  const headers: Record<string, string> = {
    accept: 'application/json',
    date: DATE,
    'content-md5': contentMd5(body),
    'x-acs-signature-nonce': 'n-1',
    'x-acs-version': '2019-03-20',
    ...(credential.securityToken ? { 'x-acs-security-token': credential.securityToken } : {}),
    ...(extra.headers as Record<string, string> | undefined),
  };
  const input = {
    method: extra.method ?? 'GET',
    path: extra.path ?? '/pop/v1/wam/appEnv/status',
    query: extra.query ?? { EnvId: 'we-1' },
    headers,
    body,
  };
  const signature = sign(buildStringToSign(input), credential.accessKeySecret);
  headers.authorization = `acs ${credential.accessKeyId}:${signature}`;
  return input;
}

describe('buildStringToSign', () => {
  it('follows the ROA layout: verb, four headers, x-acs-* headers, resource', () => {
    const s = buildStringToSign({
      method: 'post',
      path: '/pop/v1/wam/appEnv/restart',
      query: { b: '2', a: 'x y/z', empty: '' },
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Acs-Version': '2019-03-20',
        'x-acs-signature-nonce': ' \tabc\n ',
        'x-acs-a': 'one\r\ftwo',
        'user-agent': 'ignored',
        host: 'ignored',
      },
    });
    expect(s).toBe(
      'POST\napplication/json\n\napplication/x-www-form-urlencoded\n\n' +
        'x-acs-a:one  two\nx-acs-signature-nonce:abc\nx-acs-version:2019-03-20\n' +
        '/pop/v1/wam/appEnv/restart?a=x y/z&b=2&empty',
    );
  });

  it('leaves the path bare when there is no query', () => {
    expect(buildStringToSign({ method: 'GET', path: '/p', query: {}, headers: {} })).toBe(
      'GET\n\n\n\n\n/p',
    );
  });
});

describe('sign', () => {
  it('is Base64 HMAC-SHA1 (RFC 2202 test case 2)', () => {
    expect(sign('what do ya want for nothing?', 'Jefe')).toBe('7/zfauXrL6LSdBbV8YTfnCWafHk=');
  });
});

describe('verify', () => {
  it('accepts a correctly signed request', () => {
    const result = verify(signed(KEY), options());
    expect(result).toMatchObject({ ok: true, accessKeyId: 'AK1' });
  });

  it('accepts an empty query value signed as k= (pop-core) as well as k', () => {
    const input = signed(KEY, { query: { EnvId: 'we-1', Empty: '' } });
    const popStyle = buildStringToSign(input).replace('?Empty&EnvId', '?Empty=&EnvId');
    expect(popStyle).not.toBe(buildStringToSign(input));
    input.headers.authorization = `acs AK1:${sign(popStyle, KEY.accessKeySecret)}`;
    expect(verify(input, options()).ok).toBe(true);
  });

  it('accepts an STS request with its token', () => {
    expect(verify(signed(STS), options()).ok).toBe(true);
  });

  const cases: [string, (i: ReturnType<typeof signed>) => void, number, string][] = [
    ['no Authorization', (i) => delete i.headers.authorization, 400, 'IncompleteSignature'],
    [
      'malformed Authorization',
      (i) => (i.headers.authorization = 'Bearer x'),
      400,
      'IncompleteSignature',
    ],
    [
      'unknown key',
      (i) => (i.headers.authorization = 'acs NOPE:abc='),
      404,
      'InvalidAccessKeyId.NotFound',
    ],
    ['no Date', (i) => delete i.headers.date, 400, 'InvalidTimeStamp.Format'],
    [
      'ISO Date',
      (i) => (i.headers.date = new Date(WALL).toISOString()),
      400,
      'InvalidTimeStamp.Format',
    ],
    [
      'Date 16 minutes off',
      (i) => (i.headers.date = new Date(WALL - 16 * 60_000).toUTCString()),
      400,
      'InvalidTimeStamp.Expired',
    ],
    [
      'wrong Content-MD5',
      (i) => (i.headers['content-md5'] = contentMd5('x')),
      400,
      'ContentMD5NotMatched',
    ],
    [
      'a changed header',
      (i) => (i.headers['x-acs-signature-nonce'] = 'n-2'),
      400,
      'SignatureDoesNotMatch',
    ],
    ['a changed path', (i) => (i.path = '/' + i.path), 400, 'SignatureDoesNotMatch'],
    ['a changed query', (i) => (i.query = { EnvId: 'we-2' }), 400, 'SignatureDoesNotMatch'],
    [
      'a token for a plain key',
      (i) => (i.headers['x-acs-security-token'] = 't'),
      400,
      'InvalidSecurityToken.Malformed',
    ],
  ];
  it.each(cases)('rejects %s', (_name, tamper, status, code) => {
    const input = signed(KEY);
    tamper(input);
    expect(verify(input, options())).toEqual({
      ok: false,
      error: expect.objectContaining({ status, code }),
    });
  });

  it('checks the security token of STS credentials', () => {
    const noToken = signed(STS);
    delete noToken.headers['x-acs-security-token'];
    expect(verify(noToken, options())).toMatchObject({ error: { code: 'MissingSecurityToken' } });

    const other = signed(STS, { headers: { 'x-acs-security-token': 'token-other' } });
    expect(verify(other, options())).toMatchObject({
      error: { code: 'InvalidSecurityToken.MismatchWithAccessKey' },
    });

    expect(verify(signed(STS), options(2_000_000))).toMatchObject({
      error: { status: 400, code: 'InvalidSecurityToken.Expired' },
    });
  });

  it('echoes the string to sign verbatim, security token included', () => {
    const input = signed(STS);
    input.headers.authorization = 'acs STS.AK2:d3Jvbmc=';
    const result = verify(input, options());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe(SIGNATURE_MISMATCH_PREFIX + buildStringToSign(input));
    expect(result.error.message).toContain('x-acs-security-token:token-2\n');
  });
});
