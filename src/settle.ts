/**
 * The settle decision: after an attempt whose outcome is not known (no trustworthy answer, or a
 * refusal that may have come after the service acted), may RestartAppEnv be sent again, is a
 * change this run's restart, or must the step stop? A pure function of what the environment
 * held before this run (the baseline) and what a look-up read since: no I/O, no clock.
 *
 * The rule (docs/design.md has the table): evidence may only stop a send, never allow one.
 * The set of new changes is established by identity and count alone (a change the baseline did
 * not hold, and exactly as many as TotalCount grew by), whatever the changes' names, times or
 * order. After an unanswered attempt, RestartAppEnv is sent again only when no change at all is
 * new and the environment is idle. A new change that could be a restart (named one, unnamed, of
 * a kind not recognised) is adopted only when it is the only one; names and times only ever
 * make the step more careful.
 */
import type { ChangeInfo, ChangePage } from './webplus-client.js';

/** What the environment held before this run's first RestartAppEnv. */
export interface Baseline {
  /** Change IDs seen before the first send (the pages read and the latest change). */
  known: ReadonlySet<string>;
  totalCount: number;
  /** True when `known` holds every change that `totalCount` counts. */
  complete: boolean;
  /** The newest CreateTime among the known changes (service clock), if any was dated. */
  newestCreateTime: number | undefined;
  /** The first page read, kept to pace the first EnvOnChanging without reading it again. */
  page: ChangePage;
  serviceTime: number | undefined;
  /** When the page came, on the runner's clock (with serviceTime: the clocks' offset). */
  readAt: number;
}

/** One look at the environment after the baseline. */
export interface Look {
  totalCount: number;
  latestChangeId: string | undefined;
  applyingChange: boolean;
  /** Every change read, without duplicates (the latest change included when it was readable). */
  changes: readonly ChangeInfo[];
  /** The latest change is not readable yet (ChangeNotExists right after it was created). */
  latestHidden: boolean;
}

/**
 * Why the look-up is made: after an attempt that got no trustworthy answer, or after a refusal
 * (EnvOnChanging, throttling) once the environment showed a change the baseline did not hold.
 */
export type SettleContext = 'unanswered' | 'refused';

export type Decision =
  /** The only new change that could be a restart: taken as this run's, never sent again. */
  | { kind: 'adopt'; change: ChangeInfo; newChanges: readonly ChangeInfo[] }
  /** More than one new change could be this run's restart: never guess. */
  | { kind: 'ambiguous'; changes: readonly ChangeInfo[] }
  /** Nothing new that could be this run's, the environment idle: RestartAppEnv may be sent. */
  | { kind: 'send'; newChanges: readonly ChangeInfo[] }
  /**
   * Not decidable yet (busy, not listed yet): look again later; send nothing. `accounted`: new
   * changes found to be none of this run's (after a refusal), which later looks need not
   * examine again.
   */
  | { kind: 'wait'; why: string; changes: readonly ChangeInfo[]; accounted?: readonly ChangeInfo[] }
  /** Can never be decided from what the service lists: the restart may have started. */
  | { kind: 'stop'; why: string };

/** The new changes since the baseline, or why they cannot be told from the old ones. */
type NewSet =
  | { kind: 'known'; changes: readonly ChangeInfo[] }
  | { kind: 'unclear'; why: string; final: boolean };

/** Change kinds the service documents (or the product's other APIs start) that are no restart. */
const OTHER_KINDS =
  /^(apply|deploy|update|upgrade|rollback|scale|scalein|scaleout|start|stop|create|delete|termination|terminate|rebuild|gatherlog|gatherstats|gather)$/i;

/** The change's kind or name says restart (or reboot). */
function namesRestart(c: Pick<ChangeInfo, 'actionName' | 'changeName'>): boolean {
  return /restart|reboot/i.test(`${c.actionName} ${c.changeName}`);
}

/**
 * Whether a change could be a restart: unless its kind is one the service documents as another
 * (`Apply`, `apply.env`…) and nothing in it says restart. An empty, localised or unknown kind
 * could be: the kind of a restart change is not documented.
 */
export function couldBeRestart(c: Pick<ChangeInfo, 'actionName' | 'changeName'>): boolean {
  if (namesRestart(c)) return true;
  const kind = c.actionName.trim();
  const nameKind = c.changeName.trim().replace(/\.env$/i, '');
  return !(OTHER_KINDS.test(kind) || (kind === '' && OTHER_KINDS.test(nameKind)));
}

/** The changes new since the baseline, established by identity and count only. */
export function newSince(baseline: Baseline, look: Look): NewSet {
  const growth = look.totalCount - baseline.totalCount;
  const unknown = look.changes.filter((c) => !baseline.known.has(c.changeId));
  const latestIsNew = look.latestChangeId !== undefined && !baseline.known.has(look.latestChangeId);
  if (growth < 0) {
    return unclear(`the environment lists ${-growth} change(s) fewer than before this run`, false);
  }
  if (growth === 0) {
    if (latestIsNew) {
      return unclear(
        `its latest change ${look.latestChangeId} was not there before this run, yet the count did not grow`,
        false,
      );
    }
    if (unknown.length > 0) {
      return unclear(`change ${unknown[0]?.changeId} is listed, yet the count did not grow`, false);
    }
    return { kind: 'known', changes: [] };
  }
  if (look.latestHidden || unknown.length < growth) {
    return unclear(
      `${growth} change(s) are new since this run began, ${unknown.length} of them listed so far`,
      false,
    );
  }
  if (unknown.length > growth) {
    return unclear(
      `${unknown.length} changes are listed that this run did not see before, but the count grew by ${growth}`,
      false,
    );
  }
  if (latestIsNew && !unknown.some((c) => c.changeId === look.latestChangeId)) {
    return unclear(`the latest change ${look.latestChangeId} is not among those listed`, false);
  }
  if (!baseline.complete) {
    // The baseline did not see every old change, so one it missed could pose as new: only a
    // CreateTime no earlier than the newest it saw (same clock) tells them apart.
    const undated = unknown.find(
      (c) =>
        c.createTime === undefined ||
        baseline.newestCreateTime === undefined ||
        c.createTime < baseline.newestCreateTime,
    );
    if (undated) {
      return unclear(
        `change ${undated.changeId} cannot be told new from old: the environment holds more changes than this run read before it began`,
        true,
      );
    }
  }
  return { kind: 'known', changes: unknown };
}

function unclear(why: string, final: boolean): NewSet {
  return { kind: 'unclear', why, final };
}

/** A change that holds the environment, or the environment's own flag. */
function busyWith(look: Look): string | undefined {
  const running = look.changes.find((c) => !c.finished);
  if (running) {
    return `change ${running.changeId} (${running.actionName || 'unnamed'}) holds the environment`;
  }
  return look.applyingChange ? 'the environment is applying a change' : undefined;
}

/** The decision after a look-up; see the module comment and docs/design.md. */
export function decide(baseline: Baseline, look: Look, context: SettleContext): Decision {
  const found = newSince(baseline, look);
  if (found.kind === 'unclear') {
    return found.final
      ? { kind: 'stop', why: found.why }
      : { kind: 'wait', why: found.why, changes: look.changes };
  }
  const candidates = found.changes.filter(couldBeRestart);
  const [only] = candidates;
  if (candidates.length > 1) return { kind: 'ambiguous', changes: candidates };
  if (only) return { kind: 'adopt', change: only, newChanges: found.changes };
  const busy = busyWith(look);
  if (context === 'unanswered' && found.changes.length > 0) {
    // An unanswered attempt is resent only when no change at all is new: whatever its name,
    // a new change could be the attempt's.
    const list = found.changes.map(describe).join(', ');
    if (busy)
      return {
        kind: 'wait',
        why: `${busy}; new since this run began: ${list}`,
        changes: look.changes,
      };
    return {
      kind: 'stop',
      why: `since this run began, ${list} appeared on the environment, and a RestartAppEnv is never sent again while any change is new`,
    };
  }
  if (busy) {
    return { kind: 'wait', why: busy, changes: look.changes, accounted: found.changes };
  }
  return { kind: 'send', newChanges: found.changes };
}

function describe(c: ChangeInfo): string {
  return `change ${c.changeId} (${c.actionName || c.changeName || 'unnamed'})`;
}

/** The baseline with changes accounted for as not this run's (a look-up that found no candidate). */
export function extendBaseline(
  baseline: Baseline,
  look: Look,
  accounted: readonly ChangeInfo[],
): Baseline {
  const known = new Set(baseline.known);
  for (const c of accounted) known.add(c.changeId);
  const times = [baseline.newestCreateTime, ...accounted.map((c) => c.createTime)].flatMap((t) =>
    t === undefined ? [] : [t],
  );
  return {
    ...baseline,
    known,
    totalCount: look.totalCount,
    newestCreateTime: times.length > 0 ? Math.max(...times) : undefined,
  };
}
