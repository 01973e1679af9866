/** Raw input strings → typed Settings. No I/O; every error names its input. */
import { endpointForRegion, normaliseEndpoint } from './endpoints.js';
import { HEADER_SAFE } from './service-text.js';

export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input "${input}": ${message}`);
    this.name = 'InputError';
  }
}

export interface BatchSettings {
  batchSize?: number;
  batchPercent?: number;
  batchInterval?: number;
  pauseBetweenBatches?: boolean;
}

export interface OidcSettings {
  roleToAssume: string;
  oidcProviderArn: string;
  roleSessionName: string;
  roleDurationSeconds: number;
  audience: string;
  stsEndpoint: string;
}

export interface Settings {
  envId: string;
  region: string | undefined;
  endpoint: string;
  waitTimeoutMs: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  requestTimeoutMs: number;
  batch: BatchSettings;
  waitForCompletion: boolean;
  completionTimeoutMs: number;
  /** Implies waitForCompletion. */
  waitForHealthy: boolean;
  healthTimeoutMs: number;
  oidc: OidcSettings | undefined;
  /** A paused change to resume instead of starting a restart. */
  resumeChangeId: string | undefined;
  abortOnCancel: boolean;
  /** Abort a rolling restart whose restarted instances stay unhealthy (needs a batch setting and waitForHealthy). */
  stopOnUnhealthy: boolean;
  /** Read only: never send RestartAppEnv, ResumeChange or AbortChange. */
  dryRun: boolean;
}

/** Reads one input: trimmed, '' when not set (as @actions/core's getInput does). */
export type InputReader = (name: string) => string;

export const DEFAULTS = {
  'wait-timeout': 900,
  'retry-base-delay': 5,
  'retry-max-delay': 30,
  'request-timeout': 30,
  'completion-timeout': 1800,
  'health-timeout': 300,
  'role-session-name': 'github-actions-webplus-restart',
  'role-duration-seconds': 3600,
  audience: 'sts.aliyuncs.com',
  'sts-endpoint': 'https://sts.aliyuncs.com',
} as const;

const SIX_HOURS = 6 * 60 * 60; // a GitHub-hosted job's own limit: no wait can usefully be longer

const ENV_ID = /^we-[0-9a-f]+$/i;
/** The shortest retry delay accepted, in seconds. */
const MIN_DELAY_S = 0.05;
/** ARNs as RAM writes them: the whole value, no spaces, nothing after the name. */
const ROLE_ARN = /^acs:ram::\d{1,20}:role\/[A-Za-z0-9.@_/-]{1,128}$/;
const OIDC_PROVIDER_ARN = /^acs:ram::\d{1,20}:oidc-provider\/[A-Za-z0-9.@_-]{1,128}$/;
/** An OIDC audience (a client ID of the RAM OIDC provider): visible ASCII, no spaces or commas. */
function isAudience(value: string): boolean {
  return value.length <= 128 && HEADER_SAFE.test(value) && !value.includes(',');
}

export function parseSettings(input: InputReader, env: NodeJS.ProcessEnv): Settings {
  const envId = parseEnvId(input);
  const region = input('region') || (env.ALIBABA_CLOUD_REGION_ID ?? '').trim() || undefined;
  const endpoint = resolveEndpoint(input('endpoint'), region, 'endpoint');
  const waitTimeout = seconds(input, 'wait-timeout', { min: 0, max: SIX_HOURS });
  const retry = parseRetry(input);
  const requestTimeout = seconds(input, 'request-timeout', { min: 1, max: 600 });
  const batch = parseBatch(input);
  const waits = parseWaits(input);
  const resumeChangeId = parseResume(input, batch);
  const stopOnUnhealthy = parseStopOnUnhealthy(input, batch, waits.waitForHealthy);

  return {
    envId,
    region,
    endpoint,
    waitTimeoutMs: waitTimeout * 1000,
    ...retry,
    requestTimeoutMs: requestTimeout * 1000,
    batch,
    ...waits,
    oidc: parseOidc(input),
    resumeChangeId,
    abortOnCancel: boolean(input, 'abort-on-cancel') ?? false,
    stopOnUnhealthy,
    dryRun: boolean(input, 'dry-run') ?? false,
  };
}

function parseEnvId(input: InputReader): string {
  const envId = input('env-id');
  if (!envId)
    throw new InputError(
      'env-id',
      'is required (the environment ID, like we-5d39b8ba6786bd4b1490abcd)',
    );
  if (!ENV_ID.test(envId) || envId.length > 32) {
    throw new InputError(
      'env-id',
      `"${envId}" is not an environment ID: expected "we-" and hex digits, 32 characters at most`,
    );
  }
  return envId;
}

function parseRetry(input: InputReader): Pick<Settings, 'retryBaseDelayMs' | 'retryMaxDelayMs'> {
  // Below 0.05 s is a typo (0.001 would send hundreds of requests a second), not a wish.
  const base = seconds(input, 'retry-base-delay', { min: MIN_DELAY_S, max: 3600 });
  const max = seconds(input, 'retry-max-delay', { min: MIN_DELAY_S, max: 3600 });
  if (max < base) {
    throw new InputError('retry-max-delay', `(${max}) must be at least retry-base-delay (${base})`);
  }
  return { retryBaseDelayMs: base * 1000, retryMaxDelayMs: max * 1000 };
}

function parseWaits(
  input: InputReader,
): Pick<
  Settings,
  'waitForCompletion' | 'completionTimeoutMs' | 'waitForHealthy' | 'healthTimeoutMs'
> {
  const waitForHealthy = boolean(input, 'wait-for-healthy') ?? false;
  // wait-for-healthy waits for the change first: it implies wait-for-completion.
  const waitForCompletion = (boolean(input, 'wait-for-completion') ?? false) || waitForHealthy;
  const completionTimeout = seconds(input, 'completion-timeout', { min: 1, max: SIX_HOURS });
  const healthTimeout = seconds(input, 'health-timeout', { min: 1, max: SIX_HOURS });
  return {
    waitForCompletion,
    completionTimeoutMs: completionTimeout * 1000,
    waitForHealthy,
    healthTimeoutMs: healthTimeout * 1000,
  };
}

function parseStopOnUnhealthy(
  input: InputReader,
  batch: BatchSettings,
  waitForHealthy: boolean,
): boolean {
  const stopOnUnhealthy = boolean(input, 'stop-on-unhealthy') ?? false;
  if (stopOnUnhealthy && (!waitForHealthy || !isRolling(batch))) {
    throw new InputError(
      'stop-on-unhealthy',
      'needs a rolling restart (batch-size or batch-percent) and wait-for-healthy: true',
    );
  }
  return stopOnUnhealthy;
}

/** A change ID as WebPlus writes them. */
const CHANGE_ID = /^wc-[0-9a-z]{1,64}$/i;

function parseResume(input: InputReader, batch: BatchSettings): string | undefined {
  const id = input('resume-change-id');
  if (!id) return undefined;
  if (!CHANGE_ID.test(id)) {
    throw new InputError(
      'resume-change-id',
      `"${id}" is not a change ID: expected "wc-" and letters or digits`,
    );
  }
  if (Object.keys(batch).length > 0) {
    throw new InputError(
      'resume-change-id',
      'cannot be combined with the batch-* inputs: a resumed change keeps the batches it was started with',
    );
  }
  return id;
}

function isRolling(batch: BatchSettings): boolean {
  return batch.batchSize !== undefined || batch.batchPercent !== undefined;
}

function resolveEndpoint(raw: string, region: string | undefined, input: string): string {
  if (raw) {
    const checked = normaliseEndpoint(raw);
    if ('error' in checked) throw new InputError(input, checked.error);
    return checked.url;
  }
  if (!region) {
    throw new InputError(
      'region',
      'is required: set the region input (e.g. cn-hangzhou), the ALIBABA_CLOUD_REGION_ID variable, or an endpoint',
    );
  }
  const known = endpointForRegion(region);
  if (!known) {
    throw new InputError(
      'region',
      `"${region}" has no known WebPlus endpoint; check the spelling or set endpoint`,
    );
  }
  return known;
}

function parseBatch(input: InputReader): BatchSettings {
  const batch: BatchSettings = {};
  const size = integer(input, 'batch-size', { min: 1, max: 10000 });
  const percent = integer(input, 'batch-percent', { min: 1, max: 100 });
  if (size !== undefined && percent !== undefined) {
    throw new InputError('batch-percent', 'cannot be combined with batch-size: give one of them');
  }
  const interval = integer(input, 'batch-interval', { min: 0, max: 86400 });
  const pause = boolean(input, 'pause-between-batches');
  if (size !== undefined) batch.batchSize = size;
  if (percent !== undefined) batch.batchPercent = percent;
  if (interval !== undefined) batch.batchInterval = interval;
  if (pause !== undefined) batch.pauseBetweenBatches = pause;
  return batch;
}

function parseOidc(input: InputReader): OidcSettings | undefined {
  const roleToAssume = input('role-to-assume');
  const oidcProviderArn = input('oidc-provider-arn');
  if (!roleToAssume && !oidcProviderArn) return undefined;
  if (!roleToAssume)
    throw new InputError('role-to-assume', 'is required when oidc-provider-arn is set');
  if (!oidcProviderArn)
    throw new InputError('oidc-provider-arn', 'is required when role-to-assume is set');
  if (!ROLE_ARN.test(roleToAssume)) {
    throw new InputError(
      'role-to-assume',
      `"${roleToAssume}" is not a RAM role ARN (acs:ram::<account>:role/<name>)`,
    );
  }
  if (!OIDC_PROVIDER_ARN.test(oidcProviderArn)) {
    throw new InputError(
      'oidc-provider-arn',
      `"${oidcProviderArn}" is not an OIDC provider ARN (acs:ram::<account>:oidc-provider/<name>)`,
    );
  }
  const audience = input('audience') || DEFAULTS.audience;
  if (!isAudience(audience)) {
    throw new InputError(
      'audience',
      'must be one client ID of the OIDC provider: 1 to 128 visible ASCII characters, no spaces or commas',
    );
  }
  const stsRaw = input('sts-endpoint') || DEFAULTS['sts-endpoint'];
  const sts = normaliseEndpoint(stsRaw);
  if ('error' in sts) throw new InputError('sts-endpoint', sts.error);
  return {
    roleToAssume,
    oidcProviderArn,
    roleSessionName: sessionName(input('role-session-name') || DEFAULTS['role-session-name']),
    roleDurationSeconds:
      integer(input, 'role-duration-seconds', { min: 900, max: 43200 }) ??
      DEFAULTS['role-duration-seconds'],
    audience,
    stsEndpoint: sts.url,
  };
}

/** STS takes 2..64 characters of [A-Za-z0-9.@_-]: replace the rest, pad or cut to fit. */
export function sessionName(raw: string): string {
  let name = raw.replace(/[^A-Za-z0-9.@_-]/g, '-').slice(0, 64);
  if (name.length < 2) name = `${name}--`.slice(0, 2);
  return name;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;

interface Range {
  min: number;
  max: number;
}

function seconds(input: InputReader, name: keyof typeof DEFAULTS, range: Range): number {
  const raw = input(name);
  if (!raw) return DEFAULTS[name] as number;
  if (!DECIMAL.test(raw)) {
    throw new InputError(
      name,
      `"${raw}" is not a number of seconds (a non-negative decimal, e.g. ${DEFAULTS[name]})`,
    );
  }
  return inRange(name, Number(raw), range);
}

function integer(input: InputReader, name: string, range: Range): number | undefined {
  const raw = input(name);
  if (!raw) return undefined;
  if (!INTEGER.test(raw)) throw new InputError(name, `"${raw}" is not a whole number`);
  return inRange(name, Number(raw), range);
}

function inRange(name: string, value: number, { min, max }: Range): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new InputError(name, `${value} is out of range: it must be between ${min} and ${max}`);
  }
  return value;
}

function boolean(input: InputReader, name: string): boolean | undefined {
  const raw = input(name);
  if (!raw) return undefined;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new InputError(name, `"${raw}" must be true or false`);
}
