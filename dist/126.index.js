export const id = 126;
export const ids = [126];
export const modules = {

/***/ 6126:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  assumeRoleWithGitHubOidc: () => (/* binding */ assumeRoleWithGitHubOidc)
});

// UNUSED EXPORTS: refreshMarginMs

// EXTERNAL MODULE: ./src/backoff.ts
var src_backoff = __webpack_require__(2431);
// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 1 modules
var lib = __webpack_require__(4942);
// EXTERNAL MODULE: ./src/service-text.ts
var service_text = __webpack_require__(8114);
;// CONCATENATED MODULE: ./src/id-token.ts
/**
 * GitHub's OIDC ID token, fetched as @actions/core's getIDToken does (GET the request URL with
 * `&audience=`, the request token as a Bearer, JSON `{ value }`), but over a request this module
 * owns: one time limit that destroys the request and its socket when it runs out, and a cap on
 * the bytes read. getIDToken has neither, so a silent or endless endpoint could only be
 * abandoned, still reading. The proxy agent of @actions/http-client (what getIDToken uses) is
 * kept, so a runner behind HTTPS_PROXY works as before.
 */





/** GitHub's answer is about 1 KB of JSON; anything far larger is not an ID token. */
const MAX_ID_TOKEN_ANSWER = 64 * 1024;
/** The URL getIDToken would call for `audience`. */
function idTokenUrl(url, audience) {
    return audience ? `${url}&audience=${encodeURIComponent(audience)}` : url;
}
/** One request for an ID token. Rejects only with an AbortedError; every other outcome is data. */
function fetchIdToken(request) {
    const { signal } = request;
    if (signal.aborted)
        return Promise.reject(new src_clock/* AbortedError */.oM());
    const url = new URL(idTokenUrl(request.url, request.audience));
    const agent = new lib/* HttpClient */.Qq('actions/oidc-client').getAgent(url.href);
    return new Promise((resolve, reject) => {
        let settled = false;
        const finish = (answer) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
            // Whatever is still open (a body that never ends, a head that never came) goes now.
            req.destroy();
            if (answer instanceof src_clock/* AbortedError */.oM)
                reject(answer);
            else
                resolve(answer);
        };
        const send = url.protocol === 'https:' ? (external_node_https_default()).request : (external_node_http_default()).request;
        const req = send(url, {
            method: 'GET',
            agent,
            headers: {
                accept: 'application/json',
                authorization: `Bearer ${request.requestToken}`,
                'user-agent': 'actions/oidc-client',
            },
        }, (res) => {
            const chunks = [];
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                if (size > MAX_ID_TOKEN_ANSWER) {
                    finish({
                        ok: false,
                        retry: false,
                        message: `answer over ${MAX_ID_TOKEN_ANSWER} bytes`,
                    });
                    return;
                }
                chunks.push(chunk);
            });
            res.on('end', () => finish(answerOf(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
            res.on('error', () => undefined);
            res.on('aborted', () => finish({ ok: false, retry: true, message: 'the answer was cut short' }));
        });
        // A silent endpoint is not tried again (getIDToken never retried one either): GitHub's
        // token service answers in well under a second, so the next try would most likely wait
        // out its whole time too.
        const timer = setTimeout(() => finish({ ok: false, retry: false, message: `no answer within ${request.timeoutMs} ms` }), request.timeoutMs);
        const onAbort = () => finish(new src_clock/* AbortedError */.oM());
        signal.addEventListener('abort', onAbort, { once: true });
        req.on('error', (e) => {
            const code = typeof e.code === 'string' ? (0,service_text/* serviceText */.Lo)(e.code, 80) : '';
            const message = (0,service_text/* serviceText */.Lo)(e.message);
            finish({
                ok: false,
                retry: true,
                message: code && !message.includes(code) ? `${code}: ${message}` : message,
            });
        });
        req.end();
    });
}
function answerOf(status, body) {
    let value;
    try {
        value = JSON.parse(body)?.value;
    }
    catch {
        value = undefined;
    }
    if (status >= 200 && status < 300) {
        // Never quoted: a 2xx body may hold a token, unmasked yet.
        if (typeof value === 'string' && service_text/* HEADER_SAFE */.AH.test(value))
            return { ok: true, value };
        return { ok: false, retry: false, message: `HTTP ${status} answer held no ID token` };
    }
    const snippet = (0,service_text/* serviceText */.Lo)(body.replace(/<[^>]*>/g, ' '), 200);
    return {
        ok: false,
        retry: status >= 500 || status === 429,
        message: `HTTP ${status}${snippet ? `: ${snippet}` : ''}`,
    };
}

// EXTERNAL MODULE: ./src/polling.ts
var polling = __webpack_require__(2692);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/json.ts
var json = __webpack_require__(8301);
// EXTERNAL MODULE: ./src/answers.ts
var answers = __webpack_require__(3788);
;// CONCATENATED MODULE: ./src/sts.ts
/**
 * The STS wire format: one anonymous AssumeRoleWithOIDC form POST, and its answer turned into
 * data (the `Answer`/`Failure` shapes of answers.ts). Nothing here retries or logs:
 * that is oidc.ts, which masks the credentials before anything can print them.
 *
 * Spoken directly over node:http/node:https rather than through @alicloud/credentials, whose
 * OIDC provider knows only https://sts.aliyuncs.com: a loopback http:// sts-endpoint (the
 * emulator) must work too.
 */







const STS_VERSION = '2015-04-01';
const MAX_BODY = 1024 * 1024;
/** Calls AssumeRoleWithOIDC once. Rejects only with an AbortedError; every other outcome is data. */
async function assumeRoleWithOidc(request, options) {
    const query = new URLSearchParams({
        Action: 'AssumeRoleWithOIDC',
        Version: STS_VERSION,
        Format: 'JSON',
        // Common RPC parameters the SDKs send with anonymous calls too (wall time: STS checks it).
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        SignatureNonce: (0,external_node_crypto_.randomUUID)(),
    });
    const form = new URLSearchParams({
        RoleArn: request.roleArn,
        OIDCProviderArn: request.oidcProviderArn,
        OIDCToken: request.oidcToken,
        RoleSessionName: request.roleSessionName,
        DurationSeconds: String(request.durationSeconds),
    }).toString();
    const url = new URL(`${request.endpoint}/?${query.toString()}`);
    let raw;
    try {
        raw = await post(url, form, options);
    }
    catch (error) {
        if (error instanceof src_clock/* AbortedError */.oM)
            throw error;
        return { ok: false, failure: fromError(error, options.timeoutMs) };
    }
    return fromAnswer(raw);
}
class TimeoutError extends Error {
    constructor() {
        super('time-out');
        this.name = 'TimeoutError';
    }
}
function post(url, body, options) {
    const { signal } = options;
    if (signal.aborted)
        return Promise.reject(new src_clock/* AbortedError */.oM());
    return new Promise((resolve, reject) => {
        let settled = false;
        const finish = (error, answer) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
            if (error)
                reject(error);
            else
                resolve(answer);
        };
        const send = url.protocol === 'https:' ? (external_node_https_default()).request : (external_node_http_default()).request;
        const req = send(url, {
            method: 'POST',
            // One request, no keep-alive: nothing must hold the process open afterwards.
            agent: false,
            headers: {
                accept: 'application/json',
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': Buffer.byteLength(body),
                'user-agent': 'webplus-restart-action',
            },
        }, (res) => {
            const chunks = [];
            let size = 0;
            res.on('data', (chunk) => {
                size += chunk.length;
                if (size > MAX_BODY) {
                    req.destroy(new Error(`answer larger than ${MAX_BODY} bytes`));
                    return;
                }
                chunks.push(chunk);
            });
            res.on('end', () => finish(undefined, {
                status: res.statusCode ?? 0,
                contentType: String(res.headers['content-type'] ?? ''),
                body: Buffer.concat(chunks).toString('utf8'),
            }));
            res.on('error', (e) => finish(e));
            res.on('aborted', () => finish(new Error('the answer was cut short')));
        });
        const timer = setTimeout(() => {
            const error = new TimeoutError();
            finish(error);
            req.destroy(error);
        }, options.timeoutMs);
        const onAbort = () => {
            finish(new src_clock/* AbortedError */.oM());
            req.destroy();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        req.on('error', (e) => finish(e));
        req.end(body);
    });
}
function fromError(error, timeoutMs) {
    if (error instanceof TimeoutError) {
        return {
            kind: 'unknown',
            message: `no answer within the request-timeout (${timeoutMs / 1000} s)`,
        };
    }
    const e = (error ?? {});
    const message = (0,service_text/* serviceText */.Lo)(typeof e.message === 'string' ? e.message : String(error));
    const code = typeof e.code === 'string' ? (0,service_text/* serviceText */.Lo)(e.code, 80) : undefined;
    // Node's messages usually hold their code already ("connect ECONNREFUSED 127.0.0.1:443").
    const text = code && !message.includes(code) ? `${code}: ${message}` : message;
    if (code && answers/* NOT_SENT_CODES */.m.has(code))
        return { kind: 'not-sent', message: text };
    return { kind: 'unknown', message: text };
}
function fromAnswer(raw) {
    const ok = raw.status >= 200 && raw.status < 300;
    const body = jsonBody(raw.body);
    if (!body)
        return notJson(raw, ok);
    const requestId = (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(body.RequestId) ?? '', 80);
    const code = (0,json/* text */.Q)(body.Code);
    if (!ok || (code !== undefined && code !== 'OK' && code !== '200')) {
        return {
            ok: false,
            failure: {
                kind: 'api',
                code: (0,service_text/* serviceText */.Lo)(code ?? `HTTP${raw.status}`, 80),
                message: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(body.Message) ?? ''),
                requestId,
                status: raw.status,
            },
        };
    }
    return credentialsOf(body, requestId);
}
/** The answer's JSON object, or undefined when it is not one. */
function jsonBody(raw) {
    try {
        return (0,json/* record */.g)(JSON.parse(raw));
    }
    catch {
        return undefined;
    }
}
function notJson(raw, ok) {
    // A 2xx body that is not JSON may be a truncated answer holding the very secrets we came
    // for, unmasked yet: never quote it. A 4xx/5xx one is a proxy's page: quote its start.
    const snippet = ok ? '' : (0,service_text/* serviceText */.Lo)(raw.body.replace(/<[^>]*>/g, ' '), 120);
    return {
        ok: false,
        failure: {
            kind: 'unknown',
            message: `HTTP ${raw.status} answer was not JSON` +
                (snippet ? `: "${snippet}"` : ` (${raw.body.length} bytes)`),
        },
    };
}
/** A success answer's credentials; malformed when one of them could not go in a header. */
function credentialsOf(body, requestId) {
    const c = (0,json/* record */.g)(body.Credentials);
    // Each travels in (or signs) a header: a line break or non-ASCII would make Node refuse it.
    const headerSafe = (v) => (v && service_text/* HEADER_SAFE */.AH.test(v) ? v : undefined);
    const accessKeyId = headerSafe((0,json/* text */.Q)(c?.AccessKeyId));
    const accessKeySecret = headerSafe((0,json/* text */.Q)(c?.AccessKeySecret));
    const securityToken = headerSafe((0,json/* text */.Q)(c?.SecurityToken));
    if (!accessKeyId || !accessKeySecret || !securityToken) {
        const missing = [
            ['AccessKeyId', accessKeyId],
            ['AccessKeySecret', accessKeySecret],
            ['SecurityToken', securityToken],
        ]
            .filter(([, v]) => !v)
            .map(([name]) => `Credentials.${name ?? ''}`);
        return {
            ok: false,
            failure: {
                kind: 'malformed',
                message: `${missing.join(', ')} missing or not usable in a header`,
                requestId,
            },
        };
    }
    return {
        ok: true,
        requestId,
        value: {
            accessKeyId,
            accessKeySecret,
            securityToken,
            expiration: parseExpiration((0,json/* text */.Q)(c?.Expiration)),
            assumedRoleArn: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)((0,json/* record */.g)(body.AssumedRoleUser)?.Arn) ?? '', 200) || undefined,
        },
    };
}
/** ISO 8601 with a zone ("2026-11-29T03:00:00Z"), to epoch ms; undefined for anything else. */
function parseExpiration(value) {
    if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
        return undefined;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
}

;// CONCATENATED MODULE: ./src/oidc.ts
/**
 * Keyless credentials: GitHub's OIDC ID token → STS AssumeRoleWithOIDC → temporary
 * credentials, renewed (with a fresh ID token) before they expire when the run may outlast
 * them. Every secret is registered through `mask` the moment it exists, before any line that
 * could carry it is printed.
 */







/**
 * How long before `Expiration` the role is assumed again: 5 minutes, or 10% of the session
 * duration when that is smaller (90 s for the shortest session, 900 s). The margin has to
 * cover the runner's clock running behind STS's and the transit of the request that uses the
 * credentials (the gateway checks expiry on arrival; backoff delays happen between calls, never
 * between getCredentials and the send), and leave a few STS retries before the old credentials
 * lapse. More than that only spends a larger share of a short session: a 5-minute margin would
 * renew a 15-minute session after 10 minutes, 10% renews it after 13.5.
 */
function refreshMarginMs(durationSeconds) {
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
class GaveUpError extends errors/* ActionError */.lZ {
}
const PERMISSIONS_BLOCK = 'permissions:\n  id-token: write\n  contents: read';
/** Fails before any request when the job cannot get an ID token. */
function checkIdTokenPermission(env) {
    if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
        return;
    const missing = env.ACTIONS_ID_TOKEN_REQUEST_URL
        ? 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
        : 'ACTIONS_ID_TOKEN_REQUEST_URL';
    throw new errors/* ActionError */.lZ(`role-to-assume is set, but this job cannot get an OIDC ID token from GitHub (${missing} is not set): ` +
        `the workflow lacks the id-token permission. Add to the workflow, or to this job:\n${PERMISSIONS_BLOCK}`, `Grant the permission with these lines (contents: read keeps actions/checkout working once permissions are listed):\n${PERMISSIONS_BLOCK}\n` +
        'Pull requests from forks never get an ID token; use pull_request_target with care, or keys, there.');
}
async function assumeRoleWithGitHubOidc(plan, deps, env = process.env) {
    const { oidc } = plan;
    const { clock, log } = deps;
    checkIdTokenPermission(env);
    const ctx = {
        plan,
        deps,
        requestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '',
        requestToken: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '',
        marginMs: refreshMarginMs(oidc.roleDurationSeconds),
        idToken: undefined,
    };
    log(`Assuming role ${oidc.roleToAssume} with GitHub's OIDC token (audience ${oidc.audience}, ` +
        `session ${oidc.roleSessionName}, ${oidc.roleDurationSeconds} s) through ${oidc.stsEndpoint}.`);
    const held = { session: await assume(ctx, plan.deadline, true), renewalRefused: false };
    if (plan.horizon > held.session.refreshAt) {
        log(`The credentials expire before this run's time budget ends (${new Date(plan.horizon).toISOString()}): ` +
            `the role will be assumed again, with a new ID token, ${(0,format/* secs */.zG)(ctx.marginMs)} before they expire.`);
    }
    let renewal;
    return {
        source: `role ${oidc.roleToAssume} (GitHub OIDC)`,
        async getCredentials(deadline = plan.horizon) {
            const now = clock.now();
            const { session } = held;
            if (held.renewalRefused || now < session.refreshAt)
                return session.credentials;
            // No time given for a renewal (a RestartAppEnv: never held by one) while the old
            // credentials serve: they go out, and a later call renews.
            if (deadline - now < polling/* MIN_CALL_MS */.hI && now < session.expiresAt - LAPSE_MARGIN_MS) {
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
/**
 * Time-out of an ID-token or STS call started now (src/polling.ts): undefined when too little
 * is left, unless `once` (the run's first try is always made, so that wait-timeout 0 still
 * means one try).
 */
function stsCallTimeout(ctx, deadline, once = false) {
    const { requestTimeoutMs } = ctx.plan.retry;
    const now = ctx.deps.clock.now();
    return once
        ? (0,polling/* forcedCallTimeout */.xZ)(requestTimeoutMs, deadline, now)
        : (0,polling/* callTimeout */.I3)(requestTimeoutMs, deadline, now);
}
/** The held ID token while it has life left (its `exp`, or 60 s from fetching without one). */
function usableIdToken(idToken, now) {
    if (!idToken)
        return undefined;
    const left = idToken.expiresAt !== undefined ? idToken.expiresAt - now : undefined;
    const usable = left !== undefined ? left > ID_TOKEN_MIN_LIFE_MS : now - idToken.fetchedAt < 60_000;
    return usable ? idToken : undefined;
}
/** A usable ID token, or why none could be had this time (a failure worth another try). */
async function freshIdToken(ctx, deadline, once) {
    const { clock, signal, mask } = ctx.deps;
    const { audience } = ctx.plan.oidc;
    const held = usableIdToken(ctx.idToken, clock.now());
    if (held)
        return held;
    const timeoutMs = stsCallTimeout(ctx, deadline, once);
    if (timeoutMs === undefined)
        return { failed: 'no time was left to get an ID token' };
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
        if (answer.retry)
            return { failed };
        throw new errors/* ActionError */.lZ(failed, 'GitHub Actions did not issue an ID token; check the id-token: write permission and run the step again.');
    }
    mask(answer.value);
    ctx.idToken = { value: answer.value, fetchedAt: clock.now(), expiresAt: jwtExpiry(answer.value) };
    return ctx.idToken;
}
function giveUp(tries) {
    return new GaveUpError(`Gave up on AssumeRoleWithOIDC after ${tries.attempts} attempt(s)` +
        `${tries.attempts === 0 ? ' (no ID token to send)' : ''}; last error: ${tries.described}.`, 'STS or the network kept failing; run the step again later, or raise wait-timeout.');
}
/** AssumeRoleWithOIDC, retrying throttling, 5xx and network failures until `deadline`. */
async function assume(ctx, deadline, once = false) {
    const { plan, deps } = ctx;
    const { clock, signal, log } = deps;
    const backoff = (0,src_backoff/* createBackoff */.l)((0,polling/* backoffBoundsOf */.N3)(plan.retry), deps.random);
    const tries = { attempts: 0, retriedExpiredToken: false, described: '' };
    // A try needs MIN_CALL_MS after the sleep before it: the sleeps end that much earlier.
    const sleep = (line) => (0,src_clock/* sleepWithinBudget */.Ac)({
        proposedMs: backoff.next(),
        baseMs: plan.retry.retryBaseDelayMs,
        deadline: deadline - polling/* MIN_CALL_MS */.hI,
    }, { clock, signal, log }, line);
    for (let first = true;; first = false) {
        const token = await freshIdToken(ctx, deadline, once && first);
        const timeoutMs = stsCallTimeout(ctx, deadline, once && first);
        if (timeoutMs === undefined) {
            tries.described ||= 'no time was left for a try';
            throw giveUp(tries);
        }
        if ('failed' in token) {
            tries.described = token.failed;
            const slept = await sleep((delay) => `${tries.described}; next try in ${(0,format/* secs */.zG)(delay)}.`);
            if (slept === undefined)
                throw giveUp(tries);
            continue;
        }
        tries.attempts += 1;
        const sentAt = clock.now();
        const answer = await assumeRoleWithOidc(stsRequestOf(plan.oidc, token.value), {
            timeoutMs,
            signal,
        });
        if (answer.ok)
            return sessionOf(ctx, answer.value, answer.requestId, sentAt);
        tries.described = (0,format/* describeFailure */.Ic)(answer.failure);
        if (onStsFailure(ctx, answer.failure, tries, token.fetchedAt < sentAt) === 'new-token') {
            continue;
        }
        const slept = await sleep((delay) => `AssumeRoleWithOIDC attempt ${tries.attempts} failed (${tries.described}); next try in ${(0,format/* secs */.zG)(delay)}.`);
        if (slept === undefined)
            throw giveUp(tries);
    }
}
function stsRequestOf(oidc, oidcToken) {
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
function sessionOf(ctx, c, requestId, sentAt) {
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
    log(`Assumed ${c.assumedRoleArn || oidc.roleToAssume} (RequestId ${requestId || 'none'}); ` +
        `the credentials expire at ${new Date(expiresAt).toISOString()}.`);
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
function onStsFailure(ctx, failure, tries, tokenReused) {
    if (failure.kind === 'malformed') {
        throw new errors/* ActionError */.lZ(`AssumeRoleWithOIDC answered success without usable credentials (${tries.described}).`, 'Check sts-endpoint: it should be an Alibaba Cloud STS endpoint such as https://sts.aliyuncs.com.');
    }
    if (failure.kind !== 'api' || (0,errors/* dispositionOf */.LF)(failure.code, failure.status) === 'retry') {
        return 'retry';
    }
    // A reused ID token may have lapsed by STS's clock: one more try with a new one.
    if (failure.code === 'AuthenticationFail.OIDCToken.Expired' &&
        !tries.retriedExpiredToken &&
        tokenReused) {
        tries.retriedExpiredToken = true;
        ctx.idToken = undefined;
        ctx.deps.log(`AssumeRoleWithOIDC: ${tries.described}; trying once more with a new ID token.`);
        return 'new-token';
    }
    throw new errors/* ActionError */.lZ(`AssumeRoleWithOIDC failed: ${tries.described}`, (0,errors/* hintFor */.JR)(failure.code, 'sts') ?? 'Check role-to-assume, oidc-provider-arn and audience.');
}
/**
 * Assumes the role again within `deadline`, the deadline of the call that needs the
 * credentials. While the old credentials still serve, the renewal may use half of the time
 * left, so the call still has the other half to go out with them; once they are about to
 * lapse it may use all of it. Every ID-token and STS call of the renewal is cut to that.
 */
async function renew(ctx, held, deadline) {
    const { clock, log } = ctx.deps;
    const now = clock.now();
    const oldServes = now < held.session.expiresAt - LAPSE_MARGIN_MS;
    log(`The credentials expire in ${(0,format/* secs */.zG)(Math.max(0, held.session.expiresAt - now))}: assuming the role again.`);
    try {
        held.session = await assume(ctx, oldServes ? now + (deadline - now) / 2 : deadline);
        return held.session.credentials;
    }
    catch (error) {
        if ((0,src_clock/* isAbort */.rV)(error))
            throw error;
        const definite = !(error instanceof GaveUpError);
        // A refusal is not asked again: the old credentials serve until the service refuses
        // them (InvalidSecurityToken.Expired), a definite answer the loops fail on. Time that ran
        // out is: the next call tries again, within its own deadline.
        if (definite)
            held.renewalRefused = true;
        const hint = error instanceof errors/* ActionError */.lZ && error.hint ? ` Hint: ${error.hint}` : '';
        const why = `${(0,errors/* errorMessage */.gJ)(error)}${hint}`;
        const expiry = new Date(held.session.expiresAt).toISOString();
        if (oldServes || definite) {
            log(`Could not renew the credentials, which expire at ${expiry}: ${why}`);
            return held.session.credentials;
        }
        throw new errors/* ActionError */.lZ(`the role could not be assumed again before this call's deadline (the credentials expire at ${expiry}): ${why}`);
    }
}
/** The `exp` claim of a JWT (epoch ms), read without verifying anything; undefined if absent. */
function jwtExpiry(token) {
    const payload = token.split('.')[1];
    if (!payload)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        const exp = claims?.exp;
        return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ })

};

//# sourceMappingURL=126.index.js.map