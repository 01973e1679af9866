/**
 * The STS answer's Expiration (src/sts.ts parseExpiration), pure: ISO 8601 with a zone is read,
 * anything else is no time at all (so a malformed answer never claims credentials that last).
 * The rest of the STS answer is read inside assumeRoleWithOidc, tested over HTTP in oidc.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseExpiration } from '../src/sts.js';

describe('parseExpiration', () => {
  it.each([
    ['2026-11-29T03:00:00Z', Date.UTC(2026, 10, 29, 3, 0, 0)],
    ['2026-11-29T03:00Z', Date.UTC(2026, 10, 29, 3, 0, 0)],
    ['2026-11-29T03:00:00.250Z', Date.UTC(2026, 10, 29, 3, 0, 0, 250)],
    ['2026-11-29T11:00:00+08:00', Date.UTC(2026, 10, 29, 3, 0, 0)],
    ['2026-11-28T22:00:00-05:00', Date.UTC(2026, 10, 29, 3, 0, 0)],
  ])('%s is read', (text, ms) => {
    expect(parseExpiration(text)).toBe(ms);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no zone (local time would depend on the runner)', '2026-11-29T03:00:00'],
    ['a date only', '2026-11-29'],
    ['epoch seconds', '1795921200'],
    ['a month that does not exist', '2026-13-01T00:00:00Z'],
    ['an RFC 2822 date', 'Sun, 29 Nov 2026 03:00:00 GMT'],
    ['trailing text', '2026-11-29T03:00:00Z; extra'],
    ['leading white space', ' 2026-11-29T03:00:00Z'],
  ])('%s: no time', (_name, text) => {
    expect(parseExpiration(text)).toBeUndefined();
  });

  it('property: any ISO time with a zone comes back as its instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(Date.UTC(2000, 0, 1)),
          max: new Date(Date.UTC(2099, 11, 31)),
          noInvalidDate: true,
        }),
        (date) => {
          expect(parseExpiration(date.toISOString())).toBe(date.getTime());
        },
      ),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it('property: a string that is not ISO with a zone is never a time', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{4}-\d{2}-\d{2}T/.test(s)),
        (text) => {
          expect(parseExpiration(text)).toBeUndefined();
        },
      ),
      { seed: 20261206, numRuns: 300 },
    );
  });
});
