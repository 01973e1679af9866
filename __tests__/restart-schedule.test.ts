/**
 * Property: for any valid settings the restart loop's own schedule keeps every delay within
 * [retry-base-delay, retry-max-delay] and never sleeps past wait-timeout. The client is an
 * in-memory stand-in that always answers EnvOnChanging: a pure unit, no I/O.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ActionError } from '../src/errors.js';
import { newProgress, restart } from '../src/restart.js';
import type { WebPlusClient } from '../src/webplus-client.js';
import { seededRandom, virtualClock } from '../__fixtures__/harness.js';

const busy: WebPlusClient = {
  restartAppEnv: async () => ({
    ok: false,
    failure: { kind: 'api', code: 'EnvOnChanging', message: 'busy', requestId: 'R', status: 400 },
  }),
  describeAppEnvStatus: () => Promise.reject(new Error('not expected')),
  describeChange: () => Promise.reject(new Error('not expected')),
  describeChanges: () => Promise.reject(new Error('not expected')),
  close: () => undefined,
};

describe('restart schedule', () => {
  it('property: delays within bounds, total within wait-timeout, one log line per retry', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 500, max: 60_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.integer({ min: 0, max: 1_800_000 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        async (baseMs, extraMs, waitTimeoutMs, seed) => {
          const clock = virtualClock(1_000_000);
          const lines: string[] = [];
          const progress = newProgress();
          const error = await restart(
            {
              envId: 'we-1',
              batch: {},
              retryBaseDelayMs: baseMs,
              retryMaxDelayMs: baseMs + extraMs,
              requestTimeoutMs: 30_000,
              deadline: clock.now() + waitTimeoutMs,
              waitTimeoutMs,
            },
            {
              client: busy,
              clock,
              signal: new AbortController().signal,
              random: seededRandom(seed),
              log: (l) => lines.push(l),
            },
            progress,
          ).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(ActionError);
          expect((error as Error).message).toContain('EnvOnChanging');
          for (const d of clock.sleeps) {
            expect(d).toBeGreaterThanOrEqual(baseMs);
            expect(d).toBeLessThanOrEqual(baseMs + extraMs);
          }
          const total = clock.sleeps.reduce((a, b) => a + b, 0);
          expect(total).toBeLessThanOrEqual(waitTimeoutMs);
          expect(waitTimeoutMs - total).toBeLessThan(baseMs); // no try left on the table
          expect(lines).toHaveLength(clock.sleeps.length);
          expect(progress.attempts).toBe(clock.sleeps.length + 1);
        },
      ),
      { numRuns: 60 },
    );
  });
});
