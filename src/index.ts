// The signal handlers first (src/signals.ts), in this small entry file: the rest of the
// action is a separate chunk loaded after them, so a cancellation that arrives while it loads
// is kept and reported, not lost.
import './signals.js';

const { run } = await import('./main.js');
await run();
