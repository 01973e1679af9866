/**
 * Keyless credentials: GitHub's OIDC ID token → STS AssumeRoleWithOIDC → temporary
 * credentials, renewed (with a fresh ID token) before they expire when the run may outlast
 * them. Every secret is registered through `mask` the moment it exists, before any line that
 * could carry it is printed.
 */
import { createBackoff, type Random } from './backoff.js';
import { isAbort, sleepWithinBudget, type Clock } from './clock.js';
import { ActionError, dispositionOf, errorMessage, hintFor } from './errors.js';
import type { OidcSettings } from './inputs.js';
import { describeFailure, secs } from './format.js';
import { fetchIdToken, idTokenUrl } from './id-token.js';
import {
  backoffBoundsOf,
  callTimeout,
  forcedCallTimeout,
  MIN_CALL_MS,
  type RetryBudget,
} from './polling.js';
import { assumeRoleWithOidc, type AssumeRoleWithOidcRequest, type StsCredentials } from './sts.js';
import type { Credentials, Failure } from './answers.js';

interface OidcPlan {
  /** retry-base-delay, retry-max-delay and request-timeout, as one value. */
  retry: RetryBudget;
  oidc: OidcSettings;
  /**
   * Run start + wait-timeout: the first AssumeRoleWithOIDC retries until then, no longer, and
   * each of its calls (ID token, STS) has its time-out cut to it.
   */
  deadline: number;
  /**
   * The last moment this run may still call WebPlus: run start + wait-timeout, plus
   * completion-timeout with wait-for-completion. A renewal retries until then.
   */
  horizon: number;
}

interface OidcDeps {
  clock: Clock;
  signal: AbortSignal;
  log: (line: string) => void;
  /** Registers a secret: masked by the runner and scrubbed from every line the action prints. */
  mask: (value: string) => void;
  debug?: (line: string) => void;
  random?: Random;
}

export interface CredentialSource {
  /** For the log, e.g. "role acs:ram::123:role/deploy (GitHub OIDC)". */
  source: string;
  /**
   * Current credentials; assumes the role again first when they are about to expire, within
   * `deadline` (the injected clock; the deadline of the call that needs them). Rejects (never
   * past the deadline) when they cannot be renewed in time and the old ones no longer serve.
   */
  getCredentials(deadline?: number): Promise<Credentials>;
}

/**
 * How long before `Expiration` the role is assumed again: 5 minutes, or 10% of the session
 * duration when that is smaller (90 s for the shortest session, 900 s). The margin has to
 * cover the runner's clock running behind STS's and the transit of the request that uses the
 * credentials (the gateway checks expiry on arrival; backoff delays happen between calls, never
 * between getCredentials and the send), and leave a few STS retries before the old credentials
 * lapse. More than that only spends a larger share of a short session: a 5-minute margin would
 * renew a 15-minute session after 10 minutes, 10% renews it after 13.5.
 */
export function refreshMarginMs(durationSeconds: number): number {
  return Math.min(5 * 60_000, durationSeconds * 100);
}

/** Credentials are used at least this long, even when a skewed clock says they expire sooner. */
const MIN_USE_MS = 60_000;
/**
 * Old credentials with less than this left no longer serve while a renewal is tried: it may
 * then use all of a call's time, and if it runs out of time the call is not sent.
 */
const LAPSE_MARGIN_MS = 30_000;
/** An ID token is fetched again when less than this remains before its `exp`. */
const ID_TOKEN_MIN_LIFE_MS = 60_000;

/** STS or the ID-token endpoint kept failing until the deadline: time ran out, nothing refused. */
class GaveUpError extends ActionError {}

const PERMISSIONS_BLOCK = 'permissions:\n  id-token: write\n  contents: read';

interface Session {
  credentials: Credentials;
  expiresAt: number;
  refreshAt: number;
}

interface IdToken {
  value: string;
  fetchedAt: number;
  /** The token's own `exp` claim (epoch ms), when readable. */
  expiresAt: number | undefined;
}

/** Fails before any request when the job cannot get an ID token. */
function checkIdTokenPermission(env: NodeJS.ProcessEnv): void {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return;
  const missing = env.ACTIONS_ID_TOKEN_REQUEST_URL
    ? 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
    : 'ACTIONS_ID_TOKEN_REQUEST_URL';
  throw new ActionError(
    `role-to-assume is set, but this job cannot get an OIDC ID token from GitHub (${missing} is not set): ` +
      `the workflow lacks the id-token permission. Add to the workflow, or to this job:\n${PERMISSIONS_BLOCK}`,
    `Grant the permission with these lines (contents: read keeps actions/checkout working once permissions are listed):\n${PERMISSIONS_BLOCK}\n` +
      'Pull requests from forks never get an ID token; use pull_request_target with care, or keys, there.',
  );
}

export async function assumeRoleWithGitHubOidc(
  plan: OidcPlan,
  deps: OidcDeps,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CredentialSource> {
  const { oidc } = plan;
  const { clock, log } = deps;
  checkIdTokenPermission(env);
  const ctx: OidcContext = {
    plan,
    deps,
    requestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '',
    requestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '',
    marginMs: refreshMarginMs(oidc.roleDurationSeconds),
    idToken: undefined,
  };

  log(
    `Assuming role ${oidc.roleToAssume} with GitHub's OIDC token (audience ${oidc.audience}, ` +
      `session ${oidc.roleSessionName}, ${oidc.roleDurationSeconds} s) through ${oidc.stsEndpoint}.`,
  );
  const held: Held = { session: await assume(ctx, plan.deadline, true), renewalRefused: false };
  if (plan.horizon > held.session.refreshAt) {
    log(
      `The credentials expire before this run's time budget ends (${new Date(plan.horizon).toISOString()}): ` +
        `the role will be assumed again, with a new ID token, ${secs(ctx.marginMs)} before they expire.`,
    );
  }

  let renewal: Promise<Credentials> | undefined;
  return {
    source: `role ${oidc.roleToAssume} (GitHub OIDC)`,
    async getCredentials(deadline = plan.horizon) {
      const now = clock.now();
      const { session } = held;
      if (held.renewalRefused || now < session.refreshAt) return session.credentials;
      // No time given for a renewal (a RestartAppEnv: never held by one) while the old
      // credentials serve: they go out, and a later call renews.
      if (deadline - now < MIN_CALL_MS && now < session.expiresAt - LAPSE_MARGIN_MS) {
        return session.credentials;
      }
      // Calls that overlap (one abandoned on cancellation may still be waiting) share one renewal.
      renewal ??= renew(ctx, held, deadline).finally(() => {
        renewal = undefined;
      });
      return renewal;
    },
  };
}

/** What every ID-token and STS call of one credential source shares. */
interface OidcContext {
  plan: OidcPlan;
  deps: OidcDeps;
  requestUrl: string;
  requestToken: string;
  /** How long before expiry the role is assumed again (refreshMarginMs). */
  marginMs: number;
  /** The last ID token fetched, reused while it has life left. */
  idToken: IdToken | undefined;
}

/** The session in use, and whether a renewal was refused (then it is not asked again). */
interface Held {
  session: Session;
  renewalRefused: boolean;
}

/**
 * Time-out of an ID-token or STS call started now (src/polling.ts): undefined when too little
 * is left, unless `once` (the run's first try is always made, so that wait-timeout 0 still
 * means one try).
 */
function stsCallTimeout(ctx: OidcContext, deadline: number, once = false): number | undefined {
  const { requestTimeoutMs } = ctx.plan.retry;
  const now = ctx.deps.clock.now();
  return once
    ? forcedCallTimeout(requestTimeoutMs, deadline, now)
    : callTimeout(requestTimeoutMs, deadline, now);
}

/** The held ID token while it has life left (its `exp`, or 60 s from fetching without one). */
function usableIdToken(idToken: IdToken | undefined, now: number): IdToken | undefined {
  if (!idToken) return undefined;
  const left = idToken.expiresAt !== undefined ? idToken.expiresAt - now : undefined;
  const usable =
    left !== undefined ? left > ID_TOKEN_MIN_LIFE_MS : now - idToken.fetchedAt < 60_000;
  return usable ? idToken : undefined;
}

/** A usable ID token, or why none could be had this time (a failure worth another try). */
async function freshIdToken(
  ctx: OidcContext,
  deadline: number,
  once: boolean,
): Promise<IdToken | { failed: string }> {
  const { clock, signal, mask } = ctx.deps;
  const { audience } = ctx.plan.oidc;
  const held = usableIdToken(ctx.idToken, clock.now());
  if (held) return held;
  const timeoutMs = stsCallTimeout(ctx, deadline, once);
  if (timeoutMs === undefined) return { failed: 'no time was left to get an ID token' };
  ctx.deps.debug?.(`ID token url is ${idTokenUrl(ctx.requestUrl, audience)}`);
  const answer = await fetchIdToken({
    url: ctx.requestUrl,
    requestToken: ctx.requestToken,
    audience,
    timeoutMs,
    signal,
  });
  if (!answer.ok) {
    const failed = `Could not get an OIDC ID token from GitHub (audience ${audience}): ${answer.message}`;
    if (answer.retry) return { failed };
    throw new ActionError(
      failed,
      'GitHub Actions did not issue an ID token; check the id-token: write permission and run the step again.',
    );
  }
  mask(answer.value);
  ctx.idToken = { value: answer.value, fetchedAt: clock.now(), expiresAt: jwtExpiry(answer.value) };
  return ctx.idToken;
}

/** How one AssumeRoleWithOIDC round has gone so far. */
interface Tries {
  attempts: number;
  retriedExpiredToken: boolean;
  /** The last failure, described. */
  described: string;
}

function giveUp(tries: Tries): GaveUpError {
  return new GaveUpError(
    `Gave up on AssumeRoleWithOIDC after ${tries.attempts} attempt(s)` +
      `${tries.attempts === 0 ? ' (no ID token to send)' : ''}; last error: ${tries.described}.`,
    'STS or the network kept failing; run the step again later, or raise wait-timeout.',
  );
}

/** AssumeRoleWithOIDC, retrying throttling, 5xx and network failures until `deadline`. */
async function assume(ctx: OidcContext, deadline: number, once = false): Promise<Session> {
  const { plan, deps } = ctx;
  const { clock, signal, log } = deps;
  const backoff = createBackoff(backoffBoundsOf(plan.retry), deps.random);
  const tries: Tries = { attempts: 0, retriedExpiredToken: false, described: '' };
  // A try needs MIN_CALL_MS after the sleep before it: the sleeps end that much earlier.
  const sleep = (line: (delay: number) => string) =>
    sleepWithinBudget(
      {
        proposedMs: backoff.next(),
        baseMs: plan.retry.retryBaseDelayMs,
        deadline: deadline - MIN_CALL_MS,
      },
      { clock, signal, log },
      line,
    );
  for (let first = true; ; first = false) {
    const token = await freshIdToken(ctx, deadline, once && first);
    const timeoutMs = stsCallTimeout(ctx, deadline, once && first);
    if (timeoutMs === undefined) {
      tries.described ||= 'no time was left for a try';
      throw giveUp(tries);
    }
    if ('failed' in token) {
      tries.described = token.failed;
      const slept = await sleep((delay) => `${tries.described}; next try in ${secs(delay)}.`);
      if (slept === undefined) throw giveUp(tries);
      continue;
    }
    tries.attempts += 1;
    const sentAt = clock.now();
    const answer = await assumeRoleWithOidc(stsRequestOf(plan.oidc, token.value), {
      timeoutMs,
      signal,
    });
    if (answer.ok) return sessionOf(ctx, answer.value, answer.requestId, sentAt);
    tries.described = describeFailure(answer.failure);
    if (onStsFailure(ctx, answer.failure, tries, token.fetchedAt < sentAt) === 'new-token') {
      continue;
    }
    const slept = await sleep(
      (delay) =>
        `AssumeRoleWithOIDC attempt ${tries.attempts} failed (${tries.described}); next try in ${secs(delay)}.`,
    );
    if (slept === undefined) throw giveUp(tries);
  }
}

function stsRequestOf(oidc: OidcSettings, oidcToken: string): AssumeRoleWithOidcRequest {
  return {
    endpoint: oidc.stsEndpoint,
    roleArn: oidc.roleToAssume,
    oidcProviderArn: oidc.oidcProviderArn,
    oidcToken,
    roleSessionName: oidc.roleSessionName,
    durationSeconds: oidc.roleDurationSeconds,
  };
}

/** The session STS's credentials make; every secret masked before anything else happens. */
function sessionOf(
  ctx: OidcContext,
  c: StsCredentials,
  requestId: string,
  sentAt: number,
): Session {
  const { clock, log, mask } = ctx.deps;
  const { oidc } = ctx.plan;
  // Masked before anything else happens: no line is printed between the answer and here.
  mask(c.accessKeySecret);
  mask(c.securityToken);
  mask(c.accessKeyId);
  const receivedAt = clock.now();
  // STS issued them after sentAt, so sentAt + duration is never later than the true
  // expiry: it guards against a runner clock running behind STS's.
  const expiresAt = Math.min(c.expiration ?? Infinity, sentAt + oidc.roleDurationSeconds * 1000);
  log(
    `Assumed ${c.assumedRoleArn || oidc.roleToAssume} (RequestId ${requestId || 'none'}); ` +
      `the credentials expire at ${new Date(expiresAt).toISOString()}.`,
  );
  return {
    credentials: {
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      securityToken: c.securityToken,
    },
    expiresAt,
    refreshAt: Math.max(expiresAt - ctx.marginMs, receivedAt + MIN_USE_MS),
  };
}

/**
 * What a failed AssumeRoleWithOIDC leads to: a definite refusal throws; a lapsed reused ID
 * token is tried once more with a new one; anything else is retried after a sleep.
 */
function onStsFailure(
  ctx: OidcContext,
  failure: Failure,
  tries: Tries,
  tokenReused: boolean,
): 'new-token' | 'retry' {
  if (failure.kind === 'malformed') {
    throw new ActionError(
      `AssumeRoleWithOIDC answered success without usable credentials (${tries.described}).`,
      'Check sts-endpoint: it should be an Alibaba Cloud STS endpoint such as https://sts.aliyuncs.com.',
    );
  }
  if (failure.kind !== 'api' || dispositionOf(failure.code, failure.status) === 'retry') {
    return 'retry';
  }
  // A reused ID token may have lapsed by STS's clock: one more try with a new one.
  if (
    failure.code === 'AuthenticationFail.OIDCToken.Expired' &&
    !tries.retriedExpiredToken &&
    tokenReused
  ) {
    tries.retriedExpiredToken = true;
    ctx.idToken = undefined;
    ctx.deps.log(`AssumeRoleWithOIDC: ${tries.described}; trying once more with a new ID token.`);
    return 'new-token';
  }
  throw new ActionError(
    `AssumeRoleWithOIDC failed: ${tries.described}`,
    hintFor(failure.code, 'sts') ?? 'Check role-to-assume, oidc-provider-arn and audience.',
  );
}

/**
 * Assumes the role again within `deadline`, the deadline of the call that needs the
 * credentials. While the old credentials still serve, the renewal may use half of the time
 * left, so the call still has the other half to go out with them; once they are about to
 * lapse it may use all of it. Every ID-token and STS call of the renewal is cut to that.
 */
async function renew(ctx: OidcContext, held: Held, deadline: number): Promise<Credentials> {
  const { clock, log } = ctx.deps;
  const now = clock.now();
  const oldServes = now < held.session.expiresAt - LAPSE_MARGIN_MS;
  log(
    `The credentials expire in ${secs(Math.max(0, held.session.expiresAt - now))}: assuming the role again.`,
  );
  try {
    held.session = await assume(ctx, oldServes ? now + (deadline - now) / 2 : deadline);
    return held.session.credentials;
  } catch (error) {
    if (isAbort(error)) throw error;
    const definite = !(error instanceof GaveUpError);
    // A refusal is not asked again: the old credentials serve until the service refuses
    // them (InvalidSecurityToken.Expired), a definite answer the loops fail on. Time that ran
    // out is: the next call tries again, within its own deadline.
    if (definite) held.renewalRefused = true;
    const hint = error instanceof ActionError && error.hint ? ` Hint: ${error.hint}` : '';
    const why = `${errorMessage(error)}${hint}`;
    const expiry = new Date(held.session.expiresAt).toISOString();
    if (oldServes || definite) {
      log(`Could not renew the credentials, which expire at ${expiry}: ${why}`);
      return held.session.credentials;
    }
    throw new ActionError(
      `the role could not be assumed again before this call's deadline (the credentials expire at ${expiry}): ${why}`,
    );
  }
}

/** The `exp` claim of a JWT (epoch ms), read without verifying anything; undefined if absent. */
function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
