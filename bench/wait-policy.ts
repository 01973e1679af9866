/**
 * `npm run bench` — the wait policy on a virtual clock, no network.
 *
 * Replays the action's own wait loop (restart() from src/restart.ts, default inputs: base 5 s,
 * max 30 s, wait-timeout 900 s) against simulated blocking changes, and beside it the polling
 * policies of peer actions as plain functions. For each blocking-change duration and for a
 * seeded random mix it reports the reaction lag (from the change's end to the accepted
 * RestartAppEnv: mean and p95) and the API calls made (every call: RestartAppEnv and any
 * Describe*). See docs/benchmarks.md for what the numbers mean.
 *
 * A simulated change exposes only what the service documents: its CreateTime (earlier than
 * the action's start: the action arrives at a random phase of it), ActionName, ChangePaused,
 * ChangeFinished, and, for earlier changes, CreateTime/FinishTime. Never its end.
 *
 *   npm run bench                   the full run (about a minute)
 *   npm run bench -- --smoke        a short mix, a few seconds (CI runs this; never timed)
 *   npm run bench -- --trials 300   fewer trials per row
 */
import { createBackoff, delayWithinBudget, type Random } from '../src/backoff.js';
import { AbortedError, type Clock } from '../src/clock.js';
import {
  blockingChangeOf,
  createPacer,
  LAG_PER_CALL_MS,
  type BlockingChange,
} from '../src/pacing.js';
import { newProgress, restart } from '../src/restart.js';
import type { Answer, ChangeInfo, WebPlusClient } from '../src/webplus-client.js';

const BASE_MS = 5_000;
const MAX_MS = 30_000;
const BUDGET_MS = 900_000;
const START = 1_700_000_000_000; // the action's start on the virtual clock
const DURATIONS_S = [10, 30, 60, 120, 300, 600, 1200];
const MIX_MIN_S = 10;
const MIX_MAX_S = 1200;

// ---------------------------------------------------------------------------------------
// Randomness: everything is seeded.

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

function gaussian(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

// ---------------------------------------------------------------------------------------
// Scenarios: what blocks the environment, and what the service shows of it.

/** How predictable changes of one kind are on one environment. */
interface HistoryModel {
  /** Spread of log-durations of changes of one kind (0.3: most within ±35 %). */
  sigma: number;
  /** Earlier changes of the same kind on the page: drawn uniformly from this list. */
  counts: number[];
  /** DescribeChanges is refused (e.g. a RAM policy with RestartAppEnv only). */
  denied?: boolean;
}

export const REALISTIC: HistoryModel = { sigma: 0.3, counts: [0, 1, 2, 3, 4, 5, 6] };

interface Trial {
  /** How long the blocking change runs in all (ms). */
  durationMs: number;
  /** Its age when the action starts (ms): CreateTime = START − ageMs. */
  ageMs: number;
  /** Paused at the action's start, resumed this long after it (ms); then runs the rest. */
  pausedForMs?: number;
  history: ChangeInfo[];
  denied: boolean;
}

/** The end of the blocking change, on the virtual clock. */
function endOf(trial: Trial): number {
  return START - trial.ageMs + trial.durationMs + (trial.pausedForMs ?? 0);
}

function makeTrial(
  durationMs: number,
  phase: number,
  random: Random,
  model: HistoryModel,
  pausedForMs?: number,
): Trial {
  const ageMs = Math.floor(phase * durationMs);
  // The current change is one more draw of its kind: typical = duration / e^(σ·z).
  const typical = durationMs * Math.exp(-model.sigma * gaussian(random));
  const count = model.counts[Math.floor(random() * model.counts.length)] ?? 0;
  const history: ChangeInfo[] = [];
  let t = START - ageMs; // walk back in time from the current change's creation
  const others = Math.floor(random() * 4);
  for (let i = 0; i < count + others; i++) {
    t -= 60_000 + Math.floor(random() * 3_600_000); // a gap between changes
    const same = i < count;
    const took = same
      ? Math.max(1000, Math.round(typical * Math.exp(model.sigma * gaussian(random))))
      : 5_000 + Math.floor(random() * 25_000); // GatherLog and the like: seconds
    t -= took;
    history.push(change(`wc-past-${i}`, same ? 'Apply' : 'GatherLog', t, t + took, false));
  }
  // Page order newest first, as the emulator answers; the action must not rely on it.
  return {
    durationMs,
    ageMs,
    ...(pausedForMs !== undefined ? { pausedForMs } : {}),
    history,
    denied: model.denied ?? false,
  };
}

function change(
  id: string,
  actionName: string,
  createTime: number,
  finishTime: number | undefined,
  paused: boolean,
): ChangeInfo {
  return {
    changeId: id,
    envId: 'we-bench',
    actionName,
    changeName: `${actionName.toLowerCase()}.env`,
    changeMessage: '',
    createTime,
    finishTime,
    finished: finishTime !== undefined,
    succeeded: finishTime !== undefined,
    aborted: false,
    paused,
    timedOut: false,
  };
}

// ---------------------------------------------------------------------------------------
// The simulated service and clock.

interface Sim {
  clock: Clock & { t: number };
  client: WebPlusClient;
  calls: Record<string, number>;
  acceptedAt: number | undefined;
}

function simulate(trial: Trial): Sim {
  const clock = {
    t: START,
    now: () => clock.t,
    sleep: async (ms: number, signal: AbortSignal) => {
      if (signal.aborted) throw new AbortedError();
      clock.t += ms;
    },
  };
  const end = endOf(trial);
  const calls: Record<string, number> = {};
  const count = (api: string) => (calls[api] = (calls[api] ?? 0) + 1);
  const sim: Sim = {
    clock,
    client: undefined as unknown as WebPlusClient,
    calls,
    acceptedAt: undefined,
  };
  const current = (): ChangeInfo => {
    const now = clock.t;
    const running = now < end;
    const paused = running && trial.pausedForMs !== undefined && now < START + trial.pausedForMs;
    return change('wc-blocking', 'Apply', START - trial.ageMs, running ? undefined : end, paused);
  };
  const ok = <T>(value: T): Answer<T> => ({ ok: true, value, requestId: 'R' });
  sim.client = {
    async restartAppEnv() {
      count('RestartAppEnv');
      if (clock.t < end) {
        return {
          ok: false,
          failure: {
            kind: 'api',
            code: 'EnvOnChanging',
            message: 'busy',
            requestId: 'R',
            status: 400,
          },
        };
      }
      sim.acceptedAt = clock.t;
      return ok({ changeId: 'wc-ours', startTime: String(clock.t) });
    },
    async describeAppEnvStatus() {
      count('DescribeAppEnvStatus');
      return ok({ applyingChange: clock.t < end, latestChangeId: 'wc-blocking' });
    },
    async describeChange() {
      count('DescribeChange');
      return ok(current());
    },
    async describeChanges(_envId, page) {
      count('DescribeChanges');
      if (trial.denied) {
        return {
          ok: false,
          failure: {
            kind: 'api',
            code: 'Forbidden.RAM',
            message: 'denied',
            requestId: 'R',
            status: 403,
          },
        };
      }
      const all = [current(), ...trial.history];
      return ok({ totalCount: all.length, changes: all.slice(0, page.size) });
    },
    close() {},
  };
  return sim;
}

interface Outcome {
  lagMs: number | undefined; // undefined: wait-timeout passed first
  calls: number;
}

const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

/** The action's own loop: restart() with the default inputs. */
async function replayAction(trial: Trial, seed: number): Promise<Outcome> {
  const sim = simulate(trial);
  try {
    await restart(
      {
        envId: 'we-bench',
        batch: {},
        retryBaseDelayMs: BASE_MS,
        retryMaxDelayMs: MAX_MS,
        requestTimeoutMs: 30_000,
        deadline: START + BUDGET_MS,
        waitTimeoutMs: BUDGET_MS,
      },
      {
        client: sim.client,
        clock: sim.clock,
        signal: new AbortController().signal,
        random: mulberry32(seed),
        log: () => undefined,
      },
      newProgress(),
    );
  } catch {
    // wait-timeout: counted as a time-out below
  }
  return {
    lagMs: sim.acceptedAt === undefined ? undefined : sim.acceptedAt - endOf(trial),
    calls: total(sim.calls),
  };
}

/** A blind policy: the next delay from the number of delays so far and the time waited. */
type Policy = (n: number, waitedMs: number, random: Random, prevMs: number) => number;

interface PlainPolicy {
  name: string;
  policy: Policy;
  /** Shortest delay it uses: below this much budget left, it stops. */
  minMs: number;
  /** Reads the blocking change once, as the action does, and paces by it (the pacer). */
  reads?: boolean;
}

/** A plain replay loop: poll RestartAppEnv, sleep policy(...) while EnvOnChanging. */
function replayPlain(p: PlainPolicy, trial: Trial, seed: number): Outcome {
  const random = mulberry32(seed);
  const end = endOf(trial);
  let t = START;
  let calls = 0;
  let n = 0;
  let prev = 0;
  for (;;) {
    calls += 1;
    if (t >= end) return { lagMs: t - end, calls };
    const proposed = p.policy(n, t - START, random, prev);
    const delay = delayWithinBudget(proposed, p.minMs, t, START + BUDGET_MS);
    if (delay === undefined) return { lagMs: undefined, calls };
    n += 1;
    prev = delay;
    t += delay;
  }
}

/** The pacer (src/pacing.ts) with other settings, replayed as the action would use it. */
function replayPacer(
  options: { lagPerCallMs: number; assumedAgeMs?: number; jitter?: number },
  trial: Trial,
  seed: number,
): Outcome {
  const random = mulberry32(seed);
  const pacer = createPacer({ baseMs: BASE_MS, maxMs: MAX_MS }, random, options);
  const end = endOf(trial);
  let t = START;
  let calls = 0;
  let read = false;
  let blocking: BlockingChange | undefined;
  for (;;) {
    calls += 1;
    if (t >= end) return { lagMs: t - end, calls };
    if (!read) {
      read = true;
      calls += 1;
      blocking = trial.denied
        ? undefined
        : blockingChangeOf([pageFor(trial, t), ...trial.history], t);
    }
    const delay = delayWithinBudget(
      pacer.next(t, t - START, blocking),
      BASE_MS,
      t,
      START + BUDGET_MS,
    );
    if (delay === undefined) return { lagMs: undefined, calls };
    t += delay;
  }
}

function pageFor(trial: Trial, now: number): ChangeInfo {
  const paused = trial.pausedForMs !== undefined && now < START + trial.pausedForMs;
  return change('wc-blocking', 'Apply', START - trial.ageMs, undefined, paused);
}

// ---------------------------------------------------------------------------------------
// Peers' policies, as plain functions (delays in ms).

export const PEERS: PlainPolicy[] = [
  {
    // AWS SDK v3 waiters (amazon-ecs-deploy-task-definition): uniform in [15 s, min(120 s, 15·2^(n-1) s)].
    name: 'AWS SDK waiter (ecs-deploy)',
    minMs: 15_000,
    policy: (n, _w, random) => {
      const upper = Math.min(120_000, 15_000 * 2 ** n);
      return Math.round(15_000 + random() * (upper - 15_000));
    },
  },
  {
    name: 'beanstalk-deploy (10/20/30 s)',
    minMs: 10_000,
    policy: (_n, waited) => (waited >= 600_000 ? 30_000 : waited >= 300_000 ? 20_000 : 10_000),
  },
  { name: 'fixed 5 s (Azure Kudu)', minMs: 5_000, policy: () => 5_000 },
  { name: 'fixed 30 s', minMs: 30_000, policy: () => 30_000 },
];

/** The action's schedule before this tuning: decorrelated jitter from src/backoff.ts. */
export const V1_DEFAULT: PlainPolicy = {
  name: 'v1: decorrelated jitter (before)',
  minMs: BASE_MS,
  policy: (() => {
    // createBackoff keeps its own state: one per trial, rebuilt at n = 0.
    let backoff: ReturnType<typeof createBackoff> | undefined;
    return (n, _w, random) => {
      if (n === 0 || !backoff) backoff = createBackoff({ baseMs: BASE_MS, maxMs: MAX_MS }, random);
      return backoff.next();
    };
  })(),
};

// ---------------------------------------------------------------------------------------
// Runs and statistics.

interface Stats {
  meanLagS: number;
  p95LagS: number;
  calls: number; // mean per run
  timeouts: number; // share of runs that hit wait-timeout
  n: number;
}

function stats(outcomes: Outcome[]): Stats {
  const lags = outcomes
    .map((o) => o.lagMs)
    .filter((l): l is number => l !== undefined)
    .sort((a, b) => a - b);
  const mean = lags.reduce((a, b) => a + b, 0) / Math.max(1, lags.length);
  const p95 = lags[Math.min(lags.length - 1, Math.ceil(0.95 * lags.length) - 1)] ?? NaN;
  return {
    meanLagS: mean / 1000,
    p95LagS: p95 / 1000,
    calls: outcomes.reduce((a, o) => a + o.calls, 0) / outcomes.length,
    timeouts: (outcomes.length - lags.length) / outcomes.length,
    n: outcomes.length,
  };
}

interface Group {
  label: string;
  trials: Array<{ trial: Trial; seed: number }>;
}

/** Trials of one duration: phases stratified over [0, 1), jitter seeds all different. */
function durationGroup(seconds: number, n: number, model: HistoryModel, salt = 0): Group {
  const random = mulberry32(1000 + seconds + salt);
  const trials = Array.from({ length: n }, (_, i) => ({
    trial: makeTrial(seconds * 1000, (i + random()) / n, random, model),
    seed: (seconds * 7919 + i * 104_729 + salt) >>> 0,
  }));
  return { label: formatDuration(seconds), trials };
}

/** The seeded random mix: durations log-uniform in [10 s, 20 min], phase uniform. */
function mixGroup(n: number, model: HistoryModel, label = 'mix', salt = 0): Group {
  const random = mulberry32(424_242 + salt);
  // Stratified: durations over n strata of log-duration, phases over n strata shuffled.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const trials = Array.from({ length: n }, (_, i) => {
    const seconds = MIX_MIN_S * (MIX_MAX_S / MIX_MIN_S) ** ((i + random()) / n);
    return {
      trial: makeTrial(seconds * 1000, ((order[i] as number) + random()) / n, random, model),
      seed: (i * 2_654_435_761 + 17 + salt) >>> 0,
    };
  });
  return { label, trials };
}

/** Paused between batches at the action's start; resumed 1–10 min later; 1–3 min to go. */
function pausedGroup(n: number): Group {
  const random = mulberry32(777);
  const trials = Array.from({ length: n }, (_, i) => {
    const rest = 60_000 + random() * 120_000;
    const before = 60_000 + random() * 240_000;
    const paused = 60_000 + random() * 540_000;
    const trial = makeTrial(before + rest, before / (before + rest), random, REALISTIC, paused);
    return { trial, seed: (i * 31 + 5) >>> 0 };
  });
  return { label: 'paused 1–10 min, then 1–3 min', trials };
}

async function runAction(group: Group): Promise<Stats> {
  const out: Outcome[] = [];
  for (const { trial, seed } of group.trials) out.push(await replayAction(trial, seed));
  return stats(out);
}

function runPlain(p: PlainPolicy, group: Group): Stats {
  return stats(group.trials.map(({ trial, seed }) => replayPlain(p, trial, seed)));
}

function runPacer(options: { lagPerCallMs: number; assumedAgeMs?: number }, group: Group): Stats {
  return stats(group.trials.map(({ trial, seed }) => replayPacer(options, trial, seed)));
}

// ---------------------------------------------------------------------------------------
// Output.

function formatDuration(seconds: number): string {
  return seconds < 60 ? `${seconds} s` : `${seconds / 60} min`;
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const pct = (x: number) => (x === 0 ? '0' : `${(100 * x).toFixed(1)} %`);

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

interface Row {
  policy: string;
  s: Stats;
}

function policyTable(rows: Row[]): string {
  return table(
    ['policy', 'mean lag (s)', 'p95 lag (s)', 'calls / run', 'hit wait-timeout'],
    rows.map(({ policy, s }) => [
      policy,
      f1(s.meanLagS),
      f1(s.p95LagS),
      f2(s.calls),
      pct(s.timeouts),
    ]),
  );
}

/** Whether a dominates b: no worse on both lag and calls, better on one. */
function dominates(a: Stats, b: Stats): boolean {
  return (
    a.meanLagS <= b.meanLagS && a.calls <= b.calls && (a.meanLagS < b.meanLagS || a.calls < b.calls)
  );
}

function frontier(points: Array<{ name: string; s: Stats }>): Array<{ name: string; s: Stats }> {
  const sorted = [...points].sort((a, b) => a.s.calls - b.s.calls);
  const out: Array<{ name: string; s: Stats }> = [];
  let best = Infinity;
  for (const p of sorted) {
    if (p.s.meanLagS < best) {
      best = p.s.meanLagS;
      out.push(p);
    }
  }
  return out;
}

/** Calls needed for a mean lag of `lagS`, read off a frontier by linear interpolation. */
function callsAtLag(front: Array<{ s: Stats }>, lagS: number): number {
  for (let i = 1; i < front.length; i++) {
    const a = front[i - 1];
    const b = front[i];
    if (a && b && b.s.meanLagS <= lagS && a.s.meanLagS >= lagS) {
      return (
        a.s.calls +
        ((b.s.calls - a.s.calls) * (a.s.meanLagS - lagS)) / (a.s.meanLagS - b.s.meanLagS)
      );
    }
  }
  return NaN;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const trialsArg = args.indexOf('--trials');
  const n = trialsArg >= 0 ? Number(args[trialsArg + 1]) : smoke ? 40 : 1000;
  const mixN = smoke ? 60 : 4 * n;
  const started = Date.now();
  const out: string[] = [];
  const say = (s = '') => {
    out.push(s);
    console.log(s);
  };

  const blind = [...PEERS, V1_DEFAULT];
  const mix = mixGroup(mixN, REALISTIC);

  say(`## Wait policy on a virtual clock (${n} trials per duration, ${mixN} in the mix)`);
  say();
  say(
    `Defaults: retry-base-delay 5 s, retry-max-delay 30 s, wait-timeout 900 s. The action's rows run ` +
      `restart() from src/restart.ts (pacing LAG_PER_CALL_MS = ${LAG_PER_CALL_MS}). History: each ` +
      `blocking change has 0–6 earlier changes of its kind on the page (σ = ${REALISTIC.sigma}), plus ` +
      `0–3 of other kinds.`,
  );
  say();

  // 1. The mix, every policy.
  const mixRows: Row[] = [{ policy: '**action (default)**', s: await runAction(mix) }];
  for (const p of blind) mixRows.push({ policy: p.name, s: runPlain(p, mix) });
  say('### Mix: durations log-uniform in 10 s – 20 min, random phase');
  say();
  say(policyTable(mixRows));
  say();
  const action = mixRows[0]?.s as Stats;
  const beanstalk = mixRows.find((r) => r.policy.startsWith('beanstalk'))?.s as Stats;
  if (smoke) {
    say(
      `(smoke run: ${((Date.now() - started) / 1000).toFixed(1)} s; too few trials to judge the goals)`,
    );
    return;
  }
  const dominators = mixRows.slice(1).filter((r) => dominates(r.s, action));
  say(
    `Goal 1 (no peer better on both lag and calls than the default): ${dominators.length === 0 ? 'met' : `NOT met (${dominators.map((d) => d.policy).join(', ')})`}.`,
  );
  say(
    `Goal 2 (mean lag ≤ 5 s with calls ≤ beanstalk-deploy's ${f2(beanstalk.calls)}): mean lag ${f2(action.meanLagS)} s, ` +
      `calls ${f2(action.calls)} (${f1((100 * (action.calls - beanstalk.calls)) / beanstalk.calls)} % vs beanstalk): ` +
      `${action.meanLagS <= 5 && action.calls <= beanstalk.calls ? 'met' : 'NOT met'}.`,
  );
  say();

  // 2. Per duration.
  say('### Per duration of the blocking change (mean / p95 lag in s, calls per run)');
  say();
  const groups = DURATIONS_S.map((s) => durationGroup(s, n, REALISTIC));
  const names = ['**action (default)**', ...blind.map((p) => p.name)];
  const perDuration: string[][] = [];
  const pooled: Outcome[][] = names.map(() => []);
  for (const g of groups) {
    const cells = [g.label];
    const actionOut: Outcome[] = [];
    for (const { trial, seed } of g.trials) actionOut.push(await replayAction(trial, seed));
    pooled[0]?.push(...actionOut);
    const statsList = [stats(actionOut)];
    blind.forEach((p, i) => {
      const o = g.trials.map(({ trial, seed }) => replayPlain(p, trial, seed));
      pooled[i + 1]?.push(...o);
      statsList.push(stats(o));
    });
    for (const s of statsList) {
      cells.push(
        `${f1(s.meanLagS)} / ${f1(s.p95LagS)} / ${f1(s.calls)}${s.timeouts ? ` (${pct(s.timeouts)} t/o)` : ''}`,
      );
    }
    perDuration.push(cells);
  }
  perDuration.push([
    '**all 7 pooled**',
    ...pooled.map((o) => {
      const s = stats(o);
      return `${f1(s.meanLagS)} / ${f1(s.p95LagS)} / ${f1(s.calls)}`;
    }),
  ]);
  say(table(['blocking change', ...names], perDuration));
  say();
  say(
    't/o: share of runs where the change outlived wait-timeout (900 s): the change began up to 20 min before the action, so some 20 min changes end after it; lag counts only runs that restarted.',
  );
  say();

  // 3. How predictable history must be, and without it.
  say('### What the information is worth: the mix under other histories (action default vs blind)');
  say();
  const scenarios: Array<[string, HistoryModel]> = [
    ['history σ = 0.1 (very repeatable)', { sigma: 0.1, counts: REALISTIC.counts }],
    ['history σ = 0.3 (the mix above)', REALISTIC],
    ['history σ = 0.6', { sigma: 0.6, counts: REALISTIC.counts }],
    ['history σ = 1.0 (unpredictable)', { sigma: 1.0, counts: REALISTIC.counts }],
    ['no earlier change of its kind', { sigma: 0.3, counts: [0] }],
    ['DescribeChanges denied', { sigma: 0.3, counts: REALISTIC.counts, denied: true }],
  ];
  const scenarioRows: string[][] = [];
  for (const [label, model] of scenarios) {
    const g = mixGroup(Math.min(mixN, 2000), model, label, 99);
    const a = await runAction(g);
    const b = runPlain(PEERS[1] as PlainPolicy, g);
    const v1 = runPlain(V1_DEFAULT, g);
    scenarioRows.push([
      label,
      `${f2(a.meanLagS)} / ${f2(a.calls)}`,
      `${f2(b.meanLagS)} / ${f2(b.calls)}`,
      `${f2(v1.meanLagS)} / ${f2(v1.calls)}`,
    ]);
  }
  const paused = pausedGroup(Math.min(n, 1000));
  const pa = await runAction(paused);
  const pb = runPlain(PEERS[1] as PlainPolicy, paused);
  const pv = runPlain(V1_DEFAULT, paused);
  scenarioRows.push([
    paused.label,
    `${f2(pa.meanLagS)} / ${f2(pa.calls)}`,
    `${f2(pb.meanLagS)} / ${f2(pb.calls)}`,
    `${f2(pv.meanLagS)} / ${f2(pv.calls)}`,
  ]);
  say(
    table(
      ['scenario (mean lag s / calls)', 'action (default)', 'beanstalk-deploy', 'v1 (before)'],
      scenarioRows,
    ),
  );
  say();

  // 4. The frontier: blind schedules vs the pacer, over the mix.
  say('### Lag/calls frontier over the mix: blind schedules vs information-driven pacing');
  say();
  const sweepMix = mixGroup(Math.min(mixN, 2000), REALISTIC, 'sweep', 7);
  const blindPoints: Array<{ name: string; s: Stats }> = [];
  for (let d = 5; d <= 30; d += 1) {
    blindPoints.push({
      name: `fixed ${d} s`,
      s: runPlain({ name: '', minMs: BASE_MS, policy: () => d * 1000 }, sweepMix),
    });
  }
  for (const g of [1.05, 1.1, 1.2, 1.3, 1.5, 2]) {
    for (const cap of [10, 12, 15, 20, 25, 30]) {
      blindPoints.push({
        name: `×${g} from 5 s, cap ${cap} s`,
        s: runPlain(
          { name: '', minMs: BASE_MS, policy: (k) => Math.min(cap * 1000, 5000 * g ** k) },
          sweepMix,
        ),
      });
    }
  }
  for (const k of [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.2]) {
    for (const c of [0, 25, 60, 120, 180]) {
      blindPoints.push({
        name: `${k}·√(waited + ${c} s)`,
        s: runPlain(
          {
            name: '',
            minMs: BASE_MS,
            policy: (_n, w) =>
              Math.max(BASE_MS, Math.min(MAX_MS, k * 1000 * Math.sqrt(w / 1000 + c))),
          },
          sweepMix,
        ),
      });
    }
  }
  const pacerPoints: Array<{ name: string; s: Stats }> = [];
  for (const lag of [60, 100, 150, 200, 250, 280, 320, 360, 400, 500, 700, 1000, 1500, 2500]) {
    pacerPoints.push({
      name: `pacer, lag/call ${lag} ms`,
      s: runPacer({ lagPerCallMs: lag }, sweepMix),
    });
  }
  const blindFront = frontier(blindPoints);
  const pacerFront = frontier(pacerPoints);
  const sweepBeanstalk = runPlain(PEERS[1] as PlainPolicy, sweepMix);
  say(
    table(
      ['blind frontier (best of ' + blindPoints.length + ' schedules)', 'mean lag (s)', 'calls'],
      blindFront.map((p) => [p.name, f2(p.s.meanLagS), f2(p.s.calls)]),
    ),
  );
  say();
  say(
    table(
      ['information-driven pacer (one DescribeChanges read)', 'mean lag (s)', 'calls'],
      pacerFront.map((p) => [p.name, f2(p.s.meanLagS), f2(p.s.calls)]),
    ),
  );
  say();
  const blindAt5 = callsAtLag(blindFront, 5);
  const pacerAt5 = callsAtLag(pacerFront, 5);
  say(
    `Calls per run for a mean lag of 5 s: blind ${f2(blindAt5)} (beanstalk-deploy makes ${f2(sweepBeanstalk.calls)} ` +
      `at ${f2(sweepBeanstalk.meanLagS)} s: ${blindAt5 > sweepBeanstalk.calls ? 'out of reach for any blind schedule tried' : 'reachable blind'}); ` +
      `pacer ${f2(pacerAt5)} (${f1((100 * (pacerAt5 - sweepBeanstalk.calls)) / sweepBeanstalk.calls)} % vs beanstalk).`,
  );
  say();
  say(`(full run: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

await main();
