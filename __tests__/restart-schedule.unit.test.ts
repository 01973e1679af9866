/**
 * Property: for any valid settings the restart loop's own schedule keeps every delay within
 * [retry-base-delay, retry-max-delay] and never sleeps past wait-timeout. The client is an
 * in-memory stand-in, a pure unit with no I/O: RestartAppEnv always answers EnvOnChanging, and
 * every Describe* call is refused (a RAM policy granting RestartAppEnv only), so the loop paces
 * blind and reads the environment once, before its first send.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ActionError } from '../src/errors.js';
import { newProgress, restart } from '../src/restart.js';
import type { WebPlusClient } from '../src/webplus-client.js';
import { seededRandom, virtualClock } from '../__fixtures__/harness.js';

const refused = async () =>
  ({
    ok: false,
    failure: { kind: 'api', code: 'Forbidden.RAM', message: 'no', requestId: 'R', status: 403 },
  }) as const;
const busy: WebPlusClient = {
  restartAppEnv: async () => ({
    ok: false,
    failure: { kind: 'api', code: 'EnvOnChanging', message: 'busy', requestId: 'R', status: 400 },
  }),
  describeAppEnvStatus: refused,
  describeChange: refused,
  describeChanges: refused,
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
              retry: {
                retryBaseDelayMs: baseMs,
                retryMaxDelayMs: baseMs + extraMs,
                requestTimeoutMs: 30_000,
              },
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
          // One line per retry, plus one saying the baseline read was refused (when there was
          // time to try it).
          const retryLines = lines.filter((l) => l.startsWith('EnvOnChanging'));
          expect(retryLines).toHaveLength(clock.sleeps.length);
          expect(lines.length - retryLines.length).toBe(waitTimeoutMs > 0 ? 1 : 0);
          expect(progress.attempts).toBe(clock.sleeps.length + 1);
        },
      ),
      { numRuns: 60, seed: 20261129 },
    );
  });
});
