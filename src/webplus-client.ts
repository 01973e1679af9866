/**
 * The WebPlus wire format: signed ROA calls through pop-core, and every answer turned into
 * data. Nothing here decides whether to retry; that is restart.ts and completion.ts.
 */
import { AbortedError } from './clock.js';
import {
  boundedAgent,
  collectAfterLarge,
  openExchange,
  RefusedAnswer,
  type Exchange,
} from './http-exchange.js';
import { NOT_SENT_CODES, type Answer, type Credentials, type Failure } from './answers.js';
import { errorMessage, isServerError } from './errors.js';
import { record, text } from './json.js';
import { changeIdShape, serviceText } from './service-text.js';
import type { BatchSettings } from './inputs.js';

const API_VERSION = '2019-03-20';

/** The most changes an environment's list may count; a larger TotalCount is malformed. */
const MAX_TOTAL_COUNT = 100_000;

interface RestartStarted {
  changeId: string;
  /** Epoch ms as the service sent it (digits), or undefined when it sent none usable. */
  startTime: string | undefined;
}

/** PauseChange, ResumeChange, AbortChange: the service accepted the request for this change. */
interface ChangeAccepted {
  changeId: string;
  /** The change's start (epoch ms, service clock, digits), or undefined when none usable. */
  startTime: string | undefined;
}

export interface EnvStatus {
  applyingChange: boolean;
  latestChangeId: string | undefined;
  /** EnvStatus (RUNNING, STOPPED, UPDATING…), for the dry run; undefined when missing. */
  state?: string | undefined;
  /** InstanceAppStatus's counts; undefined when the answer carries none. */
  instances?: InstanceCounts | undefined;
}

/** DescribeAppEnvStatus `InstanceAppStatus`: the documented summary of instance health. */
export interface InstanceCounts {
  healthy: number;
  unhealthy: number;
  stopped: number;
  /** UnknownInstances: instances whose status the service itself does not know. */
  unknown: number;
}

/** One DescribeEvents `Events.Event`, every field already made one safe line (serviceText, in toEvents). */
export interface ServiceEvent {
  eventId: string;
  /** EventTimestamp, epoch ms on the service's clock; undefined when missing. */
  timestamp: number | undefined;
  level: string;
  /** The service spells the field `EnventName`. */
  name: string;
  message: string;
}

/** DescribeAppEnvInstanceHealth `EnvInstanceHealth`. */
interface EnvInstanceHealth {
  enableHealthCheck: boolean | undefined;
  instances: Array<{ instanceId: string; appStatus: string; agentStatus: string }>;
}

export interface ChangeInfo {
  changeId: string;
  envId: string;
  actionName: string;
  changeName: string;
  changeMessage: string;
  createTime: number | undefined;
  /**
   * UpdateTime, epoch ms on the service's clock: the last time the change moved (when it
   * paused, for a paused change). Optional so that stand-in changes may leave it out.
   */
  updateTime?: number | undefined;
  finishTime: number | undefined;
  finished: boolean;
  succeeded: boolean;
  aborted: boolean;
  paused: boolean;
  timedOut: boolean;
}

/** One page of DescribeChanges: the changes of this environment on it, and the total count. */
export interface ChangePage {
  totalCount: number;
  changes: ChangeInfo[];
}

export interface WebPlusClient {
  restartAppEnv(
    envId: string,
    batch: BatchSettings,
    timeoutMs: number,
  ): Promise<Answer<RestartStarted>>;
  describeAppEnvStatus(envId: string, timeoutMs: number): Promise<Answer<EnvStatus>>;
  describeChange(envId: string, changeId: string, timeoutMs: number): Promise<Answer<ChangeInfo>>;
  /**
   * One page of an environment's changes (of one ActionName, if given); the order of the list
   * is not documented.
   */
  describeChanges(
    envId: string,
    page: { size: number; number: number; actionName?: string },
    timeoutMs: number,
  ): Promise<Answer<ChangePage>>;
  /** Drops kept-alive sockets so the process can exit. */
  close(): void;
}

/**
 * The read-only calls that show what a restart did. Apart from WebPlusClient so that stand-in
 * clients of the restart loop (tests, bench/) need not implement them.
 */
export interface WebPlusObserver {
  /** Events of one change (DescribeEvents with its ChangeId), in the order the service sent them. */
  describeEvents(
    envId: string,
    changeId: string,
    timeoutMs: number,
  ): Promise<Answer<ServiceEvent[]>>;
  /** Health check setting and per-instance status (DescribeAppEnvInstanceHealth). */
  describeAppEnvInstanceHealth(
    envId: string,
    timeoutMs: number,
  ): Promise<Answer<EnvInstanceHealth>>;
}

/**
 * PauseChange, ResumeChange and AbortChange. Neither is idempotent; each answer must name
 * `changeId` and no other environment. Only ChangeId is sent (the APIs take no EnvId): check
 * that the change is `envId`'s (describeChange) before sending. Apart from WebPlusClient, like
 * WebPlusObserver, so that stand-in clients of the restart loop need not implement them.
 */
export interface WebPlusControl {
  pauseChange(envId: string, changeId: string, timeoutMs: number): Promise<Answer<ChangeAccepted>>;
  resumeChange(envId: string, changeId: string, timeoutMs: number): Promise<Answer<ChangeAccepted>>;
  abortChange(envId: string, changeId: string, timeoutMs: number): Promise<Answer<ChangeAccepted>>;
}

/** Events read per DescribeEvents call: a restart of a large environment has a few per batch. */
export const EVENTS_PAGE_SIZE = 100;

interface ClientOptions {
  endpoint: string;
  /**
   * The credentials for one call, within `deadline` (on `now`'s clock: the end of a read's
   * time-out; for an operation (POST), the moment it is sent). Keyless credentials may be renewed
   * first; that never holds the call past it.
   */
  getCredentials: (deadline: number) => Promise<Credentials>;
  /** The clock deadlines are read on (the run's injected clock); default Date.now. */
  now?: () => number;
  /** Called with each request's one-line description, for debug logs (never secrets). */
  debug?: (line: string) => void;
}

type Raw = ({ ok: true; body: Record<string, unknown> } | { ok: false; failure: Failure }) & {
  serviceTime?: number;
};

export async function createWebPlusClient(
  options: ClientOptions,
): Promise<WebPlusClient & WebPlusObserver & WebPlusControl> {
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

type RoaClient = InstanceType<typeof import('@alicloud/pop-core/lib/roa.js').default>;

/** What every call of one client shares: pop-core's client, the agent, and the options. */
interface Transport {
  client: RoaClient;
  agent: ReturnType<typeof boundedAgent>;
  options: ClientOptions;
  debug: (line: string) => void;
  now: () => number;
  /**
   * The credentials `send` resolved for the request it is starting, handed over once: pop-core
   * asks its provider for them as its request begins, in the same tick `send` sets them, and the
   * provider takes them. A request thus signs with its own credentials even when calls overlap
   * (one abandoned on cancellation may still be in flight), and never with none or stale ones.
   */
  handoff: Credentials | undefined;
}

async function openTransport(options: ClientOptions): Promise<Transport> {
  // Loaded here, not at the top: pop-core's `debug` dependency reads DEBUG once when it
  // loads, and main.ts clears DEBUG first (DEBUG=roa would print the string-to-sign).
  const { default: ROAClient } = await import('@alicloud/pop-core/lib/roa.js');
  const t: Transport = {
    client: undefined as unknown as RoaClient,
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
function takeHandoff(t: Transport): Promise<Credentials> {
  const credentials = t.handoff;
  t.handoff = undefined;
  return credentials
    ? Promise.resolve(credentials)
    : Promise.reject(new Error('Failed to sign the request: no credentials were handed over'));
}

/** Credentials and the time left for the request, or why the call was not sent. */
async function credentialsWithin(
  t: Transport,
  method: 'GET' | 'POST',
  timeoutMs: number,
): Promise<(Credentials & { leftMs: number }) | { notSent: Failure & { kind: 'not-sent' } }> {
  const begun = t.now();
  const deadline = begun + timeoutMs;
  let credentials: Credentials;
  try {
    // An operation (a POST: RestartAppEnv, and Pause/Resume/AbortChange) gives a renewal
    // no time: it is sent when its loop decided, never later; the reads renew the credentials.
    credentials = await t.options.getCredentials(method === 'POST' ? begun : deadline);
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    const why = errorMessage(error);
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
async function send(
  t: Transport,
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, string>,
  timeoutMs: number,
): Promise<Raw> {
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
  let result: Raw;
  try {
    const pending = request(t, method, path, params, timeoutMs, exchange);
    pending.catch(() => undefined); // abandoned when the exchange is refused first
    result = fromAnswer(await Promise.race([pending, exchange.refused]), exchange.status);
  } catch (error) {
    result = { ok: false, failure: fromError(error, exchange) };
  } finally {
    exchange.close();
  }
  collectAfterLarge(exchange);
  if (exchange.serviceTime !== undefined) result.serviceTime = exchange.serviceTime;
  const outcome = result.ok
    ? `OK ${requestIdOf(result.body)}`
    : `${result.failure.kind}${'code' in result.failure ? ` ${result.failure.code}` : ''}`;
  t.debug(
    `${method} ${path} ${Object.keys(params).join(',')} → ${serviceText(outcome)}` +
      `${exchange.status ? ` (HTTP ${exchange.status})` : ''} in ${Math.round(performance.now() - started)} ms`,
  );
  return result;
}

/** pop-core's request: a GET's parameters in the query, a POST's in a form body. */
function request(
  t: Transport,
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, string>,
  timeoutMs: number,
  exchange: Exchange,
): Promise<unknown> {
  // httpx's own timers are left longer than ours: the exchange's one time-out rules.
  const opts = { timeout: timeoutMs + 1000, agent: t.agent, beforeRequest: exchange.tag };
  if (method === 'GET') return t.client.request('GET', path, params, '', {}, opts);
  return t.client.request(
    'POST',
    path,
    {},
    new URLSearchParams(params).toString(),
    // pop-core sets no content-type of its own; the service needs it to read the form.
    { 'content-type': 'application/x-www-form-urlencoded' },
    opts,
  );
}

/** One of the change-control POSTs; an answer about another change is malformed. */
async function controlChange(
  t: Transport,
  path: string,
  envId: string,
  changeId: string,
  timeoutMs: number,
): Promise<Answer<ChangeAccepted>> {
  const raw = await send(t, 'POST', path, { ChangeId: changeId }, timeoutMs);
  return decode(raw, (body) => {
    const decoded = toEnvChange(body, envId);
    if (typeof decoded === 'string') return decoded;
    if (decoded.changeId !== changeId) return `EnvChange names change ${decoded.changeId}`;
    return decoded;
  });
}

function restartParams(envId: string, batch: BatchSettings): Record<string, string> {
  const params: Record<string, string> = { EnvId: envId };
  if (batch.batchSize !== undefined) params.BatchSize = String(batch.batchSize);
  if (batch.batchPercent !== undefined) params.BatchPercent = String(batch.batchPercent);
  if (batch.batchInterval !== undefined) params.BatchInterval = String(batch.batchInterval);
  if (batch.pauseBetweenBatches !== undefined) {
    params.PauseBetweenBatches = String(batch.pauseBetweenBatches);
  }
  return params;
}

function pageParams(
  envId: string,
  page: { size: number; number: number; actionName?: string },
): Record<string, string> {
  const params: Record<string, string> = {
    EnvId: envId,
    PageSize: String(page.size),
    PageNumber: String(page.number),
  };
  if (page.actionName) params.ActionName = page.actionName;
  return params;
}

/** DescribeAppEnvStatus's EnvStatus, or why it cannot be `envId`'s. */
function toEnvStatus(body: Record<string, unknown>, envId: string): EnvStatus | string {
  const status = record(body.EnvStatus);
  if (!status) return 'EnvStatus is missing';
  const foreign = foreignEnv(text(status.EnvId), envId);
  if (foreign) return `EnvStatus names ${foreign}`;
  const latest = text(status.LatestChangeId) || undefined;
  if (latest !== undefined && !changeIdShape(latest)) {
    return `LatestChangeId "${serviceText(latest, 80)}" is not a change ID`;
  }
  return {
    applyingChange: flag(status.ApplyingChange),
    latestChangeId: latest,
    instances: instanceCounts(record(status.InstanceAppStatus)),
    state: serviceText(text(status.EnvStatus) ?? '', 40) || undefined,
  };
}

/** DescribeChange's Change: the one asked for, of `envId`. */
function toDescribedChange(
  body: Record<string, unknown>,
  envId: string,
  changeId: string,
): ChangeInfo | string {
  const change = record(body.Change);
  if (!change) return 'Change is missing';
  const decoded = toChange(change, envId);
  if (typeof decoded === 'string') return decoded;
  if (decoded.changeId !== changeId) return `the answer describes change ${decoded.changeId}`;
  return decoded;
}

/** A DescribeChanges page of at most `size` changes, all of `envId`. */
function toChangePage(
  body: Record<string, unknown>,
  envId: string,
  size: number,
): ChangePage | string {
  const total = text(body.TotalCount);
  if (total === undefined || !/^\d+$/.test(total)) return 'TotalCount is missing';
  // A count no environment reaches would drive page loops: the answer is malformed.
  if (Number(total) > MAX_TOTAL_COUNT) return `TotalCount ${total} is not plausible`;
  const list = record(body.Changes)?.Change ?? [];
  if (!Array.isArray(list)) return 'Changes.Change is not a list';
  if (list.length > size) return `the page lists ${list.length} changes, over its size ${size}`;
  const changes: ChangeInfo[] = [];
  for (const item of list) {
    const c = record(item);
    const decoded = c ? toChange(c, envId) : 'a change is not an object';
    if (typeof decoded === 'string') return decoded;
    changes.push(decoded);
  }
  return { totalCount: Number(total), changes };
}

/** DescribeEvents' first page (EVENTS_PAGE_SIZE at most); an event of another environment is malformed. */
function toEvents(
  body: Record<string, unknown>,
  envId: string,
  debug: (line: string) => void,
): ServiceEvent[] | string {
  const list = record(body.Events)?.Event;
  if (list === undefined) return [];
  if (!Array.isArray(list)) return 'Events.Event is not a list';
  if (list.length > EVENTS_PAGE_SIZE) {
    // More than the page asked for: only a page is read (the rest would only be work).
    debug(
      `DescribeEvents listed ${list.length} events, asked for ${EVENTS_PAGE_SIZE}: the first ${EVENTS_PAGE_SIZE} are read`,
    );
  }
  const events: ServiceEvent[] = [];
  for (const e of list.slice(0, EVENTS_PAGE_SIZE).map(record)) {
    const eventId = text(e?.EventId);
    if (!e || !eventId) continue;
    const foreign = foreignEnv(text(e.EnvId), envId);
    if (foreign) return `event ${serviceText(eventId, 80)} belongs to ${foreign}`;
    events.push({
      eventId: serviceText(eventId, 80),
      timestamp: epochMs(e.EventTimestamp),
      level: serviceText(text(e.EventLevel) ?? '', 20),
      name: serviceText(text(e.EnventName) ?? '', 80),
      message: serviceText(text(e.EventMessage) ?? ''),
    });
  }
  return events;
}

function toInstanceHealth(
  body: Record<string, unknown>,
  envId: string,
): EnvInstanceHealth | string {
  const health = record(body.EnvInstanceHealth);
  if (!health) return 'EnvInstanceHealth is missing';
  const foreign = foreignEnv(text(health.EnvId), envId);
  if (foreign) return `EnvInstanceHealth names ${foreign}`;
  const list = record(health.InstanceHealthList)?.InstanceHealth;
  if (list !== undefined && !Array.isArray(list)) {
    return 'EnvInstanceHealth.InstanceHealthList.InstanceHealth is not a list';
  }
  const enable = health.EnableHealthCheck;
  return {
    enableHealthCheck: enable === undefined || enable === null ? undefined : flag(enable),
    instances: (list ?? []).map(record).flatMap((i) => {
      const instanceId = text(i?.InstanceId);
      if (!i || !instanceId) return [];
      return [
        {
          instanceId: serviceText(instanceId, 80),
          appStatus: serviceText(text(i.AppStatus) ?? '', 40),
          agentStatus: serviceText(text(i.AgentStatus) ?? '', 40),
        },
      ];
    }),
  };
}

function instanceCounts(status: Record<string, unknown> | undefined): InstanceCounts | undefined {
  if (!status) return undefined;
  const count = (value: unknown) => {
    const t = text(value);
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
function fromAnswer(answer: unknown, status: number | undefined): Raw {
  const body = record(answer);
  if (status !== undefined && status >= 500) {
    return { ok: false, failure: serverFailure(status, body) };
  }
  if (!body) {
    const snippet = typeof answer === 'string' ? serviceText(answer, 120) : '';
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
  const code = text(body.Code);
  if (code !== undefined && code !== 'OK' && code !== '200') {
    if (isServerError(code)) return { ok: false, failure: serverFailure(status, body) };
    return { ok: false, failure: apiFailure(code, body, status ?? 200) };
  }
  return { ok: true, body };
}

function apiFailure(code: string, body: Record<string, unknown> | undefined, status?: number) {
  const failure: Failure = {
    kind: 'api',
    code: serviceText(code, 80),
    message: serviceText(text(body?.Message) ?? ''),
    requestId: body ? requestIdOf(body) : '',
  };
  if (status !== undefined) failure.status = status;
  return failure;
}

/** A 5xx or a server-error Code: the request reached the service, which may have acted. */
function serverFailure(status: number | undefined, body?: Record<string, unknown>): Failure {
  const code = serviceText(text(body?.Code) ?? '', 80);
  const message = serviceText(text(body?.Message) ?? '');
  const requestId = body ? requestIdOf(body) : '';
  return {
    kind: 'unknown',
    message:
      `the service failed${status ? ` (HTTP ${status}` : ' ('}${code ? `${status ? ' ' : ''}${code}` : ''})` +
      `${message ? `: ${message}` : ''}${requestId ? ` (RequestId ${requestId})` : ''}`,
  };
}

/** What pop-core or httpx threw, as far as it can be read. */
interface Thrown {
  name?: unknown;
  code?: unknown;
  statusCode?: unknown;
  result?: unknown;
  message?: unknown;
}

function fromError(error: unknown, exchange: Exchange): Failure {
  const e = (error ?? {}) as Thrown;
  // httpx appends "<METHOD> <url> failed." to the message, without a space: the URL is ours,
  // not news ("connect ECONNREFUSED 127.0.0.1:8787", not "…8787GET http://… failed.").
  const raw = typeof e.message === 'string' ? e.message : String(error);
  const message = serviceText(raw.replace(/\s*(GET|POST) \S+ failed\.?\s*$/, '').trim());
  const code = typeof e.code === 'string' ? serviceText(e.code, 80) : undefined;
  const status = exchange.status ?? (typeof e.statusCode === 'number' ? e.statusCode : undefined);
  if (error instanceof RefusedAnswer) return fromRefusal(error, exchange, message);
  const answered = fromErrorAnswer(e, raw, code, status);
  if (answered) return answered;
  return fromTransport(e, exchange, code, message);
}

/** The exchange refused the answer (too large, too slow) or the connection before sending. */
function fromRefusal(error: RefusedAnswer, exchange: Exchange, message: string): Failure {
  if (!exchange.sent)
    return { kind: 'not-sent', message: `${message} (before the request was sent)` };
  return {
    kind: 'unknown',
    message:
      error.refusal === 'timeout'
        ? `no answer within the request-timeout (${message})`
        : `answer refused: ${message}`,
  };
}

/** An error that carries the service's answer (5xx, a JSON 4xx, an XML error); else undefined. */
function fromErrorAnswer(
  e: Thrown,
  raw: string,
  code: string | undefined,
  status: number | undefined,
): Failure | undefined {
  const result = record(e.result);
  if (status !== undefined && status >= 500) return serverFailure(status, result);
  // pop-core: a JSON answer with status >= 400.
  if (typeof e.statusCode === 'number' && result) {
    const apiCode = text(result.Code) ?? text(result.code) ?? `HTTP${e.statusCode}`;
    if (isServerError(apiCode)) return serverFailure(status, result);
    return apiFailure(apiCode, result, e.statusCode);
  }
  if (e.name === 'FormatError')
    return { kind: 'unknown', message: 'answer was JSON-typed but not valid JSON' };
  // pop-core's XML error (ACSError): a service answer with a code; its message embeds the ids.
  // An answer is the service speaking, whatever its Code says (even "ECONNREFUSED").
  if (code && e.name === 'Error' && /requestid:/.test(raw)) return fromXmlError(raw, code, status);
  return undefined;
}

function fromXmlError(raw: string, code: string, status: number | undefined): Failure {
  const requestId = serviceText(/requestid: ([\w-]+)/.exec(raw)?.[1] ?? '', 80);
  const xmlMessage = serviceText(raw.replace(/ hostid:.*$/s, ''));
  if (isServerError(code)) {
    return serverFailure(status, { Code: code, Message: xmlMessage, RequestId: requestId });
  }
  const failure: Failure = { kind: 'api', code, message: xmlMessage, requestId };
  if (status !== undefined) failure.status = status;
  return failure;
}

/** No answer came: not sent only on the transport's own evidence, else unknown. */
function fromTransport(
  e: Thrown,
  exchange: Exchange,
  code: string | undefined,
  message: string,
): Failure {
  // "Not sent" only on the transport's own evidence: no answer head came, and the request
  // never left the runner (or failed in a way only the connection phase fails).
  if (exchange.status === undefined && code && (!exchange.sent || NOT_SENT_CODES.has(code))) {
    return { kind: 'not-sent', message };
  }
  if (typeof e.name === 'string' && e.name.startsWith('RequestTimeout')) {
    return { kind: 'unknown', message: `no answer within the request-timeout (${message})` };
  }
  if (code) return { kind: 'unknown', message };
  // Anything else pop-core threw while reading the answer (e.g. an XML body it could not map).
  return { kind: 'unknown', message: `unreadable answer: ${message}` };
}

function decode<T>(raw: Raw, decodeBody: (body: Record<string, unknown>) => T | string): Answer<T> {
  const time = raw.serviceTime !== undefined ? { serviceTime: raw.serviceTime } : {};
  if (!raw.ok) return { ok: false, failure: raw.failure, ...time };
  const requestId = requestIdOf(raw.body);
  const value = decodeBody(raw.body);
  if (typeof value === 'string') {
    return { ok: false, failure: { kind: 'malformed', message: value, requestId }, ...time };
  }
  return { ok: true, value, requestId, ...time };
}

/** `another environment (we-…)` when `named` is given and is not `envId`. */
function foreignEnv(named: string | undefined, envId: string): string | undefined {
  return named && named !== envId ? `another environment (${serviceText(named, 80)})` : undefined;
}

/** A change of `envId`, or why it cannot be one. Every string is service text, neutralised. */
function toChange(c: Record<string, unknown>, envId: string): ChangeInfo | string {
  const rawId = text(c.ChangeId);
  if (!rawId) return 'a change has no ChangeId';
  const changeId = changeIdShape(rawId);
  if (!changeId) return `ChangeId "${serviceText(rawId, 80)}" is not a change ID`;
  const foreign = foreignEnv(text(c.EnvId), envId);
  if (foreign) return `change ${changeId} belongs to ${foreign}`;
  return {
    changeId,
    envId,
    actionName: serviceText(text(c.ActionName) ?? '', 80),
    changeName: serviceText(text(c.ChangeName) ?? '', 80),
    changeMessage: serviceText(text(c.ChangeMessage) ?? ''),
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
function toEnvChange(body: Record<string, unknown>, envId: string): RestartStarted | string {
  const change = record(body.EnvChange);
  const rawId = text(change?.ChangeId);
  if (!rawId) return 'EnvChange.ChangeId is missing';
  const changeId = changeIdShape(rawId);
  if (!changeId) return `EnvChange.ChangeId "${serviceText(rawId, 80)}" is not a change ID`;
  const foreign = foreignEnv(text(change?.EnvId), envId);
  if (foreign) return `EnvChange names ${foreign}`;
  const startTime = text(change?.StartTime);
  return { changeId, startTime: startTime && /^\d+$/.test(startTime) ? startTime : undefined };
}

function epochMs(value: unknown): number | undefined {
  const t = text(value);
  return t && /^\d{1,15}$/.test(t) ? Number(t) : undefined;
}

function flag(value: unknown): boolean {
  return value === true || value === 'true';
}

function requestIdOf(body: Record<string, unknown>): string {
  return serviceText(text(body.RequestId) ?? '', 80);
}
