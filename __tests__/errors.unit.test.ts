import { describe, expect, it } from '@jest/globals';
import {
  CODE_TABLE,
  dispositionOf,
  hintFor,
  isPermissionCode,
  isServerError,
  scrub,
} from '../src/errors.js';

describe('dispositionOf', () => {
  it.each([
    ['EnvOnChanging', 400, 'wait'],
    ['Throttling', 400, 'retry'],
    ['Throttling.User', 400, 'retry'],
    ['Throttling.Api', 503, 'retry'],
    ['ServiceUnavailable', 503, 'retry'],
    ['InternalError', 500, 'retry'],
    ['SomethingNew', 502, 'retry'],
    ['StatusNotAllowedRestart', 403, 'fatal'],
    ['ResourceAuthFailed', 403, 'fatal'],
    ['SignatureDoesNotMatch', 400, 'fatal'],
    ['IncompleteSignature', 400, 'fatal'],
    ['InvalidAccessKeyId.NotFound', 404, 'fatal'],
    ['InvalidAccessKeyId.Inactive', 400, 'fatal'],
    ['InvalidSecurityToken.Expired', 400, 'fatal'],
    ['MissingParameter', 400, 'fatal'],
    ['InvalidParameter', 400, 'fatal'],
    ['NeverHeardOfIt', 400, 'fatal'],
  ] as const)('%s (HTTP %s) → %s', (code, status, expected) => {
    expect(dispositionOf(code, status)).toBe(expected);
  });
});

describe('hintFor', () => {
  it('has a hint for each fatal code the issue names', () => {
    for (const code of [
      'StatusNotAllowedRestart',
      'ResourceAuthFailed',
      'SignatureDoesNotMatch',
      'IncompleteSignature',
      'InvalidAccessKeyId.NotFound',
      'InvalidSecurityToken.MismatchWithAccessKey',
      'MissingParameter',
      'InvalidParameter',
    ]) {
      expect(hintFor(code)).toEqual(expect.any(String));
    }
    expect(hintFor('StatusNotAllowedRestart')).toMatch(/running or stopped/);
  });
});

describe('scrub', () => {
  it('removes every occurrence of every secret', () => {
    const text = 'x-acs-security-token:TOKEN123\nsecret=SECRET456 and TOKEN123 again';
    expect(scrub(text, ['TOKEN123', 'SECRET456'])).toBe(
      'x-acs-security-token:***\nsecret=*** and *** again',
    );
  });
  it('ignores values too short to mask meaningfully', () => {
    expect(scrub('abc', ['a'])).toBe('abc');
  });
});

describe('CODE_TABLE: what each code means, walked row by row', () => {
  // [example code, at HTTP 400, at HTTP 503, server error, permission, hint]: written out here,
  // not read from the table, so that a changed row fails.
  const rows: Array<[string, string, string, boolean, boolean, RegExp | undefined]> = [
    ['EnvOnChanging', 'wait', 'wait', false, false, undefined],
    ['Throttling.User', 'retry', 'retry', false, false, undefined],
    ['InternalError', 'retry', 'retry', true, false, undefined],
    ['SystemBusy', 'retry', 'retry', false, false, undefined],
    ['UnknownError', 'fatal', 'retry', true, false, undefined],
    ['StatusNotAllowedRestart', 'fatal', 'retry', false, false, /running or stopped/],
    ['ResourceAuthFailed', 'fatal', 'retry', false, false, /env-id, region/],
    ['SignatureDoesNotMatch', 'fatal', 'retry', false, false, /access-key-secret/],
    ['InvalidAccessKeyId.NotFound', 'fatal', 'retry', false, false, /no such AccessKey/],
    ['InvalidAccessKeyId.Inactive', 'fatal', 'retry', false, false, /disabled or invalid/],
    ['InvalidSecurityToken.Expired', 'fatal', 'retry', false, false, /security-token/],
    ['InvalidTimeStamp.Expired', 'fatal', 'retry', false, false, /clock/],
    ['MissingParameter.EnvId', 'fatal', 'retry', false, false, /required parameter/],
    ['InvalidParameter.BatchSize', 'fatal', 'retry', false, false, /batch-\*/],
    ['Forbidden.RAM', 'fatal', 'retry', false, true, /lacks permission/],
    ['ChangeNotExists', 'fatal', 'retry', false, false, /unknown to the service/],
  ];

  it('walks every row of the table, in order', () => {
    expect(CODE_TABLE.map((row) => row.example)).toEqual(rows.map(([code]) => code));
    for (const row of CODE_TABLE) expect(row.pattern.test(row.example)).toBe(true);
  });

  it.each(rows)('%s: %s at 400, %s at 503', (code, at400, at503, server, permission, hint) => {
    expect(dispositionOf(code, 400)).toBe(at400);
    expect(dispositionOf(code, 503)).toBe(at503);
    expect(isServerError(code)).toBe(server);
    expect(isPermissionCode(code)).toBe(permission);
    if (hint) expect(hintFor(code)).toMatch(hint);
    else expect(hintFor(code)).toBeUndefined();
  });

  it('names the server errors and permission refusals exactly, and nothing else', () => {
    for (const code of ['ServiceUnavailable', 'InternalError', 'UnknownError']) {
      expect(isServerError(code)).toBe(true);
    }
    for (const code of ['SystemBusy', 'InternalErrorX', 'Throttling', 'NeverHeardOfIt']) {
      expect(isServerError(code)).toBe(false);
    }
    for (const code of ['NoPermission', 'Forbidden', 'Forbidden.RAM', 'NoPermission.Role']) {
      expect(isPermissionCode(code)).toBe(true);
    }
    for (const code of ['InvalidParameter', 'PermissionDenied', 'XForbidden']) {
      expect(isPermissionCode(code)).toBe(false);
    }
  });

  it('leaves a code outside the table to its HTTP status, without a hint', () => {
    expect(dispositionOf('NeverHeardOfIt', 400)).toBe('fatal');
    expect(dispositionOf('NeverHeardOfIt', 500)).toBe('retry');
    expect(hintFor('NeverHeardOfIt')).toBeUndefined();
  });
});
