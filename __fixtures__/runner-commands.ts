/**
 * How the GitHub Actions runner reads a line of a step's output as a workflow command: the
 * rules of actions/runner's ActionCommand.TryParseV2 (`::name props::data` at the line start)
 * and ActionCommand.TryParse (the legacy `##[name props]data` anywhere in the line), written
 * again here from their description (not copied), so tests can ask of any printed line whether
 * the runner would act on it.
 *
 * The runner tries the `::` form first, then the `##[` form; a line is a command when either
 * finds a registered command name (compared case-insensitively). While commands are stopped,
 * the stop token is registered too.
 */

/** The command names the runner registers (its command extensions, plus stop-commands). */
export const RUNNER_COMMANDS: readonly string[] = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
];

export interface ParsedCommand {
  syntax: '::' | '##[';
  /** The name as written in the line. */
  command: string;
  /** What stands between the name and the end of the command part (properties), raw. */
  properties: string;
  data: string;
}

function registered(name: string, extra: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return RUNNER_COMMANDS.includes(lower) || extra.some((e) => e.toLowerCase() === lower);
}

/** The command part `name props` split at its first space. */
function split(info: string): { command: string; properties: string } {
  const space = info.indexOf(' ');
  return space < 0
    ? { command: info, properties: '' }
    : { command: info.slice(0, space), properties: info.slice(space + 1) };
}

/** `::name props::data`, after leading white space only. */
export function parseColonCommand(
  line: string,
  extra: readonly string[] = [],
): ParsedCommand | undefined {
  const text = line.replace(/^\s+/u, '');
  if (!text.startsWith('::')) return undefined;
  const end = text.indexOf('::', 2);
  if (end < 0) return undefined;
  const { command, properties } = split(text.slice(2, end));
  if (!registered(command, extra)) return undefined;
  return { syntax: '::', command, properties, data: text.slice(end + 2) };
}

/** `##[name props]data`, the first `##[` anywhere in the line and the first `]` after it. */
export function parseLegacyCommand(
  line: string,
  extra: readonly string[] = [],
): ParsedCommand | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const close = line.indexOf(']', prefix);
  if (close < 0) return undefined;
  const { command, properties } = split(line.slice(prefix + 3, close));
  if (!registered(command, extra)) return undefined;
  return { syntax: '##[', command, properties, data: line.slice(close + 1) };
}

/** The command the runner would read in `line`, if any (the `::` form wins, as in the runner). */
export function parseRunnerCommand(
  line: string,
  extra: readonly string[] = [],
): ParsedCommand | undefined {
  return parseColonCommand(line, extra) ?? parseLegacyCommand(line, extra);
}

/**
 * Each line of `stdout` the runner would act on, in order, with the stop token of a
 * `stop-commands` registered from then on (the runner's own bookkeeping).
 */
export function runnerCommands(stdout: string): Array<ParsedCommand & { line: string }> {
  const found: Array<ParsedCommand & { line: string }> = [];
  const tokens: string[] = [];
  // The runner splits the stream at '\n' and drops a trailing '\r'.
  for (const line of stdout.split('\n').map((l) => l.replace(/\r$/, ''))) {
    const parsed = parseRunnerCommand(line, tokens);
    if (!parsed) continue;
    found.push({ ...parsed, line });
    if (parsed.command.toLowerCase() === 'stop-commands' && parsed.data) tokens.push(parsed.data);
  }
  return found;
}
