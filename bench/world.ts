/**
 * Models of how the WebPlus service behaves, for bench/wait-policy.ts. Each model says how long
 * changes run and what DescribeChanges would show of them and of earlier changes; the
 * simulated service answers only with documented fields (ChangeId, EnvId, ActionName,
 * ChangeName, CreateTime, FinishTime once finished, ChangeFinished, ChangeSucceed,
 * ChangeAborted, ChangePaused, ChangeTimedout), in an order shuffled on every read (the order
 * of the list is not documented). Never an end time, ETA or progress.
 */
import type { Random } from '../src/backoff.js';
import type { ChangeInfo } from '../src/webplus-client.js';

/** The action's start on the virtual clock. */
export const START = 1_700_000_000_000;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function logUniform(random: Random, minMs: number, maxMs: number, u = random()): number {
  return minMs * (maxMs / minMs) ** u;
}

/** One change on the environment, as the simulated service keeps it. */
export interface SimChange {
  id: string;
  actionName: string;
  create: number;
  /** When it ends (pause included). */
  finish: number;
  /** Paused in [pausedFrom, pausedUntil). */
  pausedFrom?: number;
  pausedUntil?: number;
}

/** What the environment holds during one run. */
export interface World {
  /** Every change, earlier ones (the history) and the blocking ones. */
  changes: SimChange[];
  /** The environment is free from this time on (the last blocking change's end). */
  freeAt: number;
  /** DescribeChanges is refused (a RAM policy with RestartAppEnv only). */
  denied: boolean;
}

export function infoAt(c: SimChange, t: number): ChangeInfo {
  const finished = t >= c.finish;
  const paused =
    !finished && c.pausedFrom !== undefined && t >= c.pausedFrom && t < (c.pausedUntil ?? 0);
  return {
    changeId: c.id,
    envId: 'we-bench',
    actionName: c.actionName,
    changeName: `${c.actionName.toLowerCase()}.env`,
    changeMessage: '',
    createTime: c.create,
    finishTime: finished ? c.finish : undefined,
    finished,
    succeeded: finished,
    aborted: false,
    paused,
    timedOut: false,
  };
}

/** One DescribeChanges page at t (the filter: ActionName, when given), in a shuffled order. */
export function pageAt(
  world: World,
  t: number,
  random: Random,
  actionName?: string,
  pageSize = 20,
): ChangeInfo[] {
  const seen = world.changes
    .filter((c) => c.create <= t && (actionName === undefined || c.actionName === actionName))
    .map((c) => infoAt(c, t));
  for (let i = seen.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [seen[i], seen[j]] = [seen[j] as ChangeInfo, seen[i] as ChangeInfo];
  }
  return seen.slice(0, pageSize);
}

/** How earlier changes of the blocking change's kind relate to it. */
export type History =
  | { kind: 'coupled'; sigma: number }
  | { kind: 'independent' }
  | { kind: 'consistent-unrelated'; sigma: number }
  | { kind: 'none' };

export interface WaitModel {
  name: string;
  /** Which criterion applies: see bench/wait-policy.ts. */
  group: 'informative' | 'uninformative' | 'misleading' | 'report';
  history: History;
  /** Earlier changes of the same kind on the page: drawn uniformly from this list. */
  counts: number[];
  denied?: boolean;
  /** The change began 0–5 s before the action's start (instead of at a uniform phase). */
  justBegun?: boolean;
  /** Another change of the same kind begins the moment the first ends. */
  backToBack?: boolean;
  /** Paused at the action's start; resumed 1–10 min later; then 1–3 min to run. */
  paused?: boolean;
}

export const MIX_MIN_MS = 10_000;
export const MIX_MAX_MS = 1_200_000;
const COUNTS = [0, 1, 2, 3, 4, 5, 6];

export const WAIT_MODELS: WaitModel[] = [
  {
    name: 'coupled, σ = 0.1',
    group: 'informative',
    history: { kind: 'coupled', sigma: 0.1 },
    counts: COUNTS,
  },
  {
    name: 'coupled, σ = 0.3',
    group: 'informative',
    history: { kind: 'coupled', sigma: 0.3 },
    counts: COUNTS,
  },
  {
    name: 'coupled, σ = 0.6',
    group: 'report',
    history: { kind: 'coupled', sigma: 0.6 },
    counts: COUNTS,
  },
  {
    name: 'coupled, σ = 1.0',
    group: 'report',
    history: { kind: 'coupled', sigma: 1.0 },
    counts: COUNTS,
  },
  {
    name: 'independent (log-uniform 10 s – 20 min)',
    group: 'uninformative',
    history: { kind: 'independent' },
    counts: COUNTS,
  },
  {
    name: 'consistent (σ 0.3), unrelated to it',
    group: 'misleading',
    history: { kind: 'consistent-unrelated', sigma: 0.3 },
    counts: [2, 3, 4, 5, 6],
  },
  { name: 'none of its kind', group: 'uninformative', history: { kind: 'none' }, counts: [0] },
  {
    name: 'DescribeChanges refused',
    group: 'uninformative',
    history: { kind: 'coupled', sigma: 0.3 },
    counts: COUNTS,
    denied: true,
  },
  {
    name: 'just begun (age 0–5 s), history independent',
    group: 'uninformative',
    history: { kind: 'independent' },
    counts: COUNTS,
    justBegun: true,
  },
  {
    name: 'back-to-back (read goes stale), σ = 0.3',
    group: 'uninformative',
    history: { kind: 'coupled', sigma: 0.3 },
    counts: COUNTS,
    backToBack: true,
  },
  {
    name: 'paused 1–10 min, resumed, 1–3 min to run',
    group: 'report',
    history: { kind: 'coupled', sigma: 0.3 },
    counts: COUNTS,
    paused: true,
  },
];

/** Earlier finished changes of `actionName`, before `before`, around `typical` or not. */
export function pastChanges(
  history: History,
  count: number,
  durationMs: number,
  before: number,
  random: Random,
  actionName: string,
  minMs = MIX_MIN_MS,
  maxMs = MIX_MAX_MS,
): SimChange[] {
  const out: SimChange[] = [];
  if (history.kind === 'none') return out;
  const typical =
    history.kind === 'coupled'
      ? durationMs * Math.exp(-history.sigma * gaussian(random))
      : logUniform(random, minMs, maxMs);
  let t = before;
  for (let i = 0; i < count; i++) {
    t -= 60_000 + Math.floor(random() * 3_600_000); // a gap between changes
    const took =
      history.kind === 'independent'
        ? logUniform(random, minMs, maxMs)
        : typical * Math.exp(history.sigma * gaussian(random));
    const ms = Math.max(1000, Math.round(took));
    t -= ms;
    out.push({ id: `past-${actionName}-${i}`, actionName, create: t, finish: t + ms });
  }
  return out;
}

/** Changes of other kinds (GatherLog and the like: seconds). */
function others(before: number, random: Random): SimChange[] {
  const out: SimChange[] = [];
  let t = before;
  const k = Math.floor(random() * 4);
  for (let i = 0; i < k; i++) {
    t -= 60_000 + Math.floor(random() * 3_600_000);
    const took = 5_000 + Math.floor(random() * 25_000);
    t -= took;
    out.push({ id: `other-${i}`, actionName: 'GatherLog', create: t, finish: t + took });
  }
  return out;
}

/**
 * One run of the restart wait under `model`: duration stratum u and phase stratum p in [0, 1).
 * The blocking change runs durationMs (log-uniform 10 s – 20 min); the action arrives at
 * phase p of it.
 */
export function waitWorld(model: WaitModel, u: number, p: number, random: Random): World {
  const kind = 'Apply';
  if (model.paused) {
    const before = 60_000 + random() * 240_000;
    const rest = 60_000 + random() * 120_000;
    const pause = 60_000 + random() * 540_000;
    const create = START - before;
    const blocking: SimChange = {
      id: 'blocking',
      actionName: kind,
      create,
      finish: START + pause + rest,
      pausedFrom: START - 1,
      pausedUntil: START + pause,
    };
    const count = model.counts[Math.floor(random() * model.counts.length)] ?? 0;
    return {
      changes: [
        ...pastChanges(model.history, count, before + rest, create, random, kind),
        ...others(create, random),
        blocking,
      ],
      freeAt: blocking.finish,
      denied: model.denied ?? false,
    };
  }
  const durationMs = logUniform(random, MIX_MIN_MS, MIX_MAX_MS, u);
  const ageMs = model.justBegun ? random() * 5_000 : p * durationMs;
  const create = Math.round(START - ageMs);
  const blocking: SimChange = {
    id: 'blocking',
    actionName: kind,
    create,
    finish: Math.round(create + durationMs),
  };
  const count = model.counts[Math.floor(random() * model.counts.length)] ?? 0;
  const changes = [
    ...pastChanges(model.history, count, durationMs, create, random, kind),
    ...others(create, random),
    blocking,
  ];
  let freeAt = blocking.finish;
  if (model.backToBack) {
    const next = logUniform(random, MIX_MIN_MS, MIX_MAX_MS);
    changes.push({
      id: 'next',
      actionName: kind,
      create: freeAt,
      finish: freeAt + Math.round(next),
    });
    freeAt += Math.round(next);
  }
  if (freeAt <= START) freeAt = START + 1; // every run is blocked at its first try
  return { changes, freeAt, denied: model.denied ?? false };
}

// ---------------------------------------------------------------------------------------
// The completion wait: a restart change this run started at START.

export interface CompletionModel {
  name: string;
  group: 'informative' | 'uninformative' | 'misleading';
  /** Whether the target (mean lag ≤ 3 s, calls ≤ a fixed 10 s poll) is asserted here. */
  strict?: boolean;
  history: History;
  counts: number[];
}

export const RESTART_MIN_MS = 20_000;
export const RESTART_MAX_MS = 900_000;
const WITH = [1, 2, 3, 4, 5, 6];

export const COMPLETION_MODELS: CompletionModel[] = [
  {
    name: 'earlier restarts, σ = 0.1',
    group: 'informative',
    strict: true,
    history: { kind: 'coupled', sigma: 0.1 },
    counts: WITH,
  },
  {
    name: 'earlier restarts, σ = 0.3',
    group: 'informative',
    history: { kind: 'coupled', sigma: 0.3 },
    counts: WITH,
  },
  {
    name: 'earlier restarts, σ = 0.6',
    group: 'uninformative',
    history: { kind: 'coupled', sigma: 0.6 },
    counts: WITH,
  },
  {
    name: 'earlier restarts independent of it',
    group: 'uninformative',
    history: { kind: 'independent' },
    counts: WITH,
  },
  {
    name: 'earlier restarts consistent, unrelated',
    group: 'misleading',
    history: { kind: 'consistent-unrelated', sigma: 0.3 },
    counts: [2, 3, 4, 5, 6],
  },
  { name: 'no earlier restart', group: 'uninformative', history: { kind: 'none' }, counts: [0] },
];

export const RESTART_ACTION = 'Restart';

export function completionWorld(model: CompletionModel, u: number, random: Random): World {
  const durationMs = Math.round(logUniform(random, RESTART_MIN_MS, RESTART_MAX_MS, u));
  const ours: SimChange = {
    id: 'ours',
    actionName: RESTART_ACTION,
    create: START,
    finish: START + durationMs,
  };
  const count = model.counts[Math.floor(random() * model.counts.length)] ?? 0;
  return {
    changes: [
      ...pastChanges(
        model.history,
        count,
        durationMs,
        START,
        random,
        RESTART_ACTION,
        RESTART_MIN_MS,
        RESTART_MAX_MS,
      ),
      ...others(START, random),
      ours,
    ],
    freeAt: ours.finish,
    denied: false,
  };
}
