/**
 * Wires the data path together: inputs → credentials → client → restart → (completion) →
 * (health) → report. Owns the single top-level catch and the cancellation signals.
 */
import * as core from './runner.js';
import type { Random } from './backoff.js';
import { isAbort, realClock, type Clock } from './clock.js';
import { completionEvents, waitForCompletion, type Completion } from './completion.js';
import {
  credentialsFromEnv,
  credentialsFromInputs,
  missingCredentialsError,
  rejectKeysBesideRole,
  secretValues,
} from './credentials.js';
import { ActionError, errorMessage, scrub } from './errors.js';
import { omittedLine } from './events.js';
import { describeFailure, isoTime, secs } from './format.js';
import {
  countsLine,
  namedInstances,
  notHealthy,
  unhealthyInstances,
  waitForHealthy,
  type Health,
} from './health.js';
import { parseSettings, type Settings } from './inputs.js';
import { retryBudgetOf, type RetryBudget } from './polling.js';
import { breakCommands } from './service-text.js';
import type { CredentialSource } from './oidc.js';
import {
  baselineRefusedWarning,
  outcomeOfError,
  succeededSentence,
  type Outcome,
} from './outcome.js';
import {
  ACTION_NAME,
  consoleUrl,
  setStartOutputs,
  summaryModel,
  weakenedGuarantee,
  writeSummary,
} from './report.js';
import { newProgress, restart, type RestartProgress } from './restart.js';
import { newTimeline, recordingClient } from './timeline.js';
import {
  createWebPlusClient,
  type WebPlusClient,
  type WebPlusControl,
  type WebPlusObserver,
} from './webplus-client.js';
import { abortChange, type AbortResult } from './abort.js';
import { createBreaker, type Tripped } from './breaker.js';
import { dryRun, type DryRunReport } from './dry-run.js';
import { resume } from './resume.js';
import type { RunState } from './run-state.js';

interface RunOverrides {
  clock?: Clock;
  random?: Random;
  /** Aborting it acts like SIGTERM (tests); by default SIGINT/SIGTERM abort the run. */
  signal?: AbortSignal;
}

/** Everything a run learns, kept current so that any failure can still be reported. */
interface Context {
  clock: Clock;
  signal: AbortSignal;
  random?: Random;
  secrets: string[];
  clean: (text: string) => string;
  log: (line: string) => void;
  input: (name: string) => string;
  env: NodeJS.ProcessEnv;
  runStartedAt: number;
}

export async function run(overrides: RunOverrides = {}): Promise<void> {
  const clock = overrides.clock ?? realClock;
  const runStartedAt = clock.now();
  const input = (name: string) => core.getInput(name);
  // Masked before anything else can be printed, even an input error; the encoded forms a
  // server might echo too.
  const secrets = withEncodedForms(secretValues(input, process.env));
  for (const secret of secrets) core.setSecret(secret);
  // Secrets out, then both workflow-command syntaxes broken: a second line of defence behind
  // serviceText, for whatever reaches a printed line.
  const clean = (text: string) => breakCommands(scrub(text, secrets));
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
    input,
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
    announce(outcome, state, clean);
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
  const settings = parseSettings(ctx.input, ctx.env);
  state.settings = settings;
  core.setOutput('env-id', settings.envId);

  // retry-base-delay, retry-max-delay and request-timeout: one value every loop's plan takes.
  const budget = retryBudgetOf(settings);
  state.stage = 'credentials';
  const credentials = await resolveCredentials(settings, budget, ctx);
  core.debug(`endpoint ${settings.endpoint}, credentials from ${credentials.source}`);
  const client = recordingClient(
    await createWebPlusClient({
      endpoint: settings.endpoint,
      getCredentials: (deadline) => credentials.getCredentials(deadline),
      now: () => clock.now(),
      debug: (line) => core.debug(clean(line)),
    }),
    clock,
    state.timeline,
  );
  const waits = { clock, signal, log, ...(ctx.random ? { random: ctx.random } : {}), client };
  const step: StepContext = { settings, budget, state, waits };

  try {
    if (settings.dryRun) return await dryRunStep(step);
    await startStep(step, ctx);
    return await watchStep(step);
  } finally {
    client.close();
  }
}

/** Starts the restart (or resumes the change): the outputs change-id, start-time, attempts. */
async function startStep(step: StepContext, ctx: Context) {
  const { settings, state, waits } = step;
  const { clock, log } = ctx;
  const { progress } = state;
  if (settings.stopOnUnhealthy) state.healthyBefore = await healthyBefore(settings, waits);
  const plan = {
    retry: step.budget,
    envId: settings.envId,
    deadline: ctx.runStartedAt + settings.waitTimeoutMs,
    waitTimeoutMs: settings.waitTimeoutMs,
  };
  const resumeId = settings.resumeChangeId;
  state.stage = resumeId ? 'resume' : 'restart';
  await inGroupIfAnyLine(
    resumeId ? `Resume ${resumeId}` : `Restart ${settings.envId}`,
    log,
    (groupLog) =>
      resumeId
        ? resume({ ...plan, changeId: resumeId }, { ...waits, log: groupLog }, progress)
        : restart(
            {
              ...plan,
              batch: settings.batch,
              consoleUrl: consoleUrl(settings.envId, settings.region),
            },
            { ...waits, log: groupLog },
            progress,
          ),
  );
  // A change found by a look-up (adopted) never answered as one: it starts on the timeline here.
  state.timeline.restartAt ??= clock.now();
  setStartOutputs(progress);
  state.startOutputsSet = true;
  if (progress.startTime === undefined) {
    core.warning('The service sent no usable StartTime: the start-time output is not set.');
  }
  const calls = `${progress.attempts} ${resumeId ? 'ResumeChange' : 'RestartAppEnv'} call(s)`;
  log(
    `${resumeId ? 'Resumed' : 'Restart started'}: change ${progress.changeId ?? ''} at ` +
      `${isoTime(progress.startTime) || 'an unknown time'} after ${calls}. ` +
      `Console: ${consoleUrl(settings.envId, settings.region)}`,
  );
}

/** Waits for the change and the instances, as the inputs ask. */
async function watchStep(step: StepContext): Promise<Outcome> {
  const { settings, state } = step;
  const changeId = state.progress.changeId ?? '';
  const what = settings.resumeChangeId
    ? `Change ${changeId} of ${settings.envId} was resumed`
    : `The restart of ${settings.envId} started as change ${changeId}`;
  if (!settings.waitForCompletion) {
    return { kind: 'started', sentence: `${what}; the step did not wait for it to finish.` };
  }
  state.stage = 'completion';
  const completion = await completionStep(step, changeId);
  if (completion.status === 'paused') {
    return {
      kind: 'paused',
      sentence:
        `Change ${changeId} is paused between batches: resume it (ResumeChange) in the WebPlus ` +
        'console, or from a workflow with resume-change-id.',
    };
  }
  if (!settings.waitForHealthy) {
    return { kind: 'succeeded', sentence: succeededSentence(settings.envId, changeId, completion) };
  }
  state.stage = 'health';
  const health = await healthStep(step);
  return {
    kind: 'succeeded',
    sentence: succeededSentence(settings.envId, changeId, completion, health),
  };
}

/** The dry run: reads only; fails when a real run would not proceed. */
async function dryRunStep({ settings, state, waits }: StepContext): Promise<Outcome> {
  state.stage = 'dry-run';
  const url = consoleUrl(settings.envId, settings.region);
  const { envId, endpoint, batch, requestTimeoutMs, resumeChangeId } = settings;
  const report = await inGroup(`Dry run for ${envId}`, async () => {
    const checked = await dryRun(
      { envId, endpoint, batch, requestTimeoutMs, resumeChangeId, consoleUrl: url },
      waits,
    );
    for (const c of checked.checks) waits.log(`${CHECK_MARKS[c.status]} ${c.name}: ${c.detail}`);
    for (const line of checked.plan) waits.log(line);
    return checked;
  });
  state.dryRun = report;
  if (!report.proceed) {
    const failed = report.checks.filter((c) => c.status === 'failed');
    throw new ActionError(
      `A real run would not proceed: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}. Nothing was sent.`,
      `Fix what failed, then run the dry run again. The environment in the console: ${url}`,
    );
  }
  return {
    kind: 'checked',
    sentence:
      `A real run on ${settings.envId} could proceed: ${report.checks.filter((c) => c.status === 'ok').length} ` +
      `check(s) passed, ${report.checks.filter((c) => c.status === 'warning').length} warning(s). Nothing was sent.`,
  };
}

const CHECK_MARKS: Record<DryRunReport['checks'][number]['status'], string> = {
  ok: '✓',
  failed: '✗',
  warning: '!',
  'not checked': '–',
};

/**
 * The instances healthy before the restart, which the circuit breaker watches: without them it
 * cannot tell a restarted instance that stays down from one that was down already, so a failed
 * read stops the step before anything is sent.
 */
async function healthyBefore(settings: Settings, waits: Waits): Promise<Set<string>> {
  const answer = await waits.client.describeAppEnvInstanceHealth(
    settings.envId,
    settings.requestTimeoutMs,
  );
  if (!answer.ok) {
    throw new ActionError(
      `Failed to read the instances before the restart (stop-on-unhealthy needs them): ${describeFailure(answer.failure)}. No restart was started.`,
      'Grant webplus:DescribeAppEnvInstanceHealth, or run without stop-on-unhealthy.',
    );
  }
  const down = new Set(unhealthyInstances(answer.value.instances).map((i) => i.instanceId));
  return new Set(answer.value.instances.map((i) => i.instanceId).filter((id) => !down.has(id)));
}

/** Runs `body` inside a log group; `after` runs last in the group, whatever happened. */
async function inGroup<T>(name: string, body: () => Promise<T>, after?: () => void): Promise<T> {
  core.startGroup(name);
  try {
    return await body();
  } finally {
    after?.();
    core.endGroup();
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
  client: WebPlusClient & WebPlusObserver & WebPlusControl;
};

/** What every step of a run takes: the settings, the retry budget, the run's state, the deps. */
interface StepContext {
  settings: Settings;
  budget: RetryBudget;
  state: RunState;
  waits: Waits;
}

/** Waits for the change to end, printing its events; fails unless it succeeded or paused. */
async function completionStep(step: StepContext, changeId: string): Promise<Completion> {
  const { settings, state, waits: deps } = step;
  const events = completionEvents(
    { envId: settings.envId, changeId, requestTimeoutMs: settings.requestTimeoutMs },
    { ...deps, debug: (line) => core.debug(line) },
  );
  state.events = events.feed;
  const breaker = armBreaker(settings, state, changeId, deps);
  const plan = {
    retry: step.budget,
    changeId,
    envId: settings.envId,
    completionTimeoutMs: settings.completionTimeoutMs,
    ...(state.progress.history ? { history: state.progress.history } : {}),
  };
  const waitDeps = {
    ...deps,
    readEvents: events.readEvents,
    ...(breaker ? { whileRunning: (t: number) => breaker.watch(t).catch(ignoreUnlessAbort) } : {}),
  };
  const completion = await inGroup(
    `Wait for change ${changeId}`,
    async () => {
      try {
        return await waitForCompletion(plan, waitDeps);
      } catch (error) {
        if (isAbort(error)) await abortOnCancel(settings, state, changeId, deps);
        throw error;
      }
    },
    () => {
      state.timeline.changeEndAt = deps.clock.now();
      if (events.feed.omitted > 0) deps.log(omittedLine(events.feed.omitted));
    },
  );
  state.completion = completion;
  core.setOutput('change-status', completion.status);
  if (completion.change.finishTime !== undefined) {
    core.setOutput('finish-time', String(completion.change.finishTime));
  }
  const tripped = breaker?.tripped();
  if (tripped) throw trippedError(settings, state, changeId, tripped, completion);
  if (completion.status !== 'succeeded' && completion.status !== 'paused') {
    const message = completion.change.changeMessage || '(the service gave no ChangeMessage)';
    throw new ActionError(
      `Change ${changeId} ended ${completion.status}: ${message}`,
      `See the change's log in the WebPlus console: ${consoleUrl(settings.envId, settings.region)}`,
    );
  }
  return completion;
}

/** Only this run's own restart is ever aborted: not an adopted change, not a resumed one. */
function ownRestart(settings: Settings, progress: RestartProgress): boolean {
  return progress.state === 'started' && !progress.adopted && !settings.resumeChangeId;
}

/** The circuit breaker for this change, when stop-on-unhealthy asks for it and may act. */
function armBreaker(settings: Settings, state: RunState, changeId: string, deps: Waits) {
  if (!settings.stopOnUnhealthy || !state.healthyBefore) return undefined;
  if (!ownRestart(settings, state.progress)) {
    deps.log(
      `stop-on-unhealthy is off for change ${changeId}: this run did not start it, so it never aborts it.`,
    );
    return undefined;
  }
  return createBreaker(
    {
      envId: settings.envId,
      changeId,
      healthTimeoutMs: settings.healthTimeoutMs,
      healthyBefore: state.healthyBefore,
    },
    deps,
  );
}

/** The step's time for AbortChange once cancelled: the runner allows about 7.5 s after SIGINT. */
const ABORT_ON_CANCEL_MS = 5000;

/** abort-on-cancel: ask the service to abort this run's own restart, within seconds. */
async function abortOnCancel(
  settings: Settings,
  state: RunState,
  changeId: string,
  deps: Waits,
): Promise<void> {
  if (!settings.abortOnCancel || !ownRestart(settings, state.progress)) return;
  deps.log(`Cancelled: asking WebPlus to abort change ${changeId} (abort-on-cancel).`);
  const result = await abortChange(settings.envId, changeId, deps, ABORT_ON_CANCEL_MS).catch(
    (error: unknown): AbortResult => ({ kind: 'unknown', detail: errorMessage(error) }),
  );
  state.abort = { trigger: 'cancel', result };
  deps.log(`AbortChange for ${changeId}: ${result.kind} (${result.detail}).`);
}

/** The failure of a rolling restart the circuit breaker stopped. */
function trippedError(
  settings: Settings,
  state: RunState,
  changeId: string,
  tripped: Tripped,
  completion: Completion,
): ActionError {
  state.tripped = tripped;
  state.abort = { trigger: 'breaker', result: tripped.abort };
  const names = tripped.instances.map((i) => `${i.instanceId} (${i.appStatus || 'no status'})`);
  const more = tripped.count > names.length ? ` and ${tripped.count - names.length} more` : '';
  const ended =
    completion.status === 'aborted'
      ? 'was aborted, and no batch after that was restarted'
      : `ended ${completion.status} (AbortChange: ${tripped.abort.kind}, ${tripped.abort.detail})`;
  return new ActionError(
    `Stopped the rolling restart of ${settings.envId}: instance(s) ${names.join(', ')}${more} did not become ` +
      `healthy within health-timeout (${secs(settings.healthTimeoutMs)}) after the restart took them down; ` +
      `change ${changeId} ${ended}.`,
    `Look at the application's log on those instances in the WebPlus console (${consoleUrl(settings.envId, settings.region)}) before restarting again.`,
  );
}

/**
 * A breaker read that fails for any reason but cancellation is dropped (the next poll reads the
 * instances again); a cancellation goes on up. (The debug line's "events:" is kept as it was.)
 */
function ignoreUnlessAbort(error: unknown): void {
  if (isAbort(error)) throw error;
  core.debug(`events: ${String(error)}`);
}

/** Waits for healthy instances; sets the counts as outputs; fails when the time runs out. */
async function healthStep(step: StepContext): Promise<Health> {
  const { settings, state, waits: deps } = step;
  const start = deps.clock.now();
  const plan = {
    retry: step.budget,
    envId: settings.envId,
    healthTimeoutMs: settings.healthTimeoutMs,
  };
  const health = await inGroup(
    'Wait for healthy instances',
    () => waitForHealthy(plan, { ...deps, warning: (line) => core.warning(line) }),
    () => {
      state.timeline.health = { start, end: deps.clock.now() };
    },
  );
  state.health = health;
  if (health.counts) {
    core.setOutput('healthy-instances', String(health.counts.healthy));
    core.setOutput('unhealthy-instances', String(notHealthy(health.counts)));
  }
  if (health.status === 'timed-out') {
    const named = health.instances ? namedInstances(unhealthyInstances(health.instances)) : '';
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
  const envId = state.settings?.envId ?? (ctx.input('env-id') || '(not given)');
  const outcome = outcomeOfError(error, state.stage, state.progress, envId, {
    consoleUrl: consoleUrl(envId, state.settings?.region),
    ...(state.completion ? { changeStatus: state.completion.status } : {}),
  });
  if (outcome.reason?.startsWith('unexpected error') && error instanceof Error) {
    core.debug(ctx.clean(await mappedStack(error)));
  }
  return outcome;
}

/**
 * Annotations only where a person must act or should know: a failure with its hint, a paused
 * change to resume, a weakened exactly-once guarantee. A success is a log line and the summary.
 */
function announce(outcome: Outcome, state: RunState, clean: (text: string) => string): void {
  if (weakenedGuarantee(outcome, state.progress)) {
    core.warning(clean(baselineRefusedWarning(state.progress.baselineRefused)), {
      title: 'Exactly-once guarantee weakened',
    });
  }
  switch (outcome.kind) {
    case 'started':
    case 'succeeded':
    case 'checked':
      core.info(clean(outcome.sentence));
      return;
    case 'paused':
      core.notice(clean(outcome.sentence), { title: 'Restart paused' });
      return;
    default: {
      const reason = outcome.annotation ?? outcome.reason ?? outcome.sentence;
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
    await writeSummary(summaryModel(outcome, state, ctx.input), ctx.clean);
  } catch (error) {
    core.warning(ctx.clean(`Could not write the job summary: ${errorMessage(error)}`));
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

async function resolveCredentials(
  settings: Settings,
  budget: RetryBudget,
  ctx: Context,
): Promise<CredentialSource> {
  const { log, input, env } = ctx;
  if (settings.oidc) {
    rejectKeysBesideRole(input);
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
        retry: budget,
        oidc: settings.oidc,
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
        debug: (line) => core.debug(ctx.clean(line)),
        // The session's secrets and their encoded forms, as the static keys' are.
        mask: (value) => {
          for (const form of withEncodedForms([value])) {
            core.setSecret(form);
            if (!ctx.secrets.includes(form)) ctx.secrets.push(form);
          }
        },
        ...(ctx.random ? { random: ctx.random } : {}),
      },
      env,
    );
  }
  const fixed = credentialsFromInputs(input) ?? credentialsFromEnv(env);
  if (!fixed) throw missingCredentialsError();
  if (fixed.source !== 'inputs') log(`Using credentials from ${fixed.source}.`);
  const { source, ...credentials } = fixed;
  return { source, getCredentials: () => Promise.resolve(credentials) };
}
