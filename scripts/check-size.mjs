// Holds dist/ to a byte budget set from measurement (see docs/benchmarks.md), with ~10 % headroom.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUDGET_BYTES = 4_200_000;

const dir = new URL('../dist/', import.meta.url).pathname;
const total = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
console.log(`dist/ total ${total} bytes (budget ${BUDGET_BYTES})`);
if (total > BUDGET_BYTES) process.exit(1);
