// First, so that a signal during start-up is kept (src/signals.ts).
import './signals.js';
import { run } from './main.js';

await run();
