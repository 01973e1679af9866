/**
 * Reading untyped JSON as pop-core parses it (json-bigint: integers past 2^53 arrive as
 * BigNumber objects), for the two wire clients (webplus-client.ts, sts.ts).
 */

/** A JSON object (not an array, null or a json-bigint number), or undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isBigNumber(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** pop-core parses with json-bigint: integers past 2^53 arrive as BigNumber objects. */
function isBigNumber(value: object): boolean {
  return (value as { _isBigNumber?: unknown })._isBigNumber === true;
}

/** A scalar as text: strings as they are, numbers (big ones too) as their digits. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  // BigNumber's String() turns 10^21 and beyond into "1e+21"; toFixed() keeps the digits.
  if (value !== null && typeof value === 'object' && isBigNumber(value)) {
    return (value as { toFixed(): string }).toFixed();
  }
  return undefined;
}
