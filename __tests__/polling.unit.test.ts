import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Failure } from '../src/answers.js';
import { isRefusal } from '../src/errors.js';
import {
  backoffBoundsOf,
  callTimeout,
  createHeartbeat,
  forcedCallTimeout,
  HEARTBEAT_MS,
  MIN_CALL_MS,
  retryBudgetOf,
} from '../src/polling.js';

// Seeded: reproducible and well under a second. fast-check prints any counterexample's seed.
const PROPERTY_RUNS = { seed: 20_261_206, numRuns: 300 } as const;

describe('callTimeout: request-timeout cut to the deadline, none under MIN_CALL_MS', () => {
  it.each([
    // [requestTimeoutMs, deadline, now, expected]
    [30_000, 100_000, 0, 30_000],
    [30_000, 100_000, 80_000, 20_000],
    [30_000, 100_000, 99_000, 1000],
    [30_000, 100_000, 99_001, undefined],
    [30_000, 100_000, 100_000, undefined],
    [30_000, 100_000, 120_000, undefined],
    [5000, 5000, 0, 5000],
  ] as const)('request %s, deadline %s, now %s → %s', (request, deadline, now, expected) => {
    expect(callTimeout(request, deadline, now)).toBe(expected);
  });

  it('property: never past the deadline nor over request-timeout; undefined only under MIN_CALL_MS', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 600_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (request, deadline, now) => {
          const t = callTimeout(request, deadline, now);
          if (deadline - now < MIN_CALL_MS) return t === undefined;
          return t !== undefined && t <= request && now + t <= deadline && t >= MIN_CALL_MS;
        },
      ),
      PROPERTY_RUNS,
    );
  });
});

describe('forcedCallTimeout: as callTimeout, but always a call of at least MIN_CALL_MS', () => {
  it.each([
    [30_000, 100_000, 0, 30_000],
    [30_000, 100_000, 80_000, 20_000],
    [30_000, 100_000, 99_500, MIN_CALL_MS],
    [30_000, 100_000, 200_000, MIN_CALL_MS],
    [1000, 100_000, 0, 1000],
  ] as const)('request %s, deadline %s, now %s → %s', (request, deadline, now, expected) => {
    expect(forcedCallTimeout(request, deadline, now)).toBe(expected);
  });

  it('property: equals callTimeout wherever that allows a call, else MIN_CALL_MS', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 600_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (request, deadline, now) =>
          forcedCallTimeout(request, deadline, now) ===
          (callTimeout(request, deadline, now) ?? MIN_CALL_MS),
      ),
      PROPERTY_RUNS,
    );
  });
});

describe('createHeartbeat: a line is due HEARTBEAT_MS after the last line', () => {
  it('is due HEARTBEAT_MS after the start, and after each line printed', () => {
    const beat = createHeartbeat(1000);
    expect(beat.dueAt()).toBe(1000 + HEARTBEAT_MS);
    expect(beat.isDue(1000 + HEARTBEAT_MS - 1)).toBe(false);
    expect(beat.isDue(1000 + HEARTBEAT_MS)).toBe(true);
    beat.printed(20_000);
    expect(beat.dueAt()).toBe(20_000 + HEARTBEAT_MS);
    expect(beat.isDue(1000 + HEARTBEAT_MS)).toBe(false);
    expect(beat.isDue(20_000 + HEARTBEAT_MS)).toBe(true);
  });

  it('property: isDue(now) exactly when now has reached dueAt()', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 200_000 }),
        (start, gaps, probe) => {
          const beat = createHeartbeat(start);
          let at = start;
          for (const gap of gaps) beat.printed((at += gap));
          return (
            beat.isDue(at + probe) === at + probe >= beat.dueAt() &&
            beat.dueAt() === at + HEARTBEAT_MS
          );
        },
      ),
      PROPERTY_RUNS,
    );
  });
});

describe('the retry budget', () => {
  it('keeps only its own fields, and gives the backoff its bounds', () => {
    const settings = {
      envId: 'we-1',
      retryBaseDelayMs: 5000,
      retryMaxDelayMs: 30_000,
      requestTimeoutMs: 20_000,
      healthTimeoutMs: 300_000,
    };
    const budget = retryBudgetOf(settings);
    expect(budget).toEqual({
      retryBaseDelayMs: 5000,
      retryMaxDelayMs: 30_000,
      requestTimeoutMs: 20_000,
    });
    expect(backoffBoundsOf(budget)).toEqual({ baseMs: 5000, maxMs: 30_000 });
  });
});

describe('isRefusal: an api failure whose code no retry can change', () => {
  const api = (code: string, status?: number): Failure => ({
    kind: 'api',
    code,
    message: code,
    requestId: 'R',
    ...(status !== undefined ? { status } : {}),
  });
  it.each<[string, boolean, Failure]>([
    ['a permission refusal', true, api('Forbidden.RAM', 403)],
    ['a bad signature', true, api('SignatureDoesNotMatch', 400)],
    ['an unknown 4xx code', true, api('NeverHeardOfIt', 400)],
    ['an unknown code without a status', true, api('NeverHeardOfIt')],
    ['busy (wait)', false, api('EnvOnChanging', 400)],
    ['throttled (retry)', false, api('Throttling.User', 400)],
    ['an unknown 5xx code (retry)', false, api('SomethingNew', 502)],
    ['no answer', false, { kind: 'unknown', message: 'socket hang up' }],
    ['not sent', false, { kind: 'not-sent', message: 'ECONNREFUSED' }],
    ['malformed', false, { kind: 'malformed', message: 'no ChangeId', requestId: 'R' }],
  ])('%s → %s', (_name, expected, failure) => {
    expect(isRefusal(failure)).toBe(expected);
  });
});
