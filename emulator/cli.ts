/**
 * Starts the emulator for manual runs and demos:
 *   tsx emulator/cli.ts [--port N]
 * prints KEY=value lines (usable as environment variables) and runs until SIGINT/SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { startEmulator } from './server.js';
import { TEST_CREDENTIALS, TEST_STS_CREDENTIALS } from './state.js';

function portArg(argv: string[]): number {
  const i = argv.indexOf('--port');
  if (i < 0) return 0;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: tsx emulator/cli.ts [--port N]');
    process.exit(2);
  }
  return port;
}

const emulator = await startEmulator({ port: portArg(process.argv.slice(2)) });
const envId = `we-${randomBytes(12).toString('hex')}`;
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
