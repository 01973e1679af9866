/** What each answer means for the action: wait, retry, or stop; and a one-line hint. */

export type Disposition = 'wait' | 'retry' | 'fatal';

/** A failure the user can act on: printed as one line, never with a stack trace. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

const TRANSIENT_CODES = new Set(['ServiceUnavailable', 'InternalError', 'SystemBusy']);

export function dispositionOf(code: string, status: number | undefined): Disposition {
  if (code === 'EnvOnChanging') return 'wait';
  if (code.startsWith('Throttling') || TRANSIENT_CODES.has(code)) return 'retry';
  if (status !== undefined && status >= 500) return 'retry';
  // Everything else, known (see HINTS) or not, is fatal: retrying a refused request cannot help.
  return 'fatal';
}

const HINTS: Array<[RegExp, string]> = [
  [
    /^StatusNotAllowedRestart$/,
    'Only a running or stopped environment can be restarted; check its state in the WebPlus console.',
  ],
  [
    /^ResourceAuthFailed$/,
    'Check env-id, region (or endpoint) and that the AccessKey belongs to the account that owns the environment.',
  ],
  [
    /^(SignatureDoesNotMatch|IncompleteSignature)$/,
    'Check access-key-secret: it does not match access-key-id (look for stray spaces or a truncated secret).',
  ],
  [/^InvalidAccessKeyId\.NotFound$/, 'Check access-key-id: no such AccessKey exists.'],
  [/^InvalidAccessKeyId\./, 'The AccessKey is disabled or invalid; enable it or use another one.'],
  [
    /^(InvalidSecurityToken\.|MissingSecurityToken)/,
    'STS credentials need their security-token, and it must be current; fetch fresh credentials.',
  ],
  [/^InvalidTimeStamp\./, "The runner's clock is more than 15 minutes off; check its time."],
  [/^MissingParameter/, 'A required parameter was not sent; check env-id.'],
  [/^InvalidParameter/, 'A parameter was rejected; check env-id and the batch-* inputs.'],
  [
    /^(NoPermission|Forbidden\.RAM|Forbidden)/,
    'The RAM identity lacks permission: grant webplus:RestartAppEnv (and webplus:DescribeChange with wait-for-completion).',
  ],
  [/^ChangeNotExists$/, 'The change ID is unknown to the service; check env-id and region.'],
];

export function hintFor(code: string): string | undefined {
  return HINTS.find(([pattern]) => pattern.test(code))?.[1];
}

/**
 * Removes every secret value from text the action is about to print. The runner masks
 * registered secrets, but the bundle may run elsewhere (act, local-action), and the gateway
 * echoes its string-to-sign, security token included, in SignatureDoesNotMatch.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue; // masking one or two characters would garble everything
    out = out.split(secret).join('***');
  }
  return out;
}
