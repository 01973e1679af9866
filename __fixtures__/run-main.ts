/**
 * Runs the action from source in its own process, as the runner would run the bundle: the
 * inputs come from INPUT_* variables. For tests that need a fresh process, e.g. to trust a
 * test certificate through NODE_EXTRA_CA_CERTS (read only at start-up):
 *   node --import tsx __fixtures__/run-main.ts
 */
import { run } from '../src/main.js';

await run();
