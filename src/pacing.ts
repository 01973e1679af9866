/**
 * The pace of retries while another change holds the environment (EnvOnChanging), and of the
 * polls of this run's own change (wait-for-completion). Pure: no I/O, the random source is
 * injected, so tests and the benchmark (bench/wait-policy.ts) replay exact schedules. This file
 * turns what was read (a DescribeChanges page, earlier durations) into the models of
 * src/pacing-model.ts and reads delays off them.
 *
 * Each try costs one API call; each second between the change's end and the next try is a
 * second of lag. While waiting out EnvOnChanging, the next delay is the longest one whose
 * expected lag stays within the lag one call is worth (WAIT_LAG_PER_CALL_MS):
 *
 *   expected lag of waiting d at age A = ∫[A, A+d] (1 − S(x) / S(A)) dx
 *
 * where S is the survival of the blocking change: how likely it still runs at age x. S comes
 * from what the service documents and nothing else: the change's CreateTime (its age),
 * ChangePaused, and the CreateTime/FinishTime of earlier changes of the same ActionName on the
 * environment (how long such changes took). Without those, a change is assumed to be as likely
 * to run on for as long again as it has run so far, which gives delays growing with the square
 * root of its age.
 *
 * createWaitPacer (restart.ts) trusts history only as far as it agrees with itself and with the
 * change's age. createCompletionPacer (completion.ts) works out the exact schedule for a
 * Bayesian belief over how repeatable earlier changes are (below). docs/benchmarks.md measures
 * both under every model of the service, against the optimum that knows the model.
 */
import type { Random } from './backoff.js';
import {
  BLIND_OFFSET_MS,
  completionBeliefOf,
  completionSurvival,
  fitHistory,
  longestDelay,
  optimalDelays,
  partOf,
  scaleFreeModel,
  trustedModel,
  withBlindFloor,
  type DurationModel,
  type PaceBounds,
  type TrustOptions,
} from './pacing-model.js';
import type { ChangeInfo } from './webplus-client.js';

/**
 * Each delay is multiplied by a factor drawn in [1 − JITTER, 1] (then bounded), so that runs
 * waiting on one change do not poll in step; downward only, so a delay at the base stays there.
 */
const JITTER = 0.1;
/** Earlier changes used to estimate how long this one takes. */
export const MAX_HISTORY = 10;
/** The page of DescribeChanges read to find the blocking change and its predecessors. */
export const HISTORY_PAGE_SIZE = 20;

/** The change that holds the environment, as read from DescribeChanges. */
export interface BlockingChange {
  changeId: string;
  actionName: string;
  paused: boolean;
  /** Its CreateTime on the runner's clock; never later than the read. */
  createdAt: number;
  /** How long earlier finished changes of the same ActionName took (ms), newest first. */
  pastDurationsMs: number[];
}

/**
 * The unfinished change of a DescribeChanges page and how long earlier changes of its
 * ActionName took; undefined when the page holds no unfinished change with a CreateTime.
 */
export function blockingChangeOf(
  changes: readonly ChangeInfo[],
  now: number,
): BlockingChange | undefined {
  const current = changes.find((c) => !c.finished && c.createTime !== undefined);
  if (!current || current.createTime === undefined) return undefined;
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
export function pastDurationsOf(
  changes: readonly ChangeInfo[],
  actionName: string,
  exceptId: string,
): number[] {
  return changes
    .filter(
      (c) =>
        c.changeId !== exceptId &&
        c.finished &&
        !c.aborted &&
        c.actionName === actionName &&
        c.createTime !== undefined &&
        c.finishTime !== undefined &&
        c.finishTime > c.createTime,
    )
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
export const WAIT_LAG_PER_CALL_MS = 450;
/** The blind age of a change not read: BLIND_ASSUMED_AGE_MS + time waited. */
export const BLIND_ASSUMED_AGE_MS = 60_000;

/** The wait pacer, asked for each delay while the environment is busy (EnvOnChanging). */
export interface WaitPacer {
  /**
   * The next delay: `now` on the runner's clock, `waitedMs` since the run started, and the
   * blocking change as last read (blockingChangeOf; undefined when none could be read).
   */
  next(now: number, waitedMs: number, change: BlockingChange | undefined): number;
}

export interface WaitPacerOptions extends TrustOptions {
  lagPerCallMs?: number;
  offsetMs?: number;
  assumedAgeMs?: number;
  jitter?: number;
}

export function createWaitPacer(
  bounds: PaceBounds,
  random: Random = Math.random,
  options: WaitPacerOptions = {},
): WaitPacer {
  const lagPerCallMs = options.lagPerCallMs ?? WAIT_LAG_PER_CALL_MS;
  const offsetMs = options.offsetMs ?? BLIND_OFFSET_MS;
  const assumedAgeMs = options.assumedAgeMs ?? BLIND_ASSUMED_AGE_MS;
  const jitter = options.jitter ?? JITTER;
  let fitted: { change: BlockingChange | undefined; model: DurationModel } | undefined;
  return {
    next(now, waitedMs, change) {
      // A paused change does not end by itself: wait at the max (and read again then).
      if (change?.paused) return bounds.maxMs;
      let age: number;
      if (change) {
        age = Math.max(0, now - change.createdAt);
        if (fitted?.change !== change) {
          // A change read young says little about how long it has left: its blind part is
          // never more hurried than that of a change assumedAgeMs old.
          const offset = Math.max(offsetMs, assumedAgeMs - age);
          const model = trustedModel(age, fitHistory(change.pastDurationsMs, options), offset);
          fitted = { change, model };
        }
      } else {
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
export const COMPLETION_TIGHT_CALLS_PER_LAG_S = 16;
/** … where a looser kind (0.2 < σ ≤ 0.45) says: more, as its end is harder to meet. */
export const COMPLETION_LOOSE_CALLS_PER_LAG_S = 32;
/** … anywhere else (blind): few polls buy little lag there. */
export const COMPLETION_BLIND_CALLS_PER_LAG_S = 1.5;
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

export interface CompletionPacer {
  /** The next delay, `elapsedMs` after the change was started (the last poll found it running). */
  next(elapsedMs: number): number;
}

/** The constants above, to be varied by the benchmark (bench/tune.ts). */
export interface CompletionPacerOptions {
  unrelatedPrior?: number;
  unlikePrior?: number;
  tightCallsPerLagS?: number;
  looseCallsPerLagS?: number;
  blindCallsPerLagS?: number;
  tightUpTo?: number;
  looseUpTo?: number;
  offsetMs?: number;
  jitter?: number;
  horizonMs?: number;
}

/**
 * The pace of completion polls for a change this run started: `historyMs` holds how long
 * earlier finished changes of its ActionName on the environment took (possibly none). The
 * schedule is worked out once (optimalDelays).
 */
export function createCompletionPacer(
  bounds: PaceBounds,
  historyMs: readonly number[],
  random: Random = Math.random,
  options: CompletionPacerOptions = {},
): CompletionPacer {
  // Without history the belief is all blind already: the floor changes nothing there.
  const belief = withBlindFloor(
    completionBeliefOf(historyMs, options.unrelatedPrior),
    options.unlikePrior ?? UNLIKE_PRIOR,
  );
  const tightUpTo = options.tightUpTo ?? TIGHT_UP_TO;
  const looseUpTo = options.looseUpTo ?? LOOSE_UP_TO;
  const part = (keep: (sigma: number) => boolean) =>
    completionSurvival(partOf(belief, keep), options.offsetMs);
  const { stepMs, delays } = optimalDelays(
    completionSurvival(belief, options.offsetMs),
    bounds,
    options.blindCallsPerLagS ?? COMPLETION_BLIND_CALLS_PER_LAG_S,
    options.horizonMs ?? COMPLETION_HORIZON_MS,
    [
      {
        survivalOf: part((x) => x <= tightUpTo),
        callsPerLagS: options.tightCallsPerLagS ?? COMPLETION_TIGHT_CALLS_PER_LAG_S,
      },
      {
        survivalOf: part((x) => x > tightUpTo && x <= looseUpTo),
        callsPerLagS: options.looseCallsPerLagS ?? COMPLETION_LOOSE_CALLS_PER_LAG_S,
      },
    ],
  );
  const jitter = options.jitter ?? COMPLETION_JITTER;
  return {
    next(elapsedMs) {
      const i = Math.floor(Math.max(0, elapsedMs) / stepMs);
      const delay = i < delays.length ? (delays[i] as number) * stepMs : bounds.maxMs;
      return jittered(delay, bounds, jitter, random);
    },
  };
}

function jittered(delay: number, bounds: PaceBounds, jitter: number, random: Random): number {
  const factor = 1 - jitter * random();
  return Math.round(Math.min(bounds.maxMs, Math.max(bounds.baseMs, delay * factor)));
}
