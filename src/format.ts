/** How durations, times and failures read in the log and the summary. */
import type { Failure } from './webplus-client.js';

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
      return transportText(failure.message);
  }
}

/**
 * A transport error as a person reads it. pop-core runs the socket error and the request
 * together ("connect ECONNREFUSED 127.0.0.1:8787GET http://… failed."), and the client puts the
 * code in front of a message that already holds it: "connect ECONNREFUSED 127.0.0.1:8787".
 */
export function transportText(message: string): string {
  let text = message.replace(/\s*(GET|POST|PUT|DELETE|HEAD) \S+ failed\.?$/, '');
  const prefixed = /^([A-Z][A-Z_]+): (.*)$/s.exec(text);
  if (prefixed?.[1] && prefixed[2]?.includes(prefixed[1])) text = prefixed[2];
  return text;
}
