/**
 * Answer decoding's pure helpers, as tables: reading untyped JSON as pop-core parses it
 * (src/json.ts: json-bigint turns integers past 2^53 into BigNumber objects) and the one line a
 * failed call reads as (src/format.ts describeFailure), with the durations and times beside it.
 * The wire clients' decoding itself lives inside createWebPlusClient and assumeRoleWithOidc and
 * is tested over HTTP (emulator-server, hostile, restart, oidc).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describeFailure, isoTime, secs } from '../src/format.js';
import { record, text } from '../src/json.js';
import type { Failure } from '../src/answers.js';

// The parser pop-core uses, so the BigNumber objects are the real ones.
const JSONbig = createRequire(import.meta.url)('json-bigint') as { parse(text: string): unknown };
const parsed = (json: string) => JSONbig.parse(json) as Record<string, unknown>;

describe('record: a JSON object, nothing else', () => {
  it.each([
    ['an object', '{"v":{"a":1}}', { a: 1 }],
    ['an empty object', '{"v":{}}', {}],
    ['an array', '{"v":[1]}', undefined],
    ['null', '{"v":null}', undefined],
    ['a string', '{"v":"x"}', undefined],
    ['a number', '{"v":1}', undefined],
    ['a BigNumber (an object to JavaScript)', '{"v":12345678901234567890}', undefined],
  ])('%s', (_name, json, expected) => {
    expect(record(parsed(json).v)).toEqual(expected);
  });
  it('a missing field', () => {
    expect(record(undefined)).toBeUndefined();
  });
});

describe('text: a scalar as text, big integers as their digits', () => {
  it.each([
    ['a string', '{"v":"wc-1"}', 'wc-1'],
    ['an empty string', '{"v":""}', ''],
    ['a number', '{"v":1562672060867}', '1562672060867'],
    ['an integer past 2^53', '{"v":12345678901234567890}', '12345678901234567890'],
    ['a negative integer past 2^53', '{"v":-12345678901234567890}', '-12345678901234567890'],
    ['null', '{"v":null}', undefined],
    ['a boolean', '{"v":true}', undefined],
    ['an object', '{"v":{"a":"b"}}', undefined],
    ['an array', '{"v":["a"]}', undefined],
  ])('%s', (_name, json, expected) => {
    expect(text(parsed(json).v)).toBe(expected);
  });
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a missing field', undefined],
  ])('%s: undefined', (_name, value) => {
    expect(text(value)).toBeUndefined();
  });
  // 10^21 and beyond included: bignumber.js's own String() writes them as "1e+21".
  it('property: any integer the service writes comes back as its digits (up to 10^30)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (n) => {
        expect(text(parsed(`{"v":${n}}`).v)).toBe(n.toString());
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
});

describe('describeFailure: one line for a failed call', () => {
  it.each([
    [
      { kind: 'api', code: 'Forbidden', message: 'denied', requestId: 'R-1', status: 403 },
      'Forbidden: denied (RequestId R-1, HTTP 403)',
    ],
    [
      { kind: 'api', code: 'Throttling', message: '', requestId: '' },
      'Throttling: (no message) (RequestId none)',
    ],
    [
      { kind: 'malformed', message: 'EnvChange.ChangeId is missing', requestId: 'R-2' },
      'EnvChange.ChangeId is missing (RequestId R-2)',
    ],
    [{ kind: 'malformed', message: 'no Data', requestId: '' }, 'no Data (RequestId none)'],
    [{ kind: 'unknown', message: 'socket hang up' }, 'socket hang up'],
    [{ kind: 'not-sent', message: 'connect ECONNREFUSED' }, 'connect ECONNREFUSED'],
  ] as Array<[Failure, string]>)('%j', (failure, line) => {
    expect(describeFailure(failure)).toBe(line);
  });
});

describe('secs and isoTime', () => {
  it.each([
    [0, '0 s'],
    [5000, '5 s'],
    [6800, '6.8 s'],
    [6849, '6.8 s'],
    [120_000, '120 s'],
  ])('secs(%d) is %j', (ms, words) => {
    expect(secs(ms)).toBe(words);
  });
  it.each([
    [undefined, ''],
    ['', ''],
    [1562672060867, '2019-07-09T11:34:20.867Z'],
    ['1562672060867', '2019-07-09T11:34:20.867Z'],
    ['not a time', 'not a time'],
  ])('isoTime(%j) is %j', (value, iso) => {
    expect(isoTime(value)).toBe(iso);
  });
});
