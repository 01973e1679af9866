/**
 * Text that came from outside (the WebPlus service, STS, GitHub's token endpoint) is data,
 * never a command: one function turns it into a single bounded line before anything prints,
 * annotates, summarises or outputs it. The runner reads a workflow command in two syntaxes
 * (actions/runner, ActionCommand): `::name::data` at the start of a line (after white space),
 * so a line break inside an error Message could otherwise issue one, and the legacy
 * `##[name]data` anywhere in a line, so service text printed mid-line could issue one too.
 */

/** Longest piece of service text kept; the rest is cut with an ellipsis. */
export const SERVICE_TEXT_MAX = 1000;

// C0/C1 controls, DEL, the Unicode line and paragraph separators, bidi overrides and
// zero-width characters: anything that moves the cursor, breaks a line or hides text.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g;

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
