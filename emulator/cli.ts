/**
 * Starts the emulator for manual runs and demos:
 *   tsx emulator/cli.ts [--port N] [--env-id we-…]
 * prints KEY=value lines (usable as environment variables) and runs until SIGINT/SIGTERM.
 */
import { startEmulator } from './server.js';
import { TEST_CREDENTIALS, TEST_STS_CREDENTIALS } from './state.js';

/** The environment .env.example names, so the local loop works without editing it. */
export const DEFAULT_ENV_ID = 'we-000000000000000000000000';

function usage(): never {
  console.error('usage: tsx emulator/cli.ts [--port N] [--env-id we-<hex>]');
  process.exit(2);
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : (argv[i + 1] ?? usage());
}

const argv = process.argv.slice(2);
const port = Number(arg(argv, '--port') ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage();
const envId = arg(argv, '--env-id') ?? DEFAULT_ENV_ID;
if (!/^we-[0-9a-f]+$/.test(envId)) usage();

const emulator = await startEmulator({ port });
emulator.state.addEnv({ envId, envName: 'demo', restartDurationMs: 10_000 });

console.log(
  [
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
