/**
 * The WebPlus product behind the gateway: the APIs the action calls, answering only with
 * the fields of docs/webplus-api.md (no ETA, no progress: the real service has
 * none, and the action must not come to rely on them).
 */
import { errorAnswer, okAnswer, type Answer, type Route, type RouteContext } from './routes.js';
import { changeEvents, instanceCounts, instanceHealth } from './instances.js';
import {
  RESTART_ACTION,
  type Change,
  type ControlRefusal,
  type EmulatorState,
  type Env,
} from './state.js';

export const WEBPLUS_VERSION = '2019-03-20';

const MESSAGES = {
  ResourceAuthFailed:
    'The specified resource does not exist or it does not belong to this Alibaba Cloud account.',
  StatusNotAllowedRestart:
    'Only a running environment or a terminated environment can be restarted.',
  EnvOnChanging:
    'An error occurred while starting the change. Wait until the ongoing change is complete.',
  ChangeNotExists: 'The specified change does not exist.',
  // AbortChange's documented errors; the emulator gives PauseChange and ResumeChange the same.
  ChangeFinished: 'An error occurred while stopping the change. The change is already complete.',
  ChangeOnAborting: 'The change is being canceled. Please do not cancel again.',
  // Not documented: the emulator's own codes for a state that allows no pause or resume.
  ChangeAlreadyPaused: 'The change is already paused.',
  ChangeNotPaused: 'The change is not paused: only a paused change can be resumed.',
  ChangeBanner: 'Web+ is updating your deployment environment.',
  ForbiddenRam:
    "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
} as const;

function missing(ctx: RouteContext, name: string): Answer {
  return errorAnswer(
    ctx,
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

function invalid(ctx: RouteContext, name: string, value: string): Answer {
  return errorAnswer(
    ctx,
    400,
    'InvalidParameter',
    `The specified parameter "${name}" is not valid: "${value}".`,
  );
}

function noEnv(ctx: RouteContext): Answer {
  return errorAnswer(ctx, 403, 'ResourceAuthFailed', MESSAGES.ResourceAuthFailed);
}

/** An int32 within [min, max], or undefined when not one. */
function int(value: string, min: number, max = 2 ** 31 - 1): number | undefined {
  if (!/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

const BATCH_RULES: Record<string, (v: string) => boolean> = {
  BatchSize: (v) => int(v, 1) !== undefined,
  BatchPercent: (v) => int(v, 1, 100) !== undefined,
  BatchInterval: (v) => int(v, 0) !== undefined,
  PauseBetweenBatches: (v) => v === 'true' || v === 'false',
};

function batchCount(env: Env, params: Record<string, string>): number {
  const n = Math.max(1, env.instances);
  const size = params.BatchSize !== undefined ? Number(params.BatchSize) : undefined;
  const percent = params.BatchPercent !== undefined ? Number(params.BatchPercent) : undefined;
  if (size !== undefined) return Math.ceil(n / size);
  if (percent !== undefined) return Math.ceil(n / Math.max(1, Math.floor((n * percent) / 100)));
  return 1;
}

function restartAppEnv(ctx: RouteContext): Answer {
  const { state } = ctx;
  const params = ctx.request.params;
  const envId = params.EnvId;
  if (!envId) return missing(ctx, 'EnvId');

  const batch: Record<string, string> = {};
  for (const [name, valid] of Object.entries(BATCH_RULES)) {
    const value = params[name];
    if (value === undefined) continue;
    if (!valid(value)) return invalid(ctx, name, value);
    batch[name] = value;
  }

  const env = state.env(envId);
  if (!env) return noEnv(ctx);
  if (env.status !== 'RUNNING' && env.status !== 'STOPPED') {
    return errorAnswer(ctx, 403, 'StatusNotAllowedRestart', MESSAGES.StatusNotAllowedRestart);
  }
  if (state.activeChange(envId)) {
    return errorAnswer(ctx, 400, 'EnvOnChanging', MESSAGES.EnvOnChanging);
  }

  const change = state.startChange(envId, {
    actionName: env.restartActionName ?? RESTART_ACTION,
    changeName: env.restartChangeName ?? 'restart.env',
    changeDescription: `restart env ${envId}`,
    durationMs: env.restartDurationMs,
    outcome: env.restartOutcome,
    ...(env.restartMessage !== undefined ? { message: env.restartMessage } : {}),
    createUsername: ctx.accessKeyId
      ? (state.credential(ctx.accessKeyId)?.username ?? 'emulator-user')
      : 'emulator-user',
    params: batch,
    batches: batchCount(env, batch),
    restart: true,
  });
  return okAnswer(ctx, {
    EnvChange: {
      EnvId: envId,
      ChangeId: change.changeId,
      StartTime: state.serviceTime(change.createTime),
    },
  });
}

function describeAppEnvStatus(ctx: RouteContext): Answer {
  const { state } = ctx;
  const envId = ctx.request.params.EnvId;
  if (!envId) return missing(ctx, 'EnvId');
  const env = state.env(envId);
  if (!env) return noEnv(ctx);

  const changes = state.changes(envId);
  const latest = changes.at(-1);
  const applying = changes.some((c) => c.phase !== 'finished');
  return okAnswer(ctx, {
    EnvStatus: {
      EnvId: env.envId,
      EnvName: env.envName,
      EnvStatus: applying ? 'UPDATING' : env.status,
      LastEnvStatus: applying ? env.status : changes.length > 0 ? 'UPDATING' : 'INITIALIZING',
      ApplyingChange: applying,
      AbortingChange: changes.some((c) => c.aborting),
      ...(latest ? { LatestChangeId: latest.changeId } : {}),
      ChangeBanner: applying ? MESSAGES.ChangeBanner : '',
      InstanceAgentStatus: { ConnectedInstances: env.instances, DisconnectedInstances: 0 },
      InstanceAppStatus: instanceCounts(state, env),
    },
  });
}

/** CreateTime as the state's createTimeFormat writes it. */
function createTimeField(state: EmulatorState, t: number): { CreateTime?: number } {
  const ms = state.serviceTime(t);
  if (state.createTimeFormat === 'missing') return {};
  return { CreateTime: state.createTimeFormat === 'seconds' ? Math.floor(ms / 1000) : ms };
}

function changeJson(state: EmulatorState, c: Change): object {
  const finished = c.phase === 'finished';
  const succeeded = finished && c.outcome === 'succeeded';
  return {
    ChangeId: c.changeId,
    EnvId: c.envId,
    ActionName: c.actionName,
    ChangeName: c.changeName,
    ChangeDescription: c.changeDescription,
    ChangeMessage: c.changeMessage,
    ...createTimeField(state, c.createTime),
    UpdateTime: state.serviceTime(c.updateTime),
    ...(c.finishTime !== undefined ? { FinishTime: state.serviceTime(c.finishTime) } : {}),
    ChangeFinished: finished,
    ChangeSucceed: succeeded,
    ChangeAborted: finished && c.outcome === 'aborted',
    ChangePaused: c.phase === 'paused',
    ChangeTimedout: finished && c.outcome === 'timed-out',
    CreateUsername: c.createUsername,
  };
}

function describeChange(ctx: RouteContext): Answer {
  const { state } = ctx;
  const { ChangeId: changeId, EnvId: envId } = ctx.request.params;
  if (!changeId) return missing(ctx, 'ChangeId');
  if (envId && !state.env(envId)) return noEnv(ctx);
  const change = state.change(changeId);
  if (!change || (envId && change.envId !== envId)) {
    return errorAnswer(ctx, 400, 'ChangeNotExists', MESSAGES.ChangeNotExists);
  }
  return okAnswer(ctx, { Change: changeJson(state, change) });
}

/** PageSize (1–100, default 10) and PageNumber (from 1, default 1), or the answer refusing them. */
function pagingOf(
  ctx: RouteContext,
): { pageSize: number; pageNumber: number } | { invalid: Answer } {
  const p = ctx.request.params;
  const pageSize = p.PageSize === undefined ? 10 : int(p.PageSize, 1, 100);
  if (pageSize === undefined) return { invalid: invalid(ctx, 'PageSize', p.PageSize ?? '') };
  const pageNumber = p.PageNumber === undefined ? 1 : int(p.PageNumber, 1);
  if (pageNumber === undefined) return { invalid: invalid(ctx, 'PageNumber', p.PageNumber ?? '') };
  return { pageSize, pageNumber };
}

function describeChanges(ctx: RouteContext): Answer {
  const { state } = ctx;
  const p = ctx.request.params;
  if (!p.EnvId) return missing(ctx, 'EnvId');
  const paging = pagingOf(ctx);
  if ('invalid' in paging) return paging.invalid;
  const { pageSize, pageNumber } = paging;
  if (!state.env(p.EnvId)) return noEnv(ctx);

  const all = state
    .changes(p.EnvId)
    .filter((c) => !p.ActionName || c.actionName === p.ActionName)
    .reverse(); // newest first (changes() is oldest first, in creation order)
  all.sort((a, b) => b.createTime - a.createTime); // stable: ties keep newest-created first
  if (state.listOrder === 'oldest-first') all.reverse();
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return okAnswer(ctx, {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Changes: { Change: page.map((c) => changeJson(state, c)) },
  });
}

function describeEvents(ctx: RouteContext): Answer {
  const { state } = ctx;
  const p = ctx.request.params;
  if (!p.EnvId) return missing(ctx, 'EnvId');
  const paging = pagingOf(ctx);
  if ('invalid' in paging) return paging.invalid;
  const { pageSize, pageNumber } = paging;
  const env = state.env(p.EnvId);
  if (!env) return noEnv(ctx);
  const from = p.StartTime !== undefined ? Number(p.StartTime) : -Infinity;
  const to = p.EndTime !== undefined ? Number(p.EndTime) : Infinity;
  const all = state
    .changes(p.EnvId)
    .filter((c) => !p.ChangeId || c.changeId === p.ChangeId)
    .flatMap((c) => changeEvents(state, env, c))
    .filter((e) => state.serviceTime(e.time) >= from && state.serviceTime(e.time) <= to);
  // The real order is undocumented: newest first unless ReverseByTimestamp is 'false', with
  // ties in no particular order, so that a client has to sort for itself.
  all.sort((a, b) => b.time - a.time || (a.eventId < b.eventId ? 1 : -1));
  if (p.ReverseByTimestamp === 'false') all.reverse();
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return okAnswer(ctx, {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Events: {
      Event: page.map((e) => ({
        EventId: e.eventId,
        EnvId: env.envId,
        AppId: `wa-${env.envId.slice(3)}`,
        TraceId: e.eventId.slice(0, 16),
        EventTimestamp: state.serviceTime(e.time),
        EventLevel: e.level,
        EnventName: e.name,
        MsgCode: `webplus.event.${e.name}`,
        EventMessage: e.message,
        MsgParams: { MsgParam: [] },
        ObjectType: 'Change',
        ObjectId: e.changeId,
        ObjectName: e.changeId,
        ObjectAttrs: { ObjectAttr: [] },
        PrimaryUserId: '1234567890123456',
        PrimaryUserName: 'emulator-user',
        SecondUserId: '',
        SecondUserName: '',
      })),
    },
  });
}

/**
 * PauseChange, ResumeChange and AbortChange: ChangeId in a form body; the answer names the
 * change like RestartAppEnv's does. EnvId is not a documented parameter: when a caller sends
 * one anyway, another environment's change is not found.
 */
function changeControl(
  act: (state: EmulatorState, changeId: string, envId?: string) => ControlRefusal | undefined,
): (ctx: RouteContext) => Answer {
  return (ctx) => {
    const { state } = ctx;
    const { ChangeId: changeId, EnvId: envId } = ctx.request.params;
    if (!changeId) return missing(ctx, 'ChangeId');
    const refusal = act(state, changeId, envId || undefined);
    if (refusal !== undefined) return errorAnswer(ctx, 400, refusal, MESSAGES[refusal]);
    const change = state.change(changeId) as Change;
    return okAnswer(ctx, {
      EnvChange: {
        EnvId: change.envId,
        ChangeId: change.changeId,
        StartTime: state.serviceTime(change.createTime),
      },
    });
  };
}

function describeAppEnvInstanceHealth(ctx: RouteContext): Answer {
  const { state } = ctx;
  const envId = ctx.request.params.EnvId;
  if (!envId) return missing(ctx, 'EnvId');
  const env = state.env(envId);
  if (!env) return noEnv(ctx);
  return okAnswer(ctx, {
    EnvInstanceHealth: {
      EnvId: env.envId,
      EnvName: env.envName,
      EnableHealthCheck: env.enableHealthCheck,
      InstanceHealthList: {
        InstanceHealth: instanceHealth(state, env).map((i) => ({
          InstanceId: i.instanceId,
          AppStatus: i.appStatus,
          AgentStatus: 'Connected',
          DisconnectedTime: '',
        })),
      },
    },
  });
}

/** RAM's refusal for an API the test denied (state.deny), before the product sees the call. */
function guarded(route: Route): Route {
  return {
    ...route,
    handle: (ctx) =>
      ctx.state.isDenied(route.api)
        ? errorAnswer(ctx, 403, 'Forbidden.RAM', MESSAGES.ForbiddenRam)
        : route.handle(ctx),
  };
}

export const webplusRoutes: Route[] = (
  [
    {
      api: 'RestartAppEnv',
      method: 'POST',
      path: '/pop/v1/wam/appEnv/restart',
      version: WEBPLUS_VERSION,
      handle: restartAppEnv,
    },
    {
      api: 'DescribeAppEnvStatus',
      method: 'GET',
      path: '/pop/v1/wam/appEnv/status',
      version: WEBPLUS_VERSION,
      handle: describeAppEnvStatus,
    },
    {
      api: 'DescribeChange',
      method: 'GET',
      path: '/pop/v1/wam/changeInfo',
      version: WEBPLUS_VERSION,
      handle: describeChange,
    },
    {
      api: 'DescribeChanges',
      method: 'GET',
      path: '/pop/v1/wam/change',
      version: WEBPLUS_VERSION,
      handle: describeChanges,
    },
    {
      api: 'DescribeEvents',
      method: 'GET',
      path: '/pop/v1/wam/event',
      version: WEBPLUS_VERSION,
      handle: describeEvents,
    },
    {
      api: 'DescribeAppEnvInstanceHealth',
      method: 'GET',
      path: '/pop/v1/wam/appEnv/instanceHealth',
      version: WEBPLUS_VERSION,
      handle: describeAppEnvInstanceHealth,
    },
    {
      api: 'PauseChange',
      method: 'POST',
      path: '/pop/v1/wam/change/pause',
      version: WEBPLUS_VERSION,
      handle: changeControl((s, id, env) => s.pauseChange(id, env)),
    },
    {
      api: 'ResumeChange',
      method: 'POST',
      path: '/pop/v1/wam/change/resume',
      version: WEBPLUS_VERSION,
      handle: changeControl((s, id, env) => s.resumeChange(id, env)),
    },
    {
      api: 'AbortChange',
      method: 'POST',
      path: '/pop/v1/wam/change/abort',
      version: WEBPLUS_VERSION,
      handle: changeControl((s, id, env) => s.abortChange(id, env)),
    },
  ] satisfies Route[]
).map(guarded);
