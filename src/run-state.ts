/**
 * What one run has done and seen so far: main.ts fills it in as the run goes, report.ts turns
 * it into outputs and the job summary. Types only.
 */
import type { AbortResult } from './abort.js';
import type { Tripped } from './breaker.js';
import type { Completion } from './completion.js';
import type { DryRunReport } from './dry-run.js';
import type { EventFeed } from './events.js';
import type { Health } from './health.js';
import type { Settings } from './inputs.js';
import type { Stage } from './outcome.js';
import type { RestartProgress } from './restart.js';
import type { Timeline } from './timeline.js';

export interface RunState {
  stage: Stage;
  settings?: Settings;
  progress: RestartProgress;
  timeline: Timeline;
  completion?: Completion;
  events?: EventFeed;
  health?: Health;
  startOutputsSet: boolean;
  /** The dry run's checks and plan. */
  dryRun?: DryRunReport;
  /** Instances healthy before the restart (stop-on-unhealthy). */
  healthyBefore?: Set<string>;
  /** What AbortChange did, and why it was sent (abort-on-cancel, stop-on-unhealthy). */
  abort?: { trigger: 'cancel' | 'breaker'; result: AbortResult };
  /** The circuit breaker's finding, when it stopped the change. */
  tripped?: Tripped;
}
