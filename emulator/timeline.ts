/**
 * A change's course in time, replayed from its plan and the commands it was given (PauseChange,
 * ResumeChange, AbortChange, and the test hooks of state.finishChange). Nothing of its progress
 * is stored: the same plan and commands give the same course, and a test moving the clock
 * moves the change with it.
 *
 * The plan is a row of batches, each `intervalMs` apart. The service stops a change only
 * between steps (AbortChange waits for the step under way), so the emulator treats a batch as
 * one step: a pause or an abort asked for during a batch takes effect when that batch ends,
 * and at once when the change is paused or waiting out an interval.
 */

/** How a change ends when nothing stops it. */
export type FinalOutcome = 'succeeded' | 'failed' | 'aborted' | 'timed-out';

export type Command =
  /** PauseChange: holds the change after the batch under way (at once between batches). */
  | { kind: 'pause'; at: number }
  /** ResumeChange: the held change goes on with what remains. */
  | { kind: 'resume'; at: number }
  /** AbortChange: ends the change after the batch under way (at once when held or between batches). */
  | { kind: 'abort'; at: number }
  /** Test hook: held at once, even within a batch. */
  | { kind: 'hold'; at: number }
  /** Test hook: ended at once with this outcome. */
  | { kind: 'finish'; at: number; outcome: FinalOutcome };

export interface Plan {
  createTime: number;
  batches: number;
  /** All batches together, without the intervals between them. */
  durationMs: number;
  /** Between two batches (RestartAppEnv's BatchInterval). */
  intervalMs: number;
  /** PauseBetweenBatches: held after every batch but the last. */
  pauseBetweenBatches: boolean;
  /** Held after the first batch, even when it is the only one (a 'paused' test change). */
  pauseAfterFirst: boolean;
  /** How it ends when it runs to the end. */
  outcome: FinalOutcome;
}

export interface BatchSpan {
  index: number;
  start: number;
  /** When its work ended or will end; Infinity while held within it with no resume yet. */
  end: number;
}

export interface Hold {
  from: number;
  /** When it was resumed (or ended while held); undefined while it is held still. */
  to?: number;
  /** Asked for (PauseChange), not the plan's own pause between batches. */
  requested: boolean;
  /** Ended by a resume (not by an abort or a test finish). */
  resumed: boolean;
}

export interface Course {
  /** The batches the change reaches, in order. */
  batches: BatchSpan[];
  holds: Hold[];
  /** When AbortChange was accepted, if it was. */
  abortRequestedAt?: number;
  /** When and how it ends, unless it is held with no resume yet. */
  end?: { time: number; outcome: FinalOutcome };
}

/** The time the batch with this index takes: the plan's duration split without drift. */
function batchLength(plan: Plan, k: number): number {
  const per = plan.durationMs / plan.batches;
  return Math.floor((k + 1) * per) - Math.floor(k * per);
}

export function replay(plan: Plan, commands: readonly Command[]): Course {
  const course: Course = { batches: [], holds: [] };
  let next = 0; // the first command not yet applied
  let cursor = plan.createTime;
  let pauseAsked = false;

  const end = (time: number, outcome: FinalOutcome): 'ended' => {
    course.end = { time, outcome };
    return 'ended';
  };

  /** Held from `from` until a resume, an abort or a finish; 'open' while none came. */
  const hold = (from: number, requested: boolean): 'resumed' | 'ended' | 'open' => {
    const h: Hold = { from, requested, resumed: false };
    course.holds.push(h);
    while (next < commands.length) {
      const c = commands[next++] as Command;
      const at = Math.max(c.at, from);
      if (c.kind === 'resume') {
        h.to = at;
        h.resumed = true;
        cursor = at;
        return 'resumed';
      }
      if (c.kind === 'abort' || c.kind === 'finish') {
        h.to = at;
        if (c.kind === 'abort') course.abortRequestedAt = at;
        return end(at, c.kind === 'abort' ? 'aborted' : c.outcome);
      }
      // A pause of a held change changes nothing.
    }
    return 'open';
  };

  /** `ms` of work (a batch or an interval) from the cursor, with the commands that come in it. */
  const work = (ms: number, step: 'batch' | 'interval'): 'done' | 'ended' | 'open' => {
    let remaining = ms;
    for (;;) {
      const c = commands[next];
      if (!c || c.at >= cursor + remaining) {
        cursor += remaining;
        return 'done';
      }
      next++;
      const at = Math.max(c.at, cursor);
      if (c.kind === 'finish') return end(at, c.outcome);
      if (c.kind === 'abort' && step === 'interval') {
        course.abortRequestedAt = at;
        return end(at, 'aborted');
      }
      if (c.kind === 'abort') course.abortRequestedAt ??= at;
      if (c.kind === 'pause' && step === 'batch') pauseAsked = true;
      if (c.kind === 'hold' || (c.kind === 'pause' && step === 'interval')) {
        remaining -= at - cursor;
        cursor = at;
        const held = hold(at, c.kind === 'pause');
        if (held !== 'resumed') return held;
      }
    }
  };

  for (let k = 0; k < plan.batches; k++) {
    const span: BatchSpan = { index: k, start: cursor, end: Infinity };
    course.batches.push(span);
    const done = work(batchLength(plan, k), 'batch');
    if (done === 'open') return course;
    span.end = done === 'ended' ? (course.end?.time ?? cursor) : cursor;
    if (done === 'ended') return course;
    if (course.abortRequestedAt !== undefined) {
      end(cursor, 'aborted');
      return course;
    }
    const last = k === plan.batches - 1;
    const planned = (plan.pauseAfterFirst && k === 0) || (!last && plan.pauseBetweenBatches);
    const asked = !last && pauseAsked; // after the last batch there is nothing left to hold
    pauseAsked = false;
    if (planned || asked) {
      const held = hold(cursor, !planned);
      if (held !== 'resumed') return course;
    }
    if (last) break;
    if (work(plan.intervalMs, 'interval') !== 'done') return course;
  }
  end(cursor, plan.outcome);
  return course;
}

export type Phase = 'running' | 'paused' | 'finished';

/** Where the course stands at `t`. */
export function phaseAt(course: Course, t: number): Phase {
  if (course.end && t >= course.end.time) return 'finished';
  const held = course.holds.some((h) => h.from <= t && (h.to === undefined || t < h.to));
  return held ? 'paused' : 'running';
}
