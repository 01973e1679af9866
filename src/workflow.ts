/**
 * The runner's workflow commands and files, as far as the action needs them before and around
 * its first request. Written to the documented protocol (the same escaping as @actions/core)
 * so that @actions/core, whose import loads @actions/http-client and undici (about 80 ms,
 * docs/benchmarks.md), is loaded only for the job summary and the OIDC token.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

export interface AnnotationProperties {
  title?: string;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function issue(
  command: string,
  message = '',
  properties: Record<string, string | undefined> = {},
): void {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
}

/** An input as the runner passes it (INPUT_<NAME>, hyphens kept), trimmed; '' when unset. */
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
    issue('set-output', value, { name });
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

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issue('warning', message, { ...properties });
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issue('notice', message, { ...properties });
}

export function setFailed(message: string): void {
  process.exitCode = 1;
  issue('error', message);
}

export function startGroup(name: string): void {
  issue('group', name);
}

export function endGroup(): void {
  issue('endgroup');
}
