import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7721);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 7721:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/workflow.ts
/**
 * The runner's workflow commands and files, as far as the action needs them before and around
 * its first request. Written to the documented protocol (the same escaping as @actions/core)
 * so that @actions/core, whose import loads @actions/http-client and undici (about 80 ms,
 * docs/benchmarks.md), is loaded only for the job summary and the OIDC token.
 */



function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function issue(command, message = '', properties = {}) {
    const props = Object.entries(properties)
        .filter((entry) => entry[1] !== undefined && entry[1] !== '')
        .map(([key, value]) => `${key}=${escapeProperty(value)}`)
        .join(',');
    process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${external_node_os_namespaceObject.EOL}`);
}
/** An input as the runner passes it (INPUT_<NAME>, hyphens kept), trimmed; '' when unset. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
function setSecret(secret) {
    issue('add-mask', secret);
}
function setOutput(name, value) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) {
        process.stdout.write(external_node_os_namespaceObject.EOL);
        issue('set-output', value, { name });
        return;
    }
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    (0,external_node_fs_namespaceObject.appendFileSync)(file, `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`, 'utf8');
}
function info(message) {
    process.stdout.write(message + external_node_os_namespaceObject.EOL);
}
function debug(message) {
    issue('debug', message);
}
function warning(message, properties = {}) {
    issue('warning', message, { ...properties });
}
function notice(message, properties = {}) {
    issue('notice', message, { ...properties });
}
function setFailed(message) {
    process.exitCode = 1;
    issue('error', message);
}
function startGroup(name) {
    issue('group', name);
}
function endGroup() {
    issue('endgroup');
}

;// CONCATENATED MODULE: ./src/clock.ts
class AbortedError extends Error {
    constructor() {
        super('cancelled');
        this.name = 'AbortError';
    }
}
const realClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(new AbortedError());
        const onAbort = () => {
            clearTimeout(timer);
            reject(new AbortedError());
        };
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal.addEventListener('abort', onAbort, { once: true });
    }),
};
/**
 * Stops awaiting `promise` when `signal` aborts. pop-core takes no AbortSignal, so a request
 * in flight cannot be cancelled: we only stop waiting for it (the caller records that).
 */
function raceAbort(promise, signal) {
    if (signal.aborted)
        return Promise.reject(new AbortedError());
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(new AbortedError());
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then((v) => {
            signal.removeEventListener('abort', onAbort);
            resolve(v);
        }, (e) => {
            signal.removeEventListener('abort', onAbort);
            reject(e instanceof Error ? e : new Error(String(e)));
        });
    });
}
function isAbort(e) {
    return e instanceof AbortedError;
}

;// CONCATENATED MODULE: ./src/backoff.ts
function createBackoff(bounds, random = Math.random) {
    const { baseMs, maxMs } = bounds;
    let previous = 0;
    return {
        next() {
            const upper = previous === 0 ? baseMs : Math.min(maxMs, previous * 3);
            const drawn = baseMs + random() * (upper - baseMs);
            previous = clamp(Math.round(drawn), baseMs, maxMs);
            return previous;
        },
        reset() {
            previous = 0;
        },
    };
}
function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
}
/**
 * The delay to wait before the next try, or undefined when even the shortest allowed delay
 * would pass the deadline: a try is never scheduled after the budget ends, and no delay is
 * ever shorter than the base.
 */
function delayWithinBudget(proposedMs, baseMs, nowMs, deadlineMs) {
    const left = deadlineMs - nowMs;
    if (left < baseMs)
        return undefined;
    return Math.min(proposedMs, left);
}

;// CONCATENATED MODULE: ./src/errors.ts
/** What each answer means for the action: wait, retry, or stop; and a one-line hint. */
/** A failure the user can act on: printed as one line, never with a stack trace. */
class ActionError extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = 'ActionError';
    }
}
const TRANSIENT_CODES = new Set(['ServiceUnavailable', 'InternalError', 'SystemBusy']);
function dispositionOf(code, status) {
    if (code === 'EnvOnChanging')
        return 'wait';
    if (code.startsWith('Throttling') || TRANSIENT_CODES.has(code))
        return 'retry';
    if (status !== undefined && status >= 500)
        return 'retry';
    // Everything else, known (see HINTS) or not, is fatal: retrying a refused request cannot help.
    return 'fatal';
}
const HINTS = [
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
        'The RAM identity lacks permission: grant webplus:RestartAppEnv, webplus:DescribeAppEnvStatus, webplus:DescribeChange and webplus:DescribeChanges (the README has the policy).',
    ],
    [/^ChangeNotExists$/, 'The change ID is unknown to the service; check env-id and region.'],
];
/** STS AssumeRoleWithOIDC codes: looked up before HINTS, whose meaning is WebPlus's. */
const STS_HINTS = [
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
function hintFor(code, service = 'webplus') {
    const find = (list) => list.find(([pattern]) => pattern.test(code))?.[1];
    return (service === 'sts' ? find(STS_HINTS) : undefined) ?? find(HINTS);
}
/**
 * Removes every secret value from text the action is about to print. The runner masks
 * registered secrets, but the bundle may run elsewhere (act, local-action), and the gateway
 * echoes its string-to-sign, security token included, in SignatureDoesNotMatch.
 */
function scrub(text, secrets) {
    let out = text;
    for (const secret of secrets) {
        if (secret.length < 4)
            continue; // masking one or two characters would garble everything
        out = out.split(secret).join('***');
    }
    return out;
}

;// CONCATENATED MODULE: ./src/format.ts
/** Milliseconds as seconds: "5 s", "6.8 s". */
function secs(ms) {
    return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}
/** Epoch ms (number or digits) as ISO 8601; '' for none, the input itself when unparseable. */
function isoTime(epochMs) {
    if (epochMs === undefined || epochMs === '')
        return '';
    const date = new Date(Number(epochMs));
    return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}
/** One line for a failed call: code, message, RequestId and status where there are any. */
function describeFailure(failure) {
    switch (failure.kind) {
        case 'api':
            return `${failure.code}: ${failure.message || '(no message)'} (RequestId ${failure.requestId || 'none'}${failure.status ? `, HTTP ${failure.status}` : ''})`;
        case 'malformed':
            return `${failure.message} (RequestId ${failure.requestId || 'none'})`;
        default:
            return failure.message;
    }
}

;// CONCATENATED MODULE: ./src/completion.ts
/** Polls a started change until it ends (or pauses between batches), within completion-timeout. */




/** At most this long without a line in the log while waiting. */
const HEARTBEAT_MS = 30_000;
function statusOf(change) {
    if (change.finished) {
        if (change.succeeded)
            return 'succeeded';
        if (change.aborted)
            return 'aborted';
        if (change.timedOut)
            return 'timed-out';
        return 'failed';
    }
    return change.paused ? 'paused' : 'running';
}
async function waitForCompletion(plan, deps) {
    const { client, clock, signal, log } = deps;
    const startedAt = clock.now();
    const deadline = startedAt + plan.completionTimeoutMs;
    const backoff = createBackoff({ baseMs: plan.retryBaseDelayMs, maxMs: plan.retryMaxDelayMs }, deps.random);
    let lastLineAt = startedAt;
    let lastStatus;
    let lastError = '';
    for (;;) {
        const now = clock.now();
        // Poll no later than the next heartbeat is due, so a long retry-max-delay never goes silent.
        const proposed = Math.min(backoff.next(), Math.max(plan.retryBaseDelayMs, lastLineAt + HEARTBEAT_MS - now));
        const delay = delayWithinBudget(proposed, plan.retryBaseDelayMs, now, deadline);
        if (delay === undefined) {
            throw new ActionError(`Change ${plan.changeId} had not finished after completion-timeout (${secs(plan.completionTimeoutMs)}); ` +
                `last seen: ${lastStatus ?? 'no answer'}${lastError ? `, last error: ${lastError}` : ''}. ` +
                'The restart goes on in the service.', `Follow change ${plan.changeId} of environment ${plan.envId} in the WebPlus console, or raise completion-timeout.`);
        }
        await clock.sleep(delay, signal);
        const timeout = Math.max(1000, Math.min(plan.requestTimeoutMs, deadline - clock.now()));
        const answer = await raceAbort(client.describeChange(plan.changeId, timeout), signal);
        const elapsed = clock.now() - startedAt;
        if (!answer.ok) {
            const failure = answer.failure;
            lastError = describeFailure(failure);
            if (failure.kind === 'api' && dispositionOf(failure.code, failure.status) === 'fatal') {
                throw new ActionError(`DescribeChange failed for change ${plan.changeId}: ${lastError}. The restart goes on in the service.`, hintFor(failure.code));
            }
            log(`DescribeChange: ${lastError}; retrying (${secs(elapsed)} elapsed)`);
            lastLineAt = clock.now();
            continue;
        }
        lastError = '';
        const status = statusOf(answer.value);
        if (status !== lastStatus) {
            log(`Change ${plan.changeId}: ${status} (${secs(elapsed)} elapsed)`);
            lastStatus = status;
            lastLineAt = clock.now();
            backoff.reset();
        }
        else if (clock.now() - lastLineAt >= HEARTBEAT_MS) {
            log(`Change ${plan.changeId}: still ${status} (${secs(elapsed)} elapsed)`);
            lastLineAt = clock.now();
        }
        if (status !== 'running')
            return { status, change: answer.value, elapsedMs: elapsed };
    }
}

;// CONCATENATED MODULE: ./src/endpoints.ts
/** Region → WebPlus endpoint (reference/webplus-api.md), and the rules an endpoint URL must meet. */
const HANGZHOU = 'https://webplus.cn-hangzhou.aliyuncs.com';
const HONGKONG = 'https://webplus-vpc.cn-hongkong.aliyuncs.com';
const CENTRAL = 'https://webplus.aliyuncs.com';
const REGION_ENDPOINTS = {
    'cn-hangzhou': HANGZHOU,
    'cn-beijing': HANGZHOU,
    'cn-shanghai': HANGZHOU,
    'cn-shenzhen': HANGZHOU,
    'cn-zhangjiakou': HANGZHOU,
    'cn-hongkong': HONGKONG,
    ...Object.fromEntries([
        'ap-northeast-1',
        'ap-south-1',
        'ap-southeast-1',
        'ap-southeast-2',
        'ap-southeast-3',
        'ap-southeast-5',
        'cn-chengdu',
        'cn-huhehaote',
        'cn-qingdao',
        'eu-central-1',
        'eu-west-1',
        'me-east-1',
        'us-east-1',
        'us-west-1',
        'cn-hangzhou-finance',
        'cn-shenzhen-finance-1',
        'cn-shanghai-finance-1',
        'cn-north-2-gov-1',
    ].map((region) => [region, CENTRAL])),
};
function endpointForRegion(region) {
    return Object.hasOwn(REGION_ENDPOINTS, region) ? REGION_ENDPOINTS[region] : undefined;
}
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost' || host === '::1')
        return true;
    const parts = host.split('.');
    return (parts.length === 4 &&
        parts[0] === '127' &&
        parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255));
}
/**
 * Checks an endpoint URL and returns it normalised (origin only, no trailing slash: pop-core
 * would request `//pop/...` while signing `/pop/...`). Returns an error text otherwise.
 */
function normaliseEndpoint(raw) {
    let parsed;
    try {
        parsed = new URL(raw);
    }
    catch {
        return { error: `"${raw}" is not a URL (expected e.g. https://webplus.aliyuncs.com)` };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        return { error: `must start with https:// (got ${parsed.protocol}//)` };
    }
    if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
        return {
            error: `http:// is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost); use https:// for ${parsed.hostname}`,
        };
    }
    if (parsed.username || parsed.password)
        return { error: 'must not carry credentials' };
    if (parsed.pathname !== '/' || parsed.search || parsed.hash) {
        return {
            error: 'must be a bare origin such as https://webplus.aliyuncs.com (no path or query)',
        };
    }
    return { url: parsed.origin };
}

;// CONCATENATED MODULE: ./src/inputs.ts
/** Raw input strings → typed Settings. No I/O; every error names its input. */

class InputError extends Error {
    input;
    constructor(input, message) {
        super(`Input "${input}": ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
const DEFAULTS = {
    'wait-timeout': 900,
    'retry-base-delay': 5,
    'retry-max-delay': 30,
    'request-timeout': 30,
    'completion-timeout': 1800,
    'role-session-name': 'github-actions-webplus-restart',
    'role-duration-seconds': 3600,
    audience: 'sts.aliyuncs.com',
    'sts-endpoint': 'https://sts.aliyuncs.com',
};
const SIX_HOURS = 6 * 60 * 60; // a GitHub-hosted job's own limit: no wait can usefully be longer
const ENV_ID = /^we-[0-9a-f]+$/i;
function parseSettings(read, env) {
    const envId = read('env-id');
    if (!envId)
        throw new InputError('env-id', 'is required (the environment ID, like we-5d39b8ba6786bd4b1490abcd)');
    if (!ENV_ID.test(envId) || envId.length > 32) {
        throw new InputError('env-id', `"${envId}" is not an environment ID: expected "we-" and hex digits, 32 characters at most`);
    }
    const region = read('region') || (env.ALIBABA_CLOUD_REGION_ID ?? '').trim() || undefined;
    const endpoint = resolveEndpoint(read('endpoint'), region, 'endpoint');
    const waitTimeout = seconds(read, 'wait-timeout', { min: 0, max: SIX_HOURS });
    const base = seconds(read, 'retry-base-delay', { min: 0.001, max: 3600 });
    const max = seconds(read, 'retry-max-delay', { min: 0.001, max: 3600 });
    if (max < base) {
        throw new InputError('retry-max-delay', `(${max}) must be at least retry-base-delay (${base})`);
    }
    const requestTimeout = seconds(read, 'request-timeout', { min: 1, max: 600 });
    const batch = parseBatch(read);
    const waitForCompletion = inputs_boolean(read, 'wait-for-completion') ?? false;
    const completionTimeout = seconds(read, 'completion-timeout', { min: 1, max: SIX_HOURS });
    return {
        envId,
        region,
        endpoint,
        waitTimeoutMs: waitTimeout * 1000,
        retryBaseDelayMs: base * 1000,
        retryMaxDelayMs: max * 1000,
        requestTimeoutMs: requestTimeout * 1000,
        batch,
        waitForCompletion,
        completionTimeoutMs: completionTimeout * 1000,
        oidc: parseOidc(read),
    };
}
function resolveEndpoint(raw, region, input) {
    if (raw) {
        const checked = normaliseEndpoint(raw);
        if ('error' in checked)
            throw new InputError(input, checked.error);
        return checked.url;
    }
    if (!region) {
        throw new InputError('region', 'is required: set the region input (e.g. cn-hangzhou), the ALIBABA_CLOUD_REGION_ID variable, or an endpoint');
    }
    const known = endpointForRegion(region);
    if (!known) {
        throw new InputError('region', `"${region}" has no known WebPlus endpoint; check the spelling or set endpoint`);
    }
    return known;
}
function parseBatch(read) {
    const batch = {};
    const size = integer(read, 'batch-size', { min: 1, max: 10000 });
    const percent = integer(read, 'batch-percent', { min: 1, max: 100 });
    if (size !== undefined && percent !== undefined) {
        throw new InputError('batch-percent', 'cannot be combined with batch-size: give one of them');
    }
    const interval = integer(read, 'batch-interval', { min: 0, max: 86400 });
    const pause = inputs_boolean(read, 'pause-between-batches');
    if (size !== undefined)
        batch.batchSize = size;
    if (percent !== undefined)
        batch.batchPercent = percent;
    if (interval !== undefined)
        batch.batchInterval = interval;
    if (pause !== undefined)
        batch.pauseBetweenBatches = pause;
    return batch;
}
function parseOidc(read) {
    const roleToAssume = read('role-to-assume');
    const oidcProviderArn = read('oidc-provider-arn');
    if (!roleToAssume && !oidcProviderArn)
        return undefined;
    if (!roleToAssume)
        throw new InputError('role-to-assume', 'is required when oidc-provider-arn is set');
    if (!oidcProviderArn)
        throw new InputError('oidc-provider-arn', 'is required when role-to-assume is set');
    if (!/^acs:ram::\d+:role\/.+/.test(roleToAssume)) {
        throw new InputError('role-to-assume', `"${roleToAssume}" is not a RAM role ARN (acs:ram::<account>:role/<name>)`);
    }
    if (!/^acs:ram::\d+:oidc-provider\/.+/.test(oidcProviderArn)) {
        throw new InputError('oidc-provider-arn', `"${oidcProviderArn}" is not an OIDC provider ARN (acs:ram::<account>:oidc-provider/<name>)`);
    }
    const stsRaw = read('sts-endpoint') || DEFAULTS['sts-endpoint'];
    const sts = normaliseEndpoint(stsRaw);
    if ('error' in sts)
        throw new InputError('sts-endpoint', sts.error);
    return {
        roleToAssume,
        oidcProviderArn,
        roleSessionName: sessionName(read('role-session-name') || DEFAULTS['role-session-name']),
        roleDurationSeconds: integer(read, 'role-duration-seconds', { min: 900, max: 43200 }) ??
            DEFAULTS['role-duration-seconds'],
        audience: read('audience') || DEFAULTS.audience,
        stsEndpoint: sts.url,
    };
}
/** STS takes 2..64 characters of [A-Za-z0-9.@_-]: replace the rest, pad or cut to fit. */
function sessionName(raw) {
    let name = raw.replace(/[^A-Za-z0-9.@_-]/g, '-').slice(0, 64);
    if (name.length < 2)
        name = `${name}--`.slice(0, 2);
    return name;
}
const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;
function seconds(read, name, range) {
    const raw = read(name);
    if (!raw)
        return DEFAULTS[name];
    if (!DECIMAL.test(raw)) {
        throw new InputError(name, `"${raw}" is not a number of seconds (a non-negative decimal, e.g. ${DEFAULTS[name]})`);
    }
    return inRange(name, Number(raw), range);
}
function integer(read, name, range) {
    const raw = read(name);
    if (!raw)
        return undefined;
    if (!INTEGER.test(raw))
        throw new InputError(name, `"${raw}" is not a whole number`);
    return inRange(name, Number(raw), range);
}
function inRange(name, value, { min, max }) {
    if (!Number.isFinite(value) || value < min || value > max) {
        throw new InputError(name, `${value} is out of range: it must be between ${min} and ${max}`);
    }
    return value;
}
function inputs_boolean(read, name) {
    const raw = read(name);
    if (!raw)
        return undefined;
    const lower = raw.toLowerCase();
    if (lower === 'true')
        return true;
    if (lower === 'false')
        return false;
    throw new InputError(name, `"${raw}" must be true or false`);
}

;// CONCATENATED MODULE: ./src/credentials.ts
/**
 * Where the AccessKey comes from: the inputs, then three environment variable families (read
 * directly: @alicloud/credentials' default chain would go on to profile files and the instance
 * metadata address, which hangs or answers wrongly on a GitHub runner).
 */

const ENV_FAMILIES = [
    [
        'ALIBABA_CLOUD_ACCESS_KEY_ID',
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        'ALIBABA_CLOUD_SECURITY_TOKEN',
    ],
    ['ALIBABACLOUD_ACCESS_KEY_ID', 'ALIBABACLOUD_ACCESS_KEY_SECRET', 'ALIBABACLOUD_SECURITY_TOKEN'],
    ['ALICLOUD_ACCESS_KEY', 'ALICLOUD_SECRET_KEY', 'ALICLOUD_SECURITY_TOKEN'],
];
/**
 * Every value that must never be printed, from the inputs and the environment alike: main.ts
 * masks these before anything else is logged, even before the inputs are validated.
 */
function secretValues(read, env) {
    const values = [read('access-key-secret'), read('security-token')];
    for (const [, secret, token] of ENV_FAMILIES)
        values.push(env[secret] ?? '', env[token] ?? '');
    return [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
}
/** Keys given as inputs, or undefined when none were given. */
function credentialsFromInputs(read) {
    const accessKeyId = read('access-key-id');
    const accessKeySecret = read('access-key-secret');
    const securityToken = read('security-token');
    if (!accessKeyId && !accessKeySecret) {
        if (securityToken) {
            throw new InputError('security-token', 'needs access-key-id and access-key-secret beside it');
        }
        return undefined;
    }
    if (!accessKeyId)
        throw new InputError('access-key-id', 'is required when access-key-secret is set');
    if (!accessKeySecret)
        throw new InputError('access-key-secret', 'is required when access-key-id is set');
    return {
        accessKeyId,
        accessKeySecret,
        securityToken: securityToken || undefined,
        source: 'inputs',
    };
}
/** The first complete variable family in the environment, or undefined. */
function credentialsFromEnv(env) {
    for (const [idName, secretName, tokenName] of ENV_FAMILIES) {
        const accessKeyId = env[idName]?.trim();
        const accessKeySecret = env[secretName]?.trim();
        if (accessKeyId && accessKeySecret) {
            return {
                accessKeyId,
                accessKeySecret,
                securityToken: env[tokenName]?.trim() || undefined,
                source: `${idName}/${secretName}`,
            };
        }
    }
    return undefined;
}
function missingCredentialsError() {
    const families = ENV_FAMILIES.map(([id, secret]) => `${id}/${secret}`).join(', ');
    return new InputError('access-key-id', `no credentials found: set access-key-id and access-key-secret (from secrets), or role-to-assume with oidc-provider-arn, or the variables ${families}`);
}
/** Keys given as inputs beside role-to-assume: ambiguous, so refused (before any request). */
function rejectKeysBesideRole(read) {
    const given = ['access-key-id', 'access-key-secret', 'security-token'].filter((n) => read(n));
    if (given.length === 0)
        return;
    throw new InputError('role-to-assume', `cannot be combined with ${given.join(', ')}: drop ${given.join(' and ')} to assume the role (keyless), ` +
        'or drop role-to-assume and oidc-provider-arn to use the keys');
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: ./src/webplus-client.ts
/**
 * The WebPlus wire format: signed ROA calls through pop-core, and every answer turned into
 * data. Nothing here decides whether to retry; that is restart.ts and completion.ts.
 */


const API_VERSION = '2019-03-20';
async function createWebPlusClient(options) {
    // Loaded here, not at the top: pop-core's `debug` dependency reads DEBUG once when it
    // loads, and main.ts clears DEBUG first (DEBUG=roa would print the string-to-sign).
    const { default: ROAClient } = await __nccwpck_require__.e(/* import() */ 5).then(__nccwpck_require__.t.bind(__nccwpck_require__, 5, 23));
    let current = { accessKeyId: '', accessKeySecret: '' };
    const client = new ROAClient({
        endpoint: options.endpoint,
        apiVersion: API_VERSION,
        // Hands pop-core the credentials `call` resolved for this request (calls never overlap).
        credentialsProvider: { getCredentials: () => Promise.resolve(current) },
    });
    const agent = options.endpoint.startsWith('https:')
        ? new (external_node_https_default()).Agent({ keepAlive: true })
        : new (external_node_http_default()).Agent({ keepAlive: true });
    const debug = options.debug ?? (() => undefined);
    async function call(method, path, params, timeoutMs) {
        const started = Date.now();
        // Credentials first, outside pop-core: a failure to obtain them is not a transport
        // failure, and must not be mistaken for a request that may have reached the service.
        current = await options.getCredentials();
        let result;
        try {
            const answer = method === 'POST'
                ? await client.request('POST', path, {}, new URLSearchParams(params).toString(), 
                // pop-core sets no content-type of its own; the service needs it to read the form.
                { 'content-type': 'application/x-www-form-urlencoded' }, { timeout: timeoutMs, agent })
                : await client.request('GET', path, params, '', {}, { timeout: timeoutMs, agent });
            result = fromAnswer(answer);
        }
        catch (error) {
            result = { ok: false, failure: fromError(error) };
        }
        const outcome = result.ok
            ? `OK ${requestIdOf(result.body) || ''}`
            : `${result.failure.kind}${'code' in result.failure ? ` ${result.failure.code}` : ''}`;
        debug(`${method} ${path} ${Object.keys(params).join(',')} → ${outcome.trim()} in ${Date.now() - started} ms`);
        return result;
    }
    return {
        async restartAppEnv(envId, batch, timeoutMs) {
            const params = { EnvId: envId };
            if (batch.batchSize !== undefined)
                params.BatchSize = String(batch.batchSize);
            if (batch.batchPercent !== undefined)
                params.BatchPercent = String(batch.batchPercent);
            if (batch.batchInterval !== undefined)
                params.BatchInterval = String(batch.batchInterval);
            if (batch.pauseBetweenBatches !== undefined) {
                params.PauseBetweenBatches = String(batch.pauseBetweenBatches);
            }
            const raw = await call('POST', '/pop/v1/wam/appEnv/restart', params, timeoutMs);
            return decode(raw, (body) => {
                const change = record(body.EnvChange);
                const changeId = webplus_client_text(change?.ChangeId);
                if (!changeId)
                    return 'EnvChange.ChangeId is missing';
                const startTime = webplus_client_text(change?.StartTime);
                return {
                    changeId,
                    envId: webplus_client_text(change?.EnvId) ?? envId,
                    startTime: startTime && /^\d+$/.test(startTime) ? startTime : undefined,
                };
            });
        },
        async describeAppEnvStatus(envId, timeoutMs) {
            const raw = await call('GET', '/pop/v1/wam/appEnv/status', { EnvId: envId }, timeoutMs);
            return decode(raw, (body) => {
                const status = record(body.EnvStatus);
                if (!status)
                    return 'EnvStatus is missing';
                return {
                    envStatus: webplus_client_text(status.EnvStatus) ?? '',
                    applyingChange: status.ApplyingChange === true || status.ApplyingChange === 'true',
                    latestChangeId: webplus_client_text(status.LatestChangeId) || undefined,
                };
            });
        },
        async describeChange(changeId, timeoutMs) {
            const raw = await call('GET', '/pop/v1/wam/changeInfo', { ChangeId: changeId }, timeoutMs);
            return decode(raw, (body) => {
                const change = record(body.Change);
                return change ? (toChange(change) ?? 'Change.ChangeId is missing') : 'Change is missing';
            });
        },
        async describeChanges(envId, pageSize, timeoutMs) {
            const params = { EnvId: envId, PageSize: String(pageSize), PageNumber: '1' };
            const raw = await call('GET', '/pop/v1/wam/change', params, timeoutMs);
            return decode(raw, (body) => {
                const list = record(body.Changes)?.Change;
                if (list === undefined)
                    return [];
                if (!Array.isArray(list))
                    return 'Changes.Change is not a list';
                return list.map(record).flatMap((c) => (c ? (toChange(c) ?? []) : []));
            });
        },
        close() {
            agent.destroy();
        },
    };
}
/** A parsed answer of pop-core: a JSON 2xx object, or raw text for anything that was not JSON. */
function fromAnswer(answer) {
    const body = record(answer);
    if (!body) {
        const snippet = typeof answer === 'string' ? answer.replace(/\s+/g, ' ').trim().slice(0, 120) : '';
        return {
            ok: false,
            failure: {
                kind: 'unknown',
                message: snippet
                    ? `answer was not JSON: "${snippet}"`
                    : 'answer had an empty or non-JSON body',
            },
        };
    }
    const code = webplus_client_text(body.Code);
    if (code !== undefined && code !== 'OK' && code !== '200') {
        return {
            ok: false,
            failure: {
                kind: 'api',
                code,
                message: webplus_client_text(body.Message) ?? '',
                requestId: requestIdOf(body),
                status: 200,
            },
        };
    }
    return { ok: true, body };
}
/** Error codes of a request that never left the runner: safe to send again. */
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'ERR_TLS_CERT_ALTNAME_INVALID',
]);
function fromError(error) {
    const e = (error ?? {});
    const message = typeof e.message === 'string' ? e.message : String(error);
    const result = record(e.result);
    // pop-core: a JSON answer with status >= 400.
    if (typeof e.statusCode === 'number' && result) {
        return {
            kind: 'api',
            code: webplus_client_text(result.Code) ?? webplus_client_text(result.code) ?? `HTTP${e.statusCode}`,
            message: webplus_client_text(result.Message) ?? '',
            requestId: requestIdOf(result),
            status: e.statusCode,
        };
    }
    if (e.name === 'FormatError')
        return { kind: 'unknown', message: 'answer was JSON-typed but not valid JSON' };
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && NOT_SENT_CODES.has(code))
        return { kind: 'not-sent', message: `${code}: ${message}` };
    // pop-core's XML error (ACSError): a service answer with a code, its message embeds the ids.
    if (code && typeof e.name === 'string' && e.name === 'Error' && /requestid:/.test(message)) {
        const requestId = /requestid: ([\w-]+)/.exec(message)?.[1] ?? '';
        return { kind: 'api', code, message: message.replace(/ hostid:.*$/, ''), requestId };
    }
    if (typeof e.name === 'string' && e.name.startsWith('RequestTimeout')) {
        return {
            kind: 'unknown',
            message: `no answer within the request-timeout (${message.split('.')[0] ?? 'timeout'})`,
        };
    }
    if (code)
        return { kind: 'unknown', message: `${code}: ${message}` };
    // Anything else pop-core threw while reading the answer (e.g. an XML body it could not map).
    return { kind: 'unknown', message: `unreadable answer: ${message}` };
}
function decode(raw, read) {
    if (!raw.ok)
        return raw;
    const requestId = requestIdOf(raw.body);
    const value = read(raw.body);
    if (typeof value === 'string') {
        return { ok: false, failure: { kind: 'malformed', message: value, requestId } };
    }
    return { ok: true, value, requestId };
}
function toChange(c) {
    const changeId = webplus_client_text(c.ChangeId);
    if (!changeId)
        return undefined;
    return {
        changeId,
        envId: webplus_client_text(c.EnvId) ?? '',
        actionName: webplus_client_text(c.ActionName) ?? '',
        changeName: webplus_client_text(c.ChangeName) ?? '',
        changeMessage: webplus_client_text(c.ChangeMessage) ?? '',
        createTime: epochMs(c.CreateTime),
        finishTime: epochMs(c.FinishTime),
        finished: flag(c.ChangeFinished),
        succeeded: flag(c.ChangeSucceed) || flag(c.ChangeSucceeded),
        aborted: flag(c.ChangeAborted),
        paused: flag(c.ChangePaused),
        timedOut: flag(c.ChangeTimedout),
    };
}
/** A JSON object (not an array, null or a json-bigint number), or undefined. */
function record(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) && !isBigNumber(value)
        ? value
        : undefined;
}
/** pop-core parses with json-bigint: integers past 2^53 arrive as BigNumber objects. */
function isBigNumber(value) {
    return value._isBigNumber === true;
}
/** A scalar as text: strings as they are, numbers (big ones too) as their digits. */
function webplus_client_text(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    if (value !== null && typeof value === 'object' && isBigNumber(value))
        return String(value);
    return undefined;
}
function epochMs(value) {
    const t = webplus_client_text(value);
    return t && /^\d+$/.test(t) ? Number(t) : undefined;
}
function flag(value) {
    return value === true || value === 'true';
}
function requestIdOf(body) {
    return webplus_client_text(body.RequestId) ?? '';
}

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
        if (error instanceof AbortedError)
            throw error;
        return { ok: false, failure: sts_fromError(error, options.timeoutMs) };
    }
    return sts_fromAnswer(raw);
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
        return Promise.reject(new AbortedError());
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
            finish(new AbortedError());
            req.destroy();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        req.on('error', (e) => finish(e));
        req.end(body);
    });
}
function sts_fromError(error, timeoutMs) {
    if (error instanceof TimeoutError) {
        return {
            kind: 'unknown',
            message: `no answer within the request-timeout (${timeoutMs / 1000} s)`,
        };
    }
    const e = (error ?? {});
    const message = typeof e.message === 'string' ? e.message : String(error);
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && NOT_SENT_CODES.has(code))
        return { kind: 'not-sent', message: `${code}: ${message}` };
    return { kind: 'unknown', message: code ? `${code}: ${message}` : message };
}
function sts_fromAnswer(raw) {
    const ok = raw.status >= 200 && raw.status < 300;
    let body;
    try {
        body = record(JSON.parse(raw.body));
    }
    catch {
        body = undefined;
    }
    if (!body) {
        // A 2xx body that is not JSON may be a truncated answer holding the very secrets we came
        // for, unmasked yet: never quote it. A 4xx/5xx one is a proxy's page: quote its start.
        const snippet = ok
            ? ''
            : raw.body
                .replace(/<[^>]*>/g, ' ')
                .replace(/\s+/g, ' ')
                .trim();
        return {
            ok: false,
            failure: {
                kind: 'unknown',
                message: `HTTP ${raw.status} answer was not JSON` +
                    (snippet ? `: "${snippet.slice(0, 120)}"` : ` (${raw.body.length} bytes)`),
            },
        };
    }
    const requestId = webplus_client_text(body.RequestId) ?? '';
    const code = webplus_client_text(body.Code);
    if (!ok || (code !== undefined && code !== 'OK' && code !== '200')) {
        return {
            ok: false,
            failure: {
                kind: 'api',
                code: code ?? `HTTP${raw.status}`,
                message: webplus_client_text(body.Message) ?? '',
                requestId,
                status: raw.status,
            },
        };
    }
    const c = record(body.Credentials);
    const accessKeyId = webplus_client_text(c?.AccessKeyId);
    const accessKeySecret = webplus_client_text(c?.AccessKeySecret);
    const securityToken = webplus_client_text(c?.SecurityToken);
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
            failure: { kind: 'malformed', message: `${missing.join(', ')} missing`, requestId },
        };
    }
    return {
        ok: true,
        requestId,
        value: {
            accessKeyId,
            accessKeySecret,
            securityToken,
            expiration: parseExpiration(webplus_client_text(c?.Expiration)),
            assumedRoleArn: webplus_client_text(record(body.AssumedRoleUser)?.Arn),
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
    throw new ActionError(`role-to-assume is set, but this job cannot get an OIDC ID token from GitHub (${missing} is not set): ` +
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
            const { getIDToken } = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(421)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6421));
            value = await raceAbort(getIDToken(oidc.audience), signal);
        }
        catch (error) {
            if (isAbort(error))
                throw error;
            const message = (error instanceof Error ? error.message : String(error))
                .replace(/\s+/g, ' ')
                .trim();
            throw new ActionError(`Could not get an OIDC ID token from GitHub (audience ${oidc.audience}): ${message}`, 'GitHub Actions did not issue an ID token; check the id-token: write permission and run the step again.');
        }
        mask(value);
        idToken = { value, fetchedAt: clock.now(), expiresAt: jwtExpiry(value) };
        return idToken;
    }
    /** AssumeRoleWithOIDC, retrying throttling, 5xx and network failures until `deadline`. */
    async function assume(deadline) {
        const backoff = createBackoff({ baseMs: plan.retryBaseDelayMs, maxMs: plan.retryMaxDelayMs }, deps.random);
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
            const described = describeFailure(failure);
            if (failure.kind === 'malformed') {
                throw new ActionError(`AssumeRoleWithOIDC answered success without usable credentials (${described}).`, 'Check sts-endpoint: it should be an Alibaba Cloud STS endpoint such as https://sts.aliyuncs.com.');
            }
            if (failure.kind === 'api' && dispositionOf(failure.code, failure.status) !== 'retry') {
                // A reused ID token may have lapsed by STS's clock: one more try with a new one.
                if (failure.code === 'AuthenticationFail.OIDCToken.Expired' &&
                    !retriedExpiredToken &&
                    token.fetchedAt < sentAt) {
                    retriedExpiredToken = true;
                    idToken = undefined;
                    log(`AssumeRoleWithOIDC: ${described}; trying once more with a new ID token.`);
                    continue;
                }
                throw new ActionError(`AssumeRoleWithOIDC failed: ${described}`, hintFor(failure.code, 'sts') ?? 'Check role-to-assume, oidc-provider-arn and audience.');
            }
            const now = clock.now();
            const delay = delayWithinBudget(backoff.next(), plan.retryBaseDelayMs, now, deadline);
            if (delay === undefined) {
                throw new ActionError(`Gave up on AssumeRoleWithOIDC after ${attempts} attempt(s); last error: ${described}.`, 'STS or the network kept failing; run the step again later, or raise wait-timeout.');
            }
            log(`AssumeRoleWithOIDC attempt ${attempts} failed (${described}); next try in ${secs(delay)}.`);
            await clock.sleep(delay, signal);
        }
    }
    log(`Assuming role ${oidc.roleToAssume} with GitHub's OIDC token (audience ${oidc.audience}, ` +
        `session ${oidc.roleSessionName}, ${oidc.roleDurationSeconds} s) through ${oidc.stsEndpoint}.`);
    let session = await assume(plan.deadline);
    if (plan.horizon > session.refreshAt) {
        log(`The credentials expire before this run's time budget ends (${new Date(plan.horizon).toISOString()}): ` +
            `the role will be assumed again, with a new ID token, ${secs(marginMs)} before they expire.`);
    }
    let renewal;
    let renewalFailed = false;
    return {
        source: `role ${oidc.roleToAssume} (GitHub OIDC)`,
        async getCredentials() {
            if (renewalFailed || clock.now() < session.refreshAt)
                return session.credentials;
            if (!renewal) {
                log(`The credentials expire in ${secs(Math.max(0, session.expiresAt - clock.now()))}: assuming the role again.`);
                renewal = assume(Math.max(plan.horizon, clock.now() + plan.retryBaseDelayMs));
            }
            try {
                session = await renewal;
            }
            catch (error) {
                if (isAbort(error))
                    throw error;
                // Not thrown: the old credentials still serve until they lapse, and the restart may
                // well get through before then. If not, the service refuses them
                // (InvalidSecurityToken.Expired), a definite answer the loops fail on, and this line
                // has said why.
                renewalFailed = true;
                const hint = error instanceof ActionError && error.hint ? ` Hint: ${error.hint}` : '';
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

;// CONCATENATED MODULE: ./src/report.ts
/** Outputs, the job summary and the closing annotations. Knows nothing of how results came about. */


const ACTION_NAME = 'webplus-restart';
function consoleUrl(envId, region) {
    const query = new URLSearchParams({ envId, ...(region ? { regionId: region } : {}) });
    return `https://webplus.console.aliyun.com/#/env/detail?${query.toString()}`;
}
/** Outputs known once the restart has started: set at once, so a later failure keeps them. */
function setStartOutputs(progress) {
    if (progress.changeId)
        setOutput('change-id', progress.changeId);
    if (progress.startTime)
        setOutput('start-time', progress.startTime);
    setOutput('request-id', progress.requestId ?? '');
    setOutput('attempts', String(progress.attempts));
}
/** The job summary, written on success and failure alike. `scrub` removes secrets. */
async function writeSummary(report, scrub) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    const p = report.progress;
    const rows = [
        ['Environment', `${report.envId}${report.region ? ` (${report.region})` : ''}`],
        ['Outcome', report.outcome],
        ['Change ID', p.changeId ? `${p.changeId}${p.adopted ? ' (found by look-up)' : ''}` : '—'],
        ['Start time', isoTime(p.startTime) || '—'],
        ['RestartAppEnv calls', String(p.attempts)],
        ['Time waited', secs(p.waitedMs)],
    ];
    if (report.changeStatus)
        rows.push(['Change status', report.changeStatus]);
    if (report.completionMs !== undefined)
        rows.push(['Restart duration', secs(report.completionMs)]);
    if (report.error)
        rows.push(['Error', report.error]);
    const run = await runLink();
    // @actions/core is loaded here, after the restart: its import costs ~80 ms of startup.
    const { summary: jobSummary } = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(421)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6421));
    const summary = jobSummary
        .addHeading('WebPlus restart', 3)
        .addTable([
        [
            { data: 'Item', header: true },
            { data: 'Value', header: true },
        ],
        ...rows.map(([k, v]) => [k, escapeHtml(scrub(v))]),
    ])
        .addLink('Environment in the WebPlus console', consoleUrl(report.envId, report.region));
    if (run)
        summary.addBreak().addLink('Workflow run', run);
    await summary.write();
}
/** A link to this workflow run. @actions/github is loaded here, after the restart, not before it. */
async function runLink() {
    try {
        const { context } = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(413)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2413));
        if (!context.runId || !context.repo.owner)
            return undefined;
        return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
    }
    catch {
        return undefined; // GITHUB_REPOSITORY unset (a local run): no link
    }
}
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

;// CONCATENATED MODULE: ./src/pacing.ts
/** The lag, in ms, that one API call is worth: larger means fewer calls and later restarts. */
const LAG_PER_CALL_MS = 320;
/** Without a readable change, its age is assumed to be this plus the time waited so far. */
const ASSUMED_AGE_MS = 60_000;
/**
 * Each delay is multiplied by a factor drawn in [1 − JITTER, 1] (then bounded), so that runs
 * waiting on one change do not poll in step; downward only, so a delay at the base stays there.
 */
const JITTER = 0.1;
/** Earlier changes used to estimate how long this one takes. */
const MAX_HISTORY = 10;
/** The page of DescribeChanges read to find the blocking change and its predecessors. */
const HISTORY_PAGE_SIZE = 20;
/**
 * The unfinished change of a DescribeChanges page and how long earlier changes of its
 * ActionName took; undefined when the page holds no unfinished change with a CreateTime.
 */
function blockingChangeOf(changes, now) {
    const current = changes.find((c) => !c.finished && c.createTime !== undefined);
    if (!current || current.createTime === undefined)
        return undefined;
    const pastDurationsMs = changes
        .filter((c) => c !== current &&
        c.finished &&
        !c.aborted &&
        c.actionName === current.actionName &&
        c.createTime !== undefined &&
        c.finishTime !== undefined &&
        c.finishTime > c.createTime)
        .sort((a, b) => (b.createTime ?? 0) - (a.createTime ?? 0))
        .slice(0, MAX_HISTORY)
        .map((c) => (c.finishTime ?? 0) - (c.createTime ?? 0));
    return {
        changeId: current.changeId,
        actionName: current.actionName,
        paused: current.paused,
        createdAt: Math.min(current.createTime, now),
        pastDurationsMs,
    };
}
/** A change known only to be running at age fromMs. */
function scaleFreeModel(fromMs) {
    return { fromMs: Math.max(1, fromMs), weight: 0, mu: 0, sigma: 1, lnFrom: 1 };
}
/**
 * Earlier durations fitted as a log-normal (spread at least 0.15, 0.5 from one sample), mixed
 * with the scale-free model with weight n/(n+1): the more history, the more it is trusted.
 */
function durationModel(fromMs, pastDurationsMs) {
    const logs = pastDurationsMs.filter((d) => d > 0).map(Math.log);
    const n = logs.length;
    const from = Math.max(1, fromMs);
    if (n === 0)
        return scaleFreeModel(from);
    const mu = logs.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1 ? Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1)) : 0.5;
    const sigma = Math.max(0.15, sd);
    const lnFrom = logNormalSurvival(from, mu, sigma);
    // A change already past every plausible duration: the history says nothing about it.
    if (lnFrom < 1e-9)
        return scaleFreeModel(from);
    return { fromMs: from, weight: n / (n + 1), mu, sigma, lnFrom };
}
/** P(still running at age x | running at fromMs), for x ≥ fromMs. */
function survival(model, x) {
    const t = Math.max(x, model.fromMs);
    const scaleFree = model.fromMs / t;
    if (model.weight === 0)
        return scaleFree;
    const ln = logNormalSurvival(t, model.mu, model.sigma) / model.lnFrom;
    return model.weight * ln + (1 - model.weight) * scaleFree;
}
/** Expected lag (ms) of sleeping d at age a, if the change is still running at a. */
function expectedLag(model, a, d) {
    const sA = survival(model, a);
    if (sA <= 0)
        return d;
    if (d <= 0)
        return 0;
    const steps = 32; // Simpson's rule
    const h = d / steps;
    let sum = 0;
    for (let i = 0; i <= steps; i++) {
        const w = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
        sum += w * (1 - survival(model, a + i * h) / sA);
    }
    return (sum * h) / 3;
}
/** The longest delay in [base, max] whose expected lag stays within the budget. */
function longestDelay(model, ageMs, bounds, lagPerCallMs = LAG_PER_CALL_MS) {
    const { baseMs, maxMs } = bounds;
    if (maxMs <= baseMs || expectedLag(model, ageMs, baseMs) >= lagPerCallMs)
        return baseMs;
    if (expectedLag(model, ageMs, maxMs) <= lagPerCallMs)
        return maxMs;
    let lo = baseMs;
    let hi = maxMs;
    while (hi - lo > 50) {
        const mid = (lo + hi) / 2;
        if (expectedLag(model, ageMs, mid) <= lagPerCallMs)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}
function createPacer(bounds, random = Math.random, options = {}) {
    const lagPerCallMs = options.lagPerCallMs ?? LAG_PER_CALL_MS;
    const assumedAgeMs = options.assumedAgeMs ?? ASSUMED_AGE_MS;
    const jitter = options.jitter ?? JITTER;
    let fitted;
    return {
        next(now, waitedMs, change) {
            // A paused change does not end by itself: someone must resume it. Wait at the max.
            if (change?.paused)
                return bounds.maxMs;
            let age;
            if (change) {
                age = now - change.createdAt;
                if (fitted?.change !== change) {
                    fitted = { change, model: durationModel(age, change.pastDurationsMs) };
                }
            }
            else {
                age = assumedAgeMs + waitedMs;
                if (!fitted || fitted.change)
                    fitted = { change, model: scaleFreeModel(age) };
            }
            const delay = longestDelay(fitted.model, age, bounds, lagPerCallMs);
            const factor = 1 - jitter * random();
            return Math.round(Math.min(bounds.maxMs, Math.max(bounds.baseMs, delay * factor)));
        },
    };
}
function logNormalSurvival(x, mu, sigma) {
    return 0.5 * erfc((Math.log(x) - mu) / (sigma * Math.SQRT2));
}
/** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
function erfc(x) {
    const z = Math.abs(x);
    const t = 1 / (1 + 0.5 * z);
    const r = t *
        Math.exp(-z * z -
            1.26551223 +
            t *
                (1.00002368 +
                    t *
                        (0.37409196 +
                            t *
                                (0.09678418 +
                                    t *
                                        (-0.18628806 +
                                            t *
                                                (0.27886807 +
                                                    t *
                                                        (-1.13520398 +
                                                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
}

;// CONCATENATED MODULE: ./src/restart.ts
/**
 * The restart loop: send RestartAppEnv, wait out EnvOnChanging (paced by src/pacing.ts from what
 * DescribeChanges tells of the blocking change), retry transient failures, and
 * never send it again while an earlier attempt might have taken effect (the call is not
 * idempotent). Everything waits on the injected clock and stops at the one deadline.
 */





/** How far the service's clock may be behind the runner's when we date a change. */
const CLOCK_SKEW_TOLERANCE_MS = 60_000;
function newProgress() {
    return { attempts: 0, state: 'not-started', waitedMs: 0 };
}
async function restart(plan, deps, progress) {
    const { client, clock, signal, log } = deps;
    const runStartedAt = plan.deadline - plan.waitTimeoutMs;
    const bounds = { baseMs: plan.retryBaseDelayMs, maxMs: plan.retryMaxDelayMs };
    // Transient errors back off; EnvOnChanging is paced by what the blocking change tells.
    const backoff = createBackoff(bounds, deps.random);
    const pacer = createPacer(bounds, deps.random);
    let blocking;
    let blockingRead = false;
    // Send time of the oldest attempt that may still have taken effect; reset by a definite answer.
    let unresolvedSince;
    let lastFailure = '';
    let lastWasBusy = false;
    const wait = async (reason, busy = false) => {
        if (busy && !blockingRead && plan.deadline - clock.now() >= plan.retryBaseDelayMs) {
            blockingRead = true;
            blocking = await readBlocking(plan, deps);
            if (blocking)
                log(pacingNote(blocking, clock.now()));
        }
        const now = clock.now();
        const waited = now - runStartedAt;
        const proposed = busy ? pacer.next(now, waited, blocking) : backoff.next();
        const delay = delayWithinBudget(proposed, plan.retryBaseDelayMs, now, plan.deadline);
        if (delay === undefined)
            throw exhausted(reason, now);
        log(`${reason}: attempt ${progress.attempts}; next try in ${secs(delay)} ` +
            `(waited ${secs(waited)} of wait-timeout ${secs(plan.waitTimeoutMs)})`);
        await clock.sleep(delay, signal);
        progress.waitedMs += delay;
    };
    const exhausted = (reason, now) => {
        const waited = secs(now - runStartedAt);
        if (unresolvedSince !== undefined) {
            return new ActionError(`The restart request sent at ${new Date(unresolvedSince).toISOString()} got no trustworthy answer ` +
                `(${lastFailure}) and a look-up could not settle whether it took effect within wait-timeout ` +
                `(waited ${waited} of ${secs(plan.waitTimeoutMs)}). The restart may have started.`, `Check environment ${plan.envId} in the WebPlus console before running this step again.`);
        }
        if (lastWasBusy) {
            return new ActionError(`Environment ${plan.envId} was still busy with another change (EnvOnChanging) after waiting ${waited} ` +
                `of wait-timeout ${secs(plan.waitTimeoutMs)} (${progress.attempts} attempts). No restart was started.`, 'Raise wait-timeout, or run the step again once the ongoing change has finished.');
        }
        return new ActionError(`Gave up after waiting ${waited} of wait-timeout ${secs(plan.waitTimeoutMs)} ` +
            `(${progress.attempts} attempts); last error: ${reason}. No restart was started.`, 'The service or the network kept failing; run the step again later.');
    };
    for (;;) {
        if (unresolvedSince !== undefined) {
            const found = await lookUp(plan, deps, unresolvedSince);
            if (found.found === 'ours') {
                progress.state = 'started';
                progress.changeId = found.change.changeId;
                if (found.change.createTime !== undefined)
                    progress.startTime = String(found.change.createTime);
                progress.adopted = true;
                log(`Adopted change ${found.change.changeId} as this run's restart: ${found.why}. RestartAppEnv is not sent again.`);
                return;
            }
            if (found.found === 'error') {
                lastFailure = describeFailure(found.failure);
                if (found.failure.kind === 'api' &&
                    dispositionOf(found.failure.code, found.failure.status) === 'fatal') {
                    const hint = hintFor(found.failure.code);
                    throw new ActionError(`The restart request got no trustworthy answer, and the look-up that would settle it failed: ` +
                        `${lastFailure}. The restart may have started.`, `${hint ? `${hint} ` : ''}Check environment ${plan.envId} in the WebPlus console before running this step again.`);
                }
                await wait(`Look-up failed (${lastFailure})`);
                continue;
            }
            if (found.found === 'busy') {
                // Another change holds the environment, so this run's attempt was refused or never ran.
                unresolvedSince = undefined;
                progress.state = 'not-started';
                lastWasBusy = true;
                await wait(`EnvOnChanging (change ${found.change.changeId}, ${found.change.actionName || 'unnamed'}, is running)`, true);
                continue;
            }
            // Nothing started since the attempt was sent: it did not take effect, so send again.
            log('No change was started by the unanswered attempt; sending RestartAppEnv again.');
            unresolvedSince = undefined;
            progress.state = 'not-started';
        }
        progress.attempts += 1;
        progress.state = 'in-flight';
        const sentAt = clock.now();
        const answer = await raceAbort(client.restartAppEnv(plan.envId, plan.batch, plan.requestTimeoutMs), signal);
        if (answer.ok) {
            progress.state = 'started';
            progress.changeId = answer.value.changeId;
            progress.requestId = answer.requestId;
            if (answer.value.startTime !== undefined)
                progress.startTime = answer.value.startTime;
            return;
        }
        const failure = answer.failure;
        lastFailure = describeFailure(failure);
        lastWasBusy = false;
        if (failure.kind === 'malformed') {
            progress.state = 'unknown';
            throw new ActionError(`RestartAppEnv answered success without a usable change (${failure.message}; RequestId ${failure.requestId || 'none'}). ` +
                'The restart may have started.', `Check environment ${plan.envId} in the WebPlus console; this step does not send the restart again.`);
        }
        if (failure.kind === 'unknown' || (failure.kind === 'api' && (failure.status ?? 0) >= 500)) {
            // Sent and maybe acted upon: look before sending again.
            progress.state = 'unknown';
            unresolvedSince ??= sentAt;
            await wait(`No trustworthy answer (${lastFailure}); looking up the environment`);
            continue;
        }
        progress.state = 'not-started';
        unresolvedSince = undefined;
        if (failure.kind === 'not-sent') {
            await wait(`Request not sent (${failure.message})`);
            continue;
        }
        const disposition = dispositionOf(failure.code, failure.status);
        if (disposition === 'fatal') {
            throw new ActionError(`RestartAppEnv failed: ${lastFailure}`, hintFor(failure.code));
        }
        if (disposition === 'wait')
            lastWasBusy = true;
        await wait(disposition === 'wait'
            ? 'EnvOnChanging (another change is running)'
            : `Transient error ${failure.code}`, disposition === 'wait');
    }
}
/**
 * After an unanswered attempt: is there a restart change created since it was sent (ours),
 * another running change (someone else's), or nothing?
 */
async function lookUp(plan, deps, sentAt) {
    const { client, signal } = deps;
    const timeout = lookupTimeout(plan, deps.clock.now());
    const since = sentAt - CLOCK_SKEW_TOLERANCE_MS;
    const isOurs = (c) => /restart/i.test(`${c.actionName} ${c.changeName}`) &&
        c.createTime !== undefined &&
        c.createTime >= since;
    const why = (c) => `a ${c.actionName || c.changeName} change created at ${new Date(c.createTime ?? 0).toISOString()}, ` +
        `after the unanswered attempt was sent at ${new Date(sentAt).toISOString()}`;
    const status = await raceAbort(client.describeAppEnvStatus(plan.envId, timeout), signal);
    if (!status.ok)
        return { found: 'error', failure: status.failure };
    const latestId = status.value.latestChangeId;
    if (!latestId)
        return { found: 'nothing' };
    const latest = await raceAbort(client.describeChange(latestId, timeout), signal);
    if (!latest.ok)
        return { found: 'error', failure: latest.failure };
    if (isOurs(latest.value))
        return { found: 'ours', change: latest.value, why: why(latest.value) };
    if (latest.value.createTime !== undefined && latest.value.createTime >= since) {
        // Another change began after our attempt: ours, if it ran, is further down the list.
        const recent = await raceAbort(client.describeChanges(plan.envId, 10, timeout), signal);
        if (!recent.ok)
            return { found: 'error', failure: recent.failure };
        const ours = recent.value
            .filter(isOurs)
            .sort((a, b) => (a.createTime ?? 0) - (b.createTime ?? 0))[0];
        if (ours)
            return { found: 'ours', change: ours, why: why(ours) };
    }
    // A paused change still holds the environment: restarts are refused until it is resumed.
    const running = !latest.value.finished;
    return running || status.value.applyingChange
        ? { found: 'busy', change: latest.value }
        : { found: 'nothing' };
}
/**
 * One DescribeChanges read, to pace the wait by the blocking change (its age, whether it is
 * paused, how long earlier changes of its kind took). Any failure only means blind pacing.
 */
async function readBlocking(plan, deps) {
    const timeout = lookupTimeout(plan, deps.clock.now());
    try {
        const page = await raceAbort(deps.client.describeChanges(plan.envId, HISTORY_PAGE_SIZE, timeout), deps.signal);
        return page.ok ? blockingChangeOf(page.value, deps.clock.now()) : undefined;
    }
    catch (error) {
        if (isAbort(error))
            throw error;
        return undefined;
    }
}
function pacingNote(change, now) {
    const kind = change.actionName || 'unnamed';
    const past = change.pastDurationsMs;
    const history = past.length === 0
        ? `no earlier ${kind} change to compare with`
        : `${past.length} earlier ${kind} change(s) took ${secs(Math.min(...past))} to ${secs(Math.max(...past))}`;
    return (`Blocking change ${change.changeId} (${kind}) is ${change.paused ? 'paused' : 'running'}, ` +
        `created ${secs(Math.max(0, now - change.createdAt))} ago; ${history}. Retries are paced by that.`);
}
/** Look-ups are safe to cut short: never let one run past the deadline (floor 1 s). */
function lookupTimeout(plan, now) {
    return Math.max(1000, Math.min(plan.requestTimeoutMs, plan.deadline - now));
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * Wires the data path together: inputs → credentials → client → restart → (completion) →
 * report. Owns the single top-level catch and the cancellation signals.
 */











async function run(overrides = {}) {
    const clock = overrides.clock ?? realClock;
    const runStartedAt = clock.now();
    const env = process.env;
    const read = (name) => getInput(name);
    // Masked before anything else can be printed, even an input error.
    const secrets = secretValues(read, env);
    for (const secret of secrets)
        setSecret(secret);
    const clean = (text) => scrub(text, secrets);
    const log = (line) => info(clean(line));
    // pop-core's `debug` would print the string-to-sign (security token included) for DEBUG=roa.
    delete process.env.DEBUG;
    const controller = new AbortController();
    const onSignal = (name) => () => {
        if (controller.signal.aborted)
            return;
        log(`Received ${name}: stopping.`);
        controller.abort();
    };
    const sigint = onSignal('SIGINT');
    const sigterm = onSignal('SIGTERM');
    if (overrides.signal) {
        overrides.signal.addEventListener('abort', () => controller.abort(), { once: true });
    }
    else {
        process.on('SIGINT', sigint);
        process.on('SIGTERM', sigterm);
    }
    const signal = controller.signal;
    // What every module that waits needs: the clock, the cancellation, the log, the jitter.
    const waits = { clock, signal, log, ...(overrides.random ? { random: overrides.random } : {}) };
    const progress = newProgress();
    let settings;
    let client;
    let completion;
    let failure;
    let outcome = 'not started';
    let startOutputsSet = false;
    try {
        settings = parseSettings(read, env);
        setOutput('env-id', settings.envId);
        const credentials = await resolveCredentials(settings, read, env, {
            ...waits,
            secrets,
            runStartedAt,
        });
        debug(`endpoint ${settings.endpoint}, credentials from ${credentials.source}`);
        client = await createWebPlusClient({
            endpoint: settings.endpoint,
            getCredentials: () => credentials.getCredentials(),
            debug: (line) => debug(clean(line)),
        });
        startGroup(`Restart ${settings.envId}`);
        try {
            await restart({
                envId: settings.envId,
                batch: settings.batch,
                retryBaseDelayMs: settings.retryBaseDelayMs,
                retryMaxDelayMs: settings.retryMaxDelayMs,
                requestTimeoutMs: settings.requestTimeoutMs,
                deadline: runStartedAt + settings.waitTimeoutMs,
                waitTimeoutMs: settings.waitTimeoutMs,
            }, { client, ...waits }, progress);
        }
        finally {
            endGroup();
        }
        setStartOutputs(progress);
        startOutputsSet = true;
        outcome = 'restart started';
        const changeId = progress.changeId ?? '';
        if (progress.startTime === undefined) {
            warning('The service sent no usable StartTime: the start-time output is not set.');
        }
        log(`Restart started: change ${changeId} at ${isoTime(progress.startTime) || 'an unknown time'} ` +
            `after ${progress.attempts} RestartAppEnv call(s). Console: ${consoleUrl(settings.envId, settings.region)}`);
        if (settings.waitForCompletion) {
            startGroup(`Wait for change ${changeId}`);
            try {
                completion = await waitForCompletion({
                    changeId,
                    envId: settings.envId,
                    retryBaseDelayMs: settings.retryBaseDelayMs,
                    retryMaxDelayMs: settings.retryMaxDelayMs,
                    requestTimeoutMs: settings.requestTimeoutMs,
                    completionTimeoutMs: settings.completionTimeoutMs,
                }, { client, ...waits });
            }
            finally {
                endGroup();
            }
            setOutput('change-status', completion.status);
            if (completion.change.finishTime !== undefined) {
                setOutput('finish-time', String(completion.change.finishTime));
            }
            outcome = `restart ${completion.status}`;
            if (completion.status === 'paused') {
                notice(`Change ${changeId} is paused between batches: resume it (ResumeChange) in the WebPlus console.`, { title: 'Restart paused' });
            }
            else if (completion.status !== 'succeeded') {
                const message = completion.change.changeMessage || '(the service gave no ChangeMessage)';
                throw new ActionError(`Change ${changeId} ended ${completion.status}: ${message}`, `See the change's log in the WebPlus console: ${consoleUrl(settings.envId, settings.region)}`);
            }
            else {
                notice(`Environment ${settings.envId} restarted (change ${changeId}) in ${secs(completion.elapsedMs)}.`, {
                    title: 'Restart succeeded',
                });
            }
        }
        else {
            notice(`Restart of ${settings.envId} started: change ${changeId}.`, {
                title: 'Restart started',
            });
        }
    }
    catch (error) {
        try {
            if (!startOutputsSet)
                setStartOutputs(progress);
        }
        catch (outputError) {
            // The one place a failure could escape the top-level catch: say it, and go on.
            warning(clean(`Could not set the outputs: ${String(outputError)}`));
        }
        if (isAbort(error)) {
            outcome = 'cancelled';
            failure = `Cancelled; the restart ${whereItStands(progress)}.`;
        }
        else if (error instanceof InputError || error instanceof ActionError) {
            failure = error.message;
            if (outcome === 'not started')
                outcome = progress.state === 'unknown' ? 'outcome unknown' : 'failed';
            else
                outcome = `${outcome}, then failed`;
            if (error instanceof ActionError && error.hint)
                log(`Hint: ${error.hint}`);
        }
        else {
            // A bug, not an expected failure: still one line, but say so.
            failure = `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
            outcome = 'failed';
            debug(clean(error instanceof Error ? await mappedStack(error) : String(error)));
        }
        setFailed(clean(`${ACTION_NAME} failed with: ${failure}`));
    }
    finally {
        client?.close();
        process.off('SIGINT', sigint);
        process.off('SIGTERM', sigterm);
        // Written on every path, an input error included (then with the raw env-id input).
        await writeReport({
            envId: settings?.envId ?? (read('env-id') || '(not given)'),
            region: settings?.region,
            progress,
            outcome,
            ...(completion
                ? { changeStatus: completion.status, completionMs: completion.elapsedMs }
                : {}),
            ...(failure ? { error: failure } : {}),
        }, clean);
    }
    // A cancelled run must end now, not when a request we stopped waiting for times out.
    if (signal.aborted && !overrides.signal)
        process.exit(1);
}
/** The job summary; a failure to write it is a warning, never the step's result. */
async function writeReport(report, clean) {
    try {
        await writeSummary(report, clean);
    }
    catch (error) {
        warning(clean(`Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`));
    }
}
/**
 * The error's stack with src/ file names. Source maps are registered only here, when a stack
 * is about to be printed: registering them at start-up cost ~20 ms before the first request
 * (docs/benchmarks.md). V8 formats a stack on first access, so it is mapped if read after.
 */
async function mappedStack(error) {
    try {
        const { install } = await __nccwpck_require__.e(/* import() */ 622).then(__nccwpck_require__.t.bind(__nccwpck_require__, 3622, 23));
        install({ environment: 'node' });
    }
    catch {
        // Unmapped is still a stack.
    }
    return error.stack ?? error.message;
}
function whereItStands(progress) {
    switch (progress.state) {
        case 'started':
            return `had started as change ${progress.changeId ?? '?'}`;
        case 'in-flight':
        case 'unknown':
            return 'may have started: a RestartAppEnv request was sent and no answer was received; check the console';
        default:
            return 'was not started';
    }
}
async function resolveCredentials(settings, read, env, deps) {
    const { log } = deps;
    if (settings.oidc) {
        rejectKeysBesideRole(read);
        const fromEnv = credentialsFromEnv(env);
        if (fromEnv) {
            log(`Ignoring the keys in ${fromEnv.source}: role-to-assume is set, so the role is assumed.`);
        }
        const waitMs = settings.waitTimeoutMs;
        return assumeRoleWithGitHubOidc({
            oidc: settings.oidc,
            retryBaseDelayMs: settings.retryBaseDelayMs,
            retryMaxDelayMs: settings.retryMaxDelayMs,
            requestTimeoutMs: settings.requestTimeoutMs,
            deadline: deps.runStartedAt + waitMs,
            horizon: deps.runStartedAt +
                waitMs +
                (settings.waitForCompletion ? settings.completionTimeoutMs : 0),
        }, {
            clock: deps.clock,
            signal: deps.signal,
            log,
            mask: (value) => {
                setSecret(value);
                if (!deps.secrets.includes(value))
                    deps.secrets.push(value);
            },
            ...(deps.random ? { random: deps.random } : {}),
        }, env);
    }
    const fixed = credentialsFromInputs(read) ?? credentialsFromEnv(env);
    if (!fixed)
        throw missingCredentialsError();
    if (fixed.source !== 'inputs')
        log(`Using credentials from ${fixed.source}.`);
    const { source, ...credentials } = fixed;
    return { source, getCredentials: () => Promise.resolve(credentials) };
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 3480:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("querystring");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map