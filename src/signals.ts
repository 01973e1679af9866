/**
 * SIGINT/SIGTERM from the first moment: index.ts imports this module before anything else, so
 * a cancellation that arrives while the bundle is still loading is kept, not lost (the
 * default action would end the process with no summary and no word). main.ts takes the
 * handling over with `onCancel` and keeps it until the summary is written; a second signal is
 * ignored then, so it cannot cut the report short.
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type SignalName = (typeof SIGNALS)[number];

let received: SignalName | undefined;
let listener: ((name: SignalName) => void) | undefined;

function handle(name: SignalName): void {
  if (received) return; // the first one counts; later ones must not end the process
  received = name;
  listener?.(name);
}

const handlers = SIGNALS.map((name) => [name, () => handle(name)] as const);
for (const [name, handler] of handlers) process.on(name, handler);

/** Calls `cancel` for the first signal, at once if one came before. Returns the release. */
export function onCancel(cancel: (name: SignalName) => void): () => void {
  listener = cancel;
  if (received) cancel(received);
  return () => {
    listener = undefined;
    for (const [name, handler] of handlers) process.off(name, handler);
  };
}
