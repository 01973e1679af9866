/** What each answer means for the action: wait, retry, or stop; and a one-line hint. */
import type { Failure } from './answers.js';

type Disposition = 'wait' | 'retry' | 'fatal';

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

/** The message of anything thrown: an Error's own message, anything else as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What a WebPlus error code means, in one table: the first row whose pattern matches decides.
 * `disposition` where the code alone decides it (else a 5xx is retried and the rest is fatal:
 * retrying a refused request cannot help); `serverError` where the code says the service itself
 * failed, whatever the HTTP status (it may have acted first: the answer is not a refusal);
 * `permission` for a RAM policy that does not grant the call; `hint` for the one line a person
 * reads. `example` is one code of the row, for its test.
 */
interface CodeRow {
  pattern: RegExp;
  example: string;
  disposition?: 'wait' | 'retry';
  serverError?: true;
  permission?: true;
  hint?: string;
}

export const CODE_TABLE: readonly CodeRow[] = [
  { pattern: /^EnvOnChanging$/, example: 'EnvOnChanging', disposition: 'wait' },
  { pattern: /^Throttling/, example: 'Throttling.User', disposition: 'retry' },
  {
    pattern: /^(ServiceUnavailable|InternalError)$/,
    example: 'InternalError',
    disposition: 'retry',
    serverError: true,
  },
  { pattern: /^SystemBusy$/, example: 'SystemBusy', disposition: 'retry' },
  { pattern: /^UnknownError$/, example: 'UnknownError', serverError: true },
  {
    pattern: /^StatusNotAllowedRestart$/,
    example: 'StatusNotAllowedRestart',
    hint: 'Only a running or stopped environment can be restarted; check its state in the WebPlus console.',
  },
  {
    pattern: /^ResourceAuthFailed$/,
    example: 'ResourceAuthFailed',
    hint: 'Check env-id, region (or endpoint) and that the AccessKey belongs to the account that owns the environment.',
  },
  {
    pattern: /^(SignatureDoesNotMatch|IncompleteSignature)$/,
    example: 'SignatureDoesNotMatch',
    hint: 'Check access-key-secret: it does not match access-key-id (look for stray spaces or a truncated secret).',
  },
  {
    pattern: /^InvalidAccessKeyId\.NotFound$/,
    example: 'InvalidAccessKeyId.NotFound',
    hint: 'Check access-key-id: no such AccessKey exists.',
  },
  {
    pattern: /^InvalidAccessKeyId\./,
    example: 'InvalidAccessKeyId.Inactive',
    hint: 'The AccessKey is disabled or invalid; enable it or use another one.',
  },
  {
    pattern: /^(InvalidSecurityToken\.|MissingSecurityToken)/,
    example: 'InvalidSecurityToken.Expired',
    hint: 'STS credentials need their security-token, and it must be current; fetch fresh credentials.',
  },
  {
    pattern: /^InvalidTimeStamp\./,
    example: 'InvalidTimeStamp.Expired',
    hint: "The runner's clock is more than 15 minutes off; check its time.",
  },
  {
    pattern: /^MissingParameter/,
    example: 'MissingParameter.EnvId',
    hint: 'A required parameter was not sent; check env-id.',
  },
  {
    pattern: /^InvalidParameter/,
    example: 'InvalidParameter.BatchSize',
    hint: 'A parameter was rejected; check env-id and the batch-* inputs.',
  },
  {
    pattern: /^(NoPermission|Forbidden)/,
    example: 'Forbidden.RAM',
    permission: true,
    hint: 'The RAM identity lacks permission: grant webplus:RestartAppEnv, webplus:DescribeAppEnvStatus, webplus:DescribeChange and webplus:DescribeChanges, and webplus:DescribeEvents and webplus:DescribeAppEnvInstanceHealth for the events and the health wait (the README has the policy).',
  },
  {
    pattern: /^ChangeNotExists$/,
    example: 'ChangeNotExists',
    hint: 'The change ID is unknown to the service; check env-id and region.',
  },
];

/** The first row of CODE_TABLE that has `field` and whose pattern matches `code`. */
function rowFor(code: string, field: keyof CodeRow): CodeRow | undefined {
  return CODE_TABLE.find((row) => row[field] !== undefined && row.pattern.test(code));
}

export function dispositionOf(code: string, status: number | undefined): Disposition {
  const decided = rowFor(code, 'disposition')?.disposition;
  if (decided) return decided;
  if (status !== undefined && status >= 500) return 'retry';
  // Everything else, known (see CODE_TABLE's hints) or not, is fatal: retrying a refused
  // request cannot help.
  return 'fatal';
}

/**
 * A refusal that no retry can change: an api failure whose code is fatal (not busy, not
 * throttled, not a server error). The loops stop asking on it; anything else is asked again.
 */
export function isRefusal(failure: Failure): failure is Extract<Failure, { kind: 'api' }> {
  return failure.kind === 'api' && dispositionOf(failure.code, failure.status) === 'fatal';
}

/** A Code that says the service failed, whatever the HTTP status: it may have acted first. */
export function isServerError(code: string): boolean {
  return rowFor(code, 'serverError') !== undefined;
}

/** A RAM policy that does not grant the call. */
export function isPermissionCode(code: string): boolean {
  return rowFor(code, 'permission') !== undefined;
}

/** STS AssumeRoleWithOIDC codes: looked up before CODE_TABLE's hints, whose meaning is WebPlus's. */
const STS_HINTS: Array<[RegExp, string]> = [
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
  const sts =
    service === 'sts' ? STS_HINTS.find(([pattern]) => pattern.test(code))?.[1] : undefined;
  return sts ?? rowFor(code, 'hint')?.hint;
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
