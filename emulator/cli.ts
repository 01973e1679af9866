/**
 * Starts the emulator for manual runs and demos:
 *   tsx emulator/cli.ts [--port N] [--env-id we-…] [--scenario NAME] [--restart-seconds N]
 * prints KEY=value lines (usable as environment variables) and runs until SIGINT/SIGTERM.
 * `--help` lists the scenarios (emulator/scenarios.ts).
 */
import { applyScenario, isScenario, SCENARIOS, type ScenarioName } from './scenarios.js';
import { startEmulator } from './server.js';
import { TEST_CREDENTIALS, TEST_STS_CREDENTIALS } from './state.js';

/** The environment .env.example names, so the local loop works without editing it. */
export const DEFAULT_ENV_ID = 'we-000000000000000000000000';

function help(): string {
  const width = Math.max(...Object.keys(SCENARIOS).map((n) => n.length));
  return [
    'usage: tsx emulator/cli.ts [--port N] [--env-id we-<hex>] [--scenario NAME] [--restart-seconds N]',
    '',
    '  --port N             listen on 127.0.0.1:N (default: any free port)',
    `  --env-id we-<hex>    the environment (default ${DEFAULT_ENV_ID})`,
    '  --scenario NAME      the situation the environment starts in (default idle)',
    '  --restart-seconds N  how long a restart runs, all batches together (default 10)',
    '',
    'scenarios:',
    ...Object.entries(SCENARIOS).map(([name, s]) => `  ${name.padEnd(width)}  ${s.summary}`),
  ].join('\n');
}

function usage(problem: string): never {
  console.error(`${problem}\n\n${help()}`);
  process.exit(2);
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : (argv[i + 1] ?? usage(`${name} needs a value`));
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(help());
  process.exit(0);
}
const known = new Set(['--port', '--env-id', '--scenario', '--restart-seconds']);
for (let i = 0; i < argv.length; i += 2) {
  if (!known.has(argv[i] ?? '')) usage(`unknown option ${argv[i]}`);
}
const port = Number(arg(argv, '--port') ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage('--port must be 0 to 65535');
const envId = arg(argv, '--env-id') ?? DEFAULT_ENV_ID;
if (!/^we-[0-9a-f]+$/.test(envId)) usage('--env-id must be we- and hex digits');
const scenario = arg(argv, '--scenario') ?? 'idle';
if (!isScenario(scenario)) usage(`unknown scenario ${scenario}`);
const seconds = Number(arg(argv, '--restart-seconds') ?? 10);
if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
  usage('--restart-seconds must be a whole number from 1 to 86400');
}

const emulator = await startEmulator({ port });
applyScenario(emulator, scenario as ScenarioName, { envId, restartDurationMs: seconds * 1000 });

console.log(
  [
    `# scenario ${scenario}: ${SCENARIOS[scenario as ScenarioName].summary}`,
    `WEBPLUS_ENDPOINT=${emulator.url}`,
    `WEBPLUS_ENV_ID=${envId}`,
    `ALIBABA_CLOUD_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId}`,
    `ALIBABA_CLOUD_ACCESS_KEY_SECRET=${TEST_CREDENTIALS.accessKeySecret}`,
    `# STS test credentials (need the token):`,
    `# ALIBABA_CLOUD_ACCESS_KEY_ID=${TEST_STS_CREDENTIALS.accessKeyId}`,
    `# ALIBABA_CLOUD_ACCESS_KEY_SECRET=${TEST_STS_CREDENTIALS.accessKeySecret}`,
    `# ALIBABA_CLOUD_SECURITY_TOKEN=${TEST_STS_CREDENTIALS.securityToken}`,
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
