/**
 * Wires the data path together: inputs → credentials → client → restart → (completion) →
 * report. Owns the single top-level catch and the cancellation signals.
 */
import * as core from '@actions/core';
import type { Random } from './backoff.js';
import { isAbort, realClock, type Clock } from './clock.js';
import { waitForCompletion, type Completion } from './completion.js';
import {
  credentialsFromEnv,
  credentialsFromInputs,
  missingCredentialsError,
  rejectKeysBesideRole,
  secretValues,
} from './credentials.js';
import { ActionError, scrub } from './errors.js';
import { InputError, parseSettings, type Settings } from './inputs.js';
import { assumeRoleWithGitHubOidc, type CredentialSource } from './oidc.js';
import {
  ACTION_NAME,
  consoleUrl,
  setStartOutputs,
  writeSummary,
  type RunReport,
} from './report.js';
import { isoTime, secs } from './format.js';
import { newProgress, restart, type RestartProgress } from './restart.js';
import { createWebPlusClient, type WebPlusClient } from './webplus-client.js';

export interface RunOverrides {
  clock?: Clock;
  random?: Random;
  /** Aborting it acts like SIGTERM (tests); by default SIGINT/SIGTERM abort the run. */
  signal?: AbortSignal;
}

export async function run(overrides: RunOverrides = {}): Promise<void> {
  const clock = overrides.clock ?? realClock;
  const runStartedAt = clock.now();
  const env = process.env;
  const read = (name: string) => core.getInput(name);

  // Masked before anything else can be printed, even an input error; the encoded forms a
  // server might echo too.
  const secrets = withEncodedForms(secretValues(read, env));
  for (const secret of secrets) core.setSecret(secret);
  const clean = (text: string) => scrub(text, secrets);
  const log = (line: string) => core.info(clean(line));
  // pop-core's `debug` would print the string-to-sign (security token included) for DEBUG=roa.
  delete process.env.DEBUG;
  silenceNodeDebug();

  const controller = new AbortController();
  let crash: unknown;
  const onCrash = (error: unknown) => {
    // Whatever a server makes the HTTP layer throw ends the run through the catch below.
    crash ??= error;
    controller.abort();
  };
  process.on('uncaughtException', onCrash);
  let releaseSignals = () => undefined as void;
  if (overrides.signal) {
    overrides.signal.addEventListener('abort', () => controller.abort(), { once: true });
  } else {
    // Installed by index.ts before anything else loaded; taken over here.
    const { onCancel } = await import('./signals.js');
    releaseSignals = onCancel((name) => {
      if (controller.signal.aborted) return;
      log(`Received ${name}: stopping.`);
      controller.abort();
    });
  }
  const signal = controller.signal;

  // What every module that waits needs: the clock, the cancellation, the log, the jitter.
  const waits = { clock, signal, log, ...(overrides.random ? { random: overrides.random } : {}) };
  const progress: RestartProgress = newProgress();
  let settings: Settings | undefined;
  let client: WebPlusClient | undefined;
  let completion: Completion | undefined;
  let failure: string | undefined;
  let outcome = 'not started';
  let startOutputsSet = false;

  try {
    settings = parseSettings(read, env);
    core.setOutput('env-id', settings.envId);
    const credentials = await resolveCredentials(settings, read, env, {
      ...waits,
      secrets,
      runStartedAt,
    });
    core.debug(`endpoint ${settings.endpoint}, credentials from ${credentials.source}`);

    client = await createWebPlusClient({
      endpoint: settings.endpoint,
      getCredentials: () => credentials.getCredentials(),
      debug: (line) => core.debug(clean(line)),
    });

    core.startGroup(`Restart ${settings.envId}`);
    try {
      await restart(
        {
          envId: settings.envId,
          batch: settings.batch,
          retryBaseDelayMs: settings.retryBaseDelayMs,
          retryMaxDelayMs: settings.retryMaxDelayMs,
          requestTimeoutMs: settings.requestTimeoutMs,
          deadline: runStartedAt + settings.waitTimeoutMs,
          waitTimeoutMs: settings.waitTimeoutMs,
        },
        { client, ...waits },
        progress,
      );
    } finally {
      core.endGroup();
    }
    setStartOutputs(progress);
    startOutputsSet = true;
    outcome = 'restart started';
    const changeId = progress.changeId ?? '';
    if (progress.startTime === undefined) {
      core.warning('The service sent no usable StartTime: the start-time output is not set.');
    }
    log(
      `Restart started: change ${changeId} at ${isoTime(progress.startTime) || 'an unknown time'} ` +
        `after ${progress.attempts} RestartAppEnv call(s). Console: ${consoleUrl(settings.envId, settings.region)}`,
    );

    if (settings.waitForCompletion) {
      core.startGroup(`Wait for change ${changeId}`);
      try {
        completion = await waitForCompletion(
          {
            changeId,
            envId: settings.envId,
            retryBaseDelayMs: settings.retryBaseDelayMs,
            retryMaxDelayMs: settings.retryMaxDelayMs,
            requestTimeoutMs: settings.requestTimeoutMs,
            completionTimeoutMs: settings.completionTimeoutMs,
          },
          { client, ...waits },
        );
      } finally {
        core.endGroup();
      }
      core.setOutput('change-status', completion.status);
      if (completion.change.finishTime !== undefined) {
        core.setOutput('finish-time', String(completion.change.finishTime));
      }
      outcome = `restart ${completion.status}`;
      if (completion.status === 'paused') {
        core.notice(
          `Change ${changeId} is paused between batches: resume it (ResumeChange) in the WebPlus console.`,
          { title: 'Restart paused' },
        );
      } else if (completion.status !== 'succeeded') {
        const message = completion.change.changeMessage || '(the service gave no ChangeMessage)';
        throw new ActionError(
          `Change ${changeId} ended ${completion.status}: ${message}`,
          `See the change's log in the WebPlus console: ${consoleUrl(settings.envId, settings.region)}`,
        );
      } else {
        core.notice(
          `Environment ${settings.envId} restarted (change ${changeId}) in ${secs(completion.elapsedMs)}.`,
          {
            title: 'Restart succeeded',
          },
        );
      }
    } else {
      core.notice(`Restart of ${settings.envId} started: change ${changeId}.`, {
        title: 'Restart started',
      });
    }
  } catch (error) {
    try {
      if (!startOutputsSet) setStartOutputs(progress);
    } catch (outputError) {
      // The one place a failure could escape the top-level catch: say it, and go on.
      core.warning(clean(`Could not set the outputs: ${String(outputError)}`));
    }
    if (crash !== undefined) {
      outcome = progress.state === 'started' ? `${outcome}` : 'outcome unknown';
      failure = `unexpected error: ${crash instanceof Error ? crash.message : String(crash)}; the restart ${whereItStands(progress)}.`;
    } else if (isAbort(error)) {
      outcome = 'cancelled';
      failure = `Cancelled; the restart ${whereItStands(progress)}.`;
    } else if (error instanceof InputError || error instanceof ActionError) {
      failure = error.message;
      if (outcome === 'not started')
        outcome = progress.state === 'unknown' ? 'outcome unknown' : 'failed';
      else outcome = `${outcome}, then failed`;
      if (error instanceof ActionError && error.hint) log(`Hint: ${error.hint}`);
    } else {
      // A bug, not an expected failure: still one line, but say so.
      failure = `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
      outcome = 'failed';
      core.debug(clean(error instanceof Error ? await mappedStack(error) : String(error)));
    }
    core.setFailed(clean(`${ACTION_NAME} failed with: ${failure}`));
  } finally {
    client?.close();
    // Written on every path, an input error included (then with the raw env-id input).
    await writeReport(
      {
        envId: settings?.envId ?? (read('env-id') || '(not given)'),
        region: settings?.region,
        progress,
        outcome,
        ...(completion
          ? { changeStatus: completion.status, completionMs: completion.elapsedMs }
          : {}),
        ...(failure ? { error: failure } : {}),
      },
      clean,
    );
    releaseSignals();
    process.off('uncaughtException', onCrash);
  }
  // The bundle ends now, not when a request it stopped waiting for (a cancelled restart, a
  // silent ID-token endpoint) finally times out.
  if (!overrides.signal) process.exit();
}

/** The job summary; a failure to write it is a warning, never the step's result. */
async function writeReport(report: RunReport, clean: (text: string) => string): Promise<void> {
  try {
    await writeSummary(report, clean);
  } catch (error) {
    core.warning(
      clean(
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

function whereItStands(progress: RestartProgress): string {
  switch (progress.state) {
    case 'started':
      return `had started as change ${progress.changeId ?? '?'}`;
    case 'in-flight':
    case 'unknown':
      return 'may have started: a RestartAppEnv request was sent and no answer was received; check the console';
    default:
      return 'was not started';
  }
}

interface CredentialDeps {
  clock: Clock;
  signal: AbortSignal;
  log: (line: string) => void;
  /** The values clean() scrubs: every secret learnt later is pushed here too. */
  secrets: string[];
  runStartedAt: number;
  random?: Random;
}

async function resolveCredentials(
  settings: Settings,
  read: (name: string) => string,
  env: NodeJS.ProcessEnv,
  deps: CredentialDeps,
): Promise<CredentialSource> {
  const { log } = deps;
  if (settings.oidc) {
    rejectKeysBesideRole(read);
    const fromEnv = credentialsFromEnv(env);
    if (fromEnv) {
      log(`Ignoring the keys in ${fromEnv.source}: role-to-assume is set, so the role is assumed.`);
    }
    const waitMs = settings.waitTimeoutMs;
    return assumeRoleWithGitHubOidc(
      {
        oidc: settings.oidc,
        retryBaseDelayMs: settings.retryBaseDelayMs,
        retryMaxDelayMs: settings.retryMaxDelayMs,
        requestTimeoutMs: settings.requestTimeoutMs,
        deadline: deps.runStartedAt + waitMs,
        horizon:
          deps.runStartedAt +
          waitMs +
          (settings.waitForCompletion ? settings.completionTimeoutMs : 0),
      },
      {
        clock: deps.clock,
        signal: deps.signal,
        log,
        mask: (value) => {
          core.setSecret(value);
          if (!deps.secrets.includes(value)) deps.secrets.push(value);
        },
        ...(deps.random ? { random: deps.random } : {}),
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
