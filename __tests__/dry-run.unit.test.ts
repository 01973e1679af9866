/**
 * restartPlanOf (src/dry-run.ts), pure: the words of what a real run would do, as a table.
 * Moved from dry-run.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { restartPlanOf } from '../src/dry-run.js';

describe('restartPlanOf', () => {
  it.each([
    [{}, 4, 'A restart would restart all 4 instance(s) at once.'],
    [
      { batchSize: 1 },
      3,
      'A restart would restart all 3 instance(s) in batches of 1 instance(s), 3 batch(es).',
    ],
    [
      { batchPercent: 50, pauseBetweenBatches: true },
      4,
      'A restart would restart all 4 instance(s) in batches of 50% of the instances (2), 2 batch(es), pausing after each batch until resumed.',
    ],
    [
      { batchSize: 2 },
      undefined,
      'A restart would restart all instances in batches of 2 instance(s).',
    ],
  ] as const)('%j of %s instances', (batch, instances, words) => {
    expect(restartPlanOf(batch, instances)).toBe(words);
  });
});
