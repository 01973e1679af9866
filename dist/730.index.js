export const id = 730;
export const ids = [730];
export const modules = {

/***/ 6730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  assumeRoleWithGitHubOidc: () => (/* binding */ assumeRoleWithGitHubOidc)
});

// UNUSED EXPORTS: PERMISSIONS_BLOCK, checkIdTokenPermission, jwtExpiry, refreshMarginMs

// EXTERNAL MODULE: ./src/backoff.ts
var src_backoff = __webpack_require__(2431);
// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/service-text.ts
var service_text = __webpack_require__(8114);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./src/json.ts
var json = __webpack_require__(8301);
// EXTERNAL MODULE: ./src/webplus-client.ts + 1 modules
var webplus_client = __webpack_require__(2657);
;// CONCATENATED MODULE: ./src/sts.ts
/**
 * The STS wire format: one anonymous AssumeRoleWithOIDC form POST, and its answer turned into
 * data (the `Answer`/`Failure` shapes of webplus-client.ts). Nothing here retries or logs:
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
    if (code && webplus_client/* NOT_SENT_CODES */.my.has(code))
        return { kind: 'not-sent', message: text };
    return { kind: 'unknown', message: text };
}
function fromAnswer(raw) {
    const ok = raw.status >= 200 && raw.status < 300;
    let body;
    try {
        body = (0,json/* record */.g)(JSON.parse(raw.body));
    }
    catch {
        body = undefined;
    }
    if (!body) {
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
    const c = (0,json/* record */.g)(body.Credentials);
    // Each travels in (or signs) a header: a line break or non-ASCII would make Node refuse it.
    const headerSafe = (v) => (v && /^[\x21-\x7e]+$/.test(v) ? v : undefined);
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
/** An ID token is fetched again when less than this remains before its `exp`. */
const ID_TOKEN_MIN_LIFE_MS = 60_000;
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
    const { clock, signal, log, mask } = deps;
    checkIdTokenPermission(env);
    const marginMs = refreshMarginMs(oidc.roleDurationSeconds);
    let idToken;
    async function freshIdToken() {
        const now = clock.now();
        if (idToken) {
            const left = idToken.expiresAt !== undefined ? idToken.expiresAt - now : undefined;
            const usable = left !== undefined ? left > ID_TOKEN_MIN_LIFE_MS : now - idToken.fetchedAt < 60_000;
            if (usable)
                return idToken;
        }
        let value;
        try {
            // @actions/core masks the token itself before returning it; mask() adds it to the
            // action's own scrub list too.
            const { getIDToken } = await __webpack_require__.e(/* import() */ 255).then(__webpack_require__.bind(__webpack_require__, 6255));
            // getIDToken has no time limit of its own: a silent endpoint must not hold the step.
            const limitMs = Math.max(1000, Math.min(plan.requestTimeoutMs, plan.deadline - clock.now()));
            value = await (0,src_clock/* raceAbort */.Mu)(withTimeLimit(getIDToken(oidc.audience), limitMs), signal);
        }
        catch (error) {
            if ((0,src_clock/* isAbort */.rV)(error))
                throw error;
            const message = (0,service_text/* serviceText */.Lo)(error instanceof Error ? error.message : String(error));
            throw new errors/* ActionError */.lZ(`Could not get an OIDC ID token from GitHub (audience ${oidc.audience}): ${message}`, 'GitHub Actions did not issue an ID token; check the id-token: write permission and run the step again.');
        }
        mask(value);
        idToken = { value, fetchedAt: clock.now(), expiresAt: jwtExpiry(value) };
        return idToken;
    }
    /** AssumeRoleWithOIDC, retrying throttling, 5xx and network failures until `deadline`. */
    async function assume(deadline) {
        const backoff = (0,src_backoff/* createBackoff */.lF)({ baseMs: plan.retryBaseDelayMs, maxMs: plan.retryMaxDelayMs }, deps.random);
        let attempts = 0;
        let retriedExpiredToken = false;
        for (;;) {
            const token = await freshIdToken();
            attempts += 1;
            const sentAt = clock.now();
            const answer = await assumeRoleWithOidc({
                endpoint: oidc.stsEndpoint,
                roleArn: oidc.roleToAssume,
                oidcProviderArn: oidc.oidcProviderArn,
                oidcToken: token.value,
                roleSessionName: oidc.roleSessionName,
                durationSeconds: oidc.roleDurationSeconds,
            }, { timeoutMs: plan.requestTimeoutMs, signal });
            if (answer.ok) {
                const c = answer.value;
                // Masked before anything else happens: no line is printed between the answer and here.
                mask(c.accessKeySecret);
                mask(c.securityToken);
                mask(c.accessKeyId);
                const receivedAt = clock.now();
                // STS issued them after sentAt, so sentAt + duration is never later than the true
                // expiry: it guards against a runner clock running behind STS's.
                const expiresAt = Math.min(c.expiration ?? Infinity, sentAt + oidc.roleDurationSeconds * 1000);
                log(`Assumed ${c.assumedRoleArn || oidc.roleToAssume} (RequestId ${answer.requestId || 'none'}); ` +
                    `the credentials expire at ${new Date(expiresAt).toISOString()}.`);
                return {
                    credentials: {
                        accessKeyId: c.accessKeyId,
                        accessKeySecret: c.accessKeySecret,
                        securityToken: c.securityToken,
                    },
                    expiresAt,
                    refreshAt: Math.max(expiresAt - marginMs, receivedAt + MIN_USE_MS),
                };
            }
            const failure = answer.failure;
            const described = (0,format/* describeFailure */.Ic)(failure);
            if (failure.kind === 'malformed') {
                throw new errors/* ActionError */.lZ(`AssumeRoleWithOIDC answered success without usable credentials (${described}).`, 'Check sts-endpoint: it should be an Alibaba Cloud STS endpoint such as https://sts.aliyuncs.com.');
            }
            if (failure.kind === 'api' && (0,errors/* dispositionOf */.LF)(failure.code, failure.status) !== 'retry') {
                // A reused ID token may have lapsed by STS's clock: one more try with a new one.
                if (failure.code === 'AuthenticationFail.OIDCToken.Expired' &&
                    !retriedExpiredToken &&
                    token.fetchedAt < sentAt) {
                    retriedExpiredToken = true;
                    idToken = undefined;
                    log(`AssumeRoleWithOIDC: ${described}; trying once more with a new ID token.`);
                    continue;
                }
                throw new errors/* ActionError */.lZ(`AssumeRoleWithOIDC failed: ${described}`, (0,errors/* hintFor */.JR)(failure.code, 'sts') ?? 'Check role-to-assume, oidc-provider-arn and audience.');
            }
            const slept = await (0,src_clock/* sleepWithinBudget */.Ac)({ proposedMs: backoff.next(), baseMs: plan.retryBaseDelayMs, deadline }, { clock, signal, log }, (delay) => `AssumeRoleWithOIDC attempt ${attempts} failed (${described}); next try in ${(0,format/* secs */.zG)(delay)}.`);
            if (slept === undefined) {
                throw new errors/* ActionError */.lZ(`Gave up on AssumeRoleWithOIDC after ${attempts} attempt(s); last error: ${described}.`, 'STS or the network kept failing; run the step again later, or raise wait-timeout.');
            }
        }
    }
    log(`Assuming role ${oidc.roleToAssume} with GitHub's OIDC token (audience ${oidc.audience}, ` +
        `session ${oidc.roleSessionName}, ${oidc.roleDurationSeconds} s) through ${oidc.stsEndpoint}.`);
    let session = await assume(plan.deadline);
    if (plan.horizon > session.refreshAt) {
        log(`The credentials expire before this run's time budget ends (${new Date(plan.horizon).toISOString()}): ` +
            `the role will be assumed again, with a new ID token, ${(0,format/* secs */.zG)(marginMs)} before they expire.`);
    }
    let renewal;
    let renewalFailed = false;
    return {
        source: `role ${oidc.roleToAssume} (GitHub OIDC)`,
        async getCredentials() {
            if (renewalFailed || clock.now() < session.refreshAt)
                return session.credentials;
            if (!renewal) {
                log(`The credentials expire in ${(0,format/* secs */.zG)(Math.max(0, session.expiresAt - clock.now()))}: assuming the role again.`);
                renewal = assume(Math.max(plan.horizon, clock.now() + plan.retryBaseDelayMs));
            }
            try {
                session = await renewal;
            }
            catch (error) {
                if ((0,src_clock/* isAbort */.rV)(error))
                    throw error;
                // Not thrown: the old credentials still serve until they lapse, and the restart may
                // well get through before then. If not, the service refuses them
                // (InvalidSecurityToken.Expired), a definite answer the loops fail on, and this line
                // has said why.
                renewalFailed = true;
                const hint = error instanceof errors/* ActionError */.lZ && error.hint ? ` Hint: ${error.hint}` : '';
                log(`Could not renew the credentials, which expire at ${new Date(session.expiresAt).toISOString()}: ` +
                    `${error instanceof Error ? error.message : String(error)}${hint}`);
            }
            finally {
                renewal = undefined;
            }
            return session.credentials;
        },
    };
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
/** Rejects when `promise` has not settled within `ms` (it is then abandoned, not cancelled). */
function withTimeLimit(promise, ms) {
    let timer;
    const limit = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
        timer.unref();
    });
    promise.catch(() => undefined);
    return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}


/***/ })

};

//# sourceMappingURL=730.index.js.map