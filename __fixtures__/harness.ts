/**
 * Runs the action in-process the way the runner would (INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files), capturing everything it writes to stdout.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../src/clock.js';
import { AbortedError } from '../src/clock.js';
import { run } from '../src/main.js';
import { TEST_CREDENTIALS } from '../emulator/state.js';

export const ENV_ID = 'we-5d39b8ba6786bd4b1490abcd';

export interface VirtualClock extends Clock {
  /** Every delay slept, in order. */
  sleeps: number[];
  advance(ms: number): void;
}

/**
 * A clock whose sleep returns at once and moves time forward by the delay. It starts on a
 * whole second, so that ages read through the service's `Date` header (second resolution)
 * come out the same on every run.
 */
export function virtualClock(start = Math.floor(Date.now() / 1000) * 1000): VirtualClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    sleep: async (ms, signal) => {
      if (signal.aborted) throw new AbortedError();
      sleeps.push(ms);
      t += ms;
      await Promise.resolve();
    },
  };
}

/** A seeded random source (LCG), so jitter is repeatable. */
export function seededRandom(seed = 42): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

// One pair of files for the whole test process: @actions/core's summary caches the path it
// first wrote to, so a fresh path per run would send later summaries to a deleted file.
const dir = mkdtempSync(join(tmpdir(), 'webplus-run-'));
const outputFile = join(dir, 'output');
const summaryFile = join(dir, 'summary');

/** Removes the run files. */
export function removeRunFiles(): void {
  rmSync(dir, { recursive: true, force: true });
}
// Under jest (which loads this module once per test file), after that file's last test.
(globalThis as { afterAll?: (fn: () => void) => void }).afterAll?.(removeRunFiles);

export interface RunResult {
  stdout: string;
  outputs: Record<string, string>;
  /** GITHUB_OUTPUT as written, to see how often each output was set. */
  outputFile: string;
  summary: string;
  failed: boolean;
}

const PREFIXES = [
  'INPUT_',
  'ALIBABA_CLOUD_',
  'ALIBABACLOUD_',
  'ALICLOUD_',
  'ACTIONS_ID_TOKEN_',
  'GITHUB_',
  'RUNNER_DEBUG',
];

export interface RunOptions {
  env?: Record<string, string>;
  clock?: Clock;
  random?: () => number;
  signal?: AbortSignal;
  /** Default: the emulator's test key pair as inputs. */
  credentials?: boolean;
}

export async function runAction(
  inputs: Record<string, string>,
  options: RunOptions = {},
): Promise<RunResult> {
  const saved = { ...process.env };
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  for (const key of Object.keys(process.env)) {
    if (PREFIXES.some((p) => key.startsWith(p))) delete process.env[key];
  }
  const all: Record<string, string> =
    options.credentials === false
      ? inputs
      : {
          'access-key-id': TEST_CREDENTIALS.accessKeyId,
          'access-key-secret': TEST_CREDENTIALS.accessKeySecret,
          ...inputs,
        };
  for (const [name, value] of Object.entries(all))
    process.env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(
    process.env,
    { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile },
    options.env ?? {},
  );

  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  const exitCodeBefore = process.exitCode;
  try {
    await run({
      clock: options.clock ?? virtualClock(),
      signal: options.signal ?? new AbortController().signal,
      ...(options.random ? { random: options.random } : {}),
    });
  } finally {
    process.stdout.write = write;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  const failed = process.exitCode === 1;
  process.exitCode = exitCodeBefore;
  const result = {
    stdout,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    outputFile: readFileSync(outputFile, 'utf8'),
    summary: readFileSync(summaryFile, 'utf8'),
    failed,
  };
  return result;
}

/** Reads GITHUB_OUTPUT's `name<<delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const [, name, delimiter] = m;
    const value: string[] = [];
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '');
    outputs[name as string] = value.join('\n');
  }
  return outputs;
}

/** Lines of raw output that carry `secret` other than the runner's own ::add-mask:: command. */
export function leaks(stdout: string, secret: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes(secret) && !line.startsWith('::add-mask::'));
}
