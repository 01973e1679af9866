/**
 * Named situations for the emulator's CLI (`npm run emulator -- --scenario NAME`), so that
 * `npm run local` can meet a busy environment, a paused blocker, a failing restart, unhealthy
 * or slow instances, or a fault without writing TypeScript. Tests call applyScenario too.
 */
import type { FaultQueue } from './faults.js';
import type { EmulatorState } from './state.js';

export interface ScenarioOptions {
  envId: string;
  /** How long a restart runs (all batches together); default 10 000. */
  restartDurationMs?: number;
}

interface Scenario {
  summary: string;
  apply(emulator: { state: EmulatorState; faults: FaultQueue }, envId: string): void;
}

/** How long the `busy` scenario's change runs, from the emulator's start. */
export const BUSY_CHANGE_MS = 120_000;
/** How long before the emulator's start the `paused-blocker` change paused. */
export const PAUSED_AGO_MS = 10 * 60_000;
/** How long after its batch ends an instance of `slow-health` passes its health check. */
export const SLOW_HEALTH_MS = 45_000;
export const FAILED_RESTART_MESSAGE =
  'The application failed to start on one or more instances: health check timed out.';

export const SCENARIOS = {
  idle: {
    summary: 'an idle, healthy environment of 4 instances (the default)',
    apply: () => undefined,
  },
  busy: {
    summary: `another change (Apply) holds the environment for ${BUSY_CHANGE_MS / 60_000} minutes`,
    apply: ({ state }, envId) => {
      state.startChange(envId, {
        actionName: 'Apply',
        changeName: 'apply.env',
        durationMs: BUSY_CHANGE_MS,
      });
    },
  },
  'paused-blocker': {
    summary: 'a rolling restart paused between batches holds the environment until resumed',
    apply: ({ state }, envId) => {
      const env = state.env(envId);
      // Two batches, the first done ten minutes ago: what a run with pause-between-batches leaves.
      state.startChange(envId, {
        actionName: 'Restart',
        changeName: 'restart.env',
        durationMs: env?.restartDurationMs ?? 10_000,
        createTime: state.now() - PAUSED_AGO_MS - (env?.restartDurationMs ?? 10_000) / 2,
        params: {
          BatchSize: String(Math.ceil((env?.instances ?? 4) / 2)),
          PauseBetweenBatches: 'true',
        },
        batches: 2,
        restart: true,
        createUsername: 'github-actions',
      });
    },
  },
  'failing-restart': {
    summary: 'the next restart ends failed, with a ChangeMessage',
    apply: ({ state }, envId) => {
      state.updateEnv(envId, { restartOutcome: 'failed', restartMessage: FAILED_RESTART_MESSAGE });
    },
  },
  'unhealthy-after-restart': {
    summary:
      'the restart succeeds but one instance (in the first batch of a rolling one) stays unhealthy',
    apply: ({ state }, envId) => state.updateEnv(envId, { unhealthyInstances: [0] }),
  },
  'slow-health': {
    summary: `restarted instances pass their health check ${SLOW_HEALTH_MS / 1000} s after their batch`,
    apply: ({ state }, envId) => state.updateEnv(envId, { healthDelayMs: SLOW_HEALTH_MS }),
  },
  faults: {
    summary: 'the first RestartAppEnv answer is lost after processing, then a look-up gets a 503',
    apply: ({ faults }) => {
      // The 503 is queued when the restart arrives, so that it hits the look-up after it.
      faults.push('RestartAppEnv', {
        kind: 'hook',
        run: () =>
          faults.push('*', {
            kind: 'error',
            status: 503,
            code: 'ServiceUnavailable',
            message: 'The request has failed due to a temporary failure of the server.',
          }),
        then: { kind: 'reset', afterProcessing: true },
      });
    },
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

export function isScenario(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

/** Adds the environment and builds the named situation around it. */
export function applyScenario(
  emulator: { state: EmulatorState; faults: FaultQueue },
  name: ScenarioName,
  options: ScenarioOptions,
): void {
  emulator.state.addEnv({
    envId: options.envId,
    envName: 'demo',
    instances: 4,
    restartDurationMs: options.restartDurationMs ?? 10_000,
  });
  (SCENARIOS[name] as Scenario).apply(emulator, options.envId);
}
