import { describe, expect, it } from '@jest/globals';
import { dispositionOf, hintFor, scrub } from '../src/errors.js';

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
