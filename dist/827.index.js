export const id = 827;
export const ids = [827];
export const modules = {

/***/ 3788:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ NOT_SENT_CODES)
/* harmony export */ });
/**
 * What an answer of a wire client (WebPlus, src/webplus-client.ts; STS, src/sts.ts) is, as
 * data: a value or a Failure whose kind says whether the request reached the service. What a
 * code means for the action (wait, retry, stop; the hint) is src/errors.ts.
 */
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
    // Node refused to build the request (a header value it cannot carry): nothing was sent.
    'ERR_INVALID_CHAR',
    'ERR_HTTP_INVALID_HEADER_VALUE',
    'ERR_INVALID_HTTP_TOKEN',
]);


/***/ }),

/***/ 2431:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ delayWithinBudget),
/* harmony export */   l: () => (/* binding */ createBackoff)
/* harmony export */ });
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


/***/ }),

/***/ 9373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ac: () => (/* binding */ sleepWithinBudget),
/* harmony export */   Mu: () => (/* binding */ raceAbort),
/* harmony export */   dQ: () => (/* binding */ realClock),
/* harmony export */   oM: () => (/* binding */ AbortedError),
/* harmony export */   rV: () => (/* binding */ isAbort)
/* harmony export */ });
/* harmony import */ var _backoff_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2431);
/** Time as the wait loops see it: injectable so tests run long waits in milliseconds. */

class AbortedError extends Error {
    constructor() {
        super('cancelled');
        this.name = 'AbortError';
    }
}
/**
 * The runner's clock for budgets: epoch ms at the process's start plus the monotonic time since,
 * so that an NTP step of the wall clock neither stretches nor cuts a wait. It reads as the wall
 * clock did at start; service times are compared only with service times.
 */
function monotonicNow() {
    return performance.timeOrigin + performance.now();
}
const realClock = {
    now: monotonicNow,
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
/**
 * The one "next delay within the budget, log, sleep" step of every retry loop (restart,
 * completion, health, OIDC): the proposed delay cut to what is left before `deadline`, one log
 * line naming it (unless the loop logs by its own rule, as the completion heartbeat does), then
 * the sleep. Returns the delay slept, or undefined (nothing slept) when even
 * the base delay would pass the deadline: then the caller gives up.
 */
async function sleepWithinBudget(step, deps, line) {
    const delay = (0,_backoff_js__WEBPACK_IMPORTED_MODULE_0__/* .delayWithinBudget */ .U)(step.proposedMs, step.baseMs, deps.clock.now(), step.deadline);
    if (delay === undefined)
        return undefined;
    if (line)
        deps.log(line(delay));
    await deps.clock.sleep(delay, deps.signal);
    return delay;
}


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GQ: () => (/* binding */ isServerError),
/* harmony export */   JR: () => (/* binding */ hintFor),
/* harmony export */   LF: () => (/* binding */ dispositionOf),
/* harmony export */   _I: () => (/* binding */ scrub),
/* harmony export */   bQ: () => (/* binding */ isPermissionCode),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   lZ: () => (/* binding */ ActionError),
/* harmony export */   vu: () => (/* binding */ isRefusal)
/* harmony export */ });
/* unused harmony export CODE_TABLE */
/** A failure the user can act on: printed as one line, never with a stack trace. */
class ActionError extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
        this.name = 'ActionError';
    }
}
/** The message of anything thrown: an Error's own message, anything else as text. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
const CODE_TABLE = [
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
function rowFor(code, field) {
    return CODE_TABLE.find((row) => row[field] !== undefined && row.pattern.test(code));
}
function dispositionOf(code, status) {
    const decided = rowFor(code, 'disposition')?.disposition;
    if (decided)
        return decided;
    if (status !== undefined && status >= 500)
        return 'retry';
    // Everything else, known (see CODE_TABLE's hints) or not, is fatal: retrying a refused
    // request cannot help.
    return 'fatal';
}
/**
 * A refusal that no retry can change: an api failure whose code is fatal (not busy, not
 * throttled, not a server error). The loops stop asking on it; anything else is asked again.
 */
function isRefusal(failure) {
    return failure.kind === 'api' && dispositionOf(failure.code, failure.status) === 'fatal';
}
/** A Code that says the service failed, whatever the HTTP status: it may have acted first. */
function isServerError(code) {
    return rowFor(code, 'serverError') !== undefined;
}
/** A RAM policy that does not grant the call. */
function isPermissionCode(code) {
    return rowFor(code, 'permission') !== undefined;
}
/** STS AssumeRoleWithOIDC codes: looked up before CODE_TABLE's hints, whose meaning is WebPlus's. */
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
    const sts = service === 'sts' ? STS_HINTS.find(([pattern]) => pattern.test(code))?.[1] : undefined;
    return sts ?? rowFor(code, 'hint')?.hint;
}
/**
 * Removes every secret value from text the action is about to print. The runner masks
 * registered secrets, but the bundle may run elsewhere (act, a local run), and the gateway
 * echoes its string-to-sign, security token included, in SignatureDoesNotMatch.
 */
function scrub(text, secrets) {
    let out = text;
    for (const secret of secrets) {
        if (secret.length < 4)
            continue; // masking one or two characters would garble everything
        out = out.split(secret).join('***');
        // Service text is cut at a length with '…' (serviceText): a cut can fall inside a secret.
        for (let k = secret.length - 1; k >= MIN_CUT_SECRET; k--) {
            const head = `${secret.slice(0, k)}…`;
            if (out.includes(head))
                out = out.split(head).join('***…');
        }
    }
    return out;
}
/** The shortest head of a cut secret that is still masked. */
const MIN_CUT_SECRET = 6;


/***/ }),

/***/ 6264:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   Ly: () => (/* binding */ isoTime),
/* harmony export */   zG: () => (/* binding */ secs)
/* harmony export */ });
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
            // The wire clients write transport failures as a person reads them already.
            return failure.message;
    }
}


/***/ }),

/***/ 8301:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ text),
/* harmony export */   g: () => (/* binding */ record)
/* harmony export */ });
/**
 * Reading untyped JSON as pop-core parses it (json-bigint: integers past 2^53 arrive as
 * BigNumber objects), for the two wire clients (webplus-client.ts, sts.ts).
 */
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
function text(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    // BigNumber's String() turns 10^21 and beyond into "1e+21"; toFixed() keeps the digits.
    if (value !== null && typeof value === 'object' && isBigNumber(value)) {
        return value.toFixed();
    }
    return undefined;
}


/***/ }),

/***/ 5827:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "os"
var external_os_ = __webpack_require__(857);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_.EOL);
}
function issue(name, message = '') {
    issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
// EXTERNAL MODULE: external "crypto"
var external_crypto_ = __webpack_require__(6982);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __webpack_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_.randomUUID()}`;
    const convertedValue = toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return __awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return __awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./src/runner.ts
/**
 * The runner protocol — workflow commands, GITHUB_OUTPUT, the job summary — from
 * @actions/core's own modules, without its entry point: that one imports the ID-token client
 * (@actions/http-client and undici, about 40 ms before the first request; docs/benchmarks.md),
 * which only a keyless run needs (src/oidc.ts, loaded for it alone, imports @actions/core).
 * The functions below are @actions/core 3's own, over its own command writers; the package
 * exports nothing but its entry point, so its modules are named by path.
 */





function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT) {
        issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
        return;
    }
    process.stdout.write(external_node_os_.EOL);
    issueCommand('set-output', { name }, toCommandValue(value));
}
function setFailed(message) {
    process.exitCode = 1;
    issueCommand('error', {}, message);
}
function debug(message) {
    issueCommand('debug', {}, message);
}
function warning(message, properties = {}) {
    issueCommand('warning', toCommandProperties(properties), message);
}
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message);
}
function info(message) {
    process.stdout.write(message + external_node_os_.EOL);
}
function startGroup(name) {
    issue('group', name);
}
function endGroup() {
    issue('endgroup');
}

// EXTERNAL MODULE: ./src/clock.ts
var src_clock = __webpack_require__(9373);
// EXTERNAL MODULE: ./src/backoff.ts
var src_backoff = __webpack_require__(2431);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
;// CONCATENATED MODULE: ./src/events.ts
/**
 * The restart change's events (DescribeEvents with its ChangeId), printed as they appear:
 * each once, in time order. One read per completion poll; a refusal means no events, said once.
 * Bounded by meaning, not only by bytes: at most MAX_EVENTS are kept and printed per change,
 * the rest only counted, so a service that brings new events on every poll cannot grow the
 * memory, the log or the summary.
 */



/** Events kept (and printed) per change; a restart of a large environment has a few per batch. */
const MAX_EVENTS = 200;
/** Time order: EventTimestamp, then EventId (the list's own order is undocumented). */
function byTime(a, b) {
    const ta = a.timestamp ?? Number.MAX_SAFE_INTEGER;
    const tb = b.timestamp ?? Number.MAX_SAFE_INTEGER;
    return ta - tb || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}
/** How an event reads in the log: ISO time, level, message. */
function eventLine(event) {
    return `${(0,format/* isoTime */.Ly)(event.timestamp) || '(no time)'} ${event.level || '-'} ${event.message || event.name || '(no message)'}`;
}
/** "… and N more event(s) …": the line that stands for the events not kept. */
function omittedLine(omitted) {
    return `… and ${omitted} more event(s), not shown: at most ${MAX_EVENTS} are kept per change (the WebPlus console lists them all).`;
}
function createEventFeed(plan, deps) {
    // The IDs of the kept events, and of the previous answer's events beyond the cap: enough to
    // tell a new event from one seen before, in memory bounded by MAX_EVENTS + one answer.
    const kept = new Set();
    let beyond = new Set();
    const events = [];
    let omitted = 0;
    let unavailable;
    return {
        events,
        get omitted() {
            return omitted;
        },
        get unavailable() {
            return unavailable;
        },
        async poll() {
            if (unavailable !== undefined)
                return;
            const answer = await (0,src_clock/* raceAbort */.Mu)(deps.client.describeEvents(plan.envId, plan.changeId, plan.requestTimeoutMs), deps.signal);
            if (!answer.ok) {
                const failure = answer.failure;
                if ((0,errors/* isRefusal */.vu)(failure)) {
                    unavailable = `DescribeEvents was refused (${failure.code})`;
                    deps.log(`${unavailable}: no events are shown. Grant webplus:DescribeEvents to see them.`);
                }
                else {
                    deps.debug?.(`DescribeEvents: ${(0,format/* describeFailure */.Ic)(failure)}; next poll tries again`);
                }
                return;
            }
            const fresh = answer.value.filter((e) => !kept.has(e.eventId)).sort(byTime);
            const nowBeyond = new Set();
            for (const event of fresh) {
                if (kept.has(event.eventId))
                    continue; // listed twice in one answer
                if (events.length < MAX_EVENTS) {
                    kept.add(event.eventId);
                    events.push(event);
                    deps.log(eventLine(event));
                    continue;
                }
                if (!beyond.has(event.eventId) && !nowBeyond.has(event.eventId)) {
                    if (omitted === 0) {
                        deps.log(`More than ${MAX_EVENTS} events: the rest are counted, not printed.`);
                    }
                    omitted += 1;
                }
                nowBeyond.add(event.eventId);
            }
            beyond = nowBeyond;
            events.sort(byTime);
        },
    };
}

;// CONCATENATED MODULE: ./src/pacing-model.ts
/**
 * The mathematics of the pacers (src/pacing.ts), on its own: survival curves of how long a
 * change may run, the expected lag of a sleep, and the exact schedule for a believed survival
 * (optimalDelays). Pure and free of I/O and of the service's shapes; src/pacing.ts turns what
 * was read into these models, and the unit tests check each piece against its definition.
 */
/** A change known only to be running at age fromMs. */
function scaleFreeModel(fromMs) {
    return { fromMs: Math.max(1, fromMs), weight: 0, mu: 0, sigma: 1, lnFrom: 1 };
}
/** P(still running at age x | running at fromMs), for x ≥ fromMs. */
function survival(model, x) {
    const t = Math.max(x, model.fromMs);
    const c = model.offsetMs ?? 0;
    const scaleFree = (model.fromMs + c) / (t + c);
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
function longestDelay(model, ageMs, bounds, lagPerCallMs) {
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
/** Offset c of the blind shape when the age is known: S(x | A) = (A + c)/(x + c). */
const BLIND_OFFSET_MS = 20_000;
/** Spread (of log-durations) at which history is trusted e^(−1) as much as a perfect one. */
const TRUST_SPREAD = 0.5;
/** Spread assumed for a single earlier duration (nothing shows how far it agrees). */
const SINGLE_SPREAD = 0.6;
/** Floor of the fitted spread: no kind of change is more repeatable than this. */
const MIN_SPREAD = 0.1;
function fitHistory(pastDurationsMs, options = {}) {
    const logs = pastDurationsMs.filter((d) => d > 0 && Number.isFinite(d)).map(Math.log);
    const n = logs.length;
    if (n === 0)
        return { n: 0, mu: 0, sigma: 1, trust: 0 };
    const trustSpread = options.trustSpread ?? TRUST_SPREAD;
    const mu = logs.reduce((a, b) => a + b, 0) / n;
    const sd = n > 1
        ? Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1))
        : (options.singleSpread ?? SINGLE_SPREAD);
    // The spread of one more draw of the kind: the sample's, widened for a small sample.
    const sigma = Math.max(MIN_SPREAD, sd) * Math.sqrt(1 + 1 / n);
    const trust = (n / (n + 1)) * Math.exp(-((sd / trustSpread) ** 2));
    return { n, mu, sigma, trust };
}
/** The reference range of a blind guess: durations in [1 s, 1 day]. */
const REF_MIN_MS = 1_000;
const REF_MAX_MS = 86_400_000;
/** Survival of a blind reference guess: log-uniform in [1 s, 1 day]. */
function referenceSurvival(x) {
    if (x <= REF_MIN_MS)
        return 1;
    if (x >= REF_MAX_MS)
        return 0;
    return Math.log(REF_MAX_MS / x) / Math.log(REF_MAX_MS / REF_MIN_MS);
}
/**
 * The survival of a change still running at age `ageMs`, given what its history says: the
 * mixture above conditioned on T > age (history's weight falls as the change outlives it).
 */
function trustedModel(ageMs, fit, offsetMs = BLIND_OFFSET_MS, riseLimit = 1) {
    const from = Math.max(1, ageMs);
    const blind = { ...scaleFreeModel(from), offsetMs };
    if (fit.trust <= 0)
        return blind;
    const lnFrom = logNormalSurvival(from, fit.mu, fit.sigma);
    if (lnFrom < 1e-9)
        return blind;
    const a = fit.trust * lnFrom;
    const bayes = a / (a + (1 - fit.trust) * referenceSurvival(from));
    // Outliving the blind guess does not show the history predictive: its weight only falls.
    const weight = Math.min(fit.trust + riseLimit * (1 - fit.trust), bayes);
    return { fromMs: from, weight, mu: fit.mu, sigma: fit.sigma, lnFrom, offsetMs };
}
// ---------------------------------------------------------------------------------------
// The completion wait's belief and its exact schedule (src/pacing.ts, createCompletionPacer).
/** Offset c of the blind shape from the change's start: S(x) = c/(x + c). */
const COMPLETION_OFFSET_MS = 120_000;
/**
 * Spreads (of log-durations) a kind of change may have, from the most repeatable to hardly
 * repeatable at all; and the prior weight of "earlier durations say nothing of this one".
 */
const SPREADS = [0.1, 0.15, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0];
const UNRELATED_PRIOR = 0.1;
/** Range of log-durations (1 s – 1 day) that durations unrelated to this change fall in. */
const LOG_RANGE = Math.log(REF_MAX_MS / REF_MIN_MS);
/**
 * Bayes over the spreads: with n durations whose log-mean is m and sum of squared deviations
 * SS, a kind of spread σ gives them the likelihood (2πσ²)^(−(n−1)/2)·n^(−½)·e^(−SS/2σ²)/R
 * (their common level uniform over a range R of log-durations), and durations unrelated to
 * each other R^(−n). This change is one more draw: log T ~ N(m, σ²(1 + 1/n)).
 */
function completionBeliefOf(pastDurationsMs, unrelatedPrior = UNRELATED_PRIOR) {
    const logs = pastDurationsMs.filter((d) => d > 0 && Number.isFinite(d)).map(Math.log);
    const n = logs.length;
    if (n === 0)
        return { mu: 0, n: 0, weights: SPREADS.map(() => 0), unrelated: 1 };
    const mu = logs.reduce((x, y) => x + y, 0) / n;
    const ss = logs.reduce((x, y) => x + (y - mu) ** 2, 0);
    // Log-likelihoods relative to "unrelated" (R^(−n)).
    const rel = SPREADS.map((sigma) => (n - 1) * (Math.log(LOG_RANGE) - 0.5 * Math.log(2 * Math.PI * sigma * sigma)) -
        0.5 * Math.log(n) -
        ss / (2 * sigma * sigma));
    const top = Math.max(0, ...rel);
    const prior = (1 - unrelatedPrior) / SPREADS.length;
    const raw = rel.map((r) => prior * Math.exp(r - top));
    const rawUnrelated = unrelatedPrior * Math.exp(-top);
    const total = raw.reduce((x, y) => x + y, 0) + rawUnrelated;
    return { mu, n, weights: raw.map((w) => w / total), unrelated: rawUnrelated / total };
}
/** The belief with at least `floor` of its weight on the blind shape (the rest scaled down). */
function withBlindFloor(belief, floor) {
    const keep = 1 - floor;
    return {
        ...belief,
        weights: belief.weights.map((w) => keep * w),
        unrelated: floor + keep * belief.unrelated,
    };
}
/** The part of a belief whose spreads `keep` selects (no blind part): unnormalised. */
function partOf(belief, keep) {
    return {
        ...belief,
        weights: belief.weights.map((w, i) => (keep(SPREADS[i]) ? w : 0)),
        unrelated: 0,
    };
}
/** The believed survival of a change just started (blind part: c/(x + c)). */
function completionSurvival(belief, offsetMs = COMPLETION_OFFSET_MS) {
    const widen = belief.n > 0 ? Math.sqrt(1 + 1 / belief.n) : 1;
    return (x) => {
        let s = belief.unrelated * (offsetMs / (Math.max(0, x) + offsetMs));
        for (let i = 0; i < SPREADS.length; i++) {
            const w = belief.weights[i];
            if (w > 1e-9) {
                s += w * (x <= 0 ? 1 : logNormalSurvival(x, belief.mu, SPREADS[i] * widen));
            }
        }
        return s;
    };
}
/**
 * The delay after a poll at each grid time (index i: i·stepMs after the start) that minimises
 * E[polls] + λ·E[lag] for a change with survival S, delays within the bounds: λ (polls per
 * second of lag) is `callsPerLagS` where the change ends, or a part's own where it ends in that
 * part. stepMs: the grid (the base delay, between 250 ms and 1 s).
 */
function optimalDelays(survivalOf, bounds, callsPerLagS, horizonMs, parts = []) {
    const stepMs = Math.min(1000, Math.max(250, bounds.baseMs));
    const dMin = Math.max(1, Math.ceil(bounds.baseMs / stepMs));
    const dMax = Math.max(dMin, Math.floor(bounds.maxMs / stepMs));
    const n = Math.max(1, Math.ceil(horizonMs / stepMs));
    const cells = n + dMax + 1;
    const S = grid(survivalOf, cells, stepMs);
    // The end's mass in cell k, each part's at its own price (polls per cell of lag); prefix
    // sums of it (P) and of k times it (Q).
    const priced = [{ S, perCell: (callsPerLagS * stepMs) / 1000 }];
    for (const part of parts) {
        const perCell = ((part.callsPerLagS - callsPerLagS) * stepMs) / 1000;
        priced.push({ S: grid(part.survivalOf, cells, stepMs), perCell });
    }
    const P = new Float64Array(cells + 1);
    const Q = new Float64Array(cells + 1);
    for (let k = 0; k < cells; k++) {
        let w = 0;
        for (const p of priced) {
            w += p.perCell * Math.max(0, p.S[k] - (p.S[k + 1] ?? p.S[k]));
        }
        P[k + 1] = P[k] + w;
        Q[k + 1] = Q[k] + k * w;
    }
    const J = new Float64Array(cells);
    const delays = new Int32Array(n).fill(dMax);
    for (let i = n - 1; i >= 0; i--) {
        const s = S[i];
        if (s <= 1e-12)
            continue;
        let best = Infinity;
        for (let d = dMin; d <= dMax; d++) {
            const j = i + d;
            // Σ over cells k in [i, j) of priced mass_k · (j − k − ½): the lag of this gap, priced.
            const lag = (j - 0.5) * (P[j] - P[i]) - (Q[j] - Q[i]);
            const cost = s + lag + (j < n ? J[j] : 0);
            if (cost < best) {
                best = cost;
                delays[i] = d;
            }
        }
        J[i] = best;
    }
    return { stepMs, delays };
}
function grid(f, cells, stepMs) {
    return Float64Array.from({ length: cells }, (_, i) => f(i * stepMs));
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

;// CONCATENATED MODULE: ./src/pacing.ts

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
    return {
        changeId: current.changeId,
        actionName: current.actionName,
        paused: current.paused,
        createdAt: Math.min(current.createTime, now),
        pastDurationsMs: pastDurationsOf(changes, current.actionName, current.changeId),
    };
}
/**
 * How long the finished, not aborted changes of `actionName` on a page took (newest first, at
 * most MAX_HISTORY), leaving out the change `exceptId`.
 */
function pastDurationsOf(changes, actionName, exceptId) {
    return changes
        .filter((c) => c.changeId !== exceptId &&
        c.finished &&
        !c.aborted &&
        c.actionName === actionName &&
        c.createTime !== undefined &&
        c.finishTime !== undefined &&
        c.finishTime > c.createTime)
        .sort((a, b) => (b.createTime ?? 0) - (a.createTime ?? 0))
        .slice(0, MAX_HISTORY)
        .map((c) => (c.finishTime ?? 0) - (c.createTime ?? 0));
}
// ---------------------------------------------------------------------------------------
// While another change holds the environment (EnvOnChanging): the trusted mixture of
// src/pacing-model.ts (trustedModel), read at each try. Without history (or refused, or no
// readable change), the pace is the blind shape itself, which is the best schedule of the
// blind sweep in bench/wait-policy.ts; with history that carries no information, it is nearly
// that.
/** Lag one call is worth while waiting out EnvOnChanging (docs/benchmarks.md). */
const WAIT_LAG_PER_CALL_MS = 450;
/** The blind age of a change not read: BLIND_ASSUMED_AGE_MS + time waited. */
const BLIND_ASSUMED_AGE_MS = 60_000;
function createWaitPacer(bounds, random = Math.random, options = {}) {
    const lagPerCallMs = options.lagPerCallMs ?? WAIT_LAG_PER_CALL_MS;
    const offsetMs = options.offsetMs ?? BLIND_OFFSET_MS;
    const assumedAgeMs = options.assumedAgeMs ?? BLIND_ASSUMED_AGE_MS;
    const jitter = options.jitter ?? JITTER;
    let fitted;
    return {
        next(now, waitedMs, change) {
            // A paused change does not end by itself: wait at the max (and read again then).
            if (change?.paused)
                return bounds.maxMs;
            let age;
            if (change) {
                age = Math.max(0, now - change.createdAt);
                if (fitted?.change !== change) {
                    // A change read young says little about how long it has left: its blind part is
                    // never more hurried than that of a change assumedAgeMs old.
                    const offset = Math.max(offsetMs, assumedAgeMs - age);
                    const model = trustedModel(age, fitHistory(change.pastDurationsMs, options), offset);
                    fitted = { change, model };
                }
            }
            else {
                age = assumedAgeMs + waitedMs;
                if (!fitted || fitted.change) {
                    fitted = { change, model: { ...scaleFreeModel(age), offsetMs: 0 } };
                }
            }
            const delay = longestDelay(fitted.model, age, bounds, lagPerCallMs);
            return jittered(delay, bounds, jitter, random);
        },
    };
}
// ---------------------------------------------------------------------------------------
// The completion wait: an exact schedule for what the action believes.
//
// A change this run started ends at an unknown T. Before the wait the action believes
//
//   S(x) = Σ w_σ · S_LN,σ(x) + w_blind · c / (x + c)
//
// log-normals fitted to earlier restarts of the environment, one per spread σ the kind may
// have (weighted by Bayes' rule, completionBeliefOf), and the blind shape from the change's
// start (durations that say nothing of this one, and a floor UNLIKE_PRIOR for "this restart is
// not like the earlier ones"). Polls stop once one sees the change finished, so
// E[polls] = Σ S(before each poll), and a change ending at T waits for the next poll.
//
// What a second of that lag is worth depends on where the change ends: where a repeatable kind
// says it will (σ ≤ LOOSE_UP_TO), a second is worth λ_tight or λ_loose polls, since there the
// polls buy the lag cheaply; anywhere else λ_blind, since there they do not. The schedule that
// minimises E[polls] + Σ λ_part · E[lag of the part], delays within the bounds, is found once by
// backward induction over poll times on a grid (optimalDelays). Once the change outlives what
// history said, the rest of the belief is blind and so is the pace: the dense polls stop. The
// conditioning on every poll that found the change running is built in: the schedule is a
// function of the time of the last poll. docs/benchmarks.md measures it against the optimum
// that knows the service's model.
/** Polls one second of lag is worth when the change ends where a tight kind (σ ≤ 0.2) says. */
const COMPLETION_TIGHT_CALLS_PER_LAG_S = 16;
/** … where a looser kind (0.2 < σ ≤ 0.45) says: more, as its end is harder to meet. */
const COMPLETION_LOOSE_CALLS_PER_LAG_S = 32;
/** … anywhere else (blind): few polls buy little lag there. */
const COMPLETION_BLIND_CALLS_PER_LAG_S = 1.5;
const TIGHT_UP_TO = 0.2;
const LOOSE_UP_TO = 0.45;
/**
 * Weight kept on the blind shape whatever history says: a restart may be unlike the earlier
 * ones (a new image, another instance count) even when they agree with each other.
 */
const UNLIKE_PRIOR = 0.05;
/**
 * No jitter: the polls of one run on the change it started do not meet other runs' polls
 * (the wait's jitter is for runs waiting on one blocking change), and jitter only adds polls.
 */
const COMPLETION_JITTER = 0;
/** Past this the schedule is not worked out (completion-timeout's default): max delays. */
const COMPLETION_HORIZON_MS = 1_800_000;
/**
 * The pace of completion polls for a change this run started: `historyMs` holds how long
 * earlier finished changes of its ActionName on the environment took (possibly none). The
 * schedule is worked out once (optimalDelays).
 */
function createCompletionPacer(bounds, historyMs, random = Math.random, options = {}) {
    // Without history the belief is all blind already: the floor changes nothing there.
    const belief = withBlindFloor(completionBeliefOf(historyMs, options.unrelatedPrior), options.unlikePrior ?? UNLIKE_PRIOR);
    const tightUpTo = options.tightUpTo ?? TIGHT_UP_TO;
    const looseUpTo = options.looseUpTo ?? LOOSE_UP_TO;
    const part = (keep) => completionSurvival(partOf(belief, keep), options.offsetMs);
    const { stepMs, delays } = optimalDelays(completionSurvival(belief, options.offsetMs), bounds, options.blindCallsPerLagS ?? COMPLETION_BLIND_CALLS_PER_LAG_S, options.horizonMs ?? COMPLETION_HORIZON_MS, [
        {
            survivalOf: part((x) => x <= tightUpTo),
            callsPerLagS: options.tightCallsPerLagS ?? COMPLETION_TIGHT_CALLS_PER_LAG_S,
        },
        {
            survivalOf: part((x) => x > tightUpTo && x <= looseUpTo),
            callsPerLagS: options.looseCallsPerLagS ?? COMPLETION_LOOSE_CALLS_PER_LAG_S,
        },
    ]);
    const jitter = options.jitter ?? COMPLETION_JITTER;
    return {
        next(elapsedMs) {
            const i = Math.floor(Math.max(0, elapsedMs) / stepMs);
            const delay = i < delays.length ? delays[i] * stepMs : bounds.maxMs;
            return jittered(delay, bounds, jitter, random);
        },
    };
}
function jittered(delay, bounds, jitter, random) {
    const factor = 1 - jitter * random();
    return Math.round(Math.min(bounds.maxMs, Math.max(bounds.baseMs, delay * factor)));
}

// EXTERNAL MODULE: ./src/polling.ts
var polling = __webpack_require__(2692);
;// CONCATENATED MODULE: ./src/completion.ts
/**
 * Polls a started change until it ends (or pauses between batches), within completion-timeout.
 * Two timers run beside the polls and never cause one: the heartbeat (a log line at least every
 * HEARTBEAT_MS, src/polling.ts) and the events read (DescribeEvents at least every EVENTS_EVERY_MS while the
 * change runs, and once when it ends).
 */







/** How long a just-started change may stay invisible to DescribeChange (ChangeNotExists). */
const NEW_CHANGE_GRACE_MS = 15_000;
/** The change's events are read at least this often while it runs (and once when it ends). */
const EVENTS_EVERY_MS = 60_000;
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
    const { client, clock, signal } = deps;
    const startedAt = clock.now();
    const wait = {
        startedAt,
        deadline: startedAt + plan.completionTimeoutMs,
        heartbeat: (0,polling/* createHeartbeat */.Vn)(startedAt),
        lastStatus: undefined,
        lastError: '',
        eventsAt: undefined,
    };
    const pacing = createPacing(plan, deps);
    /** The change's ActionName, once a poll has shown it. */
    let actionName;
    // Without the page read before the send, earlier changes are read once (DescribeChanges).
    let historyRead = plan.history !== undefined;
    for (;;) {
        const now = clock.now();
        const delay = (0,src_backoff/* delayWithinBudget */.U)(pacing.pacer.next(now - startedAt), plan.retry.retryBaseDelayMs, now, wait.deadline);
        if (delay === undefined)
            throw timedOut(plan, wait);
        await sleepUntil(now + delay, plan, deps, wait);
        const timeout = (0,polling/* forcedCallTimeout */.xZ)(plan.retry.requestTimeoutMs, wait.deadline, clock.now());
        let answer;
        if (actionName !== undefined && !historyRead) {
            historyRead = true;
            answer = await readHistoryPage(plan, deps, pacing, actionName, timeout);
        }
        answer ??= await (0,src_clock/* raceAbort */.Mu)(client.describeChange(plan.envId, plan.changeId, timeout), signal);
        const elapsed = clock.now() - startedAt;
        if (!answer.ok) {
            notePollFailure(answer.failure, elapsed, plan, deps, wait);
            continue;
        }
        wait.lastError = '';
        if (actionName === undefined && answer.value.actionName) {
            actionName = answer.value.actionName;
            pacing.correctKind(actionName);
        }
        const status = statusOf(answer.value);
        noteStatus(status, elapsed, plan, deps, wait);
        // The first events read comes with the first answer; later ones by the timer; the last one
        // when the change has ended.
        if (wait.eventsAt === undefined || status !== 'running')
            await readEvents(plan, deps, wait);
        if (status !== 'running')
            return { status, change: answer.value, elapsedMs: elapsed };
        const left = callTimeoutOf(plan, deps, wait);
        if (deps.whileRunning && left !== undefined)
            await deps.whileRunning(left);
    }
}
/** The time-out of a call started now: none with less than a second left before the deadline. */
function callTimeoutOf(plan, deps, wait) {
    return (0,polling/* callTimeout */.I3)(plan.retry.requestTimeoutMs, wait.deadline, deps.clock.now());
}
async function readEvents(plan, deps, wait) {
    if (!deps.readEvents)
        return;
    wait.eventsAt = deps.clock.now();
    // No request keeps its time-out past the deadline; with less than a second left, none.
    const timeoutMs = callTimeoutOf(plan, deps, wait);
    if (timeoutMs !== undefined)
        await deps.readEvents(timeoutMs);
}
/** Sleeps until `until`, keeping the heartbeat and the events timer on the way. */
async function sleepUntil(until, plan, deps, wait) {
    const { clock, signal, log } = deps;
    for (;;) {
        const now = clock.now();
        if (now >= until)
            return;
        const beatAt = wait.lastStatus === undefined ? Infinity : wait.heartbeat.dueAt();
        const readAt = wait.eventsAt === undefined || wait.lastStatus !== 'running'
            ? Infinity
            : wait.eventsAt + EVENTS_EVERY_MS;
        const next = Math.min(until, beatAt, readAt);
        if (next > now)
            await clock.sleep(next - now, signal);
        if (next === until)
            return;
        if (next === beatAt) {
            log(`Change ${plan.changeId}: still ${wait.lastStatus} (${(0,format/* secs */.zG)(clock.now() - wait.startedAt)} elapsed)`);
            wait.heartbeat.printed(clock.now());
        }
        if (next === readAt)
            await readEvents(plan, deps, wait);
    }
}
function timedOut(plan, wait) {
    return new errors/* ActionError */.lZ(`Change ${plan.changeId} had not finished after completion-timeout (${(0,format/* secs */.zG)(plan.completionTimeoutMs)}); ` +
        `last seen: ${wait.lastStatus ?? 'no answer'}${wait.lastError ? `, last error: ${wait.lastError}` : ''}. ` +
        'The restart goes on in the service.', `Follow change ${plan.changeId} of environment ${plan.envId} in the WebPlus console, or raise completion-timeout.`);
}
/**
 * The longest a finished change may go unseen between two polls, whatever retry-max-delay
 * says. Not the heartbeat: that is a log line on its own timer (HEARTBEAT_MS), which it happens
 * to equal.
 */
const MAX_POLL_DELAY_MS = 30_000;
function createPacing(plan, deps) {
    // Polls are paced by how long earlier restarts of the environment took: dense where agreeing
    // history puts the end, sparse elsewhere (src/pacing.ts), within [retry-base-delay,
    // MAX_POLL_DELAY_MS].
    const { baseMs, maxMs } = (0,polling/* backoffBoundsOf */.N3)(plan.retry);
    const bounds = { baseMs, maxMs: Math.max(baseMs, Math.min(maxMs, MAX_POLL_DELAY_MS)) };
    const options = { horizonMs: plan.completionTimeoutMs, ...deps.pacing };
    const paced = (changes, kind) => createCompletionPacer(bounds, pastDurationsOf(changes, kind, plan.changeId), deps.random, options);
    const earlier = plan.history?.changes;
    /** The ActionName the pacer's history is of (before the first answer: a guess by name). */
    let pacedBy = earlier ? restartKindOf(earlier) : undefined;
    const pacing = {
        pacer: earlier && pacedBy !== undefined
            ? paced(earlier, pacedBy)
            : createCompletionPacer(bounds, [], deps.random, options),
        paceBy(changes, actionName) {
            pacing.pacer = paced(changes, actionName);
        },
        correctKind(actionName) {
            if (!earlier || actionName === pacedBy)
                return;
            pacedBy = actionName;
            pacing.pacer = paced(earlier, actionName);
        },
    };
    return pacing;
}
/**
 * One DescribeChanges read of earlier changes of the same kind, in place of this poll when the
 * change is on the page; re-paces by them. Undefined when the page fails or lacks the change.
 */
async function readHistoryPage(plan, deps, pacing, actionName, timeout) {
    const page = await (0,src_clock/* raceAbort */.Mu)(deps.client.describeChanges(plan.envId, { size: HISTORY_PAGE_SIZE, number: 1, actionName }, timeout), deps.signal);
    if (!page.ok)
        return undefined;
    pacing.paceBy(page.value.changes, actionName);
    const mine = page.value.changes.find((c) => c.changeId === plan.changeId);
    return mine ? { ok: true, value: mine, requestId: '' } : undefined;
}
/** A refused poll ends the wait; anything else is logged and retried. */
function notePollFailure(failure, elapsed, plan, deps, wait) {
    wait.lastError = (0,format/* describeFailure */.Ic)(failure);
    // A new change may not be visible at once (read-after-write): ChangeNotExists within
    // the first seconds of the wait is retried, not taken as an answer.
    const settling = failure.kind === 'api' && failure.code === 'ChangeNotExists' && elapsed < NEW_CHANGE_GRACE_MS;
    if (!settling && (0,errors/* isRefusal */.vu)(failure)) {
        throw new errors/* ActionError */.lZ(`DescribeChange failed for change ${plan.changeId}: ${wait.lastError}. The restart goes on in the service.`, (0,errors/* hintFor */.JR)(failure.code));
    }
    deps.log(`DescribeChange: ${wait.lastError}; retrying (${(0,format/* secs */.zG)(elapsed)} elapsed)`);
    wait.heartbeat.printed(deps.clock.now());
}
/** Logs the change's status when it differs from the last one logged. */
function noteStatus(status, elapsed, plan, deps, wait) {
    if (status === wait.lastStatus)
        return;
    deps.log(`Change ${plan.changeId}: ${status} (${(0,format/* secs */.zG)(elapsed)} elapsed)`);
    wait.lastStatus = status;
    wait.heartbeat.printed(deps.clock.now());
}
/**
 * The ActionName of this run's restart as far as earlier changes tell before the service has
 * named it: the newest change whose ActionName or ChangeName names a restart. Only pacing rests
 * on it, and the first answer corrects it.
 */
function restartKindOf(changes) {
    const named = changes
        .filter((c) => c.actionName && /restart/i.test(`${c.actionName} ${c.changeName}`))
        .sort((a, b) => (b.createTime ?? 0) - (a.createTime ?? 0));
    return named[0]?.actionName;
}
/**
 * The events read as the completion wait calls it: DescribeEvents with its time-out cut to what
 * the wait has left, printing each event once (src/events.ts). Any failure but cancellation
 * means no events this time.
 */
function completionEvents(plan, deps) {
    let cutMs = plan.requestTimeoutMs;
    const client = {
        describeEvents: (envId, changeId, timeoutMs) => deps.client.describeEvents(envId, changeId, Math.min(timeoutMs, cutMs)),
        describeAppEnvInstanceHealth: (envId, timeoutMs) => deps.client.describeAppEnvInstanceHealth(envId, timeoutMs),
    };
    const feed = createEventFeed(plan, { ...deps, client });
    return {
        feed,
        readEvents: async (timeoutMs) => {
            cutMs = timeoutMs;
            try {
                await feed.poll();
            }
            catch (error) {
                if ((0,src_clock/* isAbort */.rV)(error))
                    throw error;
                deps.debug?.(`events: ${String(error)}`);
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/endpoints.ts
/**
 * Region → WebPlus endpoint (docs/webplus-api.md), and the rules an endpoint URL must meet.
 * Public hosts only: a runner outside Alibaba Cloud (GitHub-hosted) cannot reach a VPC endpoint.
 */
const HANGZHOU = 'https://webplus.cn-hangzhou.aliyuncs.com';
const CENTRAL = 'https://webplus.aliyuncs.com';
const REGION_ENDPOINTS = {
    'cn-hangzhou': HANGZHOU,
    'cn-beijing': HANGZHOU,
    'cn-shanghai': HANGZHOU,
    'cn-shenzhen': HANGZHOU,
    'cn-zhangjiakou': HANGZHOU,
    ...Object.fromEntries([
        'ap-northeast-1',
        'ap-south-1',
        'ap-southeast-1',
        'ap-southeast-2',
        'ap-southeast-3',
        'ap-southeast-5',
        'cn-chengdu',
        // The newer SDK maps (and OpenAPI meta) name webplus-vpc.cn-hongkong.aliyuncs.com, a VPC
        // host; aliyun-java-sdk-webplus's map names the public central endpoint (docs/webplus-api.md).
        'cn-hongkong',
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
        return {
            error: `"${withoutUserinfo(raw)}" is not a URL (expected e.g. https://webplus.aliyuncs.com)`,
        };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        return { error: `must start with https:// (got ${parsed.protocol}//)` };
    }
    if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
        return {
            error: `http:// is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost); use https:// for ${parsed.hostname}`,
        };
    }
    if (parsed.username || parsed.password) {
        return { error: 'must not carry credentials (user:password@): they are never printed or sent' };
    }
    if (parsed.pathname !== '/' || parsed.search || parsed.hash) {
        return {
            error: 'must be a bare origin such as https://webplus.aliyuncs.com (no path or query)',
        };
    }
    return { url: parsed.origin };
}
/** The text with anything that looks like URL credentials (`//user:pass@`) replaced: never printed. */
function withoutUserinfo(raw) {
    return raw.replace(/\/\/[^/?#\s]*@/g, '//***@').slice(0, 200);
}

// EXTERNAL MODULE: ./src/service-text.ts
var service_text = __webpack_require__(8114);
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
    'health-timeout': 300,
    'role-session-name': 'github-actions-webplus-restart',
    'role-duration-seconds': 3600,
    audience: 'sts.aliyuncs.com',
    'sts-endpoint': 'https://sts.aliyuncs.com',
};
const SIX_HOURS = 6 * 60 * 60; // a GitHub-hosted job's own limit: no wait can usefully be longer
const ENV_ID = /^we-[0-9a-f]+$/i;
/** The shortest retry delay accepted, in seconds. */
const MIN_DELAY_S = 0.05;
/** ARNs as RAM writes them: the whole value, no spaces, nothing after the name. */
const ROLE_ARN = /^acs:ram::\d{1,20}:role\/[A-Za-z0-9.@_/-]{1,128}$/;
const OIDC_PROVIDER_ARN = /^acs:ram::\d{1,20}:oidc-provider\/[A-Za-z0-9.@_-]{1,128}$/;
/** An OIDC audience (a client ID of the RAM OIDC provider): visible ASCII, no spaces or commas. */
function isAudience(value) {
    return value.length <= 128 && service_text/* HEADER_SAFE */.AH.test(value) && !value.includes(',');
}
function parseSettings(input, env) {
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
        abortOnCancel: inputs_boolean(input, 'abort-on-cancel') ?? false,
        stopOnUnhealthy,
        dryRun: inputs_boolean(input, 'dry-run') ?? false,
    };
}
function parseEnvId(input) {
    const envId = input('env-id');
    if (!envId)
        throw new InputError('env-id', 'is required (the environment ID, like we-5d39b8ba6786bd4b1490abcd)');
    if (!ENV_ID.test(envId) || envId.length > 32) {
        throw new InputError('env-id', `"${envId}" is not an environment ID: expected "we-" and hex digits, 32 characters at most`);
    }
    return envId;
}
function parseRetry(input) {
    // Below 0.05 s is a typo (0.001 would send hundreds of requests a second), not a wish.
    const base = seconds(input, 'retry-base-delay', { min: MIN_DELAY_S, max: 3600 });
    const max = seconds(input, 'retry-max-delay', { min: MIN_DELAY_S, max: 3600 });
    if (max < base) {
        throw new InputError('retry-max-delay', `(${max}) must be at least retry-base-delay (${base})`);
    }
    return { retryBaseDelayMs: base * 1000, retryMaxDelayMs: max * 1000 };
}
function parseWaits(input) {
    const waitForHealthy = inputs_boolean(input, 'wait-for-healthy') ?? false;
    // wait-for-healthy waits for the change first: it implies wait-for-completion.
    const waitForCompletion = (inputs_boolean(input, 'wait-for-completion') ?? false) || waitForHealthy;
    const completionTimeout = seconds(input, 'completion-timeout', { min: 1, max: SIX_HOURS });
    const healthTimeout = seconds(input, 'health-timeout', { min: 1, max: SIX_HOURS });
    return {
        waitForCompletion,
        completionTimeoutMs: completionTimeout * 1000,
        waitForHealthy,
        healthTimeoutMs: healthTimeout * 1000,
    };
}
function parseStopOnUnhealthy(input, batch, waitForHealthy) {
    const stopOnUnhealthy = inputs_boolean(input, 'stop-on-unhealthy') ?? false;
    if (stopOnUnhealthy && (!waitForHealthy || !isRolling(batch))) {
        throw new InputError('stop-on-unhealthy', 'needs a rolling restart (batch-size or batch-percent) and wait-for-healthy: true');
    }
    return stopOnUnhealthy;
}
/** A change ID as WebPlus writes them. */
const CHANGE_ID = /^wc-[0-9a-z]{1,64}$/i;
function parseResume(input, batch) {
    const id = input('resume-change-id');
    if (!id)
        return undefined;
    if (!CHANGE_ID.test(id)) {
        throw new InputError('resume-change-id', `"${id}" is not a change ID: expected "wc-" and letters or digits`);
    }
    if (Object.keys(batch).length > 0) {
        throw new InputError('resume-change-id', 'cannot be combined with the batch-* inputs: a resumed change keeps the batches it was started with');
    }
    return id;
}
function isRolling(batch) {
    return batch.batchSize !== undefined || batch.batchPercent !== undefined;
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
function parseBatch(input) {
    const batch = {};
    const size = integer(input, 'batch-size', { min: 1, max: 10000 });
    const percent = integer(input, 'batch-percent', { min: 1, max: 100 });
    if (size !== undefined && percent !== undefined) {
        throw new InputError('batch-percent', 'cannot be combined with batch-size: give one of them');
    }
    const interval = integer(input, 'batch-interval', { min: 0, max: 86400 });
    const pause = inputs_boolean(input, 'pause-between-batches');
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
function parseOidc(input) {
    const roleToAssume = input('role-to-assume');
    const oidcProviderArn = input('oidc-provider-arn');
    if (!roleToAssume && !oidcProviderArn)
        return undefined;
    if (!roleToAssume)
        throw new InputError('role-to-assume', 'is required when oidc-provider-arn is set');
    if (!oidcProviderArn)
        throw new InputError('oidc-provider-arn', 'is required when role-to-assume is set');
    if (!ROLE_ARN.test(roleToAssume)) {
        throw new InputError('role-to-assume', `"${roleToAssume}" is not a RAM role ARN (acs:ram::<account>:role/<name>)`);
    }
    if (!OIDC_PROVIDER_ARN.test(oidcProviderArn)) {
        throw new InputError('oidc-provider-arn', `"${oidcProviderArn}" is not an OIDC provider ARN (acs:ram::<account>:oidc-provider/<name>)`);
    }
    const audience = input('audience') || DEFAULTS.audience;
    if (!isAudience(audience)) {
        throw new InputError('audience', 'must be one client ID of the OIDC provider: 1 to 128 visible ASCII characters, no spaces or commas');
    }
    const stsRaw = input('sts-endpoint') || DEFAULTS['sts-endpoint'];
    const sts = normaliseEndpoint(stsRaw);
    if ('error' in sts)
        throw new InputError('sts-endpoint', sts.error);
    return {
        roleToAssume,
        oidcProviderArn,
        roleSessionName: sessionName(input('role-session-name') || DEFAULTS['role-session-name']),
        roleDurationSeconds: integer(input, 'role-duration-seconds', { min: 900, max: 43200 }) ??
            DEFAULTS['role-duration-seconds'],
        audience,
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
function seconds(input, name, range) {
    const raw = input(name);
    if (!raw)
        return DEFAULTS[name];
    if (!DECIMAL.test(raw)) {
        throw new InputError(name, `"${raw}" is not a number of seconds (a non-negative decimal, e.g. ${DEFAULTS[name]})`);
    }
    return inRange(name, Number(raw), range);
}
function integer(input, name, range) {
    const raw = input(name);
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
function inputs_boolean(input, name) {
    const raw = input(name);
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
function secretValues(input, env) {
    const values = [input('access-key-secret'), input('security-token')];
    for (const [, secret, token] of ENV_FAMILIES)
        values.push(env[secret] ?? '', env[token] ?? '');
    return [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
}
/** Keys given as inputs, or undefined when none were given. */
function credentialsFromInputs(input) {
    const accessKeyId = input('access-key-id');
    const accessKeySecret = input('access-key-secret');
    const securityToken = input('security-token');
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
    headerSafe('access-key-id', accessKeyId);
    headerSafe('access-key-secret', accessKeySecret);
    if (securityToken)
        headerSafe('security-token', securityToken);
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
            const token = env[tokenName]?.trim();
            headerSafe(idName, accessKeyId);
            headerSafe(secretName, accessKeySecret);
            if (token)
                headerSafe(tokenName, token);
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
/**
 * A credential travels in a request header (the key ID, the token) or signs one (the secret):
 * a line break or a character outside visible ASCII would make Node refuse to build the
 * request, which must read as the input error it is, not as an outage. The value is never
 * echoed.
 */
function headerSafe(name, value) {
    if (!service_text/* HEADER_SAFE */.AH.test(value)) {
        throw new InputError(name, 'holds a space, a line break or a character outside visible ASCII: check the secret for a stray newline or a pasted character');
    }
}
function missingCredentialsError() {
    const families = ENV_FAMILIES.map(([id, secret]) => `${id}/${secret}`).join(', ');
    return new InputError('access-key-id', `no credentials found: set access-key-id and access-key-secret (from secrets), or role-to-assume with oidc-provider-arn, or the variables ${families}`);
}
/** Keys given as inputs beside role-to-assume: ambiguous, so refused (before any request). */
function rejectKeysBesideRole(input) {
    const given = ['access-key-id', 'access-key-secret', 'security-token'].filter((n) => input(n));
    if (given.length === 0)
        return;
    throw new InputError('role-to-assume', `cannot be combined with ${given.join(', ')}: drop ${given.join(' and ')} to assume the role (keyless), ` +
        'or drop role-to-assume and oidc-provider-arn to use the keys');
}

;// CONCATENATED MODULE: ./src/health.ts
/**
 * After the restart change succeeded: polls DescribeAppEnvStatus until its InstanceAppStatus
 * shows at least one healthy instance and no unhealthy, stopped or unknown one, within
 * health-timeout. DescribeAppEnvInstanceHealth tells whether health checks are on, and names
 * the instances, where the RAM identity may call it.
 */





function notHealthy(counts) {
    return counts.unhealthy + counts.stopped + counts.unknown;
}
function isHealthy(counts) {
    return counts !== undefined && counts.healthy >= 1 && notHealthy(counts) === 0;
}
function countsLine(c) {
    return `${c.healthy} healthy, ${c.unhealthy} unhealthy, ${c.stopped} stopped, ${c.unknown} unknown`;
}
/** Instances named in one log line or annotation; the rest are counted ("… and N more"). */
const MAX_NAMED_INSTANCES = 20;
/**
 * "i-1 (Unhealthy), i-2 (Stopped), … and N more": an environment of 15 000 instances must not
 * make a 500 KB annotation, so a list in a line is always capped.
 */
function namedInstances(instances, max = MAX_NAMED_INSTANCES) {
    const named = instances
        .slice(0, max)
        .map((i) => `${i.instanceId} (${i.appStatus || 'no status'})`)
        .join(', ');
    const more = instances.length - max;
    return more > 0 ? `${named}, … and ${more} more` : named;
}
/** Instances whose AppStatus does not read as healthy (the values are undocumented: compare loosely). */
function unhealthyInstances(instances) {
    return instances.filter((i) => !/^healthy$/i.test(i.appStatus));
}
async function waitForHealthy(plan, deps) {
    const { clock } = deps;
    const startedAt = clock.now();
    const deadline = startedAt + plan.healthTimeoutMs;
    // Every call ends by `deadline`: the polls by a second before it, kept for naming the
    // instances once the time is out.
    const pollDeadline = deadline - polling/* MIN_CALL_MS */.hI;
    /** The request-timeout cut to `end`; undefined when too little is left (unless `once`). */
    const timeout = (end, once = false) => (0,polling/* callTimeout */.I3)(plan.retry.requestTimeoutMs, end, clock.now()) ??
        (once ? (0,polling/* forcedCallTimeout */.xZ)(plan.retry.requestTimeoutMs, deadline, clock.now()) : undefined);
    const names = createInstanceReader(plan, deps);
    const first = await names.list(timeout(pollDeadline, true));
    if (first.enabled === false) {
        deps.warning(`Environment ${plan.envId} has health checks turned off (EnableHealthCheck is false): not waiting for healthy instances.`);
        return {
            status: 'disabled',
            counts: undefined,
            elapsedMs: clock.now() - startedAt,
            instances: first.instances,
            instancesUnavailable: names.unavailable(),
        };
    }
    const polled = await pollUntilHealthy(plan, deps, { startedAt, pollDeadline, timeout });
    const end = await names.list(timeout(deadline));
    return {
        status: polled.healthyAfterMs !== undefined ? 'healthy' : 'timed-out',
        counts: polled.counts,
        elapsedMs: polled.healthyAfterMs ?? clock.now() - startedAt,
        instances: end.instances,
        instancesUnavailable: names.unavailable(),
    };
}
/**
 * Reads the instance list (DescribeAppEnvInstanceHealth). A refusal is said once and remembered
 * (`unavailable`): the list is not asked for again.
 */
function createInstanceReader(plan, deps) {
    const { client, signal, log } = deps;
    let instancesUnavailable;
    const none = { instances: undefined, enabled: undefined };
    /** The instance list, or undefined (refused: said once; no time left; anything else: not now). */
    const list = async (timeoutMs) => {
        if (instancesUnavailable !== undefined)
            return none;
        if (timeoutMs === undefined) {
            log('No time was left before health-timeout to name the instances.');
            return none;
        }
        const answer = await (0,src_clock/* raceAbort */.Mu)(client.describeAppEnvInstanceHealth(plan.envId, timeoutMs), signal);
        if (answer.ok) {
            return {
                enabled: answer.value.enableHealthCheck,
                instances: answer.value.instances,
            };
        }
        const failure = answer.failure;
        if ((0,errors/* isRefusal */.vu)(failure)) {
            instancesUnavailable = `DescribeAppEnvInstanceHealth was refused (${failure.code})`;
            log(`${instancesUnavailable}: instances are not named. Grant webplus:DescribeAppEnvInstanceHealth to see them.`);
        }
        else {
            log(`DescribeAppEnvInstanceHealth: ${(0,format/* describeFailure */.Ic)(failure)}`);
        }
        return none;
    };
    return { list, unavailable: () => instancesUnavailable };
}
/**
 * Polls DescribeAppEnvStatus until the counts read healthy or `pollDeadline` comes. Returns the
 * last counts and, when healthy, how long after `startedAt` the healthy answer came.
 */
async function pollUntilHealthy(plan, deps, times) {
    const { client, clock, signal, log } = deps;
    const { startedAt, pollDeadline, timeout } = times;
    const backoff = (0,src_backoff/* createBackoff */.l)((0,polling/* backoffBoundsOf */.N3)(plan.retry), deps.random);
    let counts;
    let lastLine = '';
    const heartbeat = (0,polling/* createHeartbeat */.Vn)(startedAt);
    let polled = false;
    for (;;) {
        const now = clock.now();
        if (polled) {
            const proposed = Math.min(backoff.next(), Math.max(plan.retry.retryBaseDelayMs, heartbeat.dueAt() - now));
            const slept = await (0,src_clock/* sleepWithinBudget */.Ac)({ proposedMs: proposed, baseMs: plan.retry.retryBaseDelayMs, deadline: pollDeadline }, { clock, signal, log: deps.log });
            if (slept === undefined)
                break;
        }
        const timeoutMs = timeout(pollDeadline, !polled);
        if (timeoutMs === undefined)
            break;
        polled = true;
        const answer = await (0,src_clock/* raceAbort */.Mu)(client.describeAppEnvStatus(plan.envId, timeoutMs), signal);
        const elapsed = clock.now() - startedAt;
        if (!answer.ok) {
            logStatusFailure(answer.failure, elapsed, log);
            heartbeat.printed(clock.now());
            continue;
        }
        counts = answer.value.instances;
        const line = counts ? countsLine(counts) : 'no InstanceAppStatus in the answer';
        if (line !== lastLine) {
            log(`Instances: ${line} (${(0,format/* secs */.zG)(elapsed)} elapsed)`);
            lastLine = line;
            heartbeat.printed(clock.now());
            backoff.reset();
        }
        else if (heartbeat.isDue(clock.now())) {
            log(`Instances: still ${line} (${(0,format/* secs */.zG)(elapsed)} elapsed)`);
            heartbeat.printed(clock.now());
        }
        if (isHealthy(counts))
            return { counts, healthyAfterMs: elapsed };
    }
    return { counts, healthyAfterMs: undefined };
}
/** A refusal ends the wait (asking again will not help); anything else is logged and retried. */
function logStatusFailure(failure, elapsed, log) {
    const text = (0,format/* describeFailure */.Ic)(failure);
    if ((0,errors/* isRefusal */.vu)(failure)) {
        throw new errors/* ActionError */.lZ(`DescribeAppEnvStatus failed while waiting for healthy instances: ${text}.`, (0,errors/* hintFor */.JR)(failure.code));
    }
    log(`DescribeAppEnvStatus: ${text}; retrying (${(0,format/* secs */.zG)(elapsed)} elapsed)`);
}

;// CONCATENATED MODULE: ./src/outcome.ts
/**
 * How a run ended, as a value: its kind (which picks the summary's heading and the annotation),
 * one sentence of what happened and, on failure or cancellation, the reason and what to do.
 */





const HEADINGS = {
    started: '✅ Restart started',
    succeeded: '✅ Restart succeeded',
    paused: '⏸️ Restart paused between batches',
    failed: '❌ Restart failed',
    cancelled: '⚠️ Restart cancelled',
    unknown: '⚠️ Restart outcome unknown',
    checked: '🔎 Dry run: a real run could proceed',
    'check-failed': '❌ Dry run: a real run would not proceed',
};
/**
 * The gateway's SignatureDoesNotMatch message ends with the string it signed (x-acs-* headers,
 * the security token among them): a person needs none of it, so it is cut off.
 */
function withoutWireDetail(text) {
    return text.replace(/\s*server string to sign is:[\s\S]*?(?=\s*\(RequestId |$)/i, '');
}
/** error → outcome: the one place a failure becomes words. Every failure gets a hint. */
function outcomeOfError(error, stage, progress, envId, context) {
    const where = whereItStands(progress, context.changeStatus);
    if ((0,src_clock/* isAbort */.rV)(error)) {
        return {
            kind: 'cancelled',
            sentence: CANCELLED[stage],
            reason: `Cancelled${stage === 'health' ? ' during the wait for healthy instances' : ''}; the restart ${where}.`,
            hint: nextStep(progress, context),
        };
    }
    if (!(error instanceof InputError || error instanceof errors/* ActionError */.lZ)) {
        return unexpectedOutcome(error, progress, context, where);
    }
    return failedOutcome(error, stage, progress, envId, context);
}
/**
 * A bug, or something a server made the HTTP layer throw: still one line, but say so, and say
 * where the restart stands.
 */
function unexpectedOutcome(error, progress, context, where) {
    const unsettled = progress.state === 'unsettled' || progress.state === 'in-flight';
    return {
        kind: unsettled ? 'unknown' : 'failed',
        sentence: 'The step stopped on an unexpected error.',
        reason: `unexpected error: ${(0,service_text/* serviceText */.Lo)((0,errors/* errorMessage */.gJ)(error))}; ` + `the restart ${where}.`,
        hint: `${nextStep(progress, context)} Re-run the job with debug logging to see where it stopped, and report it as a bug.`,
    };
}
/** An error the action raised on purpose (an input or a service answer): its message is the reason. */
function failedOutcome(error, stage, progress, envId, context) {
    // Our messages may hold lines (a workflow snippet); nothing that moves the cursor or hides text.
    let reason = withoutWireDetail(error.message).replace(service_text/* UNSAFE_BUT_NEWLINE */.GA, ' ');
    const hint = (error instanceof errors/* ActionError */.lZ ? error.hint : undefined) ?? nextStep(progress, context);
    if (progress.state === 'unsettled' || progress.state === 'in-flight') {
        return {
            kind: 'unknown',
            sentence: `The restart of ${envId} may have started: a RestartAppEnv request got no answer that settles it.`,
            reason,
            hint,
        };
    }
    // The summary's sentence already says that nothing was started: its reason need not say it
    // again. The annotation stands alone and keeps it.
    const whole = reason;
    if (progress.state === 'not-started')
        reason = reason.replace(NOT_STARTED_TAIL, '');
    return {
        kind: stage === 'dry-run' ? 'check-failed' : 'failed',
        sentence: failureSentence(stage, envId, progress.changeId ?? '?'),
        reason,
        hint,
        ...(whole !== reason ? { annotation: whole } : {}),
    };
}
function failureSentence(stage, envId, change) {
    const sentence = {
        inputs: 'The restart was not started: an input is not valid.',
        credentials: 'The restart was not started: no usable credentials.',
        'dry-run': `The dry run of ${envId} found what would stop a real run; nothing was sent.`,
        restart: `The restart of ${envId} could not be started.`,
        resume: `The change to resume on ${envId} was not resumed.`,
        completion: `The restart of ${envId} started (change ${change}) but did not succeed.`,
        health: `Environment ${envId} restarted (change ${change}), but its instances did not all become healthy.`,
    };
    return sentence[stage];
}
const CANCELLED = {
    inputs: 'The step was cancelled before it sent anything.',
    credentials: 'The step was cancelled while getting credentials.',
    'dry-run': 'The step was cancelled during the dry run; nothing was sent.',
    restart: 'The step was cancelled while starting the restart.',
    resume: 'The step was cancelled while resuming the change.',
    completion: 'The step was cancelled while waiting for the restart change to end.',
    health: 'The step was cancelled while waiting for healthy instances.',
};
const NOT_STARTED_TAIL = /\s*No restart was started\.\s*$/;
/** Where the restart stands, from what the run saw: never more than it saw. */
function whereItStands(progress, changeStatus) {
    switch (progress.state) {
        case 'started': {
            const change = progress.changeId ?? '?';
            if (changeStatus === 'succeeded')
                return `had succeeded (change ${change})`;
            if (changeStatus)
                return `ended ${changeStatus} (change ${change})`;
            return `had started as change ${change}; the step stopped before it ended, and it goes on in WebPlus`;
        }
        case 'in-flight':
        case 'unsettled':
            return 'may have started: a RestartAppEnv request was sent and no answer was received';
        default:
            return 'was not started';
    }
}
/** What a person does next, from where the restart stands. */
function nextStep(progress, context) {
    const url = context.consoleUrl;
    switch (progress.state) {
        case 'started':
            if (context.changeStatus === 'succeeded') {
                return `The restart itself succeeded: check the instances' health in the WebPlus console (${url}).`;
            }
            if (context.changeStatus) {
                return `See the change's log in the WebPlus console (${url}).`;
            }
            return `Follow change ${progress.changeId ?? '?'} in the WebPlus console (${url}) and let it end before running the step again.`;
        case 'in-flight':
        case 'unsettled':
            return `Look at the environment's changes in the WebPlus console (${url}) before running the step again: a restart may be running.`;
        default:
            return 'Nothing was changed in WebPlus: run the step again when ready.';
    }
}
/** The sentence of a run that succeeded: the change's own duration and the step's, each named. */
function succeededSentence(envId, changeId, completion, health) {
    const { createTime, finishTime } = completion.change;
    const ran = createTime !== undefined && finishTime !== undefined && finishTime >= createTime
        ? `the change ran ${(0,format/* secs */.zG)(finishTime - createTime)} (its CreateTime to FinishTime), the step watched it for ${(0,format/* secs */.zG)(completion.elapsedMs)}`
        : `the step watched the change for ${(0,format/* secs */.zG)(completion.elapsedMs)} (the service gave no CreateTime and FinishTime)`;
    const restarted = `Environment ${envId} restarted (change ${changeId}): ${ran}`;
    if (!health)
        return `${restarted}.`;
    if (health.status === 'disabled') {
        return `${restarted}; health checks are off, so health was not checked.`;
    }
    return `${restarted}; ${health.counts?.healthy ?? 0} instance(s) healthy after ${(0,format/* secs */.zG)(health.elapsedMs)} of health wait.`;
}
/** The annotation and summary line for a refused read before the restart: a weaker guarantee. */
function baselineRefusedWarning(failure) {
    return (`Reading the environment before the restart was refused (${failure}). ` +
        'Had a RestartAppEnv request gone unanswered, the step could not have told whether it started, ' +
        'and would have stopped instead of settling it. Grant webplus:DescribeAppEnvStatus and ' +
        'webplus:DescribeChanges to keep the exactly-once guarantee.');
}

;// CONCATENATED MODULE: ./src/timeline.ts
/** Most try groups kept: a run that alternates results still keeps a bounded list. */
const MAX_TRY_GROUPS = 8;
const MIXED = 'mixed results';
function newTimeline(runStartedAt) {
    return { runStartedAt, tries: [], tryCount: 0 };
}
/** Notes one RestartAppEnv call: joins the last group when the result repeats. */
function addTry(timeline, at, result) {
    timeline.tryCount += 1;
    const tries = timeline.tries;
    const last = tries.at(-1);
    if (last && last.result === result) {
        last.count += 1;
        last.lastAt = at;
        return;
    }
    if (tries.length >= MAX_TRY_GROUPS) {
        // The two newest groups become one of mixed results; the newest result keeps its own.
        const newest = tries.pop();
        const merged = tries[tries.length - 1];
        merged.result = MIXED;
        merged.count += newest.count;
        merged.lastAt = newest.lastAt;
    }
    tries.push({ first: timeline.tryCount, count: 1, firstAt: at, lastAt: at, result });
}
/** The client, with RestartAppEnv noted in `timeline`. */
function recordingClient(client, clock, timeline) {
    return {
        ...client,
        async restartAppEnv(envId, batch, timeoutMs) {
            const at = clock.now();
            const answer = await client.restartAppEnv(envId, batch, timeoutMs);
            const result = answer.ok
                ? 'started'
                : answer.failure.kind === 'api'
                    ? answer.failure.code
                    : answer.failure.kind;
            addTry(timeline, at, result);
            if (answer.ok)
                timeline.restartAt = clock.now();
            return answer;
        },
    };
}

;// CONCATENATED MODULE: ./src/summary.ts
/**
 * The job summary as markdown, from a plain model: a heading that says how it ended, one
 * sentence, the reason and what to do on failure, a timeline (mermaid gantt) when the run
 * waited, then settings, outputs, instances, events and links. Rows with nothing in them are
 * left out; every list is capped ("… and N more") and the whole stays under GitHub's 1 MiB
 * step-summary limit. Pure: no I/O, so tests and scripts/render-summaries.ts render it as they like.
 */




/** GitHub refuses a step summary over 1 MiB; the summary stays well below it. */
const SUMMARY_LIMIT_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
/** What the summary may use of that limit (the rest is margin for scrubbing and the runner). */
const SUMMARY_BUDGET_BYTES = 512 * 1024;
/** Most rows per list: instances (the not healthy first) and events (the first and the latest). */
const INSTANCES_MAX = 50;
const EVENTS_MAX = 100;
/** Most events drawn on the timeline (the events list has more). */
const TIMELINE_EVENTS_MAX = 12;
/** Longest text in one table cell, and in the reason or hint (before escaping). */
const CELL_MAX = 200;
const PARAGRAPH_MAX = 2000;
/** Longest gantt label: short enough that mermaid never has to cut one. */
const LABEL_MAX = 40;
/**
 * Text for a markdown cell or sentence: escapes what would make structure (| * _ ` [ ] < > #
 * and a leading list or heading marker) so service text shows as it is and links nothing.
 */
function md(text) {
    let out = text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([\\|*_`[\]#~])/g, '\\$1');
    // A leading list or heading marker ("- ", "+ ", "1. ", "1) "): escape it too.
    out = out.replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2').replace(/^(\s*\d+)([.)])(?=\s)/gm, '$1\\$2');
    return out;
}
/** At most `max` characters, cut at a word boundary where there is one, with "…". */
function shorten(text, max) {
    if (text.length <= max)
        return text;
    const cut = text.slice(0, max - 1);
    const space = cut.lastIndexOf(' ');
    return `${(space > max / 3 ? cut.slice(0, space) : cut).replace(/[\s,;.]+$/, '')}…`;
}
/** A cell: capped, then escaped. */
const cell = (text) => md(shorten(text, CELL_MAX));
/** An http(s) URL, up to a character that could end it or make markdown structure. */
const URL_PATTERN = /https?:\/\/[^\s<>"'`|[\]()]+/g;
/** A paragraph that may hold line breaks and URLs: text escaped, URLs as links, breaks as <br>. */
function mdLines(text) {
    return shorten(text, PARAGRAPH_MAX)
        .split('\n')
        .map((line) => {
        let out = '';
        let last = 0;
        for (const match of line.matchAll(URL_PATTERN)) {
            out += md(line.slice(last, match.index)) + `<${match[0]}>`;
            last = match.index + match[0].length;
        }
        return out + md(line.slice(last));
    })
        .join('<br>');
}
/** A task name in a mermaid gantt: no `:` `;` `#` (syntax), no backticks or angle brackets. */
function ganttLabel(text, max = LABEL_MAX) {
    const out = text
        .replace(/[:;#`<>{}\\]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return shorten(out, max) || '(no text)';
}
function table(header, rows) {
    const kept = rows.filter(([, v]) => v !== '');
    if (kept.length === 0)
        return [];
    return [
        `| ${header[0]} | ${header[1]} |`,
        '| --- | --- |',
        ...kept.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
        '',
    ];
}
/** The first `head` and the last `max - head` items, and how many were left out between. */
function capped(items, max, head) {
    if (items.length <= max)
        return { shown: items, omitted: 0, at: items.length };
    const tail = max - head;
    return {
        shown: [...items.slice(0, head), ...items.slice(items.length - tail)],
        omitted: items.length - max,
        at: head,
    };
}
/**
 * The chart's colours, the same in every summary: green succeeded, red failed, blue still
 * running, paused or cancelled, grey waiting (another change, repeated tries, events).
 * Only the text inside grey bars is set (dark); the rest stays the theme's (GitHub picks light
 * or dark), so labels outside the bars stay readable in both.
 */
const GANTT_INIT = '%%{init: {"themeVariables": {' +
    '"taskBkgColor": "#afb8c1", "taskBorderColor": "#6e7781", ' +
    '"doneTaskBkgColor": "#6fdd8b", "doneTaskBorderColor": "#1a7f37", ' +
    '"activeTaskBkgColor": "#80ccff", "activeTaskBorderColor": "#0969da", ' +
    '"critBkgColor": "#fa4549", "critBorderColor": "#a40e26", "taskTextColor": "#1f2328"}}}%%';
const LEGEND = 'Green: succeeded · red: failed · blue: running, paused or cancelled · grey: waiting. ' +
    "Times are the runner's clock.";
/** Tick steps a chart may use, in seconds: each tick is then a distinct label. */
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600];
function ticks(spanMs) {
    const seconds = TICK_STEPS.find((s) => spanMs / 1000 / s <= 8) ?? 43200;
    return seconds < 60
        ? { interval: `${seconds}second`, format: '%H:%M:%S' }
        : { interval: `${Math.round(seconds / 60)}minute`, format: '%H:%M' };
}
function renderTimeline(model) {
    const t = model.timeline;
    if (!t)
        return [];
    const waited = t.tryCount > 1 || t.changeEndAt !== undefined || t.health !== undefined || !!t.blocking;
    if (!waited)
        return [];
    const chart = createChart();
    startSection(chart, model, t);
    changeSection(chart, model, t);
    healthSection(chart, model, t);
    const { body, notes, times } = chart;
    const span = times.length ? Math.max(...times) - Math.min(...times) : 0;
    const { interval, format } = ticks(span);
    const head = [
        GANTT_INIT,
        'gantt',
        '  dateFormat x',
        `  axisFormat ${format}`,
        `  tickInterval ${interval}`,
        '  todayMarker off',
    ];
    return [
        '### Timeline',
        '',
        '```mermaid',
        ...head,
        ...body,
        '```',
        '',
        ...(notes.length ? [md(notes.join(' ')), ''] : []),
        md(LEGEND),
        '',
    ];
}
function createChart() {
    const chart = {
        body: [],
        notes: [],
        times: [],
        task(label, tag, start, end) {
            const s = Math.round(start);
            const e = Math.round(Math.max(end, start + 1));
            chart.times.push(s, e);
            chart.body.push(`  ${ganttLabel(label)} :${tag ? `${tag}, ` : ''}${s}, ${e}`);
        },
        milestone(label, tag, at) {
            const m = Math.round(at);
            chart.times.push(m);
            chart.body.push(`  ${ganttLabel(label)} :${tag ? `${tag}, ` : ''}milestone, ${m}, ${m}`);
        },
    };
    return chart;
}
/** The change that held the environment, and the tries. */
function startSection(chart, model, t) {
    const failed = model.outcome.kind === 'failed' || model.outcome.kind === 'unknown';
    const stoppedAtStart = t.restartAt === undefined;
    chart.body.push('  section Start');
    if (t.blocking) {
        const b = t.blocking;
        const before = b.createdAt < t.runStartedAt;
        chart.task(`${b.actionName} change held the environment`, '', Math.max(b.createdAt, t.runStartedAt), t.restartAt ?? b.lastSeenAt);
        chart.notes.push(
        // Held, not waited for: a paused blocker stops the step without a wait.
        `Change ${b.changeId} (${b.actionName}) held the environment${before ? '; it began before the step' : ''}.`);
    }
    t.tries.forEach((group, i) => {
        const last = i === t.tries.length - 1;
        const result = group.result === MIXED ? 'mixed results' : group.result;
        // Red only for the tries that failed the step; a start is green.
        const tag = group.result === 'started' ? 'done' : last && failed && stoppedAtStart ? 'crit' : '';
        if (group.count === 1) {
            chart.milestone(`Try ${group.first} ${result}`, tag, group.firstAt);
        }
        else {
            // One bar with a count, however many tries: the chart's height does not grow with them.
            const from = group.first > 1 ? ` from try ${group.first}` : '';
            chart.task(`${group.count} tries ${result}${from}`, tag, group.firstAt, group.lastAt);
        }
    });
}
/** The restart change, with its timed events as milestones. */
function changeSection(chart, model, t) {
    if (t.restartAt === undefined || t.changeEndAt === undefined)
        return;
    chart.body.push('  section Change');
    const status = model.changeStatus;
    const [label, tag] = status === 'succeeded'
        ? ['Change succeeded', 'done']
        : status === 'paused'
            ? ['Change paused between batches', 'active']
            : status
                ? [`Change ${status}`, 'crit']
                : // The run stopped watching: the change was running when last seen, and goes on.
                    ['Change running when the step stopped', 'active'];
    chart.task(label, tag, t.restartAt, t.changeEndAt);
    if (model.changeStartTime === undefined)
        return;
    const start = t.restartAt;
    const timed = model.events.filter((e) => e.timestamp !== undefined);
    for (const event of timed.slice(0, TIMELINE_EVENTS_MAX)) {
        const at = start + ((event.timestamp ?? 0) - model.changeStartTime);
        // The level only where it says more than INFO.
        const level = /^info$/i.test(event.level) ? '' : `${event.level} `;
        chart.milestone(`${level}${event.message || event.name}`, '', Math.min(Math.max(at, start), t.changeEndAt));
    }
    if (timed.length > TIMELINE_EVENTS_MAX) {
        chart.notes.push(`The chart shows the first ${TIMELINE_EVENTS_MAX} of ${timed.length} events; all are listed below.`);
    }
}
function healthSection(chart, model, t) {
    if (!t.health)
        return;
    chart.body.push('  section Health');
    const status = model.health?.status;
    const [label, tag] = status === 'healthy'
        ? ['Instances healthy', 'done']
        : status === 'timed-out'
            ? ['Not all healthy by health-timeout', 'crit']
            : status === 'disabled'
                ? ['Health checks off, not waited for', '']
                : model.outcome.kind === 'cancelled'
                    ? ['Health wait cancelled', 'active']
                    : ['Health wait stopped', 'active'];
    chart.task(label, tag, t.health.start, t.health.end);
}
function renderInstances(instances) {
    // The ones a person must look at first.
    const bad = unhealthyInstances(instances);
    const ordered = [...bad, ...instances.filter((i) => !bad.includes(i))];
    const { shown, omitted } = capped(ordered, INSTANCES_MAX, INSTANCES_MAX);
    return [
        '| Instance | Application | Agent |',
        '| --- | --- | --- |',
        ...shown.map((i) => `| ${cell(i.instanceId)} | ${cell(i.appStatus || '—')} | ${cell(i.agentStatus || '—')} |`),
        ...(omitted > 0 ? [`| … and ${omitted} more | | |`] : []),
        '',
    ];
}
function renderEvents(model, max) {
    const { shown, omitted, at } = capped(model.events, max, Math.min(10, max));
    // Times without the date where it is the first event's: the column stays narrow.
    const day = (0,format/* isoTime */.Ly)(model.events.find((e) => e.timestamp !== undefined)?.timestamp).slice(0, 10);
    const time = (e) => {
        const iso = (0,format/* isoTime */.Ly)(e.timestamp);
        return day && iso.startsWith(day) ? iso.slice(11) : iso;
    };
    const row = (e) => `| ${cell(time(e) || '—')} | ${cell(e.level || '—')} | ${cell(e.message || e.name || '—')} |`;
    return [
        '<details>',
        `<summary>Events of change ${md(model.changeId ?? '')} (${model.events.length})${day ? `, ${day} UTC` : ''}</summary>`,
        '',
        '| Time (WebPlus clock) | Level | Message |',
        '| --- | --- | --- |',
        ...shown.slice(0, at).map(row),
        ...(omitted > 0 ? [`| … and ${omitted} more | | |`] : []),
        ...shown.slice(at).map(row),
        '',
        '</details>',
        '',
    ];
}
function render(model, eventsMax, instancesShown) {
    const out = renderHead(model);
    out.push(...renderTimeline(model));
    const settings = table(['Setting', 'Value'], model.settings);
    if (settings.length)
        out.push('### Settings', '', ...settings);
    const outputs = table(['Output', 'Value'], model.outputs);
    if (outputs.length)
        out.push('### Outputs', '', ...outputs);
    if (model.health)
        out.push(...renderHealth(model.health, instancesShown));
    if (model.events.length > 0 && eventsMax > 0) {
        out.push(...renderEvents(model, eventsMax));
    }
    else if (model.eventsUnavailable) {
        out.push(`${md(model.eventsUnavailable)}: no events to show.`, '');
    }
    if (model.links.length > 0) {
        out.push(model.links.map(([label, url]) => `[${md(label)}](${url})`).join(' · '), '');
    }
    return out.join('\n');
}
/** The heading, the outcome in words, and what else a person must read first. */
function renderHead(model) {
    const { outcome } = model;
    const out = [`## ${HEADINGS[outcome.kind]}`, '', mdLines(outcome.sentence), ''];
    if (outcome.reason)
        out.push(`**Reason:** ${mdLines(outcome.reason)}`, '');
    if (outcome.hint)
        out.push(`**What to do:** ${mdLines(outcome.hint)}`, '');
    for (const warning of (model.warnings ?? []).slice(0, 5)) {
        out.push(`**Warning:** ${mdLines(warning)}`, '');
    }
    if (model.adoption)
        out.push(`**Found by a look-up:** ${mdLines(model.adoption)}`, '');
    if (model.abort)
        out.push(`**Abort:** ${mdLines(model.abort)}`, '');
    if (model.dryRun)
        out.push(...renderDryRun(model.dryRun));
    return out;
}
function renderHealth(health, instancesShown) {
    const out = ['### Instance health', ''];
    if (health.status === 'disabled') {
        out.push('Health checks are turned off for this environment: the step did not wait.', '');
    }
    else if (health.counts) {
        const c = health.counts;
        out.push(`${c.healthy} healthy, ${c.unhealthy} unhealthy, ${c.stopped} stopped, ${c.unknown} unknown.`, '');
    }
    if (instancesShown && health.instances && health.instances.length > 0) {
        out.push(...renderInstances(health.instances));
    }
    else if (health.instancesUnavailable) {
        out.push(`${md(health.instancesUnavailable)}: instances are not named.`, '');
    }
    return out;
}
/**
 * The summary's markdown. Every list is capped, so it stays small by construction; should it
 * still exceed the budget, the events and then the instances are left out, and as a last resort
 * the text is cut at a line.
 */
function renderSummary(model) {
    const attempts = [
        [EVENTS_MAX, true],
        [10, true],
        [0, false],
    ];
    let text = '';
    for (const [eventsMax, instancesShown] of attempts) {
        text = render(model, eventsMax, instancesShown);
        if (Buffer.byteLength(text) <= SUMMARY_BUDGET_BYTES)
            return text;
    }
    const cutAt = text.lastIndexOf('\n', SUMMARY_BUDGET_BYTES / 4);
    return `${text.slice(0, cutAt)}\n\n… (the summary was cut to stay under GitHub's 1 MiB limit)\n`;
}
/** The dry run's checks as a table, then what a real run would do. */
function renderDryRun(dry) {
    const out = [
        '### Checks',
        '',
        '| Check | Result | Detail |',
        '| --- | --- | --- |',
        ...dry.checks.slice(0, 30).map(([n, r, d]) => `| ${cell(n)} | ${cell(r)} | ${cell(d)} |`),
        '',
    ];
    if (dry.plan.length > 0) {
        out.push('### What a real run would do', '', ...dry.plan.map((line) => `- ${md(line)}`), '');
    }
    return out;
}

;// CONCATENATED MODULE: ./src/report.ts
/** Outputs and the job summary. Knows nothing of how results came about. */





const ACTION_NAME = 'webplus-restart';
const STAGES = ['inputs', 'credentials', 'restart', 'completion', 'health'];
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
/** What the summary shows of a run: the settings that shaped it, its outputs, what it saw. */
function summaryModel(outcome, state, input) {
    const s = state.settings;
    const p = state.progress;
    const envId = s?.envId ?? (input('env-id') || '(not given)');
    const model = {
        envId,
        outcome,
        warnings: weakenedGuarantee(outcome, p) ? [baselineRefusedWarning(p.baselineRefused)] : [],
        settings: [
            ['Environment', `${envId}${s?.region ? ` (${s.region})` : ''}`],
            ['Rolling restart', rollingLine(state)],
            ['Time limits', limitsLine(state)],
        ],
        outputs: outputRows(state),
        // The change that held the environment is what the restart loop read, not a guess.
        timeline: p.blockedBy ? { ...state.timeline, blocking: p.blockedBy } : state.timeline,
        events: state.events?.events ?? [],
        links: [['Environment in the WebPlus console', consoleUrl(envId, s?.region)]],
    };
    addSeen(model, state);
    const run = runLink();
    if (run)
        model.links.push(['Workflow run', run]);
    return model;
}
/** The batch settings, when a restart was sent. */
function rollingLine(state) {
    if (state.progress.attempts <= 0)
        return '';
    const b = state.settings?.batch ?? {};
    return [
        b.batchSize !== undefined ? `${b.batchSize} instance(s) per batch` : '',
        b.batchPercent !== undefined ? `${b.batchPercent}% of the instances per batch` : '',
        b.batchInterval !== undefined ? `${b.batchInterval} s between batches` : '',
        b.pauseBetweenBatches ? 'pause after each batch' : '',
    ]
        .filter(Boolean)
        .join(', ');
}
/** Only what applied to this run: a setting of a stage the run never reached is left out. */
function limitsLine(state) {
    const s = state.settings;
    if (!s)
        return '';
    const reached = (stage) => STAGES.indexOf(state.stage) >= STAGES.indexOf(stage);
    return [
        reached('restart') ? `wait-timeout ${(0,format/* secs */.zG)(s.waitTimeoutMs)}` : '',
        reached('completion') ? `completion-timeout ${(0,format/* secs */.zG)(s.completionTimeoutMs)}` : '',
        reached('health') ? `health-timeout ${(0,format/* secs */.zG)(s.healthTimeoutMs)}` : '',
        reached('restart') || s.oidc ? `request-timeout ${(0,format/* secs */.zG)(s.requestTimeoutMs)}` : '',
    ]
        .filter(Boolean)
        .join(', ');
}
function outputRows(state) {
    const { progress: p, completion: c, health: h } = state;
    return [
        ['change-id', `${p.changeId ?? ''}${p.changeId && p.adopted ? ' (found by look-up)' : ''}`],
        ['start-time', p.startTime ? `${p.startTime} (${(0,format/* isoTime */.Ly)(p.startTime)})` : ''],
        ['attempts', p.attempts > 0 ? String(p.attempts) : ''],
        ['change-status', c?.status ?? ''],
        [
            'finish-time',
            c?.change.finishTime !== undefined
                ? `${c.change.finishTime} (${(0,format/* isoTime */.Ly)(c.change.finishTime)})`
                : '',
        ],
        ['healthy-instances', h?.counts ? String(h.counts.healthy) : ''],
        ['unhealthy-instances', h?.counts ? String(notHealthy(h.counts)) : ''],
        ['request-id', p.requestId ?? ''],
    ];
}
/** What the run saw beyond its outputs, each only when there is something to show. */
function addSeen(model, state) {
    const { progress: p, completion: c, health: h } = state;
    if (p.changeId)
        model.changeId = p.changeId;
    if (p.adopted && p.adoption)
        model.adoption = p.adoption;
    if (state.abort)
        model.abort = abortLine(state.abort);
    if (state.dryRun) {
        model.dryRun = {
            checks: state.dryRun.checks.map((c) => [c.name, c.status, c.detail]),
            plan: state.dryRun.plan,
        };
    }
    if (p.startTime !== undefined)
        model.changeStartTime = Number(p.startTime);
    if (c)
        model.changeStatus = c.status;
    if (state.events?.unavailable)
        model.eventsUnavailable = state.events.unavailable;
    if (h) {
        model.health = {
            status: h.status,
            counts: h.counts,
            instances: h.instances,
            instancesUnavailable: h.instancesUnavailable,
        };
    }
}
/**
 * A refused read before the restart weakened the exactly-once guarantee: worth a warning, unless
 * it already decided the outcome ("may have started"), whose reason says so.
 */
function weakenedGuarantee(outcome, progress) {
    return progress.baselineRefused !== undefined && outcome.kind !== 'unknown';
}
/** The job summary, written on success and failure alike. `scrub` removes secrets. */
async function writeSummary(model, scrub) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await summary.addRaw(scrub(renderSummary(model)), true).write();
}
/**
 * A link to this workflow run, from the three variables the runner sets (a local run has none:
 * no link). @actions/github's `context` reads the same variables and would add about 0.35 MB to dist/.
 */
function runLink() {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = process.env;
    if (!repo || !runId || !/^[\w.-]+\/[\w.-]+$/.test(repo) || !/^\d+$/.test(runId))
        return undefined;
    return `${server && /^https:\/\/[\w.-]+(:\d+)?$/.test(server) ? server : 'https://github.com'}/${repo}/actions/runs/${runId}`;
}
/** What AbortChange did, for the summary. */
function abortLine(abort) {
    const why = abort.trigger === 'cancel' ? 'on cancel (abort-on-cancel)' : 'by stop-on-unhealthy';
    const words = {
        accepted: 'accepted: the change is being aborted',
        refused: 'refused: nothing was aborted',
        unknown: 'not confirmed: check the change in the console',
    }[abort.result.kind];
    return `AbortChange sent ${why}, ${words} (${abort.result.detail}).`;
}

;// CONCATENATED MODULE: ./src/lookups.ts
/**
 * The restart loop's reads of the environment: the baseline before the first send, the look-up
 * that settles an attempt, and the one-page check made before sending again after a refusal.
 * Every read starts before the phase's deadline or not at all, with its time-out cut to what is
 * left; what the reads mean is decided in src/settle.ts.
 */



/** Changes read per DescribeChanges page by the baseline and the look-up. */
const SETTLE_PAGE_SIZE = 50;
/** Pages one look-up reads at the most (500 changes): past that it stays undecided. */
const SETTLE_MAX_PAGES = 10;
/**
 * The reads of one phase within its deadline: each call's time-out is request-timeout cut to
 * what is left before the deadline, and at least a second.
 */
function lookupDeps(deps, plan, onAnswer) {
    return {
        client: deps.client,
        clock: deps.clock,
        signal: deps.signal,
        envId: plan.envId,
        deadline: plan.deadline,
        timeout: () => (0,polling/* forcedCallTimeout */.xZ)(plan.retry.requestTimeoutMs, plan.deadline, deps.clock.now()),
        onAnswer,
    };
}
/** Calls one request, unless the deadline has passed: no read starts after it. */
async function lookupCall(deps, request) {
    if (deps.clock.now() > deps.deadline) {
        return { ok: false, failure: { kind: 'not-sent', message: 'wait-timeout reached' } };
    }
    return deps.onAnswer(await (0,src_clock/* raceAbort */.Mu)(request(deps.timeout()), deps.signal));
}
/** A change the service named but cannot describe yet: its lists and reads may lag. */
function notYetVisible(failure) {
    return failure.kind === 'api' && failure.code === 'ChangeNotExists';
}
function readPage(deps, number, size = SETTLE_PAGE_SIZE) {
    return lookupCall(deps, (t) => deps.client.describeChanges(deps.envId, { size, number }, t));
}
/**
 * The environment before the first send: its latest change, its count, the first page and,
 * when there are more, the last page, so that new changes are met next to known ones in either
 * list order. Three calls at most.
 */
async function readBaseline(deps) {
    const status = await lookupCall(deps, (t) => deps.client.describeAppEnvStatus(deps.envId, t));
    if (!status.ok)
        return status;
    const first = await readPage(deps, 1);
    if (!first.ok)
        return first;
    const readAt = deps.clock.now();
    const changes = new Map(first.value.changes.map((c) => [c.changeId, c]));
    const lastPage = Math.ceil(first.value.totalCount / SETTLE_PAGE_SIZE);
    if (lastPage > 1) {
        const last = await readPage(deps, lastPage);
        if (!last.ok)
            return last;
        for (const c of last.value.changes)
            changes.set(c.changeId, c);
    }
    const listed = changes.size;
    const latestId = status.value.latestChangeId;
    if (latestId && !changes.has(latestId)) {
        const answer = await lookupCall(deps, (t) => deps.client.describeChange(deps.envId, latestId, t));
        if (!answer.ok && !notYetVisible(answer.failure))
            return answer;
        if (answer.ok)
            changes.set(latestId, answer.value);
    }
    const known = new Set(changes.keys());
    if (latestId)
        known.add(latestId);
    const times = [...changes.values()].flatMap((c) => c.createTime !== undefined ? [c.createTime] : []);
    return {
        ok: true,
        value: {
            known,
            totalCount: first.value.totalCount,
            complete: listed >= first.value.totalCount,
            newestCreateTime: times.length > 0 ? Math.max(...times) : undefined,
            page: first.value,
            serviceTime: first.serviceTime,
            readAt,
        },
    };
}
/**
 * The look-up: status, the first page, then pages from the last back until as many unknown
 * changes are listed as the count grew by (or more: then it stops, undecided), and the latest
 * change when no page listed it.
 */
async function readLook(deps, baseline) {
    const status = await lookupCall(deps, (t) => deps.client.describeAppEnvStatus(deps.envId, t));
    if (!status.ok)
        return status;
    const first = await readPage(deps, 1);
    if (!first.ok)
        return first;
    const seen = new Map(first.value.changes.map((c) => [c.changeId, c]));
    const totalCount = first.value.totalCount;
    const growth = totalCount - baseline.totalCount;
    const unknownCount = () => [...seen.keys()].filter((id) => !baseline.known.has(id)).length;
    const lastPage = Math.ceil(totalCount / SETTLE_PAGE_SIZE);
    for (let number = lastPage, pagesRead = 1; number > 1 && pagesRead < SETTLE_MAX_PAGES; number--, pagesRead++) {
        if (unknownCount() >= growth)
            break;
        const page = await readPage(deps, number);
        if (!page.ok)
            return page;
        for (const c of page.value.changes)
            seen.set(c.changeId, c);
    }
    const latestId = status.value.latestChangeId;
    let latestHidden = false;
    if (latestId && !baseline.known.has(latestId) && !seen.has(latestId)) {
        const answer = await lookupCall(deps, (t) => deps.client.describeChange(deps.envId, latestId, t));
        if (!answer.ok && !notYetVisible(answer.failure))
            return answer;
        if (answer.ok)
            seen.set(latestId, answer.value);
        else
            latestHidden = true;
    }
    return {
        ok: true,
        value: {
            totalCount,
            latestChangeId: latestId,
            applyingChange: status.value.applyingChange,
            changes: [...seen.values()],
            latestHidden,
        },
    };
}
/** The check before sending again after a refusal: one page, also the pacing read. */
async function readCheck(deps) {
    const answer = await readPage(deps, 1, HISTORY_PAGE_SIZE);
    if (!answer.ok)
        return answer;
    return {
        ok: true,
        value: { page: answer.value, serviceTime: answer.serviceTime, readAt: deps.clock.now() },
    };
}
/**
 * The change that holds the environment as a page shows it, its times moved from the service's
 * clock to the runner's by the answer's `Date`, so that a skewed service clock does not skew
 * the change's age. Undefined when the page shows none running.
 */
function blockingOf(dated) {
    const offset = dated.serviceTime !== undefined ? dated.readAt - dated.serviceTime : 0;
    return blockingChangeOf(onRunnerClock(dated.page.changes, offset), dated.readAt);
}
/** Changes with their times moved from the service's clock to the runner's (`offset` = runner − service). */
function onRunnerClock(changes, offset) {
    const shift = (t) => (t === undefined ? undefined : t + offset);
    return changes.map((c) => ({
        ...c,
        createTime: shift(c.createTime),
        finishTime: shift(c.finishTime),
    }));
}

;// CONCATENATED MODULE: ./src/settle.ts
/** Change kinds the service documents (or the product's other APIs start) that are no restart. */
const OTHER_KINDS = /^(apply|deploy|update|upgrade|rollback|scale|scalein|scaleout|start|stop|create|delete|termination|terminate|rebuild|gatherlog|gatherstats|gather)$/i;
/** The change's kind or name says restart (or reboot). */
function namesRestart(c) {
    return /restart|reboot/i.test(`${c.actionName} ${c.changeName}`);
}
/**
 * Whether a change could be a restart: unless its kind is one the service documents as another
 * (`Apply`, `apply.env`…) and nothing in it says restart. An empty, localised or unknown kind
 * could be: the kind of a restart change is not documented.
 */
function couldBeRestart(c) {
    if (namesRestart(c))
        return true;
    const kind = c.actionName.trim();
    const nameKind = c.changeName.trim().replace(/\.env$/i, '');
    return !(OTHER_KINDS.test(kind) || (kind === '' && OTHER_KINDS.test(nameKind)));
}
/** The changes new since the baseline, established by identity and count only. */
function newSince(baseline, look) {
    const growth = look.totalCount - baseline.totalCount;
    const unknown = look.changes.filter((c) => !baseline.known.has(c.changeId));
    const latestIsNew = look.latestChangeId !== undefined && !baseline.known.has(look.latestChangeId);
    if (growth < 0) {
        return unclear(`the environment lists ${-growth} change(s) fewer than before this run`, false);
    }
    if (growth === 0) {
        if (latestIsNew) {
            return unclear(`its latest change ${look.latestChangeId} was not there before this run, yet the count did not grow`, false);
        }
        if (unknown.length > 0) {
            return unclear(`change ${unknown[0]?.changeId} is listed, yet the count did not grow`, false);
        }
        return { kind: 'known', changes: [] };
    }
    if (look.latestHidden || unknown.length < growth) {
        return unclear(`${growth} change(s) are new since this run began, ${unknown.length} of them listed so far`, false);
    }
    if (unknown.length > growth) {
        return unclear(`${unknown.length} changes are listed that this run did not see before, but the count grew by ${growth}`, false);
    }
    if (latestIsNew && !unknown.some((c) => c.changeId === look.latestChangeId)) {
        return unclear(`the latest change ${look.latestChangeId} is not among those listed`, false);
    }
    if (!baseline.complete) {
        // The baseline did not see every old change, so one it missed could pose as new: only a
        // CreateTime no earlier than the newest it saw (same clock) tells them apart.
        const undated = unknown.find((c) => c.createTime === undefined ||
            baseline.newestCreateTime === undefined ||
            c.createTime < baseline.newestCreateTime);
        if (undated) {
            return unclear(`change ${undated.changeId} cannot be told new from old: the environment holds more changes than this run read before it began`, true);
        }
    }
    return { kind: 'known', changes: unknown };
}
function unclear(why, final) {
    return { kind: 'unclear', why, final };
}
/** A change that holds the environment, or the environment's own flag. */
function busyWith(look) {
    const running = look.changes.find((c) => !c.finished);
    if (running) {
        return `change ${running.changeId} (${running.actionName || 'unnamed'}) holds the environment`;
    }
    return look.applyingChange ? 'the environment is applying a change' : undefined;
}
/** The decision after a look-up; see the module comment and docs/design.md. */
function decide(baseline, look, context) {
    const found = newSince(baseline, look);
    if (found.kind === 'unclear') {
        return found.final
            ? { kind: 'stop', why: found.why }
            : { kind: 'wait', why: found.why, changes: look.changes };
    }
    const candidates = found.changes.filter(couldBeRestart);
    const [only] = candidates;
    if (candidates.length > 1)
        return { kind: 'ambiguous', changes: candidates };
    if (only)
        return { kind: 'adopt', change: only, newChanges: found.changes };
    const busy = busyWith(look);
    if (context === 'unanswered' && found.changes.length > 0) {
        // An unanswered attempt is resent only when no change at all is new: whatever its name,
        // a new change could be the attempt's.
        const list = found.changes.map(describe).join(', ');
        if (busy)
            return {
                kind: 'wait',
                why: `${busy}; new since this run began: ${list}`,
                changes: look.changes,
            };
        return {
            kind: 'stop',
            why: `since this run began, ${list} appeared on the environment, and a RestartAppEnv is never sent again while any change is new`,
        };
    }
    if (busy) {
        return { kind: 'wait', why: busy, changes: look.changes, accounted: found.changes };
    }
    return { kind: 'send', newChanges: found.changes };
}
function describe(c) {
    return `change ${c.changeId} (${c.actionName || c.changeName || 'unnamed'})`;
}
/** The baseline with changes accounted for as not this run's (a look-up that found no candidate). */
function extendBaseline(baseline, look, accounted) {
    const known = new Set(baseline.known);
    for (const c of accounted)
        known.add(c.changeId);
    const times = [baseline.newestCreateTime, ...accounted.map((c) => c.createTime)].flatMap((t) => t === undefined ? [] : [t]);
    return {
        ...baseline,
        known,
        totalCount: look.totalCount,
        newestCreateTime: times.length > 0 ? Math.max(...times) : undefined,
    };
}

;// CONCATENATED MODULE: ./src/restart.ts
/**
 * The restart loop: send RestartAppEnv, wait out EnvOnChanging (paced by src/pacing.ts from what
 * DescribeChanges tells of the blocking change), retry transient failures, and never send it
 * again while an earlier attempt may still take effect: the call is not idempotent.
 *
 * The loop is a state machine (docs/design.md has its table): one explicit step value, each
 * move a small function returning the next step. What the environment's changes mean is decided
 * by the pure `decide` in src/settle.ts; the reads are in src/lookups.ts.
 */








/** The least time between an unanswered attempt and the look-up that may allow a resend. */
const SETTLE_MS = 2000;
/**
 * How much earlier than its estimated send time (service clock) a change may be dated and still
 * be called "dated after the attempt" in the log: the `Date` header's one-second resolution plus
 * the time a request takes to arrive. Wording only: no decision depends on it.
 */
const SEND_MARGIN_MS = 2000;
function newProgress() {
    return { attempts: 0, state: 'not-started', waitedMs: 0 };
}
async function restart(plan, deps, progress) {
    const loop = newLoop(plan, deps, progress);
    const moves = {
        baseline: takeBaseline,
        send: sendRestart,
        check: checkBeforeSend,
        settle: settleAttempt,
    };
    for (let step = 'baseline'; step !== 'done';)
        step = await moves[step](loop);
}
function newLoop(plan, deps, progress) {
    const bounds = (0,polling/* backoffBoundsOf */.N3)(plan.retry);
    const loop = {
        plan,
        deps,
        progress,
        runStartedAt: plan.deadline - plan.waitTimeoutMs,
        // Transient errors back off; EnvOnChanging is paced by what the blocking change tells.
        backoff: (0,src_backoff/* createBackoff */.l)(bounds, deps.random),
        pacer: createWaitPacer(bounds, deps.random, deps.pacing),
        baselinePaced: false,
        canSettle: true,
        unresolved: false,
        suspect: false,
        context: 'unanswered',
        seen: new Set(),
        pauseChecked: new Set(),
        lastFailure: '',
        lastWasBusy: false,
        reads: lookupDeps(deps, plan, (answer) => keepServiceClock(loop, answer)),
    };
    return loop;
}
/** Keeps the service's clock from every answer's `Date`. */
function keepServiceClock(loop, answer) {
    if (answer.serviceTime !== undefined) {
        loop.serviceClock = { service: answer.serviceTime, runner: loop.deps.clock.now() };
    }
    return answer;
}
/** Move: read what the environment holds before the first send. */
async function takeBaseline(loop) {
    const { plan, deps, progress } = loop;
    if (deps.clock.now() >= plan.deadline) {
        // No time is left to settle an unanswered attempt: the one try goes without a baseline.
        loop.canSettle = false;
        return 'send';
    }
    const answer = await readBaseline(loop.reads);
    if (answer.ok) {
        loop.baseline = answer.value;
        const { page, serviceTime, readAt } = answer.value;
        progress.history = {
            changes: [...page.changes],
            readAt,
            ...(serviceTime ? { serviceTime } : {}),
        };
        return 'send';
    }
    const failure = answer.failure;
    if (failure.kind === 'api' && isPermissionRefusal(failure.code)) {
        loop.canSettle = false;
        progress.baselineRefused = (0,format/* describeFailure */.Ic)(failure);
        deps.log(`Reading the environment before the restart was refused (${progress.baselineRefused}): ` +
            'if a RestartAppEnv request goes unanswered, this run stops instead of settling it.');
        return 'send';
    }
    if ((0,errors/* isRefusal */.vu)(failure)) {
        // Bad keys, a wrong env-id or region: RestartAppEnv would be refused the same way.
        throw new errors/* ActionError */.lZ(`Reading environment ${plan.envId} failed: ${(0,format/* describeFailure */.Ic)(failure)}. No restart was started.`, (0,errors/* hintFor */.JR)(failure.code));
    }
    await wait(loop, `Reading the environment failed (${(0,format/* describeFailure */.Ic)(failure)})`);
    return 'baseline';
}
/** Move: send RestartAppEnv once, and read what its answer means. */
async function sendRestart(loop) {
    const { plan, deps, progress } = loop;
    if (progress.attempts > 0 && deps.clock.now() > plan.deadline) {
        throw exhausted(loop, loop.lastFailure || 'wait-timeout reached');
    }
    progress.attempts += 1;
    progress.state = 'in-flight';
    const sentAt = serviceNow(loop);
    const answer = keepServiceClock(loop, await (0,src_clock/* raceAbort */.Mu)(deps.client.restartAppEnv(plan.envId, plan.batch, plan.retry.requestTimeoutMs), deps.signal));
    let failure;
    if (answer.ok) {
        const notNew = await whyNotNew(loop, answer.value.changeId);
        if (notNew === undefined) {
            progress.state = 'started';
            progress.changeId = answer.value.changeId;
            progress.requestId = answer.requestId;
            if (answer.value.startTime !== undefined)
                progress.startTime = answer.value.startTime;
            return 'done';
        }
        failure = { kind: 'malformed', message: notNew, requestId: answer.requestId };
    }
    else {
        failure = answer.failure;
    }
    return afterFailure(loop, failure, sentAt);
}
/**
 * Why a change an answer names cannot be this attempt's restart: it was there before the run,
 * or was read since, or (when the baseline could not see every old change) its CreateTime is
 * earlier than the newest change the baseline saw. Undefined when nothing says so.
 */
async function whyNotNew(loop, changeId) {
    const { baseline } = loop;
    if (baseline?.known.has(changeId)) {
        return `the answer names change ${changeId}, which existed before this run`;
    }
    if (loop.seen.has(changeId)) {
        return `the answer names change ${changeId}, which this run had read before this attempt`;
    }
    if (!baseline || baseline.complete)
        return undefined;
    const answer = await lookupCall(loop.reads, (t) => loop.deps.client.describeChange(loop.plan.envId, changeId, t));
    // Not readable (yet): the answer itself is the evidence, and completion reads it again.
    if (!answer.ok)
        return undefined;
    const created = answer.value.createTime;
    if (created === undefined || baseline.newestCreateTime === undefined)
        return undefined;
    return created < baseline.newestCreateTime
        ? `the answer names change ${changeId}, created before the newest change this run saw before it began`
        : undefined;
}
/** What follows an attempt that did not start a restart. */
async function afterFailure(loop, failure, sentAt) {
    const { progress } = loop;
    loop.lastFailure = (0,format/* describeFailure */.Ic)(failure);
    loop.lastWasBusy = false;
    if (failure.kind === 'unknown' || failure.kind === 'malformed') {
        // Sent and maybe acted upon: settle it before anything is sent again.
        if (!loop.unresolved)
            loop.sentAt = sentAt;
        loop.unresolved = true;
        loop.context = 'unanswered';
        progress.state = 'unsettled';
        if (!loop.baseline)
            throw noBaseline(loop);
        await wait(loop, `No trustworthy answer (${loop.lastFailure}); looking up the environment`, {
            minMs: SETTLE_MS,
            next: 'look-up',
        });
        return 'settle';
    }
    progress.state = loop.unresolved ? 'unsettled' : 'not-started';
    if (failure.kind === 'not-sent') {
        // The transport's own evidence: no request left the runner.
        await wait(loop, `Request not sent (${failure.message})`);
        return 'send';
    }
    const disposition = (0,errors/* dispositionOf */.LF)(failure.code, failure.status);
    if (disposition === 'fatal') {
        if (loop.unresolved) {
            throw mayHaveStarted(loop, `RestartAppEnv failed: ${loop.lastFailure}; an earlier attempt went unanswered.`, (0,errors/* hintFor */.JR)(failure.code));
        }
        throw new errors/* ActionError */.lZ(`RestartAppEnv failed: ${loop.lastFailure}`, (0,errors/* hintFor */.JR)(failure.code));
    }
    const busy = disposition === 'wait';
    loop.lastWasBusy = busy;
    const reason = busy
        ? 'EnvOnChanging (another change is running)'
        : `Transient error ${failure.code}`;
    // A refusal may come after the service acted: unless no read is allowed, the environment is
    // looked at before the next send.
    const next = loop.unresolved ? 'settle' : loop.baseline ? 'check' : 'send';
    await wait(loop, reason, { busy, next: next === 'settle' ? 'look-up' : 'try' });
    return next;
}
/**
 * Move, after a refusal: one DescribeChanges page before the next send. The same count and no
 * change the baseline did not hold: send (or wait while it shows the environment held). Else the
 * refusal may have come after the service acted: look up.
 */
async function checkBeforeSend(loop) {
    const { plan, deps } = loop;
    const baseline = loop.baseline;
    if (!baseline)
        return 'send';
    if (deps.clock.now() > plan.deadline)
        throw exhausted(loop, loop.lastFailure);
    const answer = await readCheck(loop.reads);
    if (!answer.ok) {
        loop.lastFailure = (0,format/* describeFailure */.Ic)(answer.failure);
        if ((0,errors/* isRefusal */.vu)(answer.failure)) {
            // Every attempt so far was refused, and every page read since showed nothing new.
            throw new errors/* ActionError */.lZ(`Reading environment ${plan.envId} before sending RestartAppEnv again failed: ${loop.lastFailure}. ` +
                `Its ${loop.progress.attempts} RestartAppEnv attempt(s) were refused; none is known to have started a restart.`, (0,errors/* hintFor */.JR)(answer.failure.code));
        }
        await wait(loop, `Reading the environment failed (${loop.lastFailure})`);
        return 'check';
    }
    const { page } = answer.value;
    for (const c of page.changes)
        loop.seen.add(c.changeId);
    if (page.totalCount !== baseline.totalCount ||
        page.changes.some((c) => !baseline.known.has(c.changeId))) {
        loop.suspect = true;
        loop.context = 'refused';
        // The page itself may account for every new change as none of this run's (another
        // pipeline's Apply): then it serves as the look-up. Anything else is looked up in full.
        const look = pageLook(page);
        const decision = decide(baseline, look, 'refused');
        const accounted = decision.kind === 'send' || (decision.kind === 'wait' && decision.accounted);
        return accounted ? actOn(loop, baseline, look, decision) : 'settle';
    }
    loop.blocking = recordBlocker(loop, blockingOf(answer.value));
    if (!loop.blocking)
        return 'send';
    deps.log(pacingNote(loop.blocking, deps.clock.now()));
    await wait(loop, 'EnvOnChanging (the blocking change is still running)', { busy: true });
    return 'check';
}
/** Move: a look-up, and what `decide` makes of it. */
async function settleAttempt(loop) {
    const baseline = loop.baseline;
    if (!baseline)
        throw noBaseline(loop);
    const look = await readLook(loop.reads, baseline);
    if (!look.ok) {
        loop.lastFailure = (0,format/* describeFailure */.Ic)(look.failure);
        if ((0,errors/* isRefusal */.vu)(look.failure)) {
            throw mayHaveStarted(loop, `A RestartAppEnv attempt's outcome is not known, and the look-up that would settle it was refused: ${loop.lastFailure}.`, (0,errors/* hintFor */.JR)(look.failure.code));
        }
        await wait(loop, `Look-up failed (${loop.lastFailure})`, { next: 'look-up' });
        return 'settle';
    }
    for (const c of look.value.changes)
        loop.seen.add(c.changeId);
    return actOn(loop, baseline, look.value, decide(baseline, look.value, loop.context));
}
/** A check page as a look-up without the status: for the decisions it can account for. */
function pageLook(page) {
    return {
        totalCount: page.totalCount,
        latestChangeId: undefined,
        applyingChange: false,
        changes: page.changes,
        latestHidden: false,
    };
}
async function actOn(loop, baseline, look, decision) {
    switch (decision.kind) {
        case 'adopt':
            adopt(loop, decision);
            return 'done';
        case 'ambiguous':
            throw mayHaveStarted(loop, `Changes ${decision.changes.map((c) => c.changeId).join(', ')} are all new since this run began and could each be a restart, ` +
                'and one of them may be this run’s attempt: this step cannot tell which.');
        case 'stop':
            throw mayHaveStarted(loop, `This step cannot tell whether its RestartAppEnv took effect: ${decision.why}.`);
        case 'wait':
            return waitAfterLook(loop, baseline, look, decision);
        case 'send':
            loop.baseline = extendBaseline(baseline, look, decision.newChanges);
            loop.suspect = false;
            if (loop.context === 'unanswered') {
                loop.deps.log('A look-up found no change new since this run began and the environment idle; sending RestartAppEnv again.');
            }
            return 'send';
    }
}
/**
 * Waits after a look-up that could not decide. After a refusal, new changes found to be none of
 * this run's are added to the baseline, and the next try is the one-page check again.
 */
async function waitAfterLook(loop, baseline, look, decision) {
    const accounted = loop.context === 'refused' ? decision.accounted : undefined;
    if (accounted) {
        loop.baseline = extendBaseline(baseline, look, accounted);
        loop.suspect = false;
    }
    const readAt = loop.serviceClock?.runner ?? loop.deps.clock.now();
    loop.blocking = recordBlocker(loop, blockingOf({
        page: { totalCount: look.totalCount, changes: [...look.changes] },
        serviceTime: loop.serviceClock?.service,
        readAt,
    }));
    await wait(loop, `No restart of this run's yet (${decision.why})`, {
        busy: true,
        next: accounted ? 'try' : 'look-up',
    });
    return accounted ? 'check' : 'settle';
}
/** Takes the one candidate as this run's restart, saying what is known of it. */
function adopt(loop, decision) {
    const { progress } = loop;
    const change = decision.change;
    progress.state = 'started';
    progress.changeId = change.changeId;
    if (change.createTime !== undefined)
        progress.startTime = String(change.createTime);
    progress.adopted = true;
    progress.adoption = adoptionWords(loop, decision);
    loop.deps.log(`Adopted change ${change.changeId} (${change.actionName || change.changeName || 'unnamed'}, created ` +
        `${(0,format/* isoTime */.Ly)(change.createTime) || 'at an unknown time'}) as this run's restart: ${progress.adoption}. ` +
        'RestartAppEnv is not sent again.');
}
function adoptionWords(loop, decision) {
    const { change, newChanges } = decision;
    const attempt = `attempt ${loop.progress.attempts}`;
    const only = newChanges.length === 1
        ? 'it is the only change new since this run began'
        : `it is the only one of the ${newChanges.length} changes new since this run began that could be a restart`;
    const how = loop.context === 'refused' && !loop.unresolved
        ? `${attempt} was refused (${loop.lastFailure}), and a refusal can come after the service acted`
        : 'an attempt of this run got no trustworthy answer';
    const dated = change.createTime === undefined
        ? '; it carries no usable CreateTime'
        : loop.sentAt !== undefined && change.createTime < loop.sentAt - SEND_MARGIN_MS
            ? "; it is dated before that attempt by the service's clock"
            : '';
    return `${only}, and ${how}${dated}; it may also have been started by another run or by hand`;
}
/** One delay of the loop: paced while busy, backed off otherwise; throws once the budget is spent. */
async function wait(loop, reason, options = {}) {
    const { plan, deps, progress, baseline } = loop;
    const busy = options.busy ?? false;
    if (busy && !loop.blocking && !loop.baselinePaced && baseline && !loop.unresolved) {
        // The page read just before the first send shows the blocking change: pace by it, free.
        loop.baselinePaced = true;
        const { page, serviceTime, readAt } = baseline;
        loop.blocking = recordBlocker(loop, blockingOf({ page, serviceTime, readAt }));
        if (loop.blocking)
            deps.log(pacingNote(loop.blocking, deps.clock.now()));
    }
    if (busy)
        await stopIfPaused(loop);
    const now = deps.clock.now();
    const waited = now - loop.runStartedAt;
    if (busy && progress.blockedBy)
        progress.blockedBy.lastSeenAt = now;
    const proposed = Math.max(options.minMs ?? 0, busy ? loop.pacer.next(now, waited, loop.blocking) : loop.backoff.next());
    const slept = await (0,src_clock/* sleepWithinBudget */.Ac)({ proposedMs: proposed, baseMs: plan.retry.retryBaseDelayMs, deadline: plan.deadline }, deps, (delay) => `${reason}: ${progress.attempts > 0 ? `attempt ${progress.attempts}; ` : ''}` +
        `next ${options.next ?? 'try'} in ${(0,format/* secs */.zG)(delay)} ` +
        `(waited ${(0,format/* secs */.zG)(waited)} of wait-timeout ${(0,format/* secs */.zG)(plan.waitTimeoutMs)})`);
    if (slept === undefined)
        throw exhausted(loop, reason);
    progress.waitedMs += slept;
}
/**
 * A paused change does not end by itself, so no wait can help: once a read of the change
 * confirms the pause, the step stops at once, naming the change and what to do. A read that
 * fails or shows it going on again lets the wait go on.
 */
async function stopIfPaused(loop) {
    const blocker = loop.blocking;
    if (!blocker?.paused || loop.pauseChecked.has(blocker.changeId))
        return;
    loop.pauseChecked.add(blocker.changeId);
    const { plan, deps } = loop;
    const answer = await lookupCall(loop.reads, (t) => deps.client.describeChange(plan.envId, blocker.changeId, t));
    if (!answer.ok || !answer.value.paused || answer.value.finished)
        return;
    const c = answer.value;
    const kind = c.actionName || c.changeName || 'unnamed';
    const since = (0,format/* isoTime */.Ly)(c.updateTime);
    const what = `Environment ${plan.envId} is held by change ${c.changeId} (${kind}), paused` +
        `${since ? ` since ${since}` : ''} (created ${(0,format/* isoTime */.Ly)(c.createTime) || 'at an unknown time'}): ` +
        'a paused change does not end by itself, so no wait can help.';
    const todo = `Resume or abort change ${c.changeId} in the WebPlus console${plan.consoleUrl ? ` (${plan.consoleUrl})` : ''}, ` +
        'or resume it from a workflow with the resume-change-id input; then run this step again.';
    if (loop.unresolved)
        throw mayHaveStarted(loop, `${what} An earlier attempt went unanswered.`, todo);
    throw new errors/* ActionError */.lZ(`${what} No restart was started.`, todo);
}
/**
 * Records the change that holds the environment, for the pacer and the report. The same change
 * read again keeps the object the pacer fitted its model to (a new one would refit it).
 */
function recordBlocker(loop, change) {
    const known = loop.blocking;
    if (change && known?.changeId === change.changeId && known.paused === change.paused) {
        return known;
    }
    if (change) {
        const { changeId, actionName, createdAt } = change;
        loop.progress.blockedBy = {
            changeId,
            actionName,
            createdAt,
            lastSeenAt: loop.deps.clock.now(),
        };
    }
    return change;
}
/** The service's clock now, estimated from the last answer's `Date` and the runner time since. */
function serviceNow(loop) {
    const s = loop.serviceClock;
    return s && s.service + (loop.deps.clock.now() - s.runner);
}
function exhausted(loop, reason) {
    const { plan, deps, progress } = loop;
    const waited = (0,format/* secs */.zG)(deps.clock.now() - loop.runStartedAt);
    const budget = `${(0,format/* secs */.zG)(plan.waitTimeoutMs)}`;
    if (loop.unresolved || loop.suspect) {
        return new errors/* ActionError */.lZ(`A RestartAppEnv request got no trustworthy answer, and within wait-timeout (waited ${waited} of ` +
            `${budget}) this step could not rule out that it took effect; last: ${loop.lastFailure || reason}. ` +
            'The restart may have started.', `Check environment ${plan.envId} in the WebPlus console before running this step again.`);
    }
    if (loop.lastWasBusy) {
        return new errors/* ActionError */.lZ(`Environment ${plan.envId} was still busy with another change (EnvOnChanging) after waiting ${waited} ` +
            `of wait-timeout ${budget} (${progress.attempts} attempts). No restart was started.`, 'Raise wait-timeout, or run the step again once the ongoing change has finished.');
    }
    return new errors/* ActionError */.lZ(`Gave up after waiting ${waited} of wait-timeout ${budget} ` +
        `(${progress.attempts} attempts); last error: ${reason}. No restart was started.`, 'The service or the network kept failing; run the step again later.');
}
function mayHaveStarted(loop, why, hint) {
    return new errors/* ActionError */.lZ(`${why} The restart may have started.`, `Check environment ${loop.plan.envId} in the WebPlus console before running this step again.${hint ? ` ${hint}` : ''}`);
}
function noBaseline(loop) {
    return mayHaveStarted(loop, `A RestartAppEnv request got no trustworthy answer (${loop.lastFailure}), and without reading the ` +
        "environment's changes before it (DescribeAppEnvStatus/DescribeChanges were refused) no look-up can settle it.", 'Grant webplus:DescribeAppEnvStatus, webplus:DescribeChange and webplus:DescribeChanges so that an unanswered request can be settled.');
}
/** A RAM policy that does not grant the call: the only refusal the loop works around. */
function isPermissionRefusal(code) {
    return (0,errors/* isPermissionCode */.bQ)(code);
}
function pacingNote(change, now) {
    const kind = change.actionName || 'unnamed';
    const past = change.pastDurationsMs;
    const low = (0,format/* secs */.zG)(Math.min(...past));
    const high = (0,format/* secs */.zG)(Math.max(...past));
    const history = past.length === 0
        ? `no earlier ${kind} change to compare with`
        : `${past.length} earlier ${kind} change(s) took ${low === high ? low : `${low} to ${high}`}`;
    return (`Blocking change ${change.changeId} (${kind}) is ${change.paused ? 'paused' : 'running'}, ` +
        `created ${(0,format/* secs */.zG)(Math.max(0, now - change.createdAt))} ago; ${history}. Retries are paced by that.`);
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
var external_node_v8_default = /*#__PURE__*/__webpack_require__.n(external_node_v8_);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/http-exchange.ts
/**
 * Bounds on what a server can do to the process through pop-core's HTTP layer (httpx), which
 * buffers a whole body, keeps reading after its own read time-out, decompresses without a
 * limit, and can throw from inside its listeners. Every request goes through an agent that
 * hands this module the request: it enforces one hard time-out, a cap on the bytes read,
 * refuses compressed bodies (never asked for), records the status and the service's `Date`,
 * and destroys the socket as soon as the exchange is over or refused.
 */




/** Largest answer read, headers included. Real answers are a few KB; a page of 100 changes ~60 KB. */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;
const EXCHANGE = Symbol('exchange');
class RefusedAnswer extends Error {
    refusal;
    constructor(refusal, message) {
        super(message);
        this.refusal = refusal;
        this.name = refusal === 'timeout' ? 'RequestTimeoutError' : 'RefusedAnswerError';
    }
}
function openExchange(timeoutMs) {
    let request;
    let response;
    let reject = () => undefined;
    const refused = new Promise((_, r) => {
        reject = r;
    });
    refused.catch(() => undefined); // observed by whoever races it; never unhandled
    let bytes = 0;
    let socket;
    const count = (chunk) => {
        bytes += chunk.length;
        if (bytes > MAX_ANSWER_BYTES)
            refuse('too-large', `answer over ${MAX_ANSWER_BYTES} bytes`);
    };
    const exchange = {
        refused,
        status: undefined,
        serviceTime: undefined,
        sent: false,
        get bytes() {
            return bytes;
        },
        tag: (options) => ({ ...options, [EXCHANGE]: exchange }),
        close,
        attach,
    };
    const timer = setTimeout(() => refuse('timeout', `no complete answer within ${timeoutMs} ms`), timeoutMs);
    timer.unref();
    function refuse(refusal, message) {
        reject(new RefusedAnswer(refusal, message));
        close();
    }
    function close() {
        clearTimeout(timer);
        socket?.off('data', count);
        // An answer not read to its end leaves a socket that a server could keep feeding.
        if (request && !(response?.complete ?? false))
            request.destroy();
    }
    function attach(req) {
        request = req;
        // Node emits 'error' on a destroyed request or answer: with no listener it would be an
        // uncaught exception, the one way a server could crash the process.
        req.on('error', () => undefined);
        req.on('socket', (s) => {
            socket = s;
            s.on('data', count);
        });
        req.on('finish', () => {
            exchange.sent = true;
        });
        req.on('response', (res) => {
            response = res;
            res.on('error', () => undefined);
            exchange.status = res.statusCode;
            const date = Date.parse(res.headers.date ?? '');
            if (Number.isFinite(date))
                exchange.serviceTime = date;
            const length = Number(res.headers['content-length']);
            if (Number.isFinite(length) && length > MAX_ANSWER_BYTES) {
                refuse('too-large', `answer announces ${length} bytes, over ${MAX_ANSWER_BYTES}`);
                return;
            }
            const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
            if (encoding !== 'identity' && encoding !== '') {
                // Never asked for (no Accept-Encoding is sent), so never decompressed: a small
                // compressed body can expand to gigabytes.
                refuse('compressed', `answer is compressed (${encoding}) though none was asked for`);
            }
        });
    }
    return exchange;
}
/** The agent of one client: keep-alive, and every request handed to its tagged exchange. */
function boundedAgent(secure) {
    const Base = secure ? (external_node_https_default()).Agent : (external_node_http_default()).Agent;
    const agent = new Base({ keepAlive: true });
    const addRequest = agent.addRequest.bind(agent);
    agent.addRequest = (req, options) => {
        options[EXCHANGE]?.attach(req);
        addRequest(req, options);
    };
    return agent;
}
/** An answer larger than this is followed by a full garbage collection (collectAfterLarge). */
const LARGE_ANSWER_BYTES = 512 * 1024;
let collector;
/**
 * A full garbage collection, after an exchange that read over LARGE_ANSWER_BYTES. Each such
 * answer leaves several copies of itself behind (the socket's chunks, httpx's concatenation,
 * the decoded string, the parsed object), and V8 lets that garbage pile up: with every answer
 * near MAX_ANSWER_BYTES a run peaked at about 145 MB RSS, with this 90 MB (docs/reliability.md).
 * Real answers are a few KB, so a normal run never pays for it. `gc` is not exposed to a
 * script unless asked for; the flag is set, once, only when first needed.
 */
function collectAfterLarge(exchange) {
    if (exchange.bytes <= LARGE_ANSWER_BYTES)
        return;
    try {
        if (!collector) {
            external_node_v8_default().setFlagsFromString('--expose-gc');
            collector = (0,external_node_vm_.runInNewContext)('gc');
        }
        collector();
    }
    catch {
        // Only memory is at stake: without a collector, V8 collects on its own schedule.
        collector = () => undefined;
    }
}

// EXTERNAL MODULE: ./src/answers.ts
var answers = __webpack_require__(3788);
// EXTERNAL MODULE: ./src/json.ts
var json = __webpack_require__(8301);
;// CONCATENATED MODULE: ./src/webplus-client.ts
/**
 * The WebPlus wire format: signed ROA calls through pop-core, and every answer turned into
 * data. Nothing here decides whether to retry; that is restart.ts and completion.ts.
 */






const API_VERSION = '2019-03-20';
/** The most changes an environment's list may count; a larger TotalCount is malformed. */
const MAX_TOTAL_COUNT = 100_000;
/** Events read per DescribeEvents call: a restart of a large environment has a few per batch. */
const EVENTS_PAGE_SIZE = 100;
async function createWebPlusClient(options) {
    const t = await openTransport(options);
    return {
        async restartAppEnv(envId, batch, timeoutMs) {
            const params = restartParams(envId, batch);
            const raw = await send(t, 'POST', '/pop/v1/wam/appEnv/restart', params, timeoutMs);
            return decode(raw, (body) => toEnvChange(body, envId));
        },
        async describeAppEnvStatus(envId, timeoutMs) {
            const raw = await send(t, 'GET', '/pop/v1/wam/appEnv/status', { EnvId: envId }, timeoutMs);
            return decode(raw, (body) => toEnvStatus(body, envId));
        },
        async describeChange(envId, changeId, timeoutMs) {
            const params = { ChangeId: changeId, EnvId: envId };
            const raw = await send(t, 'GET', '/pop/v1/wam/changeInfo', params, timeoutMs);
            return decode(raw, (body) => toDescribedChange(body, envId, changeId));
        },
        async describeChanges(envId, page, timeoutMs) {
            const raw = await send(t, 'GET', '/pop/v1/wam/change', pageParams(envId, page), timeoutMs);
            return decode(raw, (body) => toChangePage(body, envId, page.size));
        },
        async pauseChange(envId, changeId, timeoutMs) {
            return controlChange(t, '/pop/v1/wam/change/pause', envId, changeId, timeoutMs);
        },
        async resumeChange(envId, changeId, timeoutMs) {
            return controlChange(t, '/pop/v1/wam/change/resume', envId, changeId, timeoutMs);
        },
        async abortChange(envId, changeId, timeoutMs) {
            return controlChange(t, '/pop/v1/wam/change/abort', envId, changeId, timeoutMs);
        },
        close() {
            t.agent.destroy();
        },
        async describeEvents(envId, changeId, timeoutMs) {
            const params = {
                EnvId: envId,
                ChangeId: changeId,
                PageSize: String(EVENTS_PAGE_SIZE),
                PageNumber: '1',
            };
            const raw = await send(t, 'GET', '/pop/v1/wam/event', params, timeoutMs);
            return decode(raw, (body) => toEvents(body, envId, t.debug));
        },
        async describeAppEnvInstanceHealth(envId, timeoutMs) {
            const path = '/pop/v1/wam/appEnv/instanceHealth';
            const raw = await send(t, 'GET', path, { EnvId: envId }, timeoutMs);
            return decode(raw, (body) => toInstanceHealth(body, envId));
        },
    };
}
async function openTransport(options) {
    // Loaded here, not at the top: pop-core's `debug` dependency reads DEBUG once when it
    // loads, and main.ts clears DEBUG first (DEBUG=roa would print the string-to-sign).
    const { default: ROAClient } = await __webpack_require__.e(/* import() */ 5).then(__webpack_require__.t.bind(__webpack_require__, 5, 23));
    const t = {
        client: undefined,
        agent: boundedAgent(options.endpoint.startsWith('https:')),
        options,
        debug: options.debug ?? (() => undefined),
        now: options.now ?? Date.now,
        handoff: undefined,
    };
    t.client = new ROAClient({
        endpoint: options.endpoint,
        apiVersion: API_VERSION,
        // Hands pop-core the credentials `send` resolved for this request, once (Transport.handoff).
        credentialsProvider: { getCredentials: () => takeHandoff(t) },
    });
    return t;
}
/** The credentials handed over for the request pop-core is starting; there are none twice. */
function takeHandoff(t) {
    const credentials = t.handoff;
    t.handoff = undefined;
    return credentials
        ? Promise.resolve(credentials)
        : Promise.reject(new Error('Failed to sign the request: no credentials were handed over'));
}
/** Credentials and the time left for the request, or why the call was not sent. */
async function credentialsWithin(t, method, timeoutMs) {
    const begun = t.now();
    const deadline = begun + timeoutMs;
    let credentials;
    try {
        // An operation (a POST: RestartAppEnv, and Pause/Resume/AbortChange) gives a renewal
        // no time: it is sent when its loop decided, never later; the reads renew the credentials.
        credentials = await t.options.getCredentials(method === 'POST' ? begun : deadline);
    }
    catch (error) {
        if (error instanceof src_clock/* AbortedError */.oM)
            throw error;
        const why = (0,errors/* errorMessage */.gJ)(error);
        return { notSent: { kind: 'not-sent', message: `Failed to obtain credentials: ${why}` } };
    }
    const leftMs = deadline - t.now();
    // A renewal that left the request under a quarter of its time-out (and under 1 s) left
    // too little to send one that may be answered: better not sent than unanswered.
    if (leftMs < Math.min(1000, timeoutMs / 4)) {
        return {
            notSent: {
                kind: 'not-sent',
                message: `Failed to send the request: renewing the credentials left ${Math.max(0, leftMs)} ms of its ${timeoutMs} ms time-out`,
            },
        };
    }
    return { ...credentials, leftMs };
}
/** One signed call: credentials first, then the request within what is left of its time-out. */
async function send(t, method, path, params, timeoutMs) {
    const started = performance.now();
    // Credentials first, outside pop-core: a failure to obtain them is not a transport
    // failure, and must not be mistaken for a request that may have reached the service.
    // Their renewal shares the call's time-out, and the request gets what is left of it.
    const credentials = await credentialsWithin(t, method, timeoutMs);
    if ('notSent' in credentials) {
        t.debug(`${method} ${path} → not sent: ${credentials.notSent.message}`);
        return { ok: false, failure: credentials.notSent };
    }
    const { leftMs, ...resolved } = credentials;
    t.handoff = resolved;
    const exchange = openExchange(leftMs);
    let result;
    try {
        const pending = request(t, method, path, params, timeoutMs, exchange);
        pending.catch(() => undefined); // abandoned when the exchange is refused first
        result = fromAnswer(await Promise.race([pending, exchange.refused]), exchange.status);
    }
    catch (error) {
        result = { ok: false, failure: fromError(error, exchange) };
    }
    finally {
        exchange.close();
    }
    collectAfterLarge(exchange);
    if (exchange.serviceTime !== undefined)
        result.serviceTime = exchange.serviceTime;
    const outcome = result.ok
        ? `OK ${requestIdOf(result.body)}`
        : `${result.failure.kind}${'code' in result.failure ? ` ${result.failure.code}` : ''}`;
    t.debug(`${method} ${path} ${Object.keys(params).join(',')} → ${(0,service_text/* serviceText */.Lo)(outcome)}` +
        `${exchange.status ? ` (HTTP ${exchange.status})` : ''} in ${Math.round(performance.now() - started)} ms`);
    return result;
}
/** pop-core's request: a GET's parameters in the query, a POST's in a form body. */
function request(t, method, path, params, timeoutMs, exchange) {
    // httpx's own timers are left longer than ours: the exchange's one time-out rules.
    const opts = { timeout: timeoutMs + 1000, agent: t.agent, beforeRequest: exchange.tag };
    if (method === 'GET')
        return t.client.request('GET', path, params, '', {}, opts);
    return t.client.request('POST', path, {}, new URLSearchParams(params).toString(), 
    // pop-core sets no content-type of its own; the service needs it to read the form.
    { 'content-type': 'application/x-www-form-urlencoded' }, opts);
}
/** One of the change-control POSTs; an answer about another change is malformed. */
async function controlChange(t, path, envId, changeId, timeoutMs) {
    const raw = await send(t, 'POST', path, { ChangeId: changeId }, timeoutMs);
    return decode(raw, (body) => {
        const decoded = toEnvChange(body, envId);
        if (typeof decoded === 'string')
            return decoded;
        if (decoded.changeId !== changeId)
            return `EnvChange names change ${decoded.changeId}`;
        return decoded;
    });
}
function restartParams(envId, batch) {
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
    return params;
}
function pageParams(envId, page) {
    const params = {
        EnvId: envId,
        PageSize: String(page.size),
        PageNumber: String(page.number),
    };
    if (page.actionName)
        params.ActionName = page.actionName;
    return params;
}
/** DescribeAppEnvStatus's EnvStatus, or why it cannot be `envId`'s. */
function toEnvStatus(body, envId) {
    const status = (0,json/* record */.g)(body.EnvStatus);
    if (!status)
        return 'EnvStatus is missing';
    const foreign = foreignEnv((0,json/* text */.Q)(status.EnvId), envId);
    if (foreign)
        return `EnvStatus names ${foreign}`;
    const latest = (0,json/* text */.Q)(status.LatestChangeId) || undefined;
    if (latest !== undefined && !(0,service_text/* changeIdShape */.N4)(latest)) {
        return `LatestChangeId "${(0,service_text/* serviceText */.Lo)(latest, 80)}" is not a change ID`;
    }
    return {
        applyingChange: flag(status.ApplyingChange),
        latestChangeId: latest,
        instances: instanceCounts((0,json/* record */.g)(status.InstanceAppStatus)),
        state: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(status.EnvStatus) ?? '', 40) || undefined,
    };
}
/** DescribeChange's Change: the one asked for, of `envId`. */
function toDescribedChange(body, envId, changeId) {
    const change = (0,json/* record */.g)(body.Change);
    if (!change)
        return 'Change is missing';
    const decoded = toChange(change, envId);
    if (typeof decoded === 'string')
        return decoded;
    if (decoded.changeId !== changeId)
        return `the answer describes change ${decoded.changeId}`;
    return decoded;
}
/** A DescribeChanges page of at most `size` changes, all of `envId`. */
function toChangePage(body, envId, size) {
    const total = (0,json/* text */.Q)(body.TotalCount);
    if (total === undefined || !/^\d+$/.test(total))
        return 'TotalCount is missing';
    // A count no environment reaches would drive page loops: the answer is malformed.
    if (Number(total) > MAX_TOTAL_COUNT)
        return `TotalCount ${total} is not plausible`;
    const list = (0,json/* record */.g)(body.Changes)?.Change ?? [];
    if (!Array.isArray(list))
        return 'Changes.Change is not a list';
    if (list.length > size)
        return `the page lists ${list.length} changes, over its size ${size}`;
    const changes = [];
    for (const item of list) {
        const c = (0,json/* record */.g)(item);
        const decoded = c ? toChange(c, envId) : 'a change is not an object';
        if (typeof decoded === 'string')
            return decoded;
        changes.push(decoded);
    }
    return { totalCount: Number(total), changes };
}
/** DescribeEvents' first page (EVENTS_PAGE_SIZE at most); an event of another environment is malformed. */
function toEvents(body, envId, debug) {
    const list = (0,json/* record */.g)(body.Events)?.Event;
    if (list === undefined)
        return [];
    if (!Array.isArray(list))
        return 'Events.Event is not a list';
    if (list.length > EVENTS_PAGE_SIZE) {
        // More than the page asked for: only a page is read (the rest would only be work).
        debug(`DescribeEvents listed ${list.length} events, asked for ${EVENTS_PAGE_SIZE}: the first ${EVENTS_PAGE_SIZE} are read`);
    }
    const events = [];
    for (const e of list.slice(0, EVENTS_PAGE_SIZE).map(json/* record */.g)) {
        const eventId = (0,json/* text */.Q)(e?.EventId);
        if (!e || !eventId)
            continue;
        const foreign = foreignEnv((0,json/* text */.Q)(e.EnvId), envId);
        if (foreign)
            return `event ${(0,service_text/* serviceText */.Lo)(eventId, 80)} belongs to ${foreign}`;
        events.push({
            eventId: (0,service_text/* serviceText */.Lo)(eventId, 80),
            timestamp: epochMs(e.EventTimestamp),
            level: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(e.EventLevel) ?? '', 20),
            name: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(e.EnventName) ?? '', 80),
            message: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(e.EventMessage) ?? ''),
        });
    }
    return events;
}
function toInstanceHealth(body, envId) {
    const health = (0,json/* record */.g)(body.EnvInstanceHealth);
    if (!health)
        return 'EnvInstanceHealth is missing';
    const foreign = foreignEnv((0,json/* text */.Q)(health.EnvId), envId);
    if (foreign)
        return `EnvInstanceHealth names ${foreign}`;
    const list = (0,json/* record */.g)(health.InstanceHealthList)?.InstanceHealth;
    if (list !== undefined && !Array.isArray(list)) {
        return 'EnvInstanceHealth.InstanceHealthList.InstanceHealth is not a list';
    }
    const enable = health.EnableHealthCheck;
    return {
        enableHealthCheck: enable === undefined || enable === null ? undefined : flag(enable),
        instances: (list ?? []).map(json/* record */.g).flatMap((i) => {
            const instanceId = (0,json/* text */.Q)(i?.InstanceId);
            if (!i || !instanceId)
                return [];
            return [
                {
                    instanceId: (0,service_text/* serviceText */.Lo)(instanceId, 80),
                    appStatus: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(i.AppStatus) ?? '', 40),
                    agentStatus: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(i.AgentStatus) ?? '', 40),
                },
            ];
        }),
    };
}
function instanceCounts(status) {
    if (!status)
        return undefined;
    const count = (value) => {
        const t = (0,json/* text */.Q)(value);
        return t && /^\d+$/.test(t) ? Number(t) : 0;
    };
    return {
        healthy: count(status.HealthyInstances),
        unhealthy: count(status.UnhealthyInstances),
        stopped: count(status.StoppedInstances),
        unknown: count(status.UnknownInstances),
    };
}
/** A parsed answer of pop-core: a JSON 2xx object, or raw text for anything that was not JSON. */
function fromAnswer(answer, status) {
    const body = (0,json/* record */.g)(answer);
    if (status !== undefined && status >= 500) {
        return { ok: false, failure: serverFailure(status, body) };
    }
    if (!body) {
        const snippet = typeof answer === 'string' ? (0,service_text/* serviceText */.Lo)(answer, 120) : '';
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
    const code = (0,json/* text */.Q)(body.Code);
    if (code !== undefined && code !== 'OK' && code !== '200') {
        if ((0,errors/* isServerError */.GQ)(code))
            return { ok: false, failure: serverFailure(status, body) };
        return { ok: false, failure: apiFailure(code, body, status ?? 200) };
    }
    return { ok: true, body };
}
function apiFailure(code, body, status) {
    const failure = {
        kind: 'api',
        code: (0,service_text/* serviceText */.Lo)(code, 80),
        message: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(body?.Message) ?? ''),
        requestId: body ? requestIdOf(body) : '',
    };
    if (status !== undefined)
        failure.status = status;
    return failure;
}
/** A 5xx or a server-error Code: the request reached the service, which may have acted. */
function serverFailure(status, body) {
    const code = (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(body?.Code) ?? '', 80);
    const message = (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(body?.Message) ?? '');
    const requestId = body ? requestIdOf(body) : '';
    return {
        kind: 'unknown',
        message: `the service failed${status ? ` (HTTP ${status}` : ' ('}${code ? `${status ? ' ' : ''}${code}` : ''})` +
            `${message ? `: ${message}` : ''}${requestId ? ` (RequestId ${requestId})` : ''}`,
    };
}
function fromError(error, exchange) {
    const e = (error ?? {});
    // httpx appends "<METHOD> <url> failed." to the message, without a space: the URL is ours,
    // not news ("connect ECONNREFUSED 127.0.0.1:8787", not "…8787GET http://… failed.").
    const raw = typeof e.message === 'string' ? e.message : String(error);
    const message = (0,service_text/* serviceText */.Lo)(raw.replace(/\s*(GET|POST) \S+ failed\.?\s*$/, '').trim());
    const code = typeof e.code === 'string' ? (0,service_text/* serviceText */.Lo)(e.code, 80) : undefined;
    const status = exchange.status ?? (typeof e.statusCode === 'number' ? e.statusCode : undefined);
    if (error instanceof RefusedAnswer)
        return fromRefusal(error, exchange, message);
    const answered = fromErrorAnswer(e, raw, code, status);
    if (answered)
        return answered;
    return fromTransport(e, exchange, code, message);
}
/** The exchange refused the answer (too large, too slow) or the connection before sending. */
function fromRefusal(error, exchange, message) {
    if (!exchange.sent)
        return { kind: 'not-sent', message: `${message} (before the request was sent)` };
    return {
        kind: 'unknown',
        message: error.refusal === 'timeout'
            ? `no answer within the request-timeout (${message})`
            : `answer refused: ${message}`,
    };
}
/** An error that carries the service's answer (5xx, a JSON 4xx, an XML error); else undefined. */
function fromErrorAnswer(e, raw, code, status) {
    const result = (0,json/* record */.g)(e.result);
    if (status !== undefined && status >= 500)
        return serverFailure(status, result);
    // pop-core: a JSON answer with status >= 400.
    if (typeof e.statusCode === 'number' && result) {
        const apiCode = (0,json/* text */.Q)(result.Code) ?? (0,json/* text */.Q)(result.code) ?? `HTTP${e.statusCode}`;
        if ((0,errors/* isServerError */.GQ)(apiCode))
            return serverFailure(status, result);
        return apiFailure(apiCode, result, e.statusCode);
    }
    if (e.name === 'FormatError')
        return { kind: 'unknown', message: 'answer was JSON-typed but not valid JSON' };
    // pop-core's XML error (ACSError): a service answer with a code; its message embeds the ids.
    // An answer is the service speaking, whatever its Code says (even "ECONNREFUSED").
    if (code && e.name === 'Error' && /requestid:/.test(raw))
        return fromXmlError(raw, code, status);
    return undefined;
}
function fromXmlError(raw, code, status) {
    const requestId = (0,service_text/* serviceText */.Lo)(/requestid: ([\w-]+)/.exec(raw)?.[1] ?? '', 80);
    const xmlMessage = (0,service_text/* serviceText */.Lo)(raw.replace(/ hostid:.*$/s, ''));
    if ((0,errors/* isServerError */.GQ)(code)) {
        return serverFailure(status, { Code: code, Message: xmlMessage, RequestId: requestId });
    }
    const failure = { kind: 'api', code, message: xmlMessage, requestId };
    if (status !== undefined)
        failure.status = status;
    return failure;
}
/** No answer came: not sent only on the transport's own evidence, else unknown. */
function fromTransport(e, exchange, code, message) {
    // "Not sent" only on the transport's own evidence: no answer head came, and the request
    // never left the runner (or failed in a way only the connection phase fails).
    if (exchange.status === undefined && code && (!exchange.sent || answers/* NOT_SENT_CODES */.m.has(code))) {
        return { kind: 'not-sent', message };
    }
    if (typeof e.name === 'string' && e.name.startsWith('RequestTimeout')) {
        return { kind: 'unknown', message: `no answer within the request-timeout (${message})` };
    }
    if (code)
        return { kind: 'unknown', message };
    // Anything else pop-core threw while reading the answer (e.g. an XML body it could not map).
    return { kind: 'unknown', message: `unreadable answer: ${message}` };
}
function decode(raw, decodeBody) {
    const time = raw.serviceTime !== undefined ? { serviceTime: raw.serviceTime } : {};
    if (!raw.ok)
        return { ok: false, failure: raw.failure, ...time };
    const requestId = requestIdOf(raw.body);
    const value = decodeBody(raw.body);
    if (typeof value === 'string') {
        return { ok: false, failure: { kind: 'malformed', message: value, requestId }, ...time };
    }
    return { ok: true, value, requestId, ...time };
}
/** `another environment (we-…)` when `named` is given and is not `envId`. */
function foreignEnv(named, envId) {
    return named && named !== envId ? `another environment (${(0,service_text/* serviceText */.Lo)(named, 80)})` : undefined;
}
/** A change of `envId`, or why it cannot be one. Every string is service text, neutralised. */
function toChange(c, envId) {
    const rawId = (0,json/* text */.Q)(c.ChangeId);
    if (!rawId)
        return 'a change has no ChangeId';
    const changeId = (0,service_text/* changeIdShape */.N4)(rawId);
    if (!changeId)
        return `ChangeId "${(0,service_text/* serviceText */.Lo)(rawId, 80)}" is not a change ID`;
    const foreign = foreignEnv((0,json/* text */.Q)(c.EnvId), envId);
    if (foreign)
        return `change ${changeId} belongs to ${foreign}`;
    return {
        changeId,
        envId,
        actionName: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(c.ActionName) ?? '', 80),
        changeName: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(c.ChangeName) ?? '', 80),
        changeMessage: (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(c.ChangeMessage) ?? ''),
        createTime: epochMs(c.CreateTime),
        updateTime: epochMs(c.UpdateTime),
        finishTime: epochMs(c.FinishTime),
        finished: flag(c.ChangeFinished),
        // The official models declare ChangeSucceed for DescribeChange(s); ChangeSucceeded only
        // for the GatherLog/GatherStats results. It is read as a fallback all the same.
        succeeded: flag(c.ChangeSucceed) || flag(c.ChangeSucceeded),
        aborted: flag(c.ChangeAborted),
        paused: flag(c.ChangePaused),
        timedOut: flag(c.ChangeTimedout),
    };
}
/** `EnvChange` of RestartAppEnv and the change-control APIs, or why it cannot be `envId`'s. */
function toEnvChange(body, envId) {
    const change = (0,json/* record */.g)(body.EnvChange);
    const rawId = (0,json/* text */.Q)(change?.ChangeId);
    if (!rawId)
        return 'EnvChange.ChangeId is missing';
    const changeId = (0,service_text/* changeIdShape */.N4)(rawId);
    if (!changeId)
        return `EnvChange.ChangeId "${(0,service_text/* serviceText */.Lo)(rawId, 80)}" is not a change ID`;
    const foreign = foreignEnv((0,json/* text */.Q)(change?.EnvId), envId);
    if (foreign)
        return `EnvChange names ${foreign}`;
    const startTime = (0,json/* text */.Q)(change?.StartTime);
    return { changeId, startTime: startTime && /^\d+$/.test(startTime) ? startTime : undefined };
}
function epochMs(value) {
    const t = (0,json/* text */.Q)(value);
    return t && /^\d{1,15}$/.test(t) ? Number(t) : undefined;
}
function flag(value) {
    return value === true || value === 'true';
}
function requestIdOf(body) {
    return (0,service_text/* serviceText */.Lo)((0,json/* text */.Q)(body.RequestId) ?? '', 80);
}

;// CONCATENATED MODULE: ./src/abort.ts
/**
 * AbortChange for this run's own change: on cancellation (`abort-on-cancel`) and by the circuit
 * breaker (`stop-on-unhealthy`). It is sent at most once unless the transport says the first
 * never left the runner, and an answer that does not settle it is settled by one read of the
 * change. Its own time-out bounds it (a cancelled run has seconds left), never the run's signal.
 */

/** What a read of the change says after an AbortChange that got no settling answer. */
function abortReadOf(change) {
    if (change.aborted)
        return { kind: 'accepted', detail: 'the change reads aborted' };
    if (change.finished) {
        return {
            kind: 'refused',
            detail: `the change had already ended (${change.succeeded ? 'succeeded' : 'failed'})`,
        };
    }
    return { kind: 'unknown', detail: 'the change still reads running' };
}
/**
 * Asks the service to abort `changeId` within `timeoutMs` in all (the first try gets most of
 * it, a read to settle the rest).
 */
async function abortChange(envId, changeId, deps, timeoutMs) {
    const first = Math.max(1000, Math.floor(timeoutMs * 0.6));
    let answer = await deps.client.abortChange(envId, changeId, first);
    if (!answer.ok && answer.failure.kind === 'not-sent') {
        // The transport's own evidence: nothing left the runner, so one more try is safe.
        answer = await deps.client.abortChange(envId, changeId, first);
    }
    if (answer.ok)
        return { kind: 'accepted', detail: 'AbortChange answered OK' };
    const failure = answer.failure;
    if (failure.kind === 'api' && failure.status !== undefined && failure.status < 500) {
        if (failure.code === 'ChangeOnAborting') {
            return { kind: 'accepted', detail: 'the change was already being aborted' };
        }
        return { kind: 'refused', detail: (0,format/* describeFailure */.Ic)(failure) };
    }
    const rest = Math.max(1000, timeoutMs - first);
    const check = await deps.client.describeChange(envId, changeId, rest);
    if (!check.ok) {
        return {
            kind: 'unknown',
            detail: `AbortChange: ${(0,format/* describeFailure */.Ic)(failure)}; the read to check failed: ${(0,format/* describeFailure */.Ic)(check.failure)}`,
        };
    }
    const result = abortReadOf(check.value);
    return { ...result, detail: `AbortChange: ${(0,format/* describeFailure */.Ic)(failure)}; ${result.detail}` };
}

;// CONCATENATED MODULE: ./src/breaker.ts
/**
 * The circuit breaker of a rolling restart (`stop-on-unhealthy`). Instances healthy before the
 * restart that the change takes down and that stay not healthy for `health-timeout` stop the
 * change (AbortChange) before more batches go down. An instance already unhealthy before the
 * restart never counts: restarting it may be the very reason for the run.
 */


/** Instances named in a line at the most. */
const BREAKER_NAMED = 20;
/** Instances down since when (runner's clock), among those healthy before: bounded by that set. */
function stayedDown(downSince, instances, healthyBefore, now, limitMs) {
    const down = new Set(unhealthyInstances([...instances]).map((i) => i.instanceId));
    for (const id of [...downSince.keys()])
        if (!down.has(id))
            downSince.delete(id);
    const over = [];
    for (const i of instances) {
        if (!down.has(i.instanceId) || !healthyBefore.has(i.instanceId))
            continue;
        const since = downSince.get(i.instanceId) ?? now;
        downSince.set(i.instanceId, since);
        if (now - since >= limitMs)
            over.push(i);
    }
    return over;
}
function createBreaker(plan, deps) {
    const downSince = new Map();
    let tripped;
    return {
        tripped: () => tripped,
        async watch(timeoutMs) {
            if (tripped)
                return;
            const answer = await deps.client.describeAppEnvInstanceHealth(plan.envId, timeoutMs);
            if (!answer.ok)
                return;
            const over = stayedDown(downSince, answer.value.instances, plan.healthyBefore, deps.clock.now(), plan.healthTimeoutMs);
            if (over.length === 0)
                return;
            const named = over.slice(0, BREAKER_NAMED);
            deps.log(`Instances ${named.map((i) => i.instanceId).join(', ')}${over.length > named.length ? ` and ${over.length - named.length} more` : ''} ` +
                `have not been healthy for health-timeout since the restart took them down: aborting change ${plan.changeId} before more batches go down.`);
            const abort = await abortChange(plan.envId, plan.changeId, deps, timeoutMs);
            tripped = { instances: named, count: over.length, abort };
            deps.log(`AbortChange for ${plan.changeId}: ${abort.kind} (${abort.detail}).`);
        },
    };
}

;// CONCATENATED MODULE: ./src/dry-run.ts
/**
 * The dry run (`dry-run: true`): reads only. It checks what a real run would meet (credentials,
 * endpoint, the environment, each read permission, its state, any blocking change, instance
 * health) and says what a restart would do and what the wait is likely to cost, from the
 * environment's own history. It never sends RestartAppEnv, ResumeChange or AbortChange.
 */




/** Earlier changes read for the history (one page). */
const HISTORY_SIZE = 50;
/** States in which the service accepts RestartAppEnv (or, busy, makes a run wait). */
const RESTARTABLE = /^(RUNNING|STOPPED|UPDATING)$/i;
async function dryRun(plan, deps) {
    const checks = [];
    const lines = [];
    const add = (name, status, detail) => checks.push({ name, status, detail });
    const t = plan.requestTimeoutMs;
    const { client } = deps;
    const status = await client.describeAppEnvStatus(plan.envId, t);
    if (!status.ok) {
        add('Credentials, endpoint and environment', 'failed', refusal(status));
        for (const name of ['Read permissions', 'Blocking change', 'Instance health']) {
            add(name, 'not checked', 'the first read failed');
        }
        return finish(checks, lines);
    }
    add('Credentials and endpoint', 'ok', `signed requests to ${plan.endpoint} are accepted`);
    const size = environmentCheck(plan.envId, status.value, add);
    add('webplus:DescribeAppEnvStatus', 'ok', 'granted');
    const page = await client.describeChanges(plan.envId, { size: HISTORY_SIZE, number: 1 }, t);
    add('webplus:DescribeChanges', page.ok ? 'ok' : permissionStatus(page), page.ok ? 'granted' : refusal(page));
    const changes = page.ok ? page.value.changes : [];
    blockingCheck(changes, plan, page.serviceTime, add, lines);
    await changeReadChecks(plan, deps, status.value.latestChangeId, add);
    await healthCheck(plan, deps, add);
    if (plan.resumeChangeId) {
        await resumeCheck(plan, deps, add, lines);
    }
    else {
        add('webplus:RestartAppEnv', 'not checked', 'cannot be checked without restarting: grant it as the README says');
        lines.push(restartPlanOf(plan.batch, size), ...historyLines(changes));
    }
    return finish(checks, lines);
}
/** Whether the environment is in a restartable state; returns its instance count if known. */
function environmentCheck(envId, status, add) {
    const state = status.state ?? 'an unknown state';
    const counts = status.instances;
    const size = counts
        ? counts.healthy + counts.unhealthy + counts.stopped + counts.unknown
        : undefined;
    add('Environment', RESTARTABLE.test(state) ? 'ok' : 'failed', `${envId} exists, ${state}${size !== undefined ? `, ${size} instance(s)` : ''}` +
        (RESTARTABLE.test(state) ? '' : ': only a running or stopped environment can be restarted'));
    return size;
}
/** DescribeChange and DescribeEvents, tried on the latest change (there is none to try on a new environment). */
async function changeReadChecks(plan, deps, latest, add) {
    if (!latest) {
        add('webplus:DescribeChange', 'not checked', 'the environment has no change to read yet');
        add('webplus:DescribeEvents', 'not checked', 'the environment has no change to read yet');
        return;
    }
    const t = plan.requestTimeoutMs;
    const answer = await deps.client.describeChange(plan.envId, latest, t);
    add('webplus:DescribeChange', answer.ok ? 'ok' : permissionStatus(answer), answer.ok ? 'granted' : refusal(answer));
    const events = await deps.client.describeEvents(plan.envId, latest, t);
    add('webplus:DescribeEvents', events.ok ? 'ok' : 'warning', events.ok ? 'granted' : `${refusal(events)}: a real run would not show the change's events`);
}
async function healthCheck(plan, deps, add) {
    const health = await deps.client.describeAppEnvInstanceHealth(plan.envId, plan.requestTimeoutMs);
    if (health.ok) {
        const down = unhealthyInstances(health.value.instances);
        add('Instance health', down.length === 0 ? 'ok' : 'warning', `${health.value.instances.length} instance(s), ${down.length} not healthy` +
            (health.value.enableHealthCheck === false ? ' (health checks are off)' : ''));
    }
    else {
        add('Instance health', 'warning', `${refusal(health)}: wait-for-healthy would use the counts only`);
    }
}
function finish(checks, plan) {
    return { checks, plan, proceed: !checks.some((c) => c.status === 'failed') };
}
/** A permission refusal is a failure; any other failure a warning (it may pass next time). */
function permissionStatus(answer) {
    if (answer.ok)
        return 'ok';
    return (0,errors/* isRefusal */.vu)(answer.failure) ? 'failed' : 'warning';
}
function refusal(answer) {
    if (answer.ok)
        return '';
    const f = answer.failure;
    const hint = f.kind === 'api' ? (0,errors/* hintFor */.JR)(f.code) : undefined;
    return `${(0,format/* describeFailure */.Ic)(f)}${hint ? `. ${hint}` : ''}`;
}
/** The change holding the environment, as a real run would meet it. */
function blockingCheck(changes, plan, serviceTime, add, lines) {
    const current = changes.find((c) => !c.finished);
    if (!current) {
        add('Blocking change', 'ok', 'none: the environment is free');
        return;
    }
    const kind = current.actionName || current.changeName || 'unnamed';
    if (current.paused) {
        add('Blocking change', 'failed', `change ${current.changeId} (${kind}) is paused${current.updateTime ? ` since ${(0,format/* isoTime */.Ly)(current.updateTime)}` : ''}: ` +
            `a real run would stop at once. Resume or abort it in the WebPlus console (${plan.consoleUrl}), or resume it with resume-change-id`);
        return;
    }
    const age = current.createTime !== undefined && serviceTime !== undefined
        ? ` for ${(0,format/* secs */.zG)(Math.max(0, serviceTime - current.createTime))}`
        : '';
    add('Blocking change', 'warning', `change ${current.changeId} (${kind}) is running${age}: a real run would wait for it (EnvOnChanging)`);
    const past = pastDurationsOf(changes, current.actionName, current.changeId);
    lines.push(past.length > 0
        ? `It would first wait for change ${current.changeId}: ${past.length} earlier ${kind} change(s) took ${range(past)}.`
        : `It would first wait for change ${current.changeId}; no earlier ${kind} change to tell how long.`);
}
/** What RestartAppEnv would do with these batch settings. */
function restartPlanOf(batch, instances) {
    const all = instances !== undefined ? `all ${instances} instance(s)` : 'all instances';
    if (batch.batchSize === undefined && batch.batchPercent === undefined) {
        return `A restart would restart ${all} at once.`;
    }
    const per = batch.batchSize !== undefined
        ? batch.batchSize
        : instances !== undefined
            ? Math.max(1, Math.ceil((instances * (batch.batchPercent ?? 100)) / 100))
            : undefined;
    const batches = per !== undefined && instances !== undefined ? Math.ceil(instances / per) : undefined;
    const what = batch.batchSize !== undefined
        ? `${batch.batchSize} instance(s)`
        : `${batch.batchPercent}% of the instances${per !== undefined ? ` (${per})` : ''}`;
    return (`A restart would restart ${all} in batches of ${what}` +
        `${batches !== undefined ? `, ${batches} batch(es)` : ''}` +
        `${batch.batchInterval !== undefined ? `, ${batch.batchInterval} s apart` : ''}` +
        `${batch.pauseBetweenBatches ? ', pausing after each batch until resumed' : ''}.`);
}
/** How long earlier restarts of the environment took. */
function historyLines(changes) {
    const restarts = changes.filter((c) => /restart/i.test(`${c.actionName} ${c.changeName}`));
    const kind = restarts[0]?.actionName;
    if (!kind)
        return ['No earlier restart on the first page of changes to tell how long one takes.'];
    const past = pastDurationsOf(changes, kind, '');
    if (past.length === 0)
        return ['No finished earlier restart to tell how long one takes.'];
    return [`${past.length} earlier restart(s) took ${range(past)}.`];
}
function range(durations) {
    const low = (0,format/* secs */.zG)(Math.min(...durations));
    const high = (0,format/* secs */.zG)(Math.max(...durations));
    return low === high ? low : `${low} to ${high}`;
}
/** With resume-change-id: is the change this environment's, and paused? */
async function resumeCheck(plan, deps, add, lines) {
    const id = plan.resumeChangeId ?? '';
    const answer = await deps.client.describeChange(plan.envId, id, plan.requestTimeoutMs);
    if (!answer.ok) {
        add('Change to resume', 'failed', `change ${id}: ${refusal(answer)}`);
        return;
    }
    const c = answer.value;
    const ok = c.paused && !c.finished;
    add('Change to resume', ok ? 'ok' : 'failed', `change ${id} (${c.actionName || 'unnamed'}) is ${c.finished ? 'finished' : c.paused ? 'paused' : 'running'}` +
        (ok ? '' : ': only a paused change can be resumed'));
    add('webplus:ResumeChange', 'not checked', 'cannot be checked without resuming');
    if (ok)
        lines.push(`ResumeChange would let change ${id} go on with its remaining batches.`);
}

;// CONCATENATED MODULE: ./src/resume.ts
/**
 * Resume behind a gate (`resume-change-id`): ResumeChange for a paused change of this
 * environment, instead of a restart. Nothing is sent unless a read shows the change is this
 * environment's and paused. ResumeChange is not idempotent either (a second one would let a
 * second batch go), so an answer that does not settle it is settled by reading the change
 * before anything is sent again: sent again only when the change is still paused with the same
 * UpdateTime, the very pause it was in (docs/design.md).
 */






/** The least time between an unsettled ResumeChange and the read that may allow another. */
const RESUME_SETTLE_MS = 2000;
/**
 * Pure: the change before the first ResumeChange and as read now. Resumed when it is no longer
 * paused, or paused again after a batch (a later UpdateTime); not resumed only when it is the
 * same pause, known by an UpdateTime that both reads carry.
 */
function resumeVerdict(before, now) {
    if (now.finished || !now.paused)
        return 'resumed';
    if (before.updateTime === undefined || now.updateTime === undefined)
        return 'unclear';
    return now.updateTime === before.updateTime ? 'not-resumed' : 'resumed';
}
async function resume(plan, deps, progress) {
    const r = {
        plan,
        deps,
        progress,
        backoff: (0,src_backoff/* createBackoff */.l)((0,polling/* backoffBoundsOf */.N3)(plan.retry), deps.random),
        runStartedAt: plan.deadline - plan.waitTimeoutMs,
        unsettled: false,
        lastFailure: '',
        reads: lookupDeps(deps, plan, (answer) => answer),
    };
    const before = await readChange(r);
    checkPaused(r, before);
    for (;;) {
        const step = await sendResume(r, before);
        if (step === 'done')
            return;
        if (step === 'settle' && (await settleResume(r, before)) === 'done')
            return;
    }
}
/** Reads the change, waiting out transient failures; a definite refusal stops the step. */
async function readChange(r) {
    const { plan, deps } = r;
    for (;;) {
        const answer = await lookupCall(r.reads, (t) => deps.client.describeChange(plan.envId, plan.changeId, t));
        if (answer.ok)
            return answer.value;
        r.lastFailure = (0,format/* describeFailure */.Ic)(answer.failure);
        const definite = definiteRefusal(answer.failure);
        if (definite) {
            throw refusedRead(r, answer.failure, definite);
        }
        await resume_wait(r, `Reading change ${plan.changeId} failed (${r.lastFailure})`);
    }
}
/** Why a read can never succeed, or undefined when trying again may help. */
function definiteRefusal(failure) {
    if (failure.kind === 'malformed')
        return failure.message;
    if ((0,errors/* isRefusal */.vu)(failure))
        return failure.code;
    return undefined;
}
function refusedRead(r, failure, why) {
    const { plan } = r;
    const notThis = (failure.kind === 'api' && failure.code === 'ChangeNotExists') || failure.kind === 'malformed';
    const lead = notThis
        ? `Change ${plan.changeId} is not a change of environment ${plan.envId} (${why})`
        : `Failed to read change ${plan.changeId}: ${r.lastFailure}`;
    const tail = r.unsettled
        ? ' A ResumeChange went unsettled: the change may have been resumed.'
        : ' Nothing was sent.';
    return new errors/* ActionError */.lZ(`${lead}.${tail}`, notThis
        ? 'Check resume-change-id (the change-id output of the run that started the restart) and env-id.'
        : failure.kind === 'api'
            ? (0,errors/* hintFor */.JR)(failure.code)
            : undefined);
}
/** Only a paused, unfinished change is resumed; anything else is a clear error, nothing sent. */
function checkPaused(r, change) {
    const { plan } = r;
    if (change.finished) {
        const how = change.succeeded ? 'succeeded' : change.aborted ? 'was aborted' : 'failed';
        throw new errors/* ActionError */.lZ(`Change ${plan.changeId} has already ended (it ${how}${change.finishTime ? ` at ${(0,format/* isoTime */.Ly)(change.finishTime)}` : ''}): there is nothing to resume. Nothing was sent.`, 'Start a new restart instead: run the step without resume-change-id.');
    }
    if (!change.paused) {
        throw new errors/* ActionError */.lZ(`Change ${plan.changeId} is not paused (it is running): there is nothing to resume. Nothing was sent.`, 'Wait for it to pause between batches, or for it to end.');
    }
}
/** Sends ResumeChange once and says what follows. */
async function sendResume(r, before) {
    const { plan, deps, progress } = r;
    if (progress.attempts > 0 && deps.clock.now() > plan.deadline)
        throw resume_exhausted(r);
    progress.attempts += 1;
    progress.state = 'in-flight';
    const answer = await (0,src_clock/* raceAbort */.Mu)(deps.client.resumeChange(plan.envId, plan.changeId, plan.retry.requestTimeoutMs), deps.signal);
    if (answer.ok) {
        started(r, before, answer.value.startTime);
        progress.requestId = answer.requestId;
        deps.log(`Change ${plan.changeId} resumed (ResumeChange answered OK).`);
        return 'done';
    }
    const failure = answer.failure;
    r.lastFailure = (0,format/* describeFailure */.Ic)(failure);
    if (failure.kind === 'not-sent') {
        progress.state = r.unsettled ? 'unsettled' : 'not-started';
        await resume_wait(r, `ResumeChange not sent (${failure.message})`);
        return 'send';
    }
    if ((0,errors/* isRefusal */.vu)(failure)) {
        if (r.unsettled)
            throw mayHaveResumed(r, `ResumeChange failed: ${r.lastFailure}; an earlier one went unsettled.`);
        progress.state = 'not-started';
        throw new errors/* ActionError */.lZ(`Failed to resume change ${plan.changeId}: ${r.lastFailure}`, (0,errors/* hintFor */.JR)(failure.code));
    }
    // No answer, a malformed one, or a refusal that can come after the service acted: read first.
    r.unsettled = true;
    progress.state = 'unsettled';
    await resume_wait(r, `ResumeChange got no settling answer (${r.lastFailure}); reading the change`, RESUME_SETTLE_MS);
    return 'settle';
}
/** Reads the change after an unsettled ResumeChange: resumed, send again, or stop. */
async function settleResume(r, before) {
    const now = await readChange(r);
    switch (resumeVerdict(before, now)) {
        case 'resumed':
            started(r, before, undefined);
            r.progress.adopted = true;
            r.progress.adoption = `the change is no longer in the pause it was in before this run's ResumeChange (${now.finished
                ? 'it has ended'
                : now.paused
                    ? 'it paused again after a batch'
                    : 'it is running'}); someone else may also have resumed it`;
            r.deps.log(`Change ${r.plan.changeId} was resumed: ${r.progress.adoption}. ResumeChange is not sent again.`);
            return 'done';
        case 'not-resumed':
            r.deps.log(`Change ${r.plan.changeId} is still in the same pause (UpdateTime unchanged); sending ResumeChange again.`);
            return 'send';
        case 'unclear':
            throw mayHaveResumed(r, `Change ${r.plan.changeId} is paused, and without an UpdateTime this step cannot tell whether its ResumeChange took effect.`);
    }
}
function started(r, before, startTime) {
    const { progress, plan } = r;
    progress.state = 'started';
    progress.changeId = plan.changeId;
    const start = startTime ?? (before.createTime !== undefined ? String(before.createTime) : undefined);
    if (start !== undefined)
        progress.startTime = start;
}
async function resume_wait(r, reason, minMs = 0) {
    const { plan, deps, progress } = r;
    const waited = deps.clock.now() - r.runStartedAt;
    const slept = await (0,src_clock/* sleepWithinBudget */.Ac)({
        proposedMs: Math.max(minMs, r.backoff.next()),
        baseMs: plan.retry.retryBaseDelayMs,
        deadline: plan.deadline,
    }, deps, (delay) => `${reason}: next try in ${(0,format/* secs */.zG)(delay)} (waited ${(0,format/* secs */.zG)(waited)} of wait-timeout ${(0,format/* secs */.zG)(plan.waitTimeoutMs)})`);
    if (slept === undefined)
        throw resume_exhausted(r);
    progress.waitedMs += slept;
}
function resume_exhausted(r) {
    const why = `Gave up within wait-timeout (${(0,format/* secs */.zG)(r.plan.waitTimeoutMs)}); last: ${r.lastFailure || 'no answer'}.`;
    if (r.unsettled)
        return mayHaveResumed(r, why);
    return new errors/* ActionError */.lZ(`${why} Change ${r.plan.changeId} was not resumed.`, 'The service or the network kept failing; run the step again later.');
}
function mayHaveResumed(r, why) {
    return new errors/* ActionError */.lZ(`${why} The change may have been resumed.`, `Check change ${r.plan.changeId} of environment ${r.plan.envId} in the WebPlus console before running this step again.`);
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * Wires the data path together: inputs → credentials → client → restart → (completion) →
 * (health) → report. Owns the single top-level catch and the cancellation signals.
 */




















async function run(overrides = {}) {
    const clock = overrides.clock ?? src_clock/* realClock */.dQ;
    const runStartedAt = clock.now();
    const input = (name) => getInput(name);
    // Masked before anything else can be printed, even an input error; the encoded forms a
    // server might echo too.
    const secrets = withEncodedForms(secretValues(input, process.env));
    for (const secret of secrets)
        setSecret(secret);
    // Secrets out, then both workflow-command syntaxes broken: a second line of defence behind
    // serviceText, for whatever reaches a printed line.
    const clean = (text) => (0,service_text/* breakCommands */.ix)((0,errors/* scrub */._I)(text, secrets));
    const log = (line) => info(clean(line));
    // pop-core's `debug` would print the string-to-sign (security token included) for DEBUG=roa.
    delete process.env.DEBUG;
    silenceNodeDebug();
    const cancellation = await wireCancellation(overrides.signal, log);
    const ctx = {
        clock,
        signal: cancellation.signal,
        ...(overrides.random ? { random: overrides.random } : {}),
        secrets,
        clean,
        log,
        input,
        env: process.env,
        runStartedAt,
    };
    const state = {
        stage: 'inputs',
        progress: newProgress(),
        timeline: newTimeline(runStartedAt),
        startOutputsSet: false,
    };
    let outcome;
    try {
        outcome = await execute(ctx, state);
    }
    catch (error) {
        outcome = await failureOutcome(cancellation.crash() ?? error, state, ctx);
    }
    try {
        announce(outcome, state, clean);
        await writeReport(outcome, state, ctx);
    }
    finally {
        // Kept until the report is written: a second signal cannot cut it short.
        cancellation.dispose();
    }
    // The bundle ends now, not when a request it stopped waiting for (a cancelled restart, a
    // silent ID-token endpoint) finally times out.
    if (!overrides.signal)
        process.exit();
}
/**
 * SIGINT/SIGTERM (or the test's signal) abort the run. The process handlers were installed by
 * index.ts before anything else loaded (src/signals.ts); they are taken over here. An
 * exception that escapes from the HTTP layer's own listeners also ends the run through the
 * top-level catch (`crash()`), never as a raw stack. dispose() unhooks everything.
 */
async function wireCancellation(external, log) {
    const controller = new AbortController();
    let crash;
    const onCrash = (error) => {
        crash ??= error;
        controller.abort();
    };
    process.on('uncaughtException', onCrash);
    let release = () => undefined;
    if (external) {
        external.addEventListener('abort', () => controller.abort(), { once: true });
    }
    else {
        const { onCancel } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 970));
        release = onCancel((name) => {
            if (controller.signal.aborted)
                return;
            log(`Received ${name}: stopping.`);
            controller.abort();
        });
    }
    return {
        signal: controller.signal,
        crash: () => crash,
        dispose: () => {
            release();
            process.off('uncaughtException', onCrash);
        },
    };
}
/** The steps of a run; returns how it ended, or throws what stopped it. */
async function execute(ctx, state) {
    const { clock, signal, log, clean } = ctx;
    const settings = parseSettings(ctx.input, ctx.env);
    state.settings = settings;
    setOutput('env-id', settings.envId);
    // retry-base-delay, retry-max-delay and request-timeout: one value every loop's plan takes.
    const budget = (0,polling/* retryBudgetOf */.V)(settings);
    state.stage = 'credentials';
    const credentials = await resolveCredentials(settings, budget, ctx);
    debug(`endpoint ${settings.endpoint}, credentials from ${credentials.source}`);
    const client = recordingClient(await createWebPlusClient({
        endpoint: settings.endpoint,
        getCredentials: (deadline) => credentials.getCredentials(deadline),
        now: () => clock.now(),
        debug: (line) => debug(clean(line)),
    }), clock, state.timeline);
    const waits = { clock, signal, log, ...(ctx.random ? { random: ctx.random } : {}), client };
    const step = { settings, budget, state, waits };
    try {
        if (settings.dryRun)
            return await dryRunStep(step);
        await startStep(step, ctx);
        return await watchStep(step);
    }
    finally {
        client.close();
    }
}
/** Starts the restart (or resumes the change): the outputs change-id, start-time, attempts. */
async function startStep(step, ctx) {
    const { settings, state, waits } = step;
    const { clock, log } = ctx;
    const { progress } = state;
    if (settings.stopOnUnhealthy)
        state.healthyBefore = await healthyBefore(settings, waits);
    const plan = {
        retry: step.budget,
        envId: settings.envId,
        deadline: ctx.runStartedAt + settings.waitTimeoutMs,
        waitTimeoutMs: settings.waitTimeoutMs,
    };
    const resumeId = settings.resumeChangeId;
    state.stage = resumeId ? 'resume' : 'restart';
    await inGroupIfAnyLine(resumeId ? `Resume ${resumeId}` : `Restart ${settings.envId}`, log, (groupLog) => resumeId
        ? resume({ ...plan, changeId: resumeId }, { ...waits, log: groupLog }, progress)
        : restart({
            ...plan,
            batch: settings.batch,
            consoleUrl: consoleUrl(settings.envId, settings.region),
        }, { ...waits, log: groupLog }, progress));
    // A change found by a look-up (adopted) never answered as one: it starts on the timeline here.
    state.timeline.restartAt ??= clock.now();
    setStartOutputs(progress);
    state.startOutputsSet = true;
    if (progress.startTime === undefined) {
        warning('The service sent no usable StartTime: the start-time output is not set.');
    }
    const calls = `${progress.attempts} ${resumeId ? 'ResumeChange' : 'RestartAppEnv'} call(s)`;
    log(`${resumeId ? 'Resumed' : 'Restart started'}: change ${progress.changeId ?? ''} at ` +
        `${(0,format/* isoTime */.Ly)(progress.startTime) || 'an unknown time'} after ${calls}. ` +
        `Console: ${consoleUrl(settings.envId, settings.region)}`);
}
/** Waits for the change and the instances, as the inputs ask. */
async function watchStep(step) {
    const { settings, state } = step;
    const changeId = state.progress.changeId ?? '';
    const what = settings.resumeChangeId
        ? `Change ${changeId} of ${settings.envId} was resumed`
        : `The restart of ${settings.envId} started as change ${changeId}`;
    if (!settings.waitForCompletion) {
        return { kind: 'started', sentence: `${what}; the step did not wait for it to finish.` };
    }
    state.stage = 'completion';
    const completion = await completionStep(step, changeId);
    if (completion.status === 'paused') {
        return {
            kind: 'paused',
            sentence: `Change ${changeId} is paused between batches: resume it (ResumeChange) in the WebPlus ` +
                'console, or from a workflow with resume-change-id.',
        };
    }
    if (!settings.waitForHealthy) {
        return { kind: 'succeeded', sentence: succeededSentence(settings.envId, changeId, completion) };
    }
    state.stage = 'health';
    const health = await healthStep(step);
    return {
        kind: 'succeeded',
        sentence: succeededSentence(settings.envId, changeId, completion, health),
    };
}
/** The dry run: reads only; fails when a real run would not proceed. */
async function dryRunStep({ settings, state, waits }) {
    state.stage = 'dry-run';
    const url = consoleUrl(settings.envId, settings.region);
    const { envId, endpoint, batch, requestTimeoutMs, resumeChangeId } = settings;
    const report = await inGroup(`Dry run for ${envId}`, async () => {
        const checked = await dryRun({ envId, endpoint, batch, requestTimeoutMs, resumeChangeId, consoleUrl: url }, waits);
        for (const c of checked.checks)
            waits.log(`${CHECK_MARKS[c.status]} ${c.name}: ${c.detail}`);
        for (const line of checked.plan)
            waits.log(line);
        return checked;
    });
    state.dryRun = report;
    if (!report.proceed) {
        const failed = report.checks.filter((c) => c.status === 'failed');
        throw new errors/* ActionError */.lZ(`A real run would not proceed: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}. Nothing was sent.`, `Fix what failed, then run the dry run again. The environment in the console: ${url}`);
    }
    return {
        kind: 'checked',
        sentence: `A real run on ${settings.envId} could proceed: ${report.checks.filter((c) => c.status === 'ok').length} ` +
            `check(s) passed, ${report.checks.filter((c) => c.status === 'warning').length} warning(s). Nothing was sent.`,
    };
}
const CHECK_MARKS = {
    ok: '✓',
    failed: '✗',
    warning: '!',
    'not checked': '–',
};
/**
 * The instances healthy before the restart, which the circuit breaker watches: without them it
 * cannot tell a restarted instance that stays down from one that was down already, so a failed
 * read stops the step before anything is sent.
 */
async function healthyBefore(settings, waits) {
    const answer = await waits.client.describeAppEnvInstanceHealth(settings.envId, settings.requestTimeoutMs);
    if (!answer.ok) {
        throw new errors/* ActionError */.lZ(`Failed to read the instances before the restart (stop-on-unhealthy needs them): ${(0,format/* describeFailure */.Ic)(answer.failure)}. No restart was started.`, 'Grant webplus:DescribeAppEnvInstanceHealth, or run without stop-on-unhealthy.');
    }
    const down = new Set(unhealthyInstances(answer.value.instances).map((i) => i.instanceId));
    return new Set(answer.value.instances.map((i) => i.instanceId).filter((id) => !down.has(id)));
}
/** Runs `body` inside a log group; `after` runs last in the group, whatever happened. */
async function inGroup(name, body, after) {
    startGroup(name);
    try {
        return await body();
    }
    finally {
        after?.();
        endGroup();
    }
}
/** Runs `body` with a log that opens the group at its first line: no empty groups. */
async function inGroupIfAnyLine(name, log, body) {
    let open = false;
    try {
        return await body((line) => {
            if (!open)
                startGroup(name);
            open = true;
            log(line);
        });
    }
    finally {
        if (open)
            endGroup();
    }
}
/** Waits for the change to end, printing its events; fails unless it succeeded or paused. */
async function completionStep(step, changeId) {
    const { settings, state, waits: deps } = step;
    const events = completionEvents({ envId: settings.envId, changeId, requestTimeoutMs: settings.requestTimeoutMs }, { ...deps, debug: (line) => debug(line) });
    state.events = events.feed;
    const breaker = armBreaker(settings, state, changeId, deps);
    const plan = {
        retry: step.budget,
        changeId,
        envId: settings.envId,
        completionTimeoutMs: settings.completionTimeoutMs,
        ...(state.progress.history ? { history: state.progress.history } : {}),
    };
    const waitDeps = {
        ...deps,
        readEvents: events.readEvents,
        ...(breaker ? { whileRunning: (t) => breaker.watch(t).catch(ignoreUnlessAbort) } : {}),
    };
    const completion = await inGroup(`Wait for change ${changeId}`, async () => {
        try {
            return await waitForCompletion(plan, waitDeps);
        }
        catch (error) {
            if ((0,src_clock/* isAbort */.rV)(error))
                await abortOnCancel(settings, state, changeId, deps);
            throw error;
        }
    }, () => {
        state.timeline.changeEndAt = deps.clock.now();
        if (events.feed.omitted > 0)
            deps.log(omittedLine(events.feed.omitted));
    });
    state.completion = completion;
    setOutput('change-status', completion.status);
    if (completion.change.finishTime !== undefined) {
        setOutput('finish-time', String(completion.change.finishTime));
    }
    const tripped = breaker?.tripped();
    if (tripped)
        throw trippedError(settings, state, changeId, tripped, completion);
    if (completion.status !== 'succeeded' && completion.status !== 'paused') {
        const message = completion.change.changeMessage || '(the service gave no ChangeMessage)';
        throw new errors/* ActionError */.lZ(`Change ${changeId} ended ${completion.status}: ${message}`, `See the change's log in the WebPlus console: ${consoleUrl(settings.envId, settings.region)}`);
    }
    return completion;
}
/** Only this run's own restart is ever aborted: not an adopted change, not a resumed one. */
function ownRestart(settings, progress) {
    return progress.state === 'started' && !progress.adopted && !settings.resumeChangeId;
}
/** The circuit breaker for this change, when stop-on-unhealthy asks for it and may act. */
function armBreaker(settings, state, changeId, deps) {
    if (!settings.stopOnUnhealthy || !state.healthyBefore)
        return undefined;
    if (!ownRestart(settings, state.progress)) {
        deps.log(`stop-on-unhealthy is off for change ${changeId}: this run did not start it, so it never aborts it.`);
        return undefined;
    }
    return createBreaker({
        envId: settings.envId,
        changeId,
        healthTimeoutMs: settings.healthTimeoutMs,
        healthyBefore: state.healthyBefore,
    }, deps);
}
/** The step's time for AbortChange once cancelled: the runner allows about 7.5 s after SIGINT. */
const ABORT_ON_CANCEL_MS = 5000;
/** abort-on-cancel: ask the service to abort this run's own restart, within seconds. */
async function abortOnCancel(settings, state, changeId, deps) {
    if (!settings.abortOnCancel || !ownRestart(settings, state.progress))
        return;
    deps.log(`Cancelled: asking WebPlus to abort change ${changeId} (abort-on-cancel).`);
    const result = await abortChange(settings.envId, changeId, deps, ABORT_ON_CANCEL_MS).catch((error) => ({ kind: 'unknown', detail: (0,errors/* errorMessage */.gJ)(error) }));
    state.abort = { trigger: 'cancel', result };
    deps.log(`AbortChange for ${changeId}: ${result.kind} (${result.detail}).`);
}
/** The failure of a rolling restart the circuit breaker stopped. */
function trippedError(settings, state, changeId, tripped, completion) {
    state.tripped = tripped;
    state.abort = { trigger: 'breaker', result: tripped.abort };
    const names = tripped.instances.map((i) => `${i.instanceId} (${i.appStatus || 'no status'})`);
    const more = tripped.count > names.length ? ` and ${tripped.count - names.length} more` : '';
    const ended = completion.status === 'aborted'
        ? 'was aborted, and no batch after that was restarted'
        : `ended ${completion.status} (AbortChange: ${tripped.abort.kind}, ${tripped.abort.detail})`;
    return new errors/* ActionError */.lZ(`Stopped the rolling restart of ${settings.envId}: instance(s) ${names.join(', ')}${more} did not become ` +
        `healthy within health-timeout (${(0,format/* secs */.zG)(settings.healthTimeoutMs)}) after the restart took them down; ` +
        `change ${changeId} ${ended}.`, `Look at the application's log on those instances in the WebPlus console (${consoleUrl(settings.envId, settings.region)}) before restarting again.`);
}
/**
 * A breaker read that fails for any reason but cancellation is dropped (the next poll reads the
 * instances again); a cancellation goes on up. (The debug line's "events:" is kept as it was.)
 */
function ignoreUnlessAbort(error) {
    if ((0,src_clock/* isAbort */.rV)(error))
        throw error;
    debug(`events: ${String(error)}`);
}
/** Waits for healthy instances; sets the counts as outputs; fails when the time runs out. */
async function healthStep(step) {
    const { settings, state, waits: deps } = step;
    const start = deps.clock.now();
    const plan = {
        retry: step.budget,
        envId: settings.envId,
        healthTimeoutMs: settings.healthTimeoutMs,
    };
    const health = await inGroup('Wait for healthy instances', () => waitForHealthy(plan, { ...deps, warning: (line) => warning(line) }), () => {
        state.timeline.health = { start, end: deps.clock.now() };
    });
    state.health = health;
    if (health.counts) {
        setOutput('healthy-instances', String(health.counts.healthy));
        setOutput('unhealthy-instances', String(notHealthy(health.counts)));
    }
    if (health.status === 'timed-out') {
        const named = health.instances ? namedInstances(unhealthyInstances(health.instances)) : '';
        throw new errors/* ActionError */.lZ(`The instances did not all become healthy within health-timeout (${(0,format/* secs */.zG)(settings.healthTimeoutMs)}): ` +
            `${health.counts ? countsLine(health.counts) : 'no instance counts were read'}` +
            `${named ? `; not healthy: ${named}` : health.instancesUnavailable ? '; the instances could not be named' : ''}.`, `Look at the application's log on those instances in the WebPlus console (${consoleUrl(settings.envId, settings.region)}), or raise health-timeout if they start slowly.`);
    }
    return health;
}
/** error → outcome; sets the start outputs if they were not, and logs a bug's stack to debug. */
async function failureOutcome(error, state, ctx) {
    try {
        if (!state.startOutputsSet)
            setStartOutputs(state.progress);
    }
    catch (outputError) {
        // The one place a failure could escape the top-level catch: say it, and go on.
        warning(ctx.clean(`Could not set the outputs: ${String(outputError)}`));
    }
    if (error instanceof Error)
        debug(ctx.clean(`${error.name}: ${error.message}`));
    const envId = state.settings?.envId ?? (ctx.input('env-id') || '(not given)');
    const outcome = outcomeOfError(error, state.stage, state.progress, envId, {
        consoleUrl: consoleUrl(envId, state.settings?.region),
        ...(state.completion ? { changeStatus: state.completion.status } : {}),
    });
    if (outcome.reason?.startsWith('unexpected error') && error instanceof Error) {
        debug(ctx.clean(await mappedStack(error)));
    }
    return outcome;
}
/**
 * Annotations only where a person must act or should know: a failure with its hint, a paused
 * change to resume, a weakened exactly-once guarantee. A success is a log line and the summary.
 */
function announce(outcome, state, clean) {
    if (weakenedGuarantee(outcome, state.progress)) {
        warning(clean(baselineRefusedWarning(state.progress.baselineRefused)), {
            title: 'Exactly-once guarantee weakened',
        });
    }
    switch (outcome.kind) {
        case 'started':
        case 'succeeded':
        case 'checked':
            info(clean(outcome.sentence));
            return;
        case 'paused':
            notice(clean(outcome.sentence), { title: 'Restart paused' });
            return;
        default: {
            const reason = outcome.annotation ?? outcome.reason ?? outcome.sentence;
            setFailed(clean(`${ACTION_NAME} failed with: ${reason}${outcome.hint ? `\nHint: ${outcome.hint}` : ''}`));
        }
    }
}
/** The job summary; a failure to write it is a warning, never the step's result. */
async function writeReport(outcome, state, ctx) {
    try {
        await writeSummary(summaryModel(outcome, state, ctx.input), ctx.clean);
    }
    catch (error) {
        warning(ctx.clean(`Could not write the job summary: ${(0,errors/* errorMessage */.gJ)(error)}`));
    }
}
/**
 * The error's stack with src/ file names. Source maps are registered only here, when a stack
 * is about to be printed: registering them at start-up cost ~20 ms before the first request
 * (docs/benchmarks.md). V8 formats a stack on first access, so it is mapped if read after.
 */
async function mappedStack(error) {
    try {
        const { install } = await __webpack_require__.e(/* import() */ 622).then(__webpack_require__.t.bind(__webpack_require__, 3622, 23));
        install({ environment: 'node' });
    }
    catch {
        // Unmapped is still a stack.
    }
    return error.stack ?? error.message;
}
/** Each secret, and its base64 and URL-encoded forms where they differ: a server may echo either. */
function withEncodedForms(secrets) {
    const forms = secrets.flatMap((s) => [
        s,
        Buffer.from(s, 'utf8').toString('base64'),
        encodeURIComponent(s),
    ]);
    return [...new Set(forms)];
}
/**
 * NODE_DEBUG=http (or net, tls) makes Node print request headers, the security token among
 * them, and it is read once at start-up, so it cannot be switched off: its lines are dropped.
 * Node writes each such line as one `NAME pid: …` write to stderr.
 */
function silenceNodeDebug() {
    if (!process.env.NODE_DEBUG)
        return;
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk, ...rest) => {
        if (/^[A-Z0-9_]+ \d+: /.test(String(chunk)))
            return true;
        return write(chunk, ...rest);
    });
}
async function resolveCredentials(settings, budget, ctx) {
    const { log, input, env } = ctx;
    if (settings.oidc) {
        rejectKeysBesideRole(input);
        const fromEnv = credentialsFromEnv(env);
        if (fromEnv) {
            log(`Ignoring the keys in ${fromEnv.source}: role-to-assume is set, so the role is assumed.`);
        }
        const waitMs = settings.waitTimeoutMs;
        // Loaded only for a keyless run: its ID-token client (@actions/http-client, undici) is a
        // separate chunk that a run with keys never loads (docs/benchmarks.md, start-up).
        const { assumeRoleWithGitHubOidc } = await Promise.all(/* import() */[__webpack_require__.e(942), __webpack_require__.e(126)]).then(__webpack_require__.bind(__webpack_require__, 6126));
        return assumeRoleWithGitHubOidc({
            retry: budget,
            oidc: settings.oidc,
            deadline: ctx.runStartedAt + waitMs,
            horizon: ctx.runStartedAt +
                waitMs +
                (settings.waitForCompletion ? settings.completionTimeoutMs : 0) +
                (settings.waitForHealthy ? settings.healthTimeoutMs : 0),
        }, {
            clock: ctx.clock,
            signal: ctx.signal,
            log,
            debug: (line) => debug(ctx.clean(line)),
            // The session's secrets and their encoded forms, as the static keys' are.
            mask: (value) => {
                for (const form of withEncodedForms([value])) {
                    setSecret(form);
                    if (!ctx.secrets.includes(form))
                        ctx.secrets.push(form);
                }
            },
            ...(ctx.random ? { random: ctx.random } : {}),
        }, env);
    }
    const fixed = credentialsFromInputs(input) ?? credentialsFromEnv(env);
    if (!fixed)
        throw missingCredentialsError();
    if (fixed.source !== 'inputs')
        log(`Using credentials from ${fixed.source}.`);
    const { source, ...credentials } = fixed;
    return { source, getCredentials: () => Promise.resolve(credentials) };
}


/***/ }),

/***/ 2692:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I3: () => (/* binding */ callTimeout),
/* harmony export */   N3: () => (/* binding */ backoffBoundsOf),
/* harmony export */   V: () => (/* binding */ retryBudgetOf),
/* harmony export */   Vn: () => (/* binding */ createHeartbeat),
/* harmony export */   hI: () => (/* binding */ MIN_CALL_MS),
/* harmony export */   xZ: () => (/* binding */ forcedCallTimeout)
/* harmony export */ });
/* unused harmony export HEARTBEAT_MS */
/** The budget's fields alone (a Settings carries many more). */
function retryBudgetOf(from) {
    return {
        retryBaseDelayMs: from.retryBaseDelayMs,
        retryMaxDelayMs: from.retryMaxDelayMs,
        requestTimeoutMs: from.requestTimeoutMs,
    };
}
/** The backoff between retries: from retry-base-delay up to retry-max-delay. */
function backoffBoundsOf(budget) {
    return { baseMs: budget.retryBaseDelayMs, maxMs: budget.retryMaxDelayMs };
}
/** No call is started with less than this left before its deadline (unless it must go out). */
const MIN_CALL_MS = 1000;
/**
 * The time-out of a call started at `now`: request-timeout cut to what is left before
 * `deadline`, so that no call outlives its phase; undefined when less than MIN_CALL_MS is
 * left, too little for an answer: then no call is started.
 */
function callTimeout(requestTimeoutMs, deadline, now) {
    const left = deadline - now;
    return left >= MIN_CALL_MS ? Math.min(requestTimeoutMs, left) : undefined;
}
/**
 * The time-out of a call that goes out however little is left (a phase's first try, so that a
 * budget of 0 still means one try; a read the loop cannot do without): as callTimeout, but at
 * least MIN_CALL_MS, and never more than request-timeout.
 */
function forcedCallTimeout(requestTimeoutMs, deadline, now) {
    return Math.min(requestTimeoutMs, Math.max(MIN_CALL_MS, deadline - now));
}
/** At most this long without a line in the log while waiting. */
const HEARTBEAT_MS = 30_000;
/** A heartbeat whose first line is due HEARTBEAT_MS after `startedAt`. */
function createHeartbeat(startedAt) {
    let lastLineAt = startedAt;
    return {
        dueAt: () => lastLineAt + HEARTBEAT_MS,
        isDue: (now) => now - lastLineAt >= HEARTBEAT_MS,
        printed(now) {
            lastLineAt = now;
        },
    };
}


/***/ }),

/***/ 8114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AH: () => (/* binding */ HEADER_SAFE),
/* harmony export */   GA: () => (/* binding */ UNSAFE_BUT_NEWLINE),
/* harmony export */   Lo: () => (/* binding */ serviceText),
/* harmony export */   N4: () => (/* binding */ changeIdShape),
/* harmony export */   ix: () => (/* binding */ breakCommands)
/* harmony export */ });
/**
 * Text that came from outside (the WebPlus service, STS, GitHub's token endpoint) is data,
 * never a command: one function turns it into a single bounded line before anything prints,
 * annotates, summarises or outputs it. The runner reads a workflow command in two syntaxes
 * (actions/runner, ActionCommand): `::name::data` at the start of a line (after white space),
 * so a line break inside an error Message could otherwise issue one, and the legacy
 * `##[name]data` anywhere in a line, so service text printed mid-line could issue one too.
 */
/** Longest piece of service text kept; the rest is cut with an ellipsis. */
const SERVICE_TEXT_MAX = 1000;
// DEL, C1 controls, the Unicode line and paragraph separators, zero-width characters and
// bidi overrides: with the C0 controls, anything that moves the cursor or hides text.
const INVISIBLE = '\\u007f-\\u009f\\u2028\\u2029\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff';
/** Runs of characters that move the cursor, break a line or hide text. */
const UNSAFE = new RegExp(`[\\u0000-\\u001f${INVISIBLE}]+`, 'g');
/** The same, but the line feed: for the action's own messages, which may hold lines. */
const UNSAFE_BUT_NEWLINE = new RegExp(`[\\u0000-\\u0009\\u000b-\\u001f${INVISIBLE}]+`, 'g');
/**
 * Visible ASCII, no space: what a value that travels in (or signs) a request header may hold.
 * A line break or anything outside it makes Node refuse to build the request.
 */
const HEADER_SAFE = /^[\x21-\x7e]+$/;
/** One line of at most `max` characters that cannot start a workflow command. */
function serviceText(value, max = SERVICE_TEXT_MAX) {
    if (value === undefined || value === null)
        return '';
    let text = (typeof value === 'string' ? value : String(value)).replace(UNSAFE, ' ');
    text = text.replace(/\s+/g, ' ').trim();
    text = breakCommands(text);
    if (text.length > max)
        text = `${text.slice(0, max - 1)}…`;
    return text;
}
/**
 * `text` with neither command syntax left: every `##[` becomes `## [` (the legacy form is
 * read anywhere in a line) and a `::` that starts a line, after white space, becomes `: :`.
 * Idempotent; applied to service text, and again to every line the action prints (main.ts's
 * `clean`), so text that reached a line some other way cannot issue a command either.
 */
function breakCommands(text) {
    return text.replace(/##\[/g, '## [').replace(/^(\s*):(?=:)/gmu, '$1: ');
}
/** A change ID as WebPlus writes them (`wc-` then letters and digits), or undefined. */
function changeIdShape(value) {
    return value !== undefined && /^wc-[0-9a-z]{1,64}$/i.test(value) ? value : undefined;
}


/***/ })

};

//# sourceMappingURL=827.index.js.map