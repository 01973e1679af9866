/**
 * The restart change's events (DescribeEvents with its ChangeId), printed as they appear:
 * each once, in time order. One read per completion poll; a refusal means no events, said once.
 * Bounded by meaning, not only by bytes: at most MAX_EVENTS are kept and printed per change,
 * the rest only counted, so a service that brings new events on every poll cannot grow the
 * memory, the log or the summary.
 */
import { raceAbort } from './clock.js';
import { isRefusal } from './errors.js';
import { describeFailure, isoTime } from './format.js';
import type { ServiceEvent, WebPlusObserver } from './webplus-client.js';

/** An event as shown: the wire client has neutralised every field (serviceText). */
export type ShownEvent = ServiceEvent;

/** Events kept (and printed) per change; a restart of a large environment has a few per batch. */
export const MAX_EVENTS = 200;

export interface EventFeed {
  /** One DescribeEvents call; prints the events not seen before. Never throws but on abort. */
  poll(): Promise<void>;
  /** The events kept so far (at most MAX_EVENTS), in time order. */
  readonly events: ShownEvent[];
  /** New events seen once MAX_EVENTS were kept: counted, neither kept nor printed. */
  readonly omitted: number;
  /** Why events are not shown (refused), or undefined. */
  readonly unavailable: string | undefined;
}

export interface EventPlan {
  envId: string;
  changeId: string;
  requestTimeoutMs: number;
}

export interface EventDeps {
  client: WebPlusObserver;
  signal: AbortSignal;
  log: (line: string) => void;
  debug?: (line: string) => void;
}

/** Time order: EventTimestamp, then EventId (the list's own order is undocumented). */
function byTime(a: ShownEvent, b: ShownEvent): number {
  const ta = a.timestamp ?? Number.MAX_SAFE_INTEGER;
  const tb = b.timestamp ?? Number.MAX_SAFE_INTEGER;
  return ta - tb || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/** How an event reads in the log: ISO time, level, message. */
function eventLine(event: ShownEvent): string {
  return `${isoTime(event.timestamp) || '(no time)'} ${event.level || '-'} ${event.message || event.name || '(no message)'}`;
}

/** "… and N more event(s) …": the line that stands for the events not kept. */
export function omittedLine(omitted: number): string {
  return `… and ${omitted} more event(s), not shown: at most ${MAX_EVENTS} are kept per change (the WebPlus console lists them all).`;
}

export function createEventFeed(plan: EventPlan, deps: EventDeps): EventFeed {
  // The IDs of the kept events, and of the previous answer's events beyond the cap: enough to
  // tell a new event from one seen before, in memory bounded by MAX_EVENTS + one answer.
  const kept = new Set<string>();
  let beyond = new Set<string>();
  const events: ShownEvent[] = [];
  let omitted = 0;
  let unavailable: string | undefined;

  return {
    events,
    get omitted() {
      return omitted;
    },
    get unavailable() {
      return unavailable;
    },
    async poll() {
      if (unavailable !== undefined) return;
      const answer = await raceAbort(
        deps.client.describeEvents(plan.envId, plan.changeId, plan.requestTimeoutMs),
        deps.signal,
      );
      if (!answer.ok) {
        const failure = answer.failure;
        if (isRefusal(failure)) {
          unavailable = `DescribeEvents was refused (${failure.code})`;
          deps.log(
            `${unavailable}: no events are shown. Grant webplus:DescribeEvents to see them.`,
          );
        } else {
          deps.debug?.(`DescribeEvents: ${describeFailure(failure)}; next poll tries again`);
        }
        return;
      }
      const fresh = answer.value.filter((e) => !kept.has(e.eventId)).sort(byTime);
      const nowBeyond = new Set<string>();
      for (const event of fresh) {
        if (kept.has(event.eventId)) continue; // listed twice in one answer
        if (events.length < MAX_EVENTS) {
          kept.add(event.eventId);
          events.push(event);
          deps.log(eventLine(event));
          continue;
        }
        if (!beyond.has(event.eventId) && !nowBeyond.has(event.eventId)) {
          if (omitted === 0) {
            deps.log(`More than ${MAX_EVENTS} events: the rest are counted, not printed.`);
          }
          omitted += 1;
        }
        nowBeyond.add(event.eventId);
      }
      beyond = nowBeyond;
      events.sort(byTime);
    },
  };
}
