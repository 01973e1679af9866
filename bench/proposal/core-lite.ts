/**
 * A proposal, measured by bench/startup.ts, not used by the action: the parts of @actions/core
 * that the action needs before its first request, written against the runner's documented
 * workflow-command protocol, so that @actions/core (which loads @actions/http-client and undici
 * at its top, about 80 ms on the benchmark machine) is loaded only when the job summary is
 * written or an OIDC token is fetched. See docs/benchmarks.md, "Time to first request".
 *
 * The benchmark builds a copy of src/ with `import * as core from '@actions/core'` replaced by
 * this module in main.ts and oidc.ts, and report.ts's `core.summary` by a dynamic import.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

type Properties = { title?: string; file?: string; startLine?: number };

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function issue(command: string, message = '', properties: Properties = {}): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function setSecret(secret: string): void {
  issue('add-mask', secret);
}

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(EOL);
    issue('set-output', value, { title: name });
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issue('debug', message);
}

export function warning(message: string, properties: Properties = {}): void {
  issue('warning', message, properties);
}

export function notice(message: string, properties: Properties = {}): void {
  issue('notice', message, properties);
}

export function error(message: string, properties: Properties = {}): void {
  issue('error', message, properties);
}

export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

export function startGroup(name: string): void {
  issue('group', name);
}

export function endGroup(): void {
  issue('endgroup');
}

export function isDebug(): boolean {
  return process.env.RUNNER_DEBUG === '1';
}

/** Needs the OIDC client: loads @actions/core then, on the OIDC path only. */
export async function getIDToken(audience?: string): Promise<string> {
  const core = await import('@actions/core');
  return core.getIDToken(audience);
}
