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
    'The RAM identity lacks permission: grant webplus:RestartAppEnv, webplus:DescribeAppEnvStatus, webplus:DescribeChange and webplus:DescribeChanges, and webplus:DescribeEvents and webplus:DescribeAppEnvInstanceHealth for the events and the health wait (the README has the policy).',
  ],
  [/^ChangeNotExists$/, 'The change ID is unknown to the service; check env-id and region.'],
];

/** STS AssumeRoleWithOIDC codes: looked up before HINTS, whose meaning is WebPlus's. */
export const STS_HINTS: Array<[RegExp, string]> = [
  [
    /^AuthenticationFail\.OIDCToken\.Expired$/,
    "The ID token had expired when STS checked it; check the runner's clock and run the step again.",
  ],
  [
    /^AuthenticationFail\.OIDCToken\./,
    'STS rejected the ID token: check the OIDC provider in RAM (issuer https://token.actions.githubusercontent.com, fingerprint, client IDs including the audience input).',
  ],
  [
    /^AuthenticationFail\./,
    'STS rejected the OIDC authentication: check oidc-provider-arn, audience and the OIDC provider in RAM.',
  ],
  [
    /^EntityNotExist\.Role$/,
    'Check role-to-assume: no such RAM role exists (acs:ram::<account-id>:role/<role-name>).',
  ],
  [
    /^EntityNotExist\.OIDCProvider$/,
    'Check oidc-provider-arn: no such OIDC provider exists in RAM (acs:ram::<account-id>:oidc-provider/<name>).',
  ],
  [
    /^NoPermission/,
    "The role's trust policy does not let this token assume it: allow the OIDC provider and match its conditions (oidc:sub, oidc:aud) to this repository and workflow.",
  ],
  [
    /^InvalidParameter\.RoleSessionName/,
    'Check role-session-name: 2 to 64 characters of letters, digits and . @ - _.',
  ],
  [
    /^InvalidParameter\.DurationSeconds/,
    "Check role-duration-seconds: 900 to 43200, and no more than the role's maximum session duration set in RAM.",
  ],
  [
    /^(InvalidParameter|MissingParameter)/,
    'STS rejected a parameter: check role-to-assume, oidc-provider-arn, role-session-name and role-duration-seconds.',
  ],
];

/** The hint for a code; `service` 'sts' prefers STS_HINTS (NoPermission means another thing there). */
export function hintFor(code: string, service: 'webplus' | 'sts' = 'webplus'): string | undefined {
  const find = (list: Array<[RegExp, string]>) => list.find(([pattern]) => pattern.test(code))?.[1];
  return (service === 'sts' ? find(STS_HINTS) : undefined) ?? find(HINTS);
}

/**
 * Removes every secret value from text the action is about to print. The runner masks
 * registered secrets, but the bundle may run elsewhere (act, a local run), and the gateway
 * echoes its string-to-sign, security token included, in SignatureDoesNotMatch.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue; // masking one or two characters would garble everything
    out = out.split(secret).join('***');
    // Service text is cut at a length with '…' (serviceText): a cut can fall inside a secret.
    for (let k = secret.length - 1; k >= MIN_CUT_SECRET; k--) {
      const head = `${secret.slice(0, k)}…`;
      if (out.includes(head)) out = out.split(head).join('***…');
    }
  }
  return out;
}

/** The shortest head of a cut secret that is still masked. */
const MIN_CUT_SECRET = 6;
