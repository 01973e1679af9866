/**
 * The runner protocol — workflow commands, GITHUB_OUTPUT, the job summary — from
 * @actions/core's own modules, without its entry point: that one imports the ID-token client
 * (@actions/http-client and undici, about 40 ms before the first request; docs/benchmarks.md),
 * which only a keyless run needs (src/oidc.ts, loaded for it alone, imports @actions/core).
 * The functions below are @actions/core 3's own, over its own command writers; the package
 * exports nothing but its entry point, so its modules are named by path.
 */
import { EOL } from 'node:os';
import type { AnnotationProperties } from '@actions/core';
import { issue, issueCommand } from '../node_modules/@actions/core/lib/command.js';
import {
  issueFileCommand,
  prepareKeyValueMessage,
} from '../node_modules/@actions/core/lib/file-command.js';
import { toCommandProperties, toCommandValue } from '../node_modules/@actions/core/lib/utils.js';

export { summary } from '../node_modules/@actions/core/lib/summary.js';

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) {
    issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    return;
  }
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, toCommandValue(value));
}

export function setFailed(message: string): void {
  process.exitCode = 1;
  issueCommand('error', {}, message);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', toCommandProperties(properties), message);
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('notice', toCommandProperties(properties), message);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function startGroup(name: string): void {
  issue('group', name);
}

export function endGroup(): void {
  issue('endgroup');
}
