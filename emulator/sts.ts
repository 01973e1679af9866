/**
 * STS AssumeRoleWithOIDC, anonymous, as docs/webplus-api.md describes it, plus
 * the GitHub side a test needs: an ID-token issuer and a server for GitHub's ID-token endpoint
 * (what @actions/core's getIDToken calls).
 *
 *   const em = await startEmulator({ now, routes: stsRoutes });
 *   const sts = stsOf(em.state);                  // the accepted roles, providers, audiences
 *   const github = await startIdTokenServer({ token: (aud) => sts.mintIdToken(aud) });
 *
 * ID tokens are JWTs signed with HS256 by a key of this emulator (GitHub signs RS256; what
 * matters here is that STS can tell its own tokens from forged or altered ones). Each call
 * issues new credentials, registered with the gateway with their expiry, so WebPlus calls
 * need the matching security token and fail with InvalidSecurityToken.Expired afterwards.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { errorAnswer, jsonAnswer, type Answer, type Route, type RouteContext } from './routes.js';
import type { EmulatorState } from './state.js';

export const STS_VERSION = '2015-04-01';
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const TEST_ACCOUNT = '1234567890123456';
export const TEST_ROLE_ARN = `acs:ram::${TEST_ACCOUNT}:role/github-webplus-restart`;
export const TEST_OIDC_PROVIDER_ARN = `acs:ram::${TEST_ACCOUNT}:oidc-provider/GitHub`;
export const DEFAULT_AUDIENCE = 'sts.aliyuncs.com';
/** GitHub's ID tokens are short-lived; so are the emulator's (on the emulator clock). */
export const ID_TOKEN_LIFETIME_MS = 5 * 60_000;

export interface StsConfig {
  /** Roles that exist. */
  roleArns: string[];
  /** OIDC providers that exist. */
  oidcProviderArns: string[];
  /** The providers' client IDs: a token's `aud` must be one of them. */
  audiences: string[];
  /** The providers' issuer URL: a token's `iss` must equal it. */
  issuer: string;
  /** The role's maximum session duration (seconds); default 43200. */
  maxSessionDurationSeconds: number;
}

export interface IssuedCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  /** Emulator clock (epoch ms). */
  expiresAt: number;
  roleArn: string;
  roleSessionName: string;
  /** The ID token they were issued for. */
  oidcToken: string;
}

export interface MintOptions {
  subject?: string;
  issuer?: string;
  /** Emulator clock (epoch ms); default now() + ID_TOKEN_LIFETIME_MS. */
  expiresAt?: number;
}

export interface StsEmulator {
  config: StsConfig;
  /** Every credential set issued, oldest first. */
  issued: IssuedCredentials[];
  /** Every ID token minted, oldest first. */
  minted: string[];
  /** An ID token as GitHub would issue it for `audience`, valid for this STS. */
  mintIdToken(audience: string, options?: MintOptions): string;
}

const emulators = new WeakMap<EmulatorState, StsEmulator>();
const signingKeys = new WeakMap<StsEmulator, Buffer>();

/** The STS side of an emulator's state, created on first use; `config` patches its settings. */
export function stsOf(state: EmulatorState, config: Partial<StsConfig> = {}): StsEmulator {
  let sts = emulators.get(state);
  if (!sts) {
    const key = randomBytes(32);
    const created: StsEmulator = {
      config: {
        roleArns: [TEST_ROLE_ARN],
        oidcProviderArns: [TEST_OIDC_PROVIDER_ARN],
        audiences: [DEFAULT_AUDIENCE],
        issuer: GITHUB_ISSUER,
        maxSessionDurationSeconds: 43200,
      },
      issued: [],
      minted: [],
      mintIdToken(audience, options = {}) {
        const now = state.now(); // GitHub's clock, not the service's
        const claims = {
          iss: options.issuer ?? created.config.issuer,
          aud: audience,
          sub: options.subject ?? 'repo:octo-org/octo-repo:ref:refs/heads/main',
          jti: randomBytes(8).toString('hex'),
          iat: Math.floor(now / 1000),
          exp: Math.floor((options.expiresAt ?? now + ID_TOKEN_LIFETIME_MS) / 1000),
        };
        const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
        const token = `${body}.${hmac(key, body)}`;
        created.minted.push(token);
        return token;
      },
    };
    signingKeys.set(created, key);
    emulators.set(state, created);
    sts = created;
  }
  Object.assign(sts.config, config);
  return sts;
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function hmac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url');
}

interface Claims {
  iss?: unknown;
  aud?: unknown;
  sub?: unknown;
  exp?: unknown;
}

/** The token's claims when this STS signed it, else undefined. */
function verifyToken(sts: StsEmulator, token: string): Claims | undefined {
  const parts = token.split('.');
  const key = signingKeys.get(sts);
  if (parts.length !== 3 || !key) return undefined;
  const expected = Buffer.from(hmac(key, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as Claims;
  } catch {
    return undefined;
  }
}

const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;

function assumeRoleWithOidc(ctx: RouteContext): Answer {
  const { state } = ctx;
  const sts = stsOf(state);
  const p = ctx.request.params;
  const fail = (status: number, code: string, message: string) =>
    errorAnswer(ctx, status, code, message);

  if (ctx.request.method !== 'POST') {
    return fail(400, 'InvalidParameter.Method', 'AssumeRoleWithOIDC must be called with POST.');
  }
  if (p.Version !== STS_VERSION) {
    return fail(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
  }
  for (const name of ['RoleArn', 'OIDCProviderArn', 'OIDCToken'] as const) {
    if (!p[name]) {
      return fail(400, `MissingParameter.${name}`, `The parameter ${name} is required.`);
    }
  }
  const roleArn = p.RoleArn ?? '';
  const providerArn = p.OIDCProviderArn ?? '';
  const token = p.OIDCToken ?? '';
  const sessionName = p.RoleSessionName ?? '';
  if (!SESSION_NAME.test(sessionName)) {
    return fail(
      400,
      'InvalidParameter.RoleSessionName',
      'The parameter RoleSessionName is invalid: 2 to 64 characters of letters, digits, ".", "@", "-" and "_".',
    );
  }
  const durationText = p.DurationSeconds ?? '3600';
  const duration = /^\d{1,6}$/.test(durationText) ? Number(durationText) : NaN;
  if (!(duration >= 900 && duration <= sts.config.maxSessionDurationSeconds)) {
    return fail(
      400,
      'InvalidParameter.DurationSeconds',
      `The parameter DurationSeconds is invalid: ${durationText} is not between 900 and the role's MaxSessionDuration (${sts.config.maxSessionDurationSeconds}).`,
    );
  }
  if (!sts.config.oidcProviderArns.includes(providerArn)) {
    return fail(404, 'EntityNotExist.OIDCProvider', 'The specified OIDC provider does not exist.');
  }
  const claims = verifyToken(sts, token);
  if (!claims) {
    return fail(
      400,
      'AuthenticationFail.OIDCToken.Invalid',
      'The OIDC token is invalid: its signature could not be verified.',
    );
  }
  const now = state.serviceTime(state.now());
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) {
    return fail(400, 'AuthenticationFail.OIDCToken.Expired', 'The OIDC token has expired.');
  }
  if (claims.iss !== sts.config.issuer) {
    return fail(
      400,
      'AuthenticationFail.OIDCToken.IssuerError',
      `The issuer of the OIDC token does not match the OIDC provider: ${String(claims.iss)}.`,
    );
  }
  if (typeof claims.aud !== 'string' || !sts.config.audiences.includes(claims.aud)) {
    return fail(
      400,
      'AuthenticationFail.OIDCToken.Invalid',
      `The audience of the OIDC token (${String(claims.aud)}) is not a client ID of the OIDC provider.`,
    );
  }
  if (!sts.config.roleArns.includes(roleArn)) {
    return fail(404, 'EntityNotExist.Role', 'The specified Role not exists.');
  }

  // Whole seconds, so the Expiration sent is exactly when the gateway stops accepting them.
  const expiresAt = Math.floor((state.now() + duration * 1000) / 1000) * 1000;
  const issued: IssuedCredentials = {
    accessKeyId: `STS.${randomBytes(12).toString('hex')}`,
    accessKeySecret: randomBytes(24).toString('base64url'),
    // Standard base64 ('+', '/', '='), as real STS tokens are: its URL-encoded form differs.
    securityToken: `CAIS${randomBytes(97).toString('base64')}`,
    expiresAt,
    roleArn,
    roleSessionName: sessionName,
    oidcToken: token,
  };
  state.addCredential({
    accessKeyId: issued.accessKeyId,
    accessKeySecret: issued.accessKeySecret,
    securityToken: issued.securityToken,
    expiresAt,
    username: `${roleArn.replace(/^.*:role\//, '')}/${sessionName}`,
  });
  sts.issued.push(issued);
  const expiration = new Date(state.serviceTime(expiresAt)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  // The real success answer carries no Code/Message.
  return jsonAnswer(
    200,
    {
      RequestId: ctx.requestId,
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        AccessKeySecret: issued.accessKeySecret,
        SecurityToken: issued.securityToken,
        Expiration: expiration,
      },
      AssumedRoleUser: {
        AssumedRoleId: `${randomBytes(8).toString('hex')}:${sessionName}`,
        Arn: `${roleArn.replace(':role/', ':assumed-role/')}/${sessionName}`,
      },
      OIDCTokenInfo: {
        Issuer: claims.iss,
        Subject: String(claims.sub ?? ''),
        ClientIds: claims.aud,
      },
    },
    'OK',
  );
}

/** The STS routes: pass as `startEmulator({ routes: stsRoutes })`. */
export const stsRoutes: Route[] = [
  {
    api: 'AssumeRoleWithOIDC',
    method: 'POST',
    path: '/',
    action: 'AssumeRoleWithOIDC',
    auth: false,
    handle: assumeRoleWithOidc,
  },
];

// ---------------------------------------------------------------------------------------------
// GitHub's ID-token endpoint

export interface IdTokenRequest {
  audience: string | undefined;
  authorization: string | undefined;
}

export interface IdTokenServerOptions {
  /** The token to hand out, or a function of the requested audience. */
  token: string | ((audience: string) => string);
  /** Serve HTTPS with this key pair (PEM) instead of HTTP. */
  tls?: { key: string; cert: string };
  /** Default '127.0.0.1'. */
  host?: string;
  /** Never answer (a silent endpoint): the request hangs until the client gives up. */
  silent?: boolean;
  /**
   * A hostile answer instead of the token: 'endless' streams a body as fast as the client
   * reads it, 'drip' sends a byte every 50 ms, both forever (until the client hangs up);
   * an object answers that status and raw body (e.g. an error page with hostile text).
   */
  answer?: 'endless' | 'drip' | { status: number; body: string; contentType?: string };
}

export interface IdTokenServer {
  /** ACTIONS_ID_TOKEN_REQUEST_URL: already carries a query, as GitHub's does. */
  url: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string;
  /** The two variables, for a run's environment. */
  env: Record<string, string>;
  /** Every request received, in order. */
  requests: IdTokenRequest[];
  /** Tokens handed out, in order. */
  tokens: string[];
  /** Connections the client has not closed yet. */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startIdTokenServer(options: IdTokenServerOptions): Promise<IdTokenServer> {
  const requestToken = `ghs_${randomBytes(16).toString('hex')}`;
  const requests: IdTokenRequest[] = [];
  const tokens: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const audience = url.searchParams.get('audience') ?? undefined;
    requests.push({ audience, authorization: req.headers.authorization });
    if (options.silent) return;
    if (options.answer !== undefined) return hostile(res, options.answer);
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/idtoken')
      return send(404, { message: 'Not Found' });
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      return send(401, { message: 'Bad credentials' });
    }
    const value =
      typeof options.token === 'function' ? options.token(audience ?? '') : options.token;
    tokens.push(value);
    send(200, { count: 1, value });
  };
  const server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : createHttpServer(handler);
  let open = 0;
  server.on('connection', (socket: Socket) => {
    open += 1;
    socket.on('close', () => (open -= 1));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${port}/idtoken?api-version=2.0`;
  return {
    url,
    requestToken,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    requests,
    tokens,
    openConnections: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The ID-token endpoint's hostile answers (IdTokenServerOptions.answer). */
function hostile(res: ServerResponse, answer: NonNullable<IdTokenServerOptions['answer']>): void {
  res.on('error', () => undefined);
  if (typeof answer === 'object') {
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
    res.end(answer.body);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"count":1,"value":"');
  if (answer === 'drip') {
    const timer = setInterval(() => res.write('a'), 50);
    res.on('close', () => clearInterval(timer));
    return;
  }
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const pump = () => {
    while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
  };
  pump();
}
