/**
 * Text that came from outside (the WebPlus service, STS, GitHub's token endpoint) is data,
 * never a command: one function turns it into a single bounded line before anything prints,
 * annotates, summarises or outputs it. The runner reads a workflow command in two syntaxes
 * (actions/runner, ActionCommand): `::name::data` at the start of a line (after white space),
 * so a line break inside an error Message could otherwise issue one, and the legacy
 * `##[name]data` anywhere in a line, so service text printed mid-line could issue one too.
 */

/** Longest piece of service text kept; the rest is cut with an ellipsis. */
const SERVICE_TEXT_MAX = 1000;

// DEL, C1 controls, the Unicode line and paragraph separators, zero-width characters and
// bidi overrides: with the C0 controls, anything that moves the cursor or hides text.
const INVISIBLE =
  '\\u007f-\\u009f\\u2028\\u2029\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff';

/** Runs of characters that move the cursor, break a line or hide text. */
const UNSAFE = new RegExp(`[\\u0000-\\u001f${INVISIBLE}]+`, 'g');

/** The same, but the line feed: for the action's own messages, which may hold lines. */
export const UNSAFE_BUT_NEWLINE = new RegExp(`[\\u0000-\\u0009\\u000b-\\u001f${INVISIBLE}]+`, 'g');

/**
 * Visible ASCII, no space: what a value that travels in (or signs) a request header may hold.
 * A line break or anything outside it makes Node refuse to build the request.
 */
export const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** One line of at most `max` characters that cannot start a workflow command. */
export function serviceText(value: unknown, max = SERVICE_TEXT_MAX): string {
  if (value === undefined || value === null) return '';
  let text = (typeof value === 'string' ? value : String(value)).replace(UNSAFE, ' ');
  text = text.replace(/\s+/g, ' ').trim();
  text = breakCommands(text);
  if (text.length > max) text = `${text.slice(0, max - 1)}…`;
  return text;
}

/**
 * `text` with neither command syntax left: every `##[` becomes `## [` (the legacy form is
 * read anywhere in a line) and a `::` that starts a line, after white space, becomes `: :`.
 * Idempotent; applied to service text, and again to every line the action prints (main.ts's
 * `clean`), so text that reached a line some other way cannot issue a command either.
 */
export function breakCommands(text: string): string {
  return text.replace(/##\[/g, '## [').replace(/^(\s*):(?=:)/gmu, '$1: ');
}

/** A change ID as WebPlus writes them (`wc-` then letters and digits), or undefined. */
export function changeIdShape(value: string | undefined): string | undefined {
  return value !== undefined && /^wc-[0-9a-z]{1,64}$/i.test(value) ? value : undefined;
}
