/**
 * The WebPlus wire format: signed ROA calls through pop-core, and every answer turned into
 * data. Nothing here decides whether to retry; that is restart.ts and completion.ts.
 */
import http from 'node:http';
import https from 'node:https';
import type { BatchSettings } from './inputs.js';

export const API_VERSION = '2019-03-20';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

export type Failure =
  /** The service answered with an error code: the request was received and refused. */
  | { kind: 'api'; code: string; message: string; requestId: string; status?: number }
  /** The request never left: connection refused, DNS, TLS. Safe to send again. */
  | { kind: 'not-sent'; message: string }
  /** Sent, but no trustworthy answer came back (reset, time-out, a proxy's HTML page, bad JSON). */
  | { kind: 'unknown'; message: string }
  /** A 2xx answer that lacks what it must carry: the call may have taken effect. */
  | { kind: 'malformed'; message: string; requestId: string };

export type Answer<T> = { ok: true; value: T; requestId: string } | { ok: false; failure: Failure };

export interface RestartStarted {
  changeId: string;
  envId: string;
  /** Epoch ms as the service sent it (digits), or undefined when it sent none usable. */
  startTime: string | undefined;
}

export interface EnvStatus {
  envStatus: string;
  applyingChange: boolean;
  latestChangeId: string | undefined;
  /** InstanceAppStatus's counts; undefined when the answer carries none. */
  instances?: InstanceCounts | undefined;
}

/** DescribeAppEnvStatus `InstanceAppStatus`: the documented summary of instance health. */
export interface InstanceCounts {
  healthy: number;
  unhealthy: number;
  stopped: number;
  unknown: number;
}

/** One DescribeEvents `Events.Event`, raw service text (callers pass it through serviceText). */
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
export interface EnvInstanceHealth {
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
  finishTime: number | undefined;
  finished: boolean;
  succeeded: boolean;
  aborted: boolean;
  paused: boolean;
  timedOut: boolean;
}

export interface WebPlusClient {
  restartAppEnv(
    envId: string,
    batch: BatchSettings,
    timeoutMs: number,
  ): Promise<Answer<RestartStarted>>;
  describeAppEnvStatus(envId: string, timeoutMs: number): Promise<Answer<EnvStatus>>;
  describeChange(changeId: string, timeoutMs: number): Promise<Answer<ChangeInfo>>;
  /** The newest changes of an environment, newest first. */
  describeChanges(
    envId: string,
    pageSize: number,
    timeoutMs: number,
  ): Promise<Answer<ChangeInfo[]>>;
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

/** Events read per DescribeEvents call: a restart of a large environment has a few per batch. */
export const EVENTS_PAGE_SIZE = 100;

export interface ClientOptions {
  endpoint: string;
  getCredentials: () => Promise<Credentials>;
  /** Called with each request's one-line description, for debug logs (never secrets). */
  debug?: (line: string) => void;
}

type Raw = { ok: true; body: Record<string, unknown> } | { ok: false; failure: Failure };

export async function createWebPlusClient(
  options: ClientOptions,
): Promise<WebPlusClient & WebPlusObserver> {
  // Loaded here, not at the top: pop-core's `debug` dependency reads DEBUG once when it
  // loads, and main.ts clears DEBUG first (DEBUG=roa would print the string-to-sign).
  const { default: ROAClient } = await import('@alicloud/pop-core/lib/roa.js');
  let current: Credentials = { accessKeyId: '', accessKeySecret: '' };
  const client = new ROAClient({
    endpoint: options.endpoint,
    apiVersion: API_VERSION,
    // Hands pop-core the credentials `call` resolved for this request (calls never overlap).
    credentialsProvider: { getCredentials: () => Promise.resolve(current) },
  });
  const agent = options.endpoint.startsWith('https:')
    ? new https.Agent({ keepAlive: true })
    : new http.Agent({ keepAlive: true });
  const debug = options.debug ?? (() => undefined);

  async function call(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string>,
    timeoutMs: number,
  ): Promise<Raw> {
    const started = Date.now();
    // Credentials first, outside pop-core: a failure to obtain them is not a transport
    // failure, and must not be mistaken for a request that may have reached the service.
    current = await options.getCredentials();
    let result: Raw;
    try {
      const answer =
        method === 'POST'
          ? await client.request(
              'POST',
              path,
              {},
              new URLSearchParams(params).toString(),
              // pop-core sets no content-type of its own; the service needs it to read the form.
              { 'content-type': 'application/x-www-form-urlencoded' },
              { timeout: timeoutMs, agent },
            )
          : await client.request('GET', path, params, '', {}, { timeout: timeoutMs, agent });
      result = fromAnswer(answer);
    } catch (error) {
      result = { ok: false, failure: fromError(error) };
    }
    const outcome = result.ok
      ? `OK ${requestIdOf(result.body) || ''}`
      : `${result.failure.kind}${'code' in result.failure ? ` ${result.failure.code}` : ''}`;
    debug(
      `${method} ${path} ${Object.keys(params).join(',')} → ${outcome.trim()} in ${Date.now() - started} ms`,
    );
    return result;
  }

  return {
    async restartAppEnv(envId, batch, timeoutMs) {
      const params: Record<string, string> = { EnvId: envId };
      if (batch.batchSize !== undefined) params.BatchSize = String(batch.batchSize);
      if (batch.batchPercent !== undefined) params.BatchPercent = String(batch.batchPercent);
      if (batch.batchInterval !== undefined) params.BatchInterval = String(batch.batchInterval);
      if (batch.pauseBetweenBatches !== undefined) {
        params.PauseBetweenBatches = String(batch.pauseBetweenBatches);
      }
      const raw = await call('POST', '/pop/v1/wam/appEnv/restart', params, timeoutMs);
      return decode(raw, (body) => {
        const change = record(body.EnvChange);
        const changeId = text(change?.ChangeId);
        if (!changeId) return 'EnvChange.ChangeId is missing';
        const startTime = text(change?.StartTime);
        return {
          changeId,
          envId: text(change?.EnvId) ?? envId,
          startTime: startTime && /^\d+$/.test(startTime) ? startTime : undefined,
        };
      });
    },

    async describeAppEnvStatus(envId, timeoutMs) {
      const raw = await call('GET', '/pop/v1/wam/appEnv/status', { EnvId: envId }, timeoutMs);
      return decode(raw, (body) => {
        const status = record(body.EnvStatus);
        if (!status) return 'EnvStatus is missing';
        return {
          envStatus: text(status.EnvStatus) ?? '',
          applyingChange: status.ApplyingChange === true || status.ApplyingChange === 'true',
          latestChangeId: text(status.LatestChangeId) || undefined,
          instances: instanceCounts(record(status.InstanceAppStatus)),
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
        if (list === undefined) return [];
        if (!Array.isArray(list)) return 'Changes.Change is not a list';
        return list.map(record).flatMap((c) => (c ? (toChange(c) ?? []) : []));
      });
    },

    close() {
      agent.destroy();
    },

    async describeEvents(envId, changeId, timeoutMs) {
      const params = {
        EnvId: envId,
        ChangeId: changeId,
        PageSize: String(EVENTS_PAGE_SIZE),
        PageNumber: '1',
      };
      const raw = await call('GET', '/pop/v1/wam/event', params, timeoutMs);
      return decode(raw, (body) => {
        const list = record(body.Events)?.Event;
        if (list === undefined) return [];
        if (!Array.isArray(list)) return 'Events.Event is not a list';
        return list.map(record).flatMap((e) => {
          const eventId = text(e?.EventId);
          if (!e || !eventId) return [];
          return [
            {
              eventId,
              timestamp: epochMs(e.EventTimestamp),
              level: text(e.EventLevel) ?? '',
              name: text(e.EnventName) ?? '',
              message: text(e.EventMessage) ?? '',
            },
          ];
        });
      });
    },

    async describeAppEnvInstanceHealth(envId, timeoutMs) {
      const raw = await call(
        'GET',
        '/pop/v1/wam/appEnv/instanceHealth',
        { EnvId: envId },
        timeoutMs,
      );
      return decode(raw, (body) => {
        const health = record(body.EnvInstanceHealth);
        if (!health) return 'EnvInstanceHealth is missing';
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
                instanceId,
                appStatus: text(i.AppStatus) ?? '',
                agentStatus: text(i.AgentStatus) ?? '',
              },
            ];
          }),
        };
      });
    },
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
function fromAnswer(answer: unknown): Raw {
  const body = record(answer);
  if (!body) {
    const snippet =
      typeof answer === 'string' ? answer.replace(/\s+/g, ' ').trim().slice(0, 120) : '';
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
    return {
      ok: false,
      failure: {
        kind: 'api',
        code,
        message: text(body.Message) ?? '',
        requestId: requestIdOf(body),
        status: 200,
      },
    };
  }
  return { ok: true, body };
}

/** Error codes of a request that never left the runner: safe to send again. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
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

function fromError(error: unknown): Failure {
  const e = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    statusCode?: unknown;
    result?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const result = record(e.result);
  // pop-core: a JSON answer with status >= 400.
  if (typeof e.statusCode === 'number' && result) {
    return {
      kind: 'api',
      code: text(result.Code) ?? text(result.code) ?? `HTTP${e.statusCode}`,
      message: text(result.Message) ?? '',
      requestId: requestIdOf(result),
      status: e.statusCode,
    };
  }
  if (e.name === 'FormatError')
    return { kind: 'unknown', message: 'answer was JSON-typed but not valid JSON' };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && NOT_SENT_CODES.has(code)) return { kind: 'not-sent', message: `${code}: ${message}` };
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
  if (code) return { kind: 'unknown', message: `${code}: ${message}` };
  // Anything else pop-core threw while reading the answer (e.g. an XML body it could not map).
  return { kind: 'unknown', message: `unreadable answer: ${message}` };
}

function decode<T>(raw: Raw, read: (body: Record<string, unknown>) => T | string): Answer<T> {
  if (!raw.ok) return raw;
  const requestId = requestIdOf(raw.body);
  const value = read(raw.body);
  if (typeof value === 'string') {
    return { ok: false, failure: { kind: 'malformed', message: value, requestId } };
  }
  return { ok: true, value, requestId };
}

function toChange(c: Record<string, unknown>): ChangeInfo | undefined {
  const changeId = text(c.ChangeId);
  if (!changeId) return undefined;
  return {
    changeId,
    envId: text(c.EnvId) ?? '',
    actionName: text(c.ActionName) ?? '',
    changeName: text(c.ChangeName) ?? '',
    changeMessage: text(c.ChangeMessage) ?? '',
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
export function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isBigNumber(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** pop-core parses with json-bigint: integers past 2^53 arrive as BigNumber objects. */
function isBigNumber(value: object): boolean {
  return (value as { _isBigNumber?: unknown })._isBigNumber === true;
}

/** A scalar as text: strings as they are, numbers (big ones too) as their digits. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value !== null && typeof value === 'object' && isBigNumber(value)) return String(value);
  return undefined;
}

function epochMs(value: unknown): number | undefined {
  const t = text(value);
  return t && /^\d+$/.test(t) ? Number(t) : undefined;
}

function flag(value: unknown): boolean {
  return value === true || value === 'true';
}

function requestIdOf(body: Record<string, unknown>): string {
  return text(body.RequestId) ?? '';
}
