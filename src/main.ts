/**
 * Wires the data path together: inputs → credentials → client → restart → (completion) →
 * (health) → report. Owns the single top-level catch and the cancellation signals.
 */
import * as core from './runner.js';
import type { Random } from './backoff.js';
import { realClock, type Clock } from './clock.js';
import { completionEvents, waitForCompletion, type Completion } from './completion.js';
import {
  credentialsFromEnv,
  credentialsFromInputs,
  missingCredentialsError,
  rejectKeysBesideRole,
  secretValues,
} from './credentials.js';
import { ActionError, scrub } from './errors.js';
import type { EventFeed } from './events.js';
import { isoTime, secs } from './format.js';
import {
  countsLine,
  notHealthy,
  unhealthyInstances,
  waitForHealthy,
  type Health,
} from './health.js';
import { parseSettings, type Settings } from './inputs.js';
import type { CredentialSource } from './oidc.js';
import { outcomeOfError, type Outcome, type Stage } from './outcome.js';
import { ACTION_NAME, consoleUrl, setStartOutputs, summaryModel, writeSummary } from './report.js';
import { newProgress, restart, type RestartProgress } from './restart.js';
import { newTimeline, recordingClient, type Timeline } from './timeline.js';
import { createWebPlusClient } from './webplus-client.js';

export interface RunOverrides {
  clock?: Clock;
  random?: Random;
  /** Aborting it acts like SIGTERM (tests); by default SIGINT/SIGTERM abort the run. */
  signal?: AbortSignal;
}

/** Everything a run learns, kept current so that any failure can still be reported. */
export interface RunState {
  stage: Stage;
  settings?: Settings;
  progress: RestartProgress;
  timeline: Timeline;
  completion?: Completion;
  events?: EventFeed;
  health?: Health;
  startOutputsSet: boolean;
}

interface Context {
  clock: Clock;
  signal: AbortSignal;
  random?: Random;
  secrets: string[];
  clean: (text: string) => string;
  log: (line: string) => void;
  read: (name: string) => string;
  env: NodeJS.ProcessEnv;
  runStartedAt: number;
}

export async function run(overrides: RunOverrides = {}): Promise<void> {
  const clock = overrides.clock ?? realClock;
  const runStartedAt = clock.now();
  const read = (name: string) => core.getInput(name);
  // Masked before anything else can be printed, even an input error; the encoded forms a
  // server might echo too.
  const secrets = withEncodedForms(secretValues(read, process.env));
  for (const secret of secrets) core.setSecret(secret);
  const clean = (text: string) => scrub(text, secrets);
  const log = (line: string) => core.info(clean(line));
  // pop-core's `debug` would print the string-to-sign (security token included) for DEBUG=roa.
  delete process.env.DEBUG;
  silenceNodeDebug();

  const cancellation = await wireCancellation(overrides.signal, log);
  const ctx: Context = {
    clock,
    signal: cancellation.signal,
    ...(overrides.random ? { random: overrides.random } : {}),
    secrets,
    clean,
    log,
    read,
    env: process.env,
    runStartedAt,
  };
  const state: RunState = {
    stage: 'inputs',
    progress: newProgress(),
    timeline: newTimeline(runStartedAt),
    startOutputsSet: false,
  };

  let outcome: Outcome;
  try {
    outcome = await execute(ctx, state);
  } catch (error) {
    outcome = await failureOutcome(cancellation.crash() ?? error, state, ctx);
  }
  try {
    announce(outcome, clean);
    await writeReport(outcome, state, ctx);
  } finally {
    // Kept until the report is written: a second signal cannot cut it short.
    cancellation.dispose();
  }
  // The bundle ends now, not when a request it stopped waiting for (a cancelled restart, a
  // silent ID-token endpoint) finally times out.
  if (!overrides.signal) process.exit();
}

/**
 * SIGINT/SIGTERM (or the test's signal) abort the run. The process handlers were installed by
 * index.ts before anything else loaded (src/signals.ts); they are taken over here. An
 * exception that escapes from the HTTP layer's own listeners also ends the run through the
 * top-level catch (`crash()`), never as a raw stack. dispose() unhooks everything.
 */
async function wireCancellation(
  external: AbortSignal | undefined,
  log: (line: string) => void,
): Promise<{ signal: AbortSignal; crash: () => unknown; dispose: () => void }> {
  const controller = new AbortController();
  let crash: unknown;
  const onCrash = (error: unknown) => {
    crash ??= error;
    controller.abort();
  };
  process.on('uncaughtException', onCrash);
  let release = () => undefined as void;
  if (external) {
    external.addEventListener('abort', () => controller.abort(), { once: true });
  } else {
    const { onCancel } = await import('./signals.js');
    release = onCancel((name) => {
      if (controller.signal.aborted) return;
      log(`Received ${name}: stopping.`);
      controller.abort();
    });
  }
  return {
    signal: controller.signal,
    crash: () => crash,
    dispose: () => {
      release();
      process.off('uncaughtException', onCrash);
    },
  };
}

/** The steps of a run; returns how it ended, or throws what stopped it. */
async function execute(ctx: Context, state: RunState): Promise<Outcome> {
  const { clock, signal, log, clean } = ctx;
  const settings = parseSettings(ctx.read, ctx.env);
  state.settings = settings;
  core.setOutput('env-id', settings.envId);

  state.stage = 'credentials';
  const credentials = await resolveCredentials(settings, ctx);
  core.debug(`endpoint ${settings.endpoint}, credentials from ${credentials.source}`);
  const client = recordingClient(
    await createWebPlusClient({
      endpoint: settings.endpoint,
      getCredentials: () => credentials.getCredentials(),
      debug: (line) => core.debug(clean(line)),
    }),
    clock,
    state.timeline,
  );
  const waits = { clock, signal, log, ...(ctx.random ? { random: ctx.random } : {}) };

  try {
    state.stage = 'restart';
    await inGroupIfAnyLine(`Restart ${settings.envId}`, log, (groupLog) =>
      restart(
        {
          envId: settings.envId,
          batch: settings.batch,
          retryBaseDelayMs: settings.retryBaseDelayMs,
          retryMaxDelayMs: settings.retryMaxDelayMs,
          requestTimeoutMs: settings.requestTimeoutMs,
          deadline: ctx.runStartedAt + settings.waitTimeoutMs,
          waitTimeoutMs: settings.waitTimeoutMs,
        },
        { ...waits, client, log: groupLog },
        state.progress,
      ),
    );
    const { progress } = state;
    // A restart found by a look-up (adopted) never answered as one: it starts on the timeline here.
    state.timeline.restartAt ??= clock.now();
    setStartOutputs(progress);
    state.startOutputsSet = true;
    const changeId = progress.changeId ?? '';
    if (progress.startTime === undefined) {
      core.warning('The service sent no usable StartTime: the start-time output is not set.');
    }
    log(
      `Restart started: change ${changeId} at ${isoTime(progress.startTime) || 'an unknown time'} ` +
        `after ${progress.attempts} RestartAppEnv call(s). Console: ${consoleUrl(settings.envId, settings.region)}`,
    );
    if (!settings.waitForCompletion) {
      return {
        kind: 'started',
        sentence: `The restart of ${settings.envId} started as change ${changeId}; the step did not wait for it to finish.`,
      };
    }

    state.stage = 'completion';
    const completion = await completionStep(settings, changeId, state, { ...waits, client });
    if (completion.status === 'paused') {
      return {
        kind: 'paused',
        sentence: `Change ${changeId} is paused between batches: resume it (ResumeChange) in the WebPlus console.`,
      };
    }
    const restarted = `Environment ${settings.envId} restarted (change ${changeId}) in ${secs(completion.elapsedMs)}`;
    if (!settings.waitForHealthy) return { kind: 'succeeded', sentence: `${restarted}.` };

    state.stage = 'health';
    const health = await healthStep(settings, state, { ...waits, client });
    if (health.status === 'disabled') {
      return {
        kind: 'succeeded',
        sentence: `${restarted}; health checks are off, so health was not checked.`,
      };
    }
    return {
      kind: 'succeeded',
      sentence: `${restarted}; ${health.counts?.healthy ?? 0} instance(s) healthy after ${secs(health.elapsedMs)}.`,
    };
  } finally {
    client.close();
  }
}

/** Runs `body` with a log that opens the group at its first line: no empty groups. */
async function inGroupIfAnyLine<T>(
  name: string,
  log: (line: string) => void,
  body: (log: (line: string) => void) => Promise<T>,
): Promise<T> {
  let open = false;
  try {
    return await body((line) => {
      if (!open) core.startGroup(name);
      open = true;
      log(line);
    });
  } finally {
    if (open) core.endGroup();
  }
}

type Waits = {
  clock: Clock;
  signal: AbortSignal;
  log: (line: string) => void;
  random?: Random;
  client: Awaited<ReturnType<typeof createWebPlusClient>>;
};

/** Waits for the change to end, printing its events; fails unless it succeeded or paused. */
async function completionStep(
  settings: Settings,
  changeId: string,
  state: RunState,
  deps: Waits,
): Promise<Completion> {
  const events = completionEvents(
    { envId: settings.envId, changeId, requestTimeoutMs: settings.requestTimeoutMs },
    { ...deps, debug: (line) => core.debug(line) },
  );
  state.events = events.feed;
  core.startGroup(`Wait for change ${changeId}`);
  let completion: Completion;
  try {
    completion = await waitForCompletion(
      {
        changeId,
        envId: settings.envId,
        retryBaseDelayMs: settings.retryBaseDelayMs,
        retryMaxDelayMs: settings.retryMaxDelayMs,
        requestTimeoutMs: settings.requestTimeoutMs,
        completionTimeoutMs: settings.completionTimeoutMs,
        ...(state.progress.history ? { history: state.progress.history } : {}),
      },
      { ...deps, readEvents: events.read },
    );
  } finally {
    state.timeline.changeEndAt = deps.clock.now();
    core.endGroup();
  }
  state.completion = completion;
  core.setOutput('change-status', completion.status);
  if (completion.change.finishTime !== undefined) {
    core.setOutput('finish-time', String(completion.change.finishTime));
  }
  if (completion.status !== 'succeeded' && completion.status !== 'paused') {
    const message = completion.change.changeMessage || '(the service gave no ChangeMessage)';
    throw new ActionError(
      `Change ${changeId} ended ${completion.status}: ${message}`,
      `See the change's log in the WebPlus console: ${consoleUrl(settings.envId, settings.region)}`,
    );
  }
  return completion;
}

/** Waits for healthy instances; sets the counts as outputs; fails when the time runs out. */
async function healthStep(settings: Settings, state: RunState, deps: Waits): Promise<Health> {
  const start = deps.clock.now();
  core.startGroup('Wait for healthy instances');
  let health: Health;
  try {
    health = await waitForHealthy(
      {
        envId: settings.envId,
        retryBaseDelayMs: settings.retryBaseDelayMs,
        retryMaxDelayMs: settings.retryMaxDelayMs,
        requestTimeoutMs: settings.requestTimeoutMs,
        healthTimeoutMs: settings.healthTimeoutMs,
      },
      { ...deps, warning: (line) => core.warning(line) },
    );
  } finally {
    state.timeline.health = { start, end: deps.clock.now() };
    core.endGroup();
  }
  state.health = health;
  if (health.counts) {
    core.setOutput('healthy-instances', String(health.counts.healthy));
    core.setOutput('unhealthy-instances', String(notHealthy(health.counts)));
  }
  if (health.status === 'timed-out') {
    const named = health.instances
      ? unhealthyInstances(health.instances)
          .map((i) => `${i.instanceId} (${i.appStatus || 'no status'})`)
          .join(', ')
      : '';
    throw new ActionError(
      `The instances did not all become healthy within health-timeout (${secs(settings.healthTimeoutMs)}): ` +
        `${health.counts ? countsLine(health.counts) : 'no instance counts were read'}` +
        `${named ? `; not healthy: ${named}` : health.instancesUnavailable ? '; the instances could not be named' : ''}.`,
      `Look at the application's log on those instances in the WebPlus console (${consoleUrl(settings.envId, settings.region)}), or raise health-timeout if they start slowly.`,
    );
  }
  return health;
}

/** error → outcome; sets the start outputs if they were not, and logs a bug's stack to debug. */
async function failureOutcome(error: unknown, state: RunState, ctx: Context): Promise<Outcome> {
  try {
    if (!state.startOutputsSet) setStartOutputs(state.progress);
  } catch (outputError) {
    // The one place a failure could escape the top-level catch: say it, and go on.
    core.warning(ctx.clean(`Could not set the outputs: ${String(outputError)}`));
  }
  if (error instanceof Error) core.debug(ctx.clean(`${error.name}: ${error.message}`));
  const envId = state.settings?.envId ?? (ctx.read('env-id') || '(not given)');
  const outcome = outcomeOfError(error, state.stage, state.progress, envId);
  if (outcome.reason?.startsWith('unexpected error') && error instanceof Error) {
    core.debug(ctx.clean(await mappedStack(error)));
  }
  return outcome;
}

/** One annotation per outcome: a notice, or the failure with its hint. */
function announce(outcome: Outcome, clean: (text: string) => string): void {
  switch (outcome.kind) {
    case 'started':
      core.notice(clean(outcome.sentence), { title: 'Restart started' });
      return;
    case 'succeeded':
      core.notice(clean(outcome.sentence), { title: 'Restart succeeded' });
      return;
    case 'paused':
      core.notice(clean(outcome.sentence), { title: 'Restart paused' });
      return;
    default: {
      const reason = outcome.reason ?? outcome.sentence;
      core.setFailed(
        clean(
          `${ACTION_NAME} failed with: ${reason}${outcome.hint ? `\nHint: ${outcome.hint}` : ''}`,
        ),
      );
    }
  }
}

/** The job summary; a failure to write it is a warning, never the step's result. */
async function writeReport(outcome: Outcome, state: RunState, ctx: Context): Promise<void> {
  try {
    await writeSummary(summaryModel(outcome, state, ctx.read), ctx.clean);
  } catch (error) {
    core.warning(
      ctx.clean(
        `Could not write the job summary: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
}

/**
 * The error's stack with src/ file names. Source maps are registered only here, when a stack
 * is about to be printed: registering them at start-up cost ~20 ms before the first request
 * (docs/benchmarks.md). V8 formats a stack on first access, so it is mapped if read after.
 */
async function mappedStack(error: Error): Promise<string> {
  try {
    const { install } = await import('source-map-support');
    install({ environment: 'node' });
  } catch {
    // Unmapped is still a stack.
  }
  return error.stack ?? error.message;
}

/** Each secret, and its base64 and URL-encoded forms where they differ: a server may echo either. */
function withEncodedForms(secrets: string[]): string[] {
  const forms = secrets.flatMap((s) => [
    s,
    Buffer.from(s, 'utf8').toString('base64'),
    encodeURIComponent(s),
  ]);
  return [...new Set(forms)];
}

/**
 * NODE_DEBUG=http (or net, tls) makes Node print request headers, the security token among
 * them, and it is read once at start-up, so it cannot be switched off: its lines are dropped.
 * Node writes each such line as one `NAME pid: …` write to stderr.
 */
function silenceNodeDebug(): void {
  if (!process.env.NODE_DEBUG) return;
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (/^[A-Z0-9_]+ \d+: /.test(String(chunk))) return true;
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
}

async function resolveCredentials(settings: Settings, ctx: Context): Promise<CredentialSource> {
  const { log, read, env } = ctx;
  if (settings.oidc) {
    rejectKeysBesideRole(read);
    const fromEnv = credentialsFromEnv(env);
    if (fromEnv) {
      log(`Ignoring the keys in ${fromEnv.source}: role-to-assume is set, so the role is assumed.`);
    }
    const waitMs = settings.waitTimeoutMs;
    // Loaded only for a keyless run: its ID-token client (@actions/http-client, undici) is a
    // separate chunk that a run with keys never loads (docs/benchmarks.md, start-up).
    const { assumeRoleWithGitHubOidc } = await import('./oidc.js');
    return assumeRoleWithGitHubOidc(
      {
        oidc: settings.oidc,
        retryBaseDelayMs: settings.retryBaseDelayMs,
        retryMaxDelayMs: settings.retryMaxDelayMs,
        requestTimeoutMs: settings.requestTimeoutMs,
        deadline: ctx.runStartedAt + waitMs,
        horizon:
          ctx.runStartedAt +
          waitMs +
          (settings.waitForCompletion ? settings.completionTimeoutMs : 0) +
          (settings.waitForHealthy ? settings.healthTimeoutMs : 0),
      },
      {
        clock: ctx.clock,
        signal: ctx.signal,
        log,
        mask: (value) => {
          core.setSecret(value);
          if (!ctx.secrets.includes(value)) ctx.secrets.push(value);
        },
        ...(ctx.random ? { random: ctx.random } : {}),
      },
      env,
    );
  }
  const fixed = credentialsFromInputs(read) ?? credentialsFromEnv(env);
  if (!fixed) throw missingCredentialsError();
  if (fixed.source !== 'inputs') log(`Using credentials from ${fixed.source}.`);
  const { source, ...credentials } = fixed;
  return { source, getCredentials: () => Promise.resolve(credentials) };
}
