/** How durations, times and failures read in the log and the summary. */
import type { Failure } from './answers.js';

/** Milliseconds as seconds: "5 s", "6.8 s". */
export function secs(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

/** Epoch ms (number or digits) as ISO 8601; '' for none, the input itself when unparseable. */
export function isoTime(epochMs: string | number | undefined): string {
  if (epochMs === undefined || epochMs === '') return '';
  const date = new Date(Number(epochMs));
  return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}

/** One line for a failed call: code, message, RequestId and status where there are any. */
export function describeFailure(failure: Failure): string {
  switch (failure.kind) {
    case 'api':
      return `${failure.code}: ${failure.message || '(no message)'} (RequestId ${failure.requestId || 'none'}${failure.status ? `, HTTP ${failure.status}` : ''})`;
    case 'malformed':
      return `${failure.message} (RequestId ${failure.requestId || 'none'})`;
    default:
      // The wire clients write transport failures as a person reads them already.
      return failure.message;
  }
}
