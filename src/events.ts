/**
 * The restart change's events (DescribeEvents with its ChangeId), printed as they appear:
 * each once, in time order. One read per completion poll; a refusal means no events, said once.
 */
import { raceAbort } from './clock.js';
import { dispositionOf } from './errors.js';
import { describeFailure, isoTime } from './format.js';
import type { ServiceEvent, WebPlusObserver } from './webplus-client.js';

/** An event as shown: the wire client has neutralised every field (serviceText). */
export type ShownEvent = ServiceEvent;

export interface EventFeed {
  /** One DescribeEvents call; prints the events not seen before. Never throws but on abort. */
  poll(): Promise<void>;
  /** Every event seen so far, in time order. */
  readonly events: ShownEvent[];
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
export function byTime(a: ShownEvent, b: ShownEvent): number {
  const ta = a.timestamp ?? Number.MAX_SAFE_INTEGER;
  const tb = b.timestamp ?? Number.MAX_SAFE_INTEGER;
  return ta - tb || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}

/** How an event reads in the log: ISO time, level, message. */
export function eventLine(event: ShownEvent): string {
  return `${isoTime(event.timestamp) || '(no time)'} ${event.level || '-'} ${event.message || event.name || '(no message)'}`;
}

export function createEventFeed(plan: EventPlan, deps: EventDeps): EventFeed {
  const seen = new Set<string>();
  const events: ShownEvent[] = [];
  let unavailable: string | undefined;

  return {
    events,
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
        if (failure.kind === 'api' && dispositionOf(failure.code, failure.status) === 'fatal') {
          unavailable = `DescribeEvents was refused (${failure.code})`;
          deps.log(
            `${unavailable}: no events are shown. Grant webplus:DescribeEvents to see them.`,
          );
        } else {
          deps.debug?.(`DescribeEvents: ${describeFailure(failure)}; next poll tries again`);
        }
        return;
      }
      const fresh = answer.value.filter((e) => !seen.has(e.eventId)).sort(byTime);
      for (const event of fresh) {
        seen.add(event.eventId);
        events.push(event);
        deps.log(eventLine(event));
      }
      events.sort(byTime);
    },
  };
}
