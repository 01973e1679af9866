/**
 * The emulated account: environments, their changes, the AccessKeys the gateway accepts, and
 * the clock. A change's progress is never stored: it is computed from the clock on every read,
 * so a test moving its virtual clock moves every change with it.
 */
import { randomBytes } from 'node:crypto';
import type { Credential } from './signature.js';
import { phaseAt, replay, type Command, type Course, type FinalOutcome } from './timeline.js';

export const TEST_CREDENTIALS = {
  accessKeyId: 'LTAI5tEmulatorTestKey01',
  accessKeySecret: 'emulator-test-secret-0123456789abcdef',
} as const;

export const TEST_STS_CREDENTIALS = {
  accessKeyId: 'STS.NTestStsKey0001',
  accessKeySecret: 'emulator-sts-secret-fedcba9876543210',
  securityToken: 'CAIS-emulator-sts-token-0123456789-abcdefghijklmnopqrstuvwxyz',
} as const;

export type ChangeOutcome = 'succeeded' | 'failed' | 'aborted' | 'timed-out' | 'paused';

export type EnvStatus =
  | 'INITIALIZING'
  | 'LAUNCHING'
  | 'RUNNING'
  | 'UPDATING'
  | 'STOPPING'
  | 'STOPPED'
  | 'TERMINATING'
  | 'TERMINATED'
  | 'ABNORMAL';

export interface EnvConfig {
  envId: string;
  envName?: string;
  /** Status when no change runs; default 'RUNNING'. */
  status?: EnvStatus;
  /** Default 4. */
  instances?: number;
  /** How long a restart change runs; default 2000. */
  restartDurationMs?: number;
  /** How the next restart changes end; default 'succeeded'. */
  restartOutcome?: ChangeOutcome;
  /** ChangeMessage when a restart ends failed/aborted/timed-out. */
  restartMessage?: string;
  /** DescribeAppEnvInstanceHealth's EnableHealthCheck; default true. */
  enableHealthCheck?: boolean;
  /** How long a restarted instance stays unhealthy after its batch ends (comes up late); default 0. */
  healthDelayMs?: number;
  /** How many instances (the last ones) stay unhealthy after a restart; default 0. */
  unhealthyAfterRestart?: number;
  /**
   * Instances (by index, from 0) that stay unhealthy once their batch of a restart has ended,
   * while the restart goes on: e.g. [0] fails the first batch of a rolling restart.
   */
  unhealthyInstances?: number[];
  /**
   * ActionName and ChangeName of a restart change (default 'Restart', 'restart.env'): the
   * service documents neither, so tests try empty, other and localised names.
   */
  restartActionName?: string;
  restartChangeName?: string;
}

/** An environment with its defaults filled in. */
export type Env = EnvConfig &
  Required<
    Pick<
      EnvConfig,
      | 'envName'
      | 'status'
      | 'instances'
      | 'restartDurationMs'
      | 'restartOutcome'
      | 'enableHealthCheck'
      | 'healthDelayMs'
      | 'unhealthyAfterRestart'
    >
  >;

export type ChangePhase = 'running' | 'paused' | 'finished';

/** Why PauseChange, ResumeChange or AbortChange refuses a change (see webplus.ts). */
export type ControlRefusal =
  | 'ChangeNotExists'
  | 'ChangeFinished'
  | 'ChangeOnAborting'
  | 'ChangeAlreadyPaused'
  | 'ChangeNotPaused';

/** A snapshot of a change at now(). Times are on the emulator clock, without serviceSkewMs. */
export interface Change {
  changeId: string;
  envId: string;
  actionName: string;
  changeName: string;
  changeDescription: string;
  /** '' until the change ends failed/aborted/timed-out. */
  changeMessage: string;
  createTime: number;
  updateTime: number;
  finishTime?: number;
  outcome: ChangeOutcome;
  createUsername: string;
  /** Batch params as received by RestartAppEnv. */
  params: Record<string, string>;
  /** Derived from the clock: running, paused (unfinished, blocks the env) or finished. */
  phase: ChangePhase;
  /** AbortChange was accepted and the change has not ended yet (it ends after its batch). */
  aborting: boolean;
}

export interface StartChangeOptions {
  actionName: string;
  changeName?: string;
  changeDescription?: string;
  durationMs: number;
  outcome?: ChangeOutcome;
  /** Emulator clock; default now(). A past time models a change that began earlier. */
  createTime?: number;
  message?: string;
  createUsername?: string;
  params?: Record<string, string>;
  /**
   * Number of batches; default 1. A change of outcome 'paused' is held after the first, one
   * with params.PauseBetweenBatches 'true' after each but the last (until resumed).
   */
  batches?: number;
  /**
   * The wait between two batches; default params.BatchInterval (seconds), else 0. The batches
   * themselves take durationMs together.
   */
  batchIntervalMs?: number;
  /** A restart, whatever it is named (RestartAppEnv's changes; default: named 'Restart'). */
  restart?: boolean;
}

export interface StateOptions {
  now?: () => number;
  serviceSkewMs?: number;
}

interface ChangeRecord {
  changeId: string;
  envId: string;
  actionName: string;
  changeName: string;
  changeDescription: string;
  message: string | undefined;
  createTime: number;
  outcome: ChangeOutcome;
  createUsername: string;
  params: Record<string, string>;
  batches: number;
  restart: boolean;
  intervalMs: number;
  durationMs: number;
  /** What it was told, in order; its course is replayed from them (timeline.ts). */
  commands: Command[];
}

const DEFAULT_MESSAGES: Record<ChangeOutcome, string> = {
  succeeded: '',
  paused: '',
  failed: 'The change failed: the application did not start on one or more instances.',
  aborted: 'The change was aborted.',
  'timed-out': 'The change timed out.',
};

export const RESTART_ACTION = 'Restart';

/** An event a test adds by hand (beside those the emulator derives from changes). */
export interface ExtraEvent {
  changeId: string;
  /** Emulator clock. */
  time: number;
  level: string;
  name: string;
  message: string;
}

export class EmulatorState {
  /** Added to every time the service reports; a test may change it between runs. */
  serviceSkewMs: number;
  /**
   * Added to the gateway's `Date` header only: the gateway's clock ahead of (or behind) the
   * clock that stamps CreateTime.
   */
  dateSkewMs = 0;
  /** How CreateTime is written: epoch ms (documented), epoch seconds, or left out. */
  createTimeFormat: 'ms' | 'seconds' | 'missing' = 'ms';
  /**
   * The order of DescribeChanges' list. The service documents none: tests try both, so the
   * action cannot come to rely on one.
   */
  listOrder: 'newest-first' | 'oldest-first' = 'newest-first';
  private readonly clock: () => number;
  private readonly envMap = new Map<string, Env>();
  private readonly records: ChangeRecord[] = [];
  private readonly credentials = new Map<string, Credential & { username: string }>();
  private readonly denied = new Set<string>();
  private readonly extra: ExtraEvent[] = [];

  constructor(options: StateOptions = {}) {
    this.clock = options.now ?? Date.now;
    this.serviceSkewMs = options.serviceSkewMs ?? 0;
    this.addCredential(TEST_CREDENTIALS);
    this.addCredential(TEST_STS_CREDENTIALS);
  }

  now(): number {
    return this.clock();
  }

  /** A time as the service reports it (its clock may differ from the runner's). */
  serviceTime(t: number): number {
    return t + this.serviceSkewMs;
  }

  addEnv(config: EnvConfig): void {
    this.envMap.set(config.envId, {
      envName: `env-${config.envId.slice(-6)}`,
      status: 'RUNNING',
      instances: 4,
      restartDurationMs: 2000,
      restartOutcome: 'succeeded',
      enableHealthCheck: true,
      healthDelayMs: 0,
      unhealthyAfterRestart: 0,
      ...config,
    });
  }

  /** Changes an environment's config, e.g. the outcome of the next restart. */
  updateEnv(envId: string, patch: Partial<Omit<EnvConfig, 'envId'>>): void {
    const env = this.envMap.get(envId);
    if (!env) throw new Error(`no environment ${envId}`);
    Object.assign(env, patch);
  }

  env(envId: string): Env | undefined {
    return this.envMap.get(envId);
  }

  addCredential(c: Credential & { username?: string }): void {
    this.credentials.set(c.accessKeyId, { username: 'emulator-user', ...c });
  }

  credential(accessKeyId: string): (Credential & { username: string }) | undefined {
    return this.credentials.get(accessKeyId);
  }

  startChange(envId: string, c: StartChangeOptions): Change {
    if (!this.envMap.has(envId)) throw new Error(`no environment ${envId}`);
    const createTime = c.createTime ?? this.now();
    const outcome = c.outcome ?? 'succeeded';
    const batches = Math.max(1, c.batches ?? 1);
    const interval = c.params?.BatchInterval;
    const record: ChangeRecord = {
      changeId: `wc-${randomBytes(12).toString('hex')}`,
      envId,
      actionName: c.actionName,
      changeName: c.changeName ?? `${c.actionName.toLowerCase()}.env`,
      changeDescription: c.changeDescription ?? `${c.actionName.toLowerCase()} env ${envId}`,
      message: c.message,
      createTime,
      outcome,
      createUsername: c.createUsername ?? 'console-user',
      params: { ...(c.params ?? {}) },
      batches,
      restart: c.restart ?? c.actionName === RESTART_ACTION,
      intervalMs:
        c.batchIntervalMs ?? (interval && /^\d+$/.test(interval) ? Number(interval) * 1000 : 0),
      durationMs: Math.max(0, c.durationMs),
      commands: [],
    };
    this.records.push(record);
    return this.snapshot(record);
  }

  /** All changes (of one env, if given), oldest first. */
  changes(envId?: string): Change[] {
    return this.records
      .filter((r) => envId === undefined || r.envId === envId)
      .map((r) => this.snapshot(r));
  }

  /** The restarts of an environment, whatever they are named. */
  restartChanges(envId: string): Change[] {
    return this.records.filter((r) => r.envId === envId && r.restart).map((r) => this.snapshot(r));
  }

  change(changeId: string): Change | undefined {
    const record = this.records.find((r) => r.changeId === changeId);
    return record && this.snapshot(record);
  }

  /** The env's unfinished (running or paused) change, if any: it blocks a restart. */
  activeChange(envId: string): Change | undefined {
    return this.changes(envId).find((c) => c.phase !== 'finished');
  }

  /**
   * Test hook: ends a running or paused change now, with the given outcome (default: its own,
   * or 'succeeded' for a paused one, as if resumed). 'paused' holds it now instead, even
   * within a batch. A finished change is left as it is.
   */
  finishChange(changeId: string, outcome?: ChangeOutcome): void {
    const record = this.record(changeId);
    const at = this.now();
    if (this.phase(record, at) === 'finished') return;
    if (outcome === 'paused') {
      record.commands.push({ kind: 'hold', at });
      return;
    }
    const final = outcome ?? (record.outcome === 'paused' ? 'succeeded' : record.outcome);
    record.commands.push({ kind: 'finish', at, outcome: final });
  }

  /**
   * PauseChange: a running change stops after the batch under way (at once if it is waiting
   * between batches) and stays unfinished, blocking its environment, until resumed or aborted.
   * Asked during its last batch, it has nothing left to hold and ends as planned.
   */
  pauseChange(changeId: string, envId?: string): ControlRefusal | undefined {
    return this.control(changeId, envId, 'pause', (c) => {
      if (c.phase === 'finished') return 'ChangeFinished';
      if (c.aborting) return 'ChangeOnAborting';
      if (c.phase === 'paused') return 'ChangeAlreadyPaused';
      return undefined;
    });
  }

  /** ResumeChange: a paused change goes on with its remaining batches, then ends. */
  resumeChange(changeId: string, envId?: string): ControlRefusal | undefined {
    return this.control(changeId, envId, 'resume', (c) => {
      if (c.phase === 'finished') return 'ChangeFinished';
      if (c.phase !== 'paused') return 'ChangeNotPaused';
      return undefined;
    });
  }

  /**
   * AbortChange: a paused change, or one waiting between batches, ends now, aborted; a running
   * batch is finished first (the service waits for the step under way), then it ends aborted.
   */
  abortChange(changeId: string, envId?: string): ControlRefusal | undefined {
    return this.control(changeId, envId, 'abort', (c) => {
      if (c.phase === 'finished') return 'ChangeFinished';
      if (c.aborting) return 'ChangeOnAborting';
      return undefined;
    });
  }

  private control(
    changeId: string,
    envId: string | undefined,
    kind: 'pause' | 'resume' | 'abort',
    refuse: (c: Change) => ControlRefusal | undefined,
  ): ControlRefusal | undefined {
    const record = this.records.find((r) => r.changeId === changeId);
    if (!record || (envId !== undefined && record.envId !== envId)) return 'ChangeNotExists';
    const refusal = refuse(this.snapshot(record));
    if (refusal === undefined) record.commands.push({ kind, at: this.now() });
    return refusal;
  }

  /** The change's course: its batches, holds and end as the clock and its commands make them. */
  courseOf(changeId: string): Course | undefined {
    const record = this.records.find((r) => r.changeId === changeId);
    return record && this.course(record);
  }

  private record(changeId: string): ChangeRecord {
    const record = this.records.find((r) => r.changeId === changeId);
    if (!record) throw new Error(`no change ${changeId}`);
    return record;
  }

  private course(r: ChangeRecord): Course {
    const finalOutcome: FinalOutcome = r.outcome === 'paused' ? 'succeeded' : r.outcome;
    return replay(
      {
        createTime: r.createTime,
        batches: r.batches,
        durationMs: r.durationMs,
        intervalMs: r.intervalMs,
        pauseBetweenBatches: r.params.PauseBetweenBatches === 'true',
        pauseAfterFirst: r.outcome === 'paused',
        outcome: finalOutcome,
      },
      r.commands,
    );
  }

  private phase(r: ChangeRecord, t: number): ChangePhase {
    return phaseAt(this.course(r), t);
  }

  private snapshot(r: ChangeRecord): Change {
    const t = this.now();
    const course = this.course(r);
    const phase = phaseAt(course, t);
    const finished = phase === 'finished';
    const outcome: ChangeOutcome = finished && course.end ? course.end.outcome : r.outcome;
    const holding = course.holds.find((h) => h.from <= t && (h.to === undefined || t < h.to));
    const change: Change = {
      changeId: r.changeId,
      envId: r.envId,
      actionName: r.actionName,
      changeName: r.changeName,
      changeDescription: r.changeDescription,
      // An aborted change says so, whatever message its planned failure would have had.
      changeMessage:
        finished && outcome !== 'succeeded'
          ? ((course.abortRequestedAt === undefined ? r.message : undefined) ??
            DEFAULT_MESSAGES[outcome])
          : '',
      createTime: r.createTime,
      // The last moment the change moved: now while it runs, else when it paused or ended.
      updateTime:
        phase === 'running'
          ? Math.max(t, r.createTime)
          : phase === 'paused'
            ? (holding?.from ?? t)
            : (course.end?.time ?? t),
      outcome,
      createUsername: r.createUsername,
      params: { ...r.params },
      phase,
      aborting: !finished && course.abortRequestedAt !== undefined && course.abortRequestedAt <= t,
    };
    if (finished && course.end) change.finishTime = course.end.time;
    return change;
  }

  /** Refuses these APIs (by name, e.g. 'DescribeEvents') as RAM would: 403 Forbidden.RAM. */
  deny(...apis: string[]): void {
    for (const api of apis) this.denied.add(api);
  }

  isDenied(api: string): boolean {
    return this.denied.has(api);
  }

  /** Adds an event to a change's DescribeEvents answers (e.g. one with hostile text). */
  addEvent(event: ExtraEvent): void {
    this.extra.push({ ...event });
  }

  extraEvents(changeId: string): ExtraEvent[] {
    return this.extra.filter((e) => e.changeId === changeId && e.time <= this.now());
  }

  /** Batches of a change (for the instance counts a running restart reports). */
  batchesOf(changeId: string): number {
    return this.records.find((r) => r.changeId === changeId)?.batches ?? 1;
  }
}
