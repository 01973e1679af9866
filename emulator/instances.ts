/**
 * The instances of an emulated environment and the events of its changes, both computed from
 * the clock like the changes themselves: a restart takes its instances down batch by batch,
 * each comes back when its batch ends (healthDelayMs later if it comes up late), and the last
 * `unhealthyAfterRestart` of them (one, after a failed restart) and the `unhealthyInstances`
 * never pass their health check.
 */
import { createHash } from 'node:crypto';
import { RESTART_ACTION, type Change, type EmulatorState, type Env } from './state.js';

export type AppStatus = 'Healthy' | 'Unhealthy' | 'Stopped' | 'Unknown';

export interface InstanceView {
  instanceId: string;
  appStatus: AppStatus;
}

export interface EventView {
  eventId: string;
  /** Emulator clock. */
  time: number;
  level: string;
  name: string;
  message: string;
  changeId: string;
}

/** Stable instance IDs of an environment: `i-bp1` and hex, as ECS names them. */
export function instanceIds(env: Env): string[] {
  return Array.from({ length: Math.max(0, env.instances) }, (_, i) => {
    const hash = createHash('sha1').update(`${env.envId}/${i}`).digest('hex').slice(0, 17);
    return `i-bp1${hash}`;
  });
}

interface Batch {
  index: number;
  start: number;
  end: number;
  /** Instance indices restarted in this batch. */
  members: number[];
}

/**
 * The batches of a restart change as they are laid out in time (those it reaches: a paused or
 * aborted change never reaches the rest), from its course (timeline.ts).
 */
function batchesOf(state: EmulatorState, env: Env, change: Change): Batch[] {
  const count = state.batchesOf(change.changeId);
  const n = Math.max(0, env.instances);
  const per = Math.max(1, Math.ceil(n / count));
  const spans = state.courseOf(change.changeId)?.batches ?? [];
  return spans.map((span) => {
    const members = [];
    for (let i = span.index * per; i < Math.min(n, (span.index + 1) * per); i++) members.push(i);
    return { index: span.index, start: span.start, end: span.end, members };
  });
}

function stayUnhealthy(env: Env, change: Change): number {
  const failed =
    change.phase === 'finished' && (change.outcome === 'failed' || change.outcome === 'timed-out');
  return Math.min(env.instances, Math.max(env.unhealthyAfterRestart, failed ? 1 : 0));
}

/** Each instance's application status now. */
export function instanceHealth(state: EmulatorState, env: Env): InstanceView[] {
  const ids = instanceIds(env);
  const t = state.now();
  const changes = state.changes(env.envId);
  const latest = changes.at(-1);
  const applying = changes.some((c) => c.phase !== 'finished');
  const restart = state.restartChanges(env.envId).at(-1);
  // Each instance's batch, looked up once per read: 15 000 instances must stay cheap.
  const batchOf = new Map<number, Batch>();
  for (const b of restart ? batchesOf(state, env, restart) : []) {
    for (const i of b.members) batchOf.set(i, b);
  }
  return ids.map((instanceId, i) => {
    const view = (appStatus: AppStatus): InstanceView => ({ instanceId, appStatus });
    if (env.status === 'STOPPED' && !applying) return view('Stopped');
    if (env.status !== 'RUNNING' && env.status !== 'STOPPED') return view('Unknown');
    if (!restart || (latest && latest.actionName !== RESTART_ACTION && latest.phase !== 'finished'))
      return view('Healthy');
    const batch = batchOf.get(i);
    if (!batch || t < batch.start) return view('Healthy');
    if (t < batch.end) return view('Stopped');
    if (i >= ids.length - stayUnhealthy(env, restart) || env.unhealthyInstances?.includes(i))
      return view('Unhealthy');
    return view(t < batch.end + env.healthDelayMs ? 'Unhealthy' : 'Healthy');
  });
}

/** InstanceAppStatus's counts. */
export function instanceCounts(state: EmulatorState, env: Env): Record<string, number> {
  const counts = {
    HealthyInstances: 0,
    StoppedInstances: 0,
    UnhealthyInstances: 0,
    UnknownInstances: 0,
  };
  for (const { appStatus } of instanceHealth(state, env)) counts[`${appStatus}Instances`]++;
  return counts;
}

/** Stable across reads: the same event keeps its ID however many events follow it. */
function eventId(changeId: string, key: string): string {
  return createHash('sha1').update(`${changeId}#${key}`).digest('hex').slice(0, 24);
}

/** Pauses, resumes and the abort request of a change (the add() of changeEvents keeps the past ones). */
function controlEvents(
  state: EmulatorState,
  change: Change,
  add: (time: number, level: string, name: string, message: string) => void,
): void {
  const course = state.courseOf(change.changeId);
  if (!course) return;
  const name = change.changeName;
  for (const h of course.holds) {
    add(
      h.from,
      'WARN',
      'ChangePaused',
      h.requested
        ? `Change ${name} paused (PauseChange).`
        : `Change ${name} paused between batches.`,
    );
    if (h.resumed && h.to !== undefined) {
      add(h.to, 'INFO', 'ChangeResumed', `Change ${name} resumed (ResumeChange).`);
    }
  }
  if (course.abortRequestedAt !== undefined) {
    add(
      course.abortRequestedAt,
      'WARN',
      'ChangeAborting',
      `Change ${name} is being aborted (AbortChange): it stops after the step under way.`,
    );
  }
}

/** The events of one change up to now, oldest first (the route decides the order it answers in). */
export function changeEvents(state: EmulatorState, env: Env, change: Change): EventView[] {
  const t = state.now();
  const ids = instanceIds(env);
  const events: Omit<EventView, 'eventId' | 'changeId'>[] = [];
  const add = (time: number, level: string, name: string, message: string) => {
    if (time <= t) events.push({ time, level, name, message });
  };
  const kind = change.actionName.toLowerCase();
  add(change.createTime, 'INFO', 'ChangeStarted', `Change ${change.changeName} started.`);
  if (change.actionName === RESTART_ACTION) {
    const batches = batchesOf(state, env, change);
    const total = state.batchesOf(change.changeId);
    for (const b of batches) {
      const names = b.members.map((i) => ids[i]).join(', ');
      const label = total > 1 ? `Batch ${b.index + 1}/${total}: ` : '';
      // A moment after the change starts, a moment before the batch ends: distinct times.
      const begin = b.start + Math.min(100, (b.end - b.start) / 4);
      const done = b.end - Math.min(100, (b.end - b.start) / 4); // Infinity while held in it
      add(begin, 'INFO', 'RestartInstances', `${label}restarting ${names}.`);
      if (b.end > b.start && (change.phase === 'finished' || b.end <= t)) {
        add(done, 'INFO', 'RestartInstancesDone', `${label}restarted ${names}.`);
      }
      for (const i of b.members.filter((m) => env.unhealthyInstances?.includes(m))) {
        add(b.end, 'WARN', 'HealthCheckFailed', `Instance ${ids[i]} failed its health check.`);
      }
    }
    const stay = change.phase === 'finished' ? stayUnhealthy(env, change) : 0;
    for (let i = ids.length - stay; i < ids.length; i++) {
      if (env.unhealthyInstances?.includes(i)) continue; // said when its batch ended
      add(
        change.finishTime ?? t,
        'WARN',
        'HealthCheckFailed',
        `Instance ${ids[i]} failed its health check.`,
      );
    }
  }
  controlEvents(state, change, add);
  if (change.phase === 'finished' && change.finishTime !== undefined) {
    const ok = change.outcome === 'succeeded';
    const aborted = change.outcome === 'aborted';
    add(
      change.finishTime,
      ok ? 'INFO' : aborted ? 'WARN' : 'ERROR',
      ok ? 'ChangeSucceeded' : aborted ? 'ChangeAborted' : 'ChangeFailed',
      ok ? `Change ${change.changeName} succeeded.` : change.changeMessage || `The ${kind} ended.`,
    );
  }
  const derived = events.map((e) => ({
    ...e,
    eventId: eventId(change.changeId, `${e.time}/${e.name}/${e.message}`),
    changeId: change.changeId,
  }));
  const extra = state.extraEvents(change.changeId).map((e, seq) => ({
    ...e,
    eventId: eventId(change.changeId, `extra/${seq}`),
  }));
  return [...derived, ...extra].sort((a, b) => a.time - b.time);
}
