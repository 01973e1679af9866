/**
 * stayedDown (src/breaker.ts), pure: the breaker's bookkeeping of instances down since the
 * restart, as a seeded property. Moved from breaker.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stayedDown } from '../src/breaker.js';

describe('stayedDown: bounded bookkeeping, only instances healthy before', () => {
  it('property: an instance counts only when healthy before and down for the whole limit; the map never outgrows the list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), { maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (reads, before) => {
          const ids = ['i-0', 'i-1', 'i-2', 'i-3', 'i-4'];
          const healthyBefore = new Set(ids.filter((_, k) => before[k]));
          const since = new Map<string, number>();
          const downFor = new Map<string, number>();
          reads.forEach((down, t) => {
            const instances = ids.map((id, k) => ({
              instanceId: id,
              appStatus: down[k] ? 'Unhealthy' : 'Healthy',
              agentStatus: 'Connected',
            }));
            const over = stayedDown(since, instances, healthyBefore, t * 10_000, 30_000);
            ids.forEach((id, k) => downFor.set(id, down[k] ? (downFor.get(id) ?? 0) + 1 : 0));
            for (const i of over) {
              expect(healthyBefore.has(i.instanceId)).toBe(true);
              expect(downFor.get(i.instanceId) ?? 0).toBeGreaterThanOrEqual(4);
            }
            expect(since.size).toBeLessThanOrEqual(ids.length);
          });
        },
      ),
      { seed: 20261206, numRuns: 500 },
    );
  });
});
