/**
 * `npm run bench` — the wait policies on a virtual clock, no network.
 *
 * Two waits, each replayed against every model of the service in bench/world.ts, side by side:
 *
 * 1. EnvOnChanging: another change holds the environment when the restart is sent. The action
 *    retries RestartAppEnv (default inputs: base 5 s, max 30 s, wait-timeout 900 s), paced by
 *    src/pacing.ts. Lag = accepted RestartAppEnv − the moment the environment became free.
 * 2. wait-for-completion: the restart change this run started is polled to its end, replayed
 *    through the shipped code (bench/completion.ts). Lag = the poll that sees it finished − its
 *    FinishTime. Polls (DescribeChange/DescribeChanges) and events reads counted apart and in all.
 *
 * Calls = every API call. Each model is compared with the exact optimum knowing the model
 * (bench/optimum.ts) at equal lag, with the continuous bound, with a sweep of blind schedules
 * (the next delay from the time waited alone) and with reference schedules (how peer tools
 * poll a deploy to its end; none of them retries a refused start).
 *
 *   npm run bench                   the full run, every model (a few minutes on 2 cores)
 *   npm run bench -- --smoke        a shorter run; asserts the goals (CI runs this, ~2 min)
 *   npm run bench -- --stride 1     the optimum from every trial (default: every 2nd; smoke 8th for
 *                                   the EnvOnChanging wait; the completion wait as the full run)
 *   npm run bench -- --trials 2000  trials per model
 *   npm run bench -- --seed 7       another seed for the trials
 */
import { pathToFileURL } from 'node:url';
import { createBackoff, delayWithinBudget, type Random } from '../src/backoff.js';
import {
  COMPLETION_BLIND_CALLS_PER_LAG_S,
  COMPLETION_LOOSE_CALLS_PER_LAG_S,
  COMPLETION_TIGHT_CALLS_PER_LAG_S,
  WAIT_LAG_PER_CALL_MS,
  type CompletionPacerOptions,
  type WaitPacerOptions,
} from '../src/pacing.js';
import { replayCompletion, type CompletionRun } from './completion.js';
import { replayWait } from './wait-replay.js';
import {
  boundAtLag,
  discretise,
  frontierOf,
  normalCdf,
  pollsAtLag,
  type EndDistribution,
  type Expected,
} from './optimum.js';
import {
  COMPLETION_MODELS,
  completionWorld,
  MIX_MAX_MS,
  MIX_MIN_MS,
  mulberry32,
  RESTART_ACTION,
  RESTART_MAX_MS,
  RESTART_MIN_MS,
  START,
  WAIT_MODELS,
  waitWorld,
  type CompletionModel,
  type SimChange,
  type WaitModel,
  type World,
} from './world.js';

export const BASE_MS = 5_000;
export const MAX_MS = 30_000;
const BUDGET_MS = 900_000;
const HEARTBEAT_MS = 30_000;
const COMPLETION_BUDGET_MS = 1_800_000;

interface Outcome {
  lagMs: number | undefined; // undefined: the budget ran out first
  calls: number;
}

// ---------------------------------------------------------------------------------------
// 1. EnvOnChanging: the action's protocols.

/** A blind schedule: the next delay from the number of delays so far and the time waited. */
type Policy = (n: number, waitedMs: number, random: Random) => number;

interface PlainPolicy {
  name: string;
  policy: Policy;
  /** Shortest delay it uses: with less budget left, it stops. */
  minMs: number;
  /** API calls per poll (beanstalk-deploy makes two). */
  callsPerPoll?: number;
  /** Builds per-run state (e.g. a backoff); called at the start of each run. */
  fresh?: () => Policy;
}

/** A plain loop: first try at START, then polls by the schedule until the end is seen. */
/**
 * `first`: calls before the first poll (the refused RestartAppEnv of the wait). `last`: calls
 * after the poll that sees the end (the wait's polls are one-page reads, and a RestartAppEnv
 * follows the read that shows the environment free: a refusal can come after the service
 * acted, so no schedule in this action may send without that read; none where DescribeChanges
 * is refused, and the sends are the polls).
 */
function replayPlain(
  p: PlainPolicy,
  endAt: number,
  seed: number,
  budgetMs: number,
  first = 1,
  last = 0,
) {
  const random = mulberry32(seed);
  const policy = p.fresh ? p.fresh() : p.policy;
  const per = p.callsPerPoll ?? 1;
  let t = START;
  let calls = first;
  let n = 0;
  for (;;) {
    if (n > 0 || first > 0) {
      if (t >= endAt) return { lagMs: t - endAt, calls: calls + last };
    }
    const delay = delayWithinBudget(policy(n, t - START, random), p.minMs, t, START + budgetMs);
    if (delay === undefined) return { lagMs: undefined, calls };
    n += 1;
    t += delay;
    calls += per;
  }
}

/** Reference schedules: how peer tools poll a deploy to its end. */
export const WAIT_REFERENCES: PlainPolicy[] = [
  {
    // @smithy/util-waiter (AWS SDK v3; ecs-deploy's services-stable waiter, min 15 s, max 120 s):
    // attempt k ≤ ceiling: uniform in [min, min·2^(k−1)]; past the ceiling exactly max.
    name: 'AWS SDK v3 waiter (15–120 s)',
    minMs: 15_000,
    policy: (n, _w, random) => smithyDelay(15_000, 120_000, n + 1, random),
  },
  {
    name: 'beanstalk-deploy (10/20/30 s, 2 calls per poll)',
    minMs: 10_000,
    callsPerPoll: 2,
    policy: (_n, w) => (w > 600_000 ? 30_000 : w > 300_000 ? 20_000 : 10_000),
  },
  { name: 'fixed 5 s (Azure Kudu)', minMs: 5_000, policy: () => 5_000 },
  { name: 'fixed 30 s', minMs: 30_000, policy: () => 30_000 },
  {
    name: 'v1 of this action: decorrelated jitter 5–30 s',
    minMs: BASE_MS,
    policy: () => BASE_MS,
    fresh: () => {
      let b: ReturnType<typeof createBackoff> | undefined;
      return (_n, _w, random) => {
        b ??= createBackoff({ baseMs: BASE_MS, maxMs: MAX_MS }, random);
        return b.next();
      };
    },
  },
];

export function smithyDelay(minMs: number, maxMs: number, attempt: number, random: Random) {
  const ceiling = Math.log(maxMs / minMs) / Math.log(2) + 1;
  if (attempt > ceiling) return maxMs;
  const delay = minMs * 2 ** (attempt - 1);
  return minMs + random() * (delay - minMs);
}

/** The blind sweep: fixed, geometric, k·√(waited + c), and k·(waited + c)^p shapes. */
export function blindSweep(minMs: number, maxMs: number, smoke: boolean): PlainPolicy[] {
  const out: PlainPolicy[] = [];
  const clampTo = (d: number) => Math.max(minMs, Math.min(maxMs, d));
  for (let d = minMs / 1000; d <= maxMs / 1000; d += smoke ? 2 : 1) {
    out.push({ name: `fixed ${d} s`, minMs, policy: () => d * 1000 });
  }
  for (const g of [1.05, 1.1, 1.2, 1.3, 1.5, 2]) {
    for (const cap of [10, 15, 20, 25, 30]) {
      if (cap * 1000 > maxMs) continue;
      out.push({
        name: `×${g} from ${minMs / 1000} s, cap ${cap} s`,
        minMs,
        policy: (k) => clampTo(Math.min(cap * 1000, minMs * g ** k)),
      });
    }
  }
  const ks = smoke
    ? [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.4]
    : [
        0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1, 1.1, 1.2,
        1.3, 1.4, 1.6,
      ];
  const cs = smoke ? [0, 30, 60, 120, 240] : [0, 15, 30, 45, 60, 90, 120, 180, 240, 360];
  for (const k of ks) {
    for (const c of cs) {
      out.push({
        name: `${k}·√(waited + ${c} s)`,
        minMs,
        policy: (_n, w) => clampTo(k * 1000 * Math.sqrt(w / 1000 + c)),
      });
    }
  }
  for (const p of smoke ? [0.35, 0.65] : [0.3, 0.4, 0.6, 0.7]) {
    for (const k of smoke ? [0.5, 1, 2] : [0.3, 0.5, 0.7, 1, 1.4, 2, 2.8]) {
      for (const c of smoke ? [30, 120] : [15, 60, 120, 240]) {
        out.push({
          name: `${k}·(waited + ${c} s)^${p}`,
          minMs,
          policy: (_n, w) => clampTo(k * 1000 * (w / 1000 + c) ** p),
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// 2. wait-for-completion: the shipped path is replayed by bench/completion.ts.

export const COMPLETION_REFERENCES: PlainPolicy[] = [
  { name: 'fixed 5 s', minMs: BASE_MS, policy: () => 5_000 },
  { name: 'fixed 10 s', minMs: BASE_MS, policy: () => 10_000 },
  {
    name: 'v1 completion polls: decorrelated jitter 5–30 s',
    minMs: BASE_MS,
    policy: () => BASE_MS,
    fresh: () => {
      let b: ReturnType<typeof createBackoff> | undefined;
      return (_n, _w, random) => {
        b ??= createBackoff({ baseMs: BASE_MS, maxMs: MAX_MS }, random);
        return Math.min(HEARTBEAT_MS, b.next());
      };
    },
  },
  {
    name: 'AWS SDK v3 waiter (15–120 s)',
    minMs: 15_000,
    policy: (n, _w, random) => smithyDelay(15_000, 120_000, n + 1, random),
  },
  {
    name: 'beanstalk-deploy (10/20/30 s, 2 calls per poll)',
    minMs: 10_000,
    callsPerPoll: 2,
    policy: (_n, w) => (w > 600_000 ? 30_000 : w > 300_000 ? 20_000 : 10_000),
  },
];

// ---------------------------------------------------------------------------------------
// Statistics and comparisons.

interface Stats {
  lag: number; // mean, s
  p95: number;
  calls: number; // mean per run
  timeouts: number;
}

function stats(outcomes: Outcome[]): Stats {
  const lags = outcomes
    .map((o) => o.lagMs)
    .filter((l): l is number => l !== undefined)
    .sort((a, b) => a - b);
  const mean = lags.reduce((a, b) => a + b, 0) / Math.max(1, lags.length);
  return {
    lag: mean / 1000,
    p95: (lags[Math.min(lags.length - 1, Math.ceil(0.95 * lags.length) - 1)] ?? NaN) / 1000,
    calls: outcomes.reduce((a, o) => a + o.calls, 0) / outcomes.length,
    timeouts: (outcomes.length - lags.length) / outcomes.length,
  };
}

interface Point {
  name: string;
  s: Stats;
}

/** The lower-left frontier: for each number of calls, the least lag. */
function frontier(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.s.calls - b.s.calls);
  const out: Point[] = [];
  let best = Infinity;
  for (const p of sorted) {
    if (p.s.lag < best) {
      best = p.s.lag;
      out.push(p);
    }
  }
  return out;
}

/** Calls a frontier needs for a mean lag of `lag` (linear between its points). */
function callsAtLag(front: Point[], lag: number): number {
  for (let i = 1; i < front.length; i++) {
    const a = front[i - 1] as Point;
    const b = front[i] as Point;
    if (a.s.lag >= lag && b.s.lag <= lag) {
      return a.s.calls + ((b.s.calls - a.s.calls) * (a.s.lag - lag)) / (a.s.lag - b.s.lag);
    }
  }
  return NaN;
}

/**
 * By how much the best of `others` beats `own` on both mean lag and calls at once: the
 * largest min(1 − lag/lag₀, 1 − calls/calls₀); ≤ 0 means none is better on both.
 */
/** How far the best of `others` beats `own` on both axes at once (negative: none does). */
export function margin(
  own: { lag: number; calls: number },
  others: readonly Point[],
): { by: number; who: string } {
  let by = -Infinity;
  let who = '';
  for (const o of others) {
    const m = Math.min(1 - o.s.lag / own.lag, 1 - o.s.calls / own.calls);
    if (m > by) {
      by = m;
      who = o.name;
    }
  }
  return { by, who };
}

// ---------------------------------------------------------------------------------------
// Runs.

interface Trial {
  world: World;
  seed: number;
}

/** n trials of a model: durations and phases stratified (phases shuffled), all seeded. */
export function waitTrials(model: WaitModel, n: number, seed: number): Trial[] {
  const random = mulberry32(seed);
  const order = shuffled(n, random);
  return Array.from({ length: n }, (_, i) => ({
    world: waitWorld(model, (i + random()) / n, ((order[i] as number) + random()) / n, random),
    seed: (seed * 7919 + i * 2_654_435_761 + 17) >>> 0,
  }));
}

export function completionTrials(model: CompletionModel, n: number, seed: number): Trial[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => ({
    world: completionWorld(model, (i + random()) / n, random),
    seed: (seed * 104_729 + i * 2_654_435_761 + 5) >>> 0,
  }));
}

function shuffled(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

const runWith = (trials: Trial[], f: (t: Trial) => Outcome) => stats(trials.map(f));
const runWithAsync = async (trials: Trial[], f: (t: Trial) => Promise<Outcome>) => {
  const outcomes: Outcome[] = [];
  for (const t of trials) outcomes.push(await f(t));
  return stats(outcomes);
};

export interface ModelResult {
  name: string;
  group: string;
  own: Stats;
  withoutRead?: Stats;
  refs: Point[];
  front: Point[];
  blindCallsAtLag: number;
  vsBlind: { by: number; who: string };
  vsAll: { by: number; who: string };
  verdict: string;
  ok: boolean;
  opt?: VsOptimum;
}

function judge(
  group: string,
  own: Stats,
  blindCalls: number,
  vsAll: { by: number },
  extra?: () => [boolean, string],
): [boolean, string] {
  if (group === 'informative') {
    const ok = own.calls < blindCalls;
    const [ok2, why2] = extra ? extra() : [true, ''];
    return [
      ok && ok2,
      `${ok ? 'met' : 'NOT met'}: ${f2(own.calls)} calls vs blind ${f2(blindCalls)} at equal lag${why2}`,
    ];
  }
  const limit = group === 'misleading' ? 0.1 : group === 'uninformative' ? 0.02 : Infinity;
  if (!Number.isFinite(limit)) return [true, 'reported only'];
  const ok = vsAll.by <= limit;
  return [
    ok,
    `${ok ? 'met' : 'NOT met'}: beaten on both by ${pct(Math.max(0, vsAll.by))} (limit ${pct(limit)})`,
  ];
}

/** The optimum's trial posteriors: every `stride`-th trial (the programme is exact, not sampled). */
function posteriors(
  trials: Trial[],
  stride: number,
  of: (w: World) => EndDistribution | undefined,
) {
  const out: EndDistribution[] = [];
  for (let i = 0; i < trials.length; i += stride) {
    const d = of((trials[i] as Trial).world);
    if (!d) return undefined;
    out.push(d);
  }
  return out;
}

/** What the optimum needs at equal lag, and the continuous bound there. */
export interface VsOptimum {
  /** Optimum's calls (counted as the row counts them) at the default's mean lag. */
  calls: number;
  /** Default's calls / that. */
  ratio: number;
  /** The continuous bound's calls at the default's lag. */
  bound: number;
  /** The optimum's calls at a mean lag of 3 s. */
  callsAt3s: number;
  front: Expected[];
}

function vsOptimum(
  dists: EndDistribution[] | undefined,
  minS: number,
  maxS: number,
  own: { lag: number; calls: number },
  extraCalls: number,
): VsOptimum | undefined {
  if (!dists) return undefined;
  const front = frontierOf(dists, minS, maxS);
  const calls = pollsAtLag(front, own.lag) + extraCalls;
  return {
    calls,
    ratio: own.calls / calls,
    bound: boundAtLag(dists, own.lag) + extraCalls,
    callsAt3s: pollsAtLag(front, 3) + extraCalls,
    front,
  };
}

export async function runWaitModel(
  model: WaitModel,
  n: number,
  seed: number,
  sweep: PlainPolicy[],
  options: WaitPacerOptions = {},
  stride = 4,
): Promise<ModelResult> {
  const trials = waitTrials(model, n, seed);
  // The shipped restart loop itself (bench/wait-replay.ts), every call after the baseline.
  const own = await runWithAsync(trials, (t) => replayWait(t.world, t.seed, options));
  const plain = (p: PlainPolicy): Point => ({
    name: p.name,
    s: runWith(trials, (t) =>
      replayPlain(p, t.world.freeAt, t.seed, BUDGET_MS, 1, t.world.denied ? 0 : 1),
    ),
  });
  const blind = sweep.map(plain);
  const refs = WAIT_REFERENCES.map(plain);
  const front = frontier(blind);
  const blindCallsAtLag = callsAtLag(front, own.lag);
  const vsBlind = margin(own, blind);
  const vsAll = margin(own, [...blind, ...refs]);
  // The first RestartAppEnv (refused) is a call of every schedule, the optimum's too.
  const opt = vsOptimum(
    posteriors(trials, stride, (w) => waitPosterior(model, w)),
    BASE_MS / 1000,
    MAX_MS / 1000,
    own,
    // The refused first RestartAppEnv, and the one after the read that shows it free.
    model.denied ? 1 : 2,
  );
  let [ok, verdict] = judge(model.group, own, blindCallsAtLag, vsAll);
  if (!ok && knownUnmet(model.name, 'blind')) {
    ok = true;
    verdict += ' (known, documented)';
  }
  if (model.group === 'informative' && opt) {
    const near = opt.ratio <= WAIT_OPTIMUM_LIMIT;
    const known = !near && knownUnmet(model.name, 'optimum');
    ok &&= near || known;
    verdict += `; ${f2(opt.ratio)}× the optimum at equal lag (limit ${WAIT_OPTIMUM_LIMIT}×): ${near ? 'met' : known ? 'NOT met (known, documented)' : 'NOT met'}`;
  }
  return {
    name: model.name,
    group: model.group,
    own,
    refs,
    front,
    blindCallsAtLag,
    vsBlind,
    vsAll,
    verdict,
    ok,
    ...(opt ? { opt } : {}),
  };
}

/**
 * Goals the shipped pacers do not meet, stated in docs/benchmarks.md with the reason (the
 * trade-off measured there): the smoke run reports them as NOT met and does not fail on them;
 * any other goal unmet fails it. Keys: model name prefix, goal. The independent completion row
 * with the σ rows met needs the range of durations known to better than ×1.5 (`npm run
 * bench:bound`, bench/information-bound.ts).
 */
export const KNOWN_UNMET: ReadonlyArray<readonly [string, string]> = [
  ['coupled, σ = 0.1', 'optimum'],
  ['coupled, σ = 0.3', 'optimum'],
  ['earlier restarts independent', 'blind'],
  ['earlier restarts consistent', 'blind'],
];

function knownUnmet(model: string, goal: string): boolean {
  return KNOWN_UNMET.some(([m, g]) => model.startsWith(m) && g === goal);
}

/** The goals where history informs (issue 17). */
export const WAIT_OPTIMUM_LIMIT = 1.1;
export const COMPLETION_OPTIMUM_LIMIT = 1.25;
export const COMPLETION_LAG_GOAL_S = 3;

export interface CompletionResult {
  name: string;
  group: string;
  /** Polls (DescribeChange/DescribeChanges) and lag. */
  own: Stats;
  events: number;
  health: number;
  total: number;
  /** The simple design it replaces: a fixed 10 s poll plus an events read every 30 s. */
  simple: { polls: number; events: number; total: number; lag: number };
  observeBroken: string | undefined;
  refs: Point[];
  front: Point[];
  blindCallsAtLag: number;
  vsAll: { by: number; who: string };
  opt: VsOptimum;
  verdict: string;
  ok: boolean;
}

export async function runCompletionModel(
  model: CompletionModel,
  n: number,
  seed: number,
  sweep: PlainPolicy[],
  options?: CompletionPacerOptions,
  stride = 4,
): Promise<CompletionResult> {
  const trials = completionTrials(model, n, seed);
  const runs: CompletionRun[] = [];
  for (const t of trials) runs.push(await replayCompletion(t.world, t.seed, options));
  const own = stats(runs.map((r) => ({ lagMs: r.lagMs, calls: r.polls })));
  const mean = (f: (r: CompletionRun) => number) =>
    runs.reduce((a, r) => a + f(r), 0) / runs.length;
  const observeBroken = runs.find((r) => r.observed !== undefined)?.observed;
  const plain = (p: PlainPolicy): Point => ({
    name: p.name,
    s: runWith(trials, (t) => replayPlain(p, t.world.freeAt, t.seed, COMPLETION_BUDGET_MS, 0)),
  });
  const blind = sweep.map(plain);
  const refs = COMPLETION_REFERENCES.map(plain);
  // The simple design: events at 30 s, 60 s, … up to the poll that sees the end.
  const fixed10 = COMPLETION_REFERENCES.find((r) => r.name === 'fixed 10 s') as PlainPolicy;
  const simpleRuns = trials.map((t) => {
    const o = replayPlain(fixed10, t.world.freeAt, t.seed, COMPLETION_BUDGET_MS, 0);
    const seen = t.world.freeAt + (o.lagMs ?? 0) - START;
    return { polls: o.calls, events: Math.floor(seen / 30_000), lag: (o.lagMs ?? 0) / 1000 };
  });
  const avg = (f: (r: (typeof simpleRuns)[number]) => number) =>
    simpleRuns.reduce((a, r) => a + f(r), 0) / simpleRuns.length;
  const simple = {
    polls: avg((r) => r.polls),
    events: avg((r) => r.events),
    total: avg((r) => r.polls + r.events),
    lag: avg((r) => r.lag),
  };
  const front = frontier(blind);
  const blindCallsAtLag = callsAtLag(front, own.lag);
  const vsAll = margin(own, [...blind, ...refs]);
  const opt = vsOptimum(
    posteriors(trials, stride, (w) => completionPosterior(model, w)),
    BASE_MS / 1000,
    MAX_MS / 1000,
    own,
    0,
  ) as VsOptimum;
  const goals: Array<[boolean, string, string]> = [];
  if (model.group === 'informative') {
    goals.push([
      own.lag <= COMPLETION_LAG_GOAL_S,
      'lag',
      `lag ${f2(own.lag)} s (≤ ${COMPLETION_LAG_GOAL_S} s)`,
    ]);
    goals.push([
      opt.ratio <= COMPLETION_OPTIMUM_LIMIT,
      'optimum',
      `${f2(opt.ratio)}× the optimum's polls (≤ ${COMPLETION_OPTIMUM_LIMIT}×)`,
    ]);
  } else {
    const limit = model.group === 'misleading' ? 0.1 : 0.02;
    goals.push([
      vsAll.by <= limit,
      'blind',
      `beaten on both by ${pct(Math.max(0, vsAll.by))} (≤ ${pct(limit)})`,
    ]);
  }
  const total = mean((r) => r.total);
  goals.push([
    total < simple.total,
    'total',
    `${f2(total)} calls in all < ${f2(simple.total)} of the simple design`,
  ]);
  goals.push([observeBroken === undefined, 'events', observeBroken ?? 'events as promised']);
  const ok = goals.every(([g, key]) => g || knownUnmet(model.name, key));
  const verdict = goals
    .map(([g, key, why]) =>
      g ? why : `NOT met${knownUnmet(model.name, key) ? ' (known, documented)' : ''}: ${why}`,
    )
    .join('; ');
  return {
    name: model.name,
    group: model.group,
    own,
    events: mean((r) => r.events),
    health: mean((r) => r.health),
    total,
    simple,
    observeBroken,
    refs,
    front,
    blindCallsAtLag,
    vsAll,
    opt,
    verdict,
    ok,
  };
}

// ---------------------------------------------------------------------------------------
// Posteriors: what the optimum knows of the end, per trial (the model and what was read).

/** Log-durations (s) of the earlier changes of `kind` in a world, the change itself left out. */
function pastLogs(world: World, kind: string, except: string): number[] {
  return world.changes
    .filter((c) => c.actionName === kind && c.id !== except && c.id.startsWith('past-'))
    .map((c) => Math.log((c.finish - c.create) / 1000));
}

/**
 * The change's duration D (s) is log-uniform on [lo, hi]; with coupled history of n durations
 * (mean log m), log D | history ~ N(m, σ²(1 + 1/n)) truncated to the range. `tilt` multiplies
 * the density by D^tilt (−1: an arrival at a uniform phase sees a change with chance ∝ 1/D…
 * given its age, see waitPosterior). Returns the CDF of D on [from, hi].
 */
function durationCdf(
  loS: number,
  hiS: number,
  fromS: number,
  logs: number[] | undefined,
  sigma: number,
  tilt: number,
): (dS: number) => number {
  const a = Math.log(Math.max(loS, fromS));
  const b = Math.log(hiS);
  if (logs && logs.length > 0) {
    const n = logs.length;
    const s = sigma * Math.sqrt(1 + 1 / n);
    // e^(tilt·L)·φ((L − m)/s) ∝ φ((L − m − tilt·s²)/s)
    const m = logs.reduce((x, y) => x + y, 0) / n + tilt * s * s;
    const lo = normalCdf((a - m) / s);
    const z = normalCdf((b - m) / s) - lo;
    if (z > 1e-12) {
      return (d) => {
        const l = Math.log(Math.max(d, 1e-9));
        if (l <= a) return 0;
        if (l >= b) return 1;
        return (normalCdf((l - m) / s) - lo) / z;
      };
    }
    // History far outside the range: all the mass at the nearer end.
    const at = m < a ? a : b;
    return (d) => (Math.log(Math.max(d, 1e-9)) >= at ? 1 : 0);
  }
  // Density ∝ e^(tilt·L) on [a, b].
  return (d) => {
    const l = Math.log(Math.max(d, 1e-9));
    if (l <= a) return 0;
    if (l >= b) return 1;
    if (tilt === 0) return (l - a) / (b - a);
    return (Math.exp(tilt * l) - Math.exp(tilt * a)) / (Math.exp(tilt * b) - Math.exp(tilt * a));
  };
}

/** The end of the restart change this run started at START. */
export function completionPosterior(model: CompletionModel, world: World): EndDistribution {
  const logs = model.history.kind === 'coupled' ? pastLogs(world, RESTART_ACTION, 'ours') : [];
  const sigma = model.history.kind === 'coupled' ? model.history.sigma : 1;
  const cdf = durationCdf(RESTART_MIN_MS / 1000, RESTART_MAX_MS / 1000, 0, logs, sigma, 0);
  return discretise(cdf, RESTART_MAX_MS / 1000 + 30);
}

/**
 * When the blocking change ends, counted from START: its age A at START is known (read before
 * the send), and the optimum knows how the world was drawn: D log-uniform in 10 s – 20 min,
 * the action arriving at a uniform phase of it (density 1/D of an age A < D), so
 * log D | A, history ∝ e^(−L)·N(m, σ²(1 + 1/n)) on [max(lo, ln A), ln hi]. Refused: A is not
 * known either, and the end R = (1 − p)·D. Undefined where no closed form is at hand
 * (back-to-back changes, a paused change).
 */
export function waitPosterior(model: WaitModel, world: World): EndDistribution | undefined {
  if (model.backToBack || model.paused) return undefined;
  const lo = MIX_MIN_MS / 1000;
  const hi = MIX_MAX_MS / 1000;
  const horizon = BUDGET_MS / 1000;
  if (model.denied) {
    // P(R ≤ r) = P(D ≤ r) + r·E[1/D; D > r], D log-uniform on [lo, hi].
    const span = Math.log(hi / lo);
    return discretise((r) => {
      if (r <= 0) return 0;
      const below = r <= lo ? 0 : r >= hi ? 1 : Math.log(r / lo) / span;
      const rest = r >= hi ? 0 : (r * (1 / Math.max(r, lo) - 1 / hi)) / span;
      return below + rest;
    }, horizon);
  }
  const blocking = world.changes.find((c) => c.id === 'blocking') as SimChange;
  const age = (START - blocking.create) / 1000;
  const logs = model.history.kind === 'coupled' ? pastLogs(world, 'Apply', 'blocking') : [];
  const sigma = model.history.kind === 'coupled' ? model.history.sigma : 1;
  // Just begun: the age says nothing of D (drawn apart from it), so no 1/D tilt.
  const tilt = model.justBegun ? 0 : -1;
  const cdf = durationCdf(lo, hi, age, logs, sigma, tilt);
  return discretise((r) => cdf(age + r), horizon);
}

// ---------------------------------------------------------------------------------------
// Output.

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const ls = (s: Stats) => `${f2(s.lag)} / ${f2(s.calls)}`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The frontier's points around the default's mean lag (lag / calls). */
function near(r: ModelResult): string {
  const i = r.front.findIndex((p) => p.s.lag < r.own.lag);
  const from = Math.max(0, (i < 0 ? r.front.length : i) - 2);
  return r.front
    .slice(from, from + 4)
    .map((p) => `${p.name} ${ls(p.s)}`)
    .join('; ');
}

function summaryTable(results: ModelResult[], refNames: string[], committed: boolean): string {
  const withoutRead = committed && results.some((r) => r.withoutRead);
  return table(
    [
      'model (mean lag s / calls)',
      'criterion',
      '**default**',
      ...(withoutRead ? ['same pacer, no read before the send'] : []),
      'blind: calls at default lag',
      'best blind on both',
      ...refNames,
      'verdict',
    ],
    results.map((r) => [
      r.name,
      r.group,
      `**${ls(r.own)}**`,
      ...(withoutRead && r.withoutRead ? [ls(r.withoutRead)] : []),
      f2(r.blindCallsAtLag),
      r.vsBlind.by > 0 ? `${r.vsBlind.who} (−${pct(r.vsBlind.by)})` : 'none',
      ...r.refs.map((p) => ls(p.s)),
      r.verdict,
    ]),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const n = arg('--trials') ?? (smoke ? 2000 : 4000);
  // The completion goals are within a few per cent of their lines, finer than 1000 trials can
  // tell: the smoke run asserts them on the full run's own trials and optimum.
  const nCompletion = arg('--trials') ?? 4000;
  const seed = arg('--seed') ?? 1;
  // The optimum is worked out exactly for every `stride`-th trial's posterior.
  const stride = arg('--stride') ?? (smoke ? 8 : 2);
  const started = Date.now();
  const say = (s = '') => console.log(s);

  // The same sweep in both runs: the smoke run asserts against every schedule the full run shows.
  const waitSweep = blindSweep(BASE_MS, MAX_MS, false);
  const completionSweep = blindSweep(BASE_MS, MAX_MS, false);

  say(
    `## Wait policies on a virtual clock (seed ${seed}, ${n} trials per model` +
      `${nCompletion !== n ? ` (${nCompletion} for the completion wait)` : ''}${smoke ? ', smoke' : ''}; ` +
      `optimum from ${stride === 1 ? 'every trial' : `1 trial in ${stride}`})`,
  );
  say();
  say(
    `EnvOnChanging: base 5 s, max 30 s, wait-timeout 900 s; default = createWaitPacer ` +
      `(lag per call ${WAIT_LAG_PER_CALL_MS} ms); blind sweep: ${waitSweep.length} schedules.`,
  );
  say();
  const waitResults: ModelResult[] = [];
  for (const [i, m] of WAIT_MODELS.entries()) {
    waitResults.push(await runWaitModel(m, n, seed * 1_000 + i, waitSweep, {}, stride));
  }
  const worst = [...waitResults]
    .filter((r) => r.group !== 'report')
    .sort((a, b) => b.vsAll.by - a.vsAll.by)[0] as ModelResult;
  say(
    `Least favourable row: ${worst.name}: default ${ls(worst.own)}; ` +
      (worst.vsAll.by > 0
        ? `${worst.vsAll.who} beats it on both by ${pct(worst.vsAll.by)}.`
        : `nothing beats it on both (closest: ${worst.vsAll.who}, ${pct(-worst.vsAll.by)} behind on one axis).`),
  );
  say();
  say(
    summaryTable(
      waitResults,
      WAIT_REFERENCES.map((p) => p.name),
      true,
    ),
  );
  say();
  say(
    table(
      [
        'model',
        'default calls',
        'optimum at equal lag',
        'ratio',
        'continuous bound',
        'optimum at 3 s',
      ],
      [...waitResults]
        .sort((a, b) => (b.opt?.ratio ?? 0) - (a.opt?.ratio ?? 0))
        .map((r) => [
          r.name,
          f2(r.own.calls),
          r.opt ? f2(r.opt.calls) : '—',
          r.opt ? `${f2(r.opt.ratio)}×` : '—',
          r.opt ? f2(r.opt.bound) : '—',
          r.opt ? f2(r.opt.callsAt3s) : '—',
        ]),
    ),
  );
  say();
  if (!smoke) {
    for (const r of waitResults) {
      say(`Blind frontier near the default, ${r.name}: ${near(r)}`);
    }
    say();
    say(
      table(
        ['model', 'default mean / p95 lag (s)', 'hit wait-timeout'],
        waitResults.map((r) => [
          r.name,
          `${f1(r.own.lag)} / ${f1(r.own.p95)}`,
          pct(r.own.timeouts),
        ]),
      ),
    );
    say();
  }

  say(
    `wait-for-completion: restart changes of 20 s – 15 min; the shipped path (waitForCompletion ` +
      `with the events read as main.ts wires it); base 5 s, max 30 s; λ ${COMPLETION_BLIND_CALLS_PER_LAG_S} polls per second of lag, ` +
      `${COMPLETION_TIGHT_CALLS_PER_LAG_S}/${COMPLETION_LOOSE_CALLS_PER_LAG_S} where a tight/looser kind says it ends; blind sweep: ${completionSweep.length} schedules.`,
  );
  say();
  const completionResults: CompletionResult[] = [];
  for (const [i, m] of COMPLETION_MODELS.entries()) {
    completionResults.push(
      await runCompletionModel(
        m,
        nCompletion,
        seed * 2_000 + i,
        completionSweep,
        undefined,
        arg('--stride') ?? 2,
      ),
    );
  }
  completionResults.sort((a, b) => b.opt.ratio - a.opt.ratio);
  say(
    table(
      [
        'model',
        'criterion',
        'lag (s)',
        '**polls**',
        'optimum at equal lag',
        '**ratio**',
        'continuous bound',
        'optimum at 3 s',
        'events reads',
        'total calls',
        'fixed 10 s + events every 30 s: lag / total',
        'goals',
      ],
      completionResults.map((r) => [
        r.name,
        r.group,
        f2(r.own.lag),
        `**${f2(r.own.calls)}**`,
        f2(r.opt.calls),
        `**${f2(r.opt.ratio)}×**`,
        f2(r.opt.bound),
        f2(r.opt.callsAt3s),
        f2(r.events),
        f2(r.total),
        `${f2(r.simple.lag)} / ${f2(r.simple.total)}`,
        r.verdict,
      ]),
    ),
  );
  say();
  say(
    table(
      [
        'model (mean lag s / polls)',
        'blind: polls at default lag',
        'best blind on both',
        ...COMPLETION_REFERENCES.map((p) => p.name),
      ],
      completionResults.map((r) => [
        r.name,
        f2(r.blindCallsAtLag),
        r.vsAll.by > 0 ? `${r.vsAll.who} (−${pct(r.vsAll.by)})` : 'none',
        ...r.refs.map((p) => ls(p.s)),
      ]),
    ),
  );
  say();
  if (!smoke) {
    for (const r of completionResults) {
      say(
        `Optimum's frontier, ${r.name} (lag s / polls): ` +
          r.opt.front.map((p) => `${f2(p.lag)} / ${f2(p.polls)}`).join('; '),
      );
    }
    say();
  }

  const all = [...waitResults, ...completionResults];
  const failed = all.filter((r) => !r.ok);
  const known = all.filter((r) => r.ok && /NOT met/.test(r.verdict));
  if (known.length > 0) {
    say(
      `Goals NOT met (known, documented in docs/benchmarks.md): ${known.map((r) => r.name).join('; ')}.`,
    );
  }
  say(
    failed.length === 0
      ? 'Every asserted goal holds.'
      : `Asserted goals NOT met: ${failed.map((r) => `${r.name} (${r.verdict})`).join('; ')}`,
  );
  say(`(${smoke ? 'smoke' : 'full'} run: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (smoke && failed.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
