/**
 * Where the AccessKey comes from: the inputs, then three environment variable families (read
 * directly: @alicloud/credentials' default chain would go on to profile files and the instance
 * metadata address, which hangs or answers wrongly on a GitHub runner).
 */
import { InputError, type InputReader } from './inputs.js';
import type { Credentials } from './answers.js';
import { HEADER_SAFE } from './service-text.js';

const ENV_FAMILIES = [
  [
    'ALIBABA_CLOUD_ACCESS_KEY_ID',
    'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    'ALIBABA_CLOUD_SECURITY_TOKEN',
  ],
  ['ALIBABACLOUD_ACCESS_KEY_ID', 'ALIBABACLOUD_ACCESS_KEY_SECRET', 'ALIBABACLOUD_SECURITY_TOKEN'],
  ['ALICLOUD_ACCESS_KEY', 'ALICLOUD_SECRET_KEY', 'ALICLOUD_SECURITY_TOKEN'],
] as const;

interface StaticCredentials extends Credentials {
  /** Where they came from, for the log: "inputs" or the variable family. */
  source: string;
}

/**
 * Every value that must never be printed, from the inputs and the environment alike: main.ts
 * masks these before anything else is logged, even before the inputs are validated.
 */
export function secretValues(input: InputReader, env: NodeJS.ProcessEnv): string[] {
  const values = [input('access-key-secret'), input('security-token')];
  for (const [, secret, token] of ENV_FAMILIES) values.push(env[secret] ?? '', env[token] ?? '');
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
}

/** Keys given as inputs, or undefined when none were given. */
export function credentialsFromInputs(input: InputReader): StaticCredentials | undefined {
  const accessKeyId = input('access-key-id');
  const accessKeySecret = input('access-key-secret');
  const securityToken = input('security-token');
  if (!accessKeyId && !accessKeySecret) {
    if (securityToken) {
      throw new InputError('security-token', 'needs access-key-id and access-key-secret beside it');
    }
    return undefined;
  }
  if (!accessKeyId)
    throw new InputError('access-key-id', 'is required when access-key-secret is set');
  if (!accessKeySecret)
    throw new InputError('access-key-secret', 'is required when access-key-id is set');
  headerSafe('access-key-id', accessKeyId);
  headerSafe('access-key-secret', accessKeySecret);
  if (securityToken) headerSafe('security-token', securityToken);
  return {
    accessKeyId,
    accessKeySecret,
    securityToken: securityToken || undefined,
    source: 'inputs',
  };
}

/** The first complete variable family in the environment, or undefined. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): StaticCredentials | undefined {
  for (const [idName, secretName, tokenName] of ENV_FAMILIES) {
    const accessKeyId = env[idName]?.trim();
    const accessKeySecret = env[secretName]?.trim();
    if (accessKeyId && accessKeySecret) {
      const token = env[tokenName]?.trim();
      headerSafe(idName, accessKeyId);
      headerSafe(secretName, accessKeySecret);
      if (token) headerSafe(tokenName, token);
      return {
        accessKeyId,
        accessKeySecret,
        securityToken: env[tokenName]?.trim() || undefined,
        source: `${idName}/${secretName}`,
      };
    }
  }
  return undefined;
}

/**
 * A credential travels in a request header (the key ID, the token) or signs one (the secret):
 * a line break or a character outside visible ASCII would make Node refuse to build the
 * request, which must read as the input error it is, not as an outage. The value is never
 * echoed.
 */
function headerSafe(name: string, value: string): void {
  if (!HEADER_SAFE.test(value)) {
    throw new InputError(
      name,
      'holds a space, a line break or a character outside visible ASCII: check the secret for a stray newline or a pasted character',
    );
  }
}

export function missingCredentialsError(): InputError {
  const families = ENV_FAMILIES.map(([id, secret]) => `${id}/${secret}`).join(', ');
  return new InputError(
    'access-key-id',
    `no credentials found: set access-key-id and access-key-secret (from secrets), or role-to-assume with oidc-provider-arn, or the variables ${families}`,
  );
}

/** Keys given as inputs beside role-to-assume: ambiguous, so refused (before any request). */
export function rejectKeysBesideRole(input: InputReader): void {
  const given = ['access-key-id', 'access-key-secret', 'security-token'].filter((n) => input(n));
  if (given.length === 0) return;
  throw new InputError(
    'role-to-assume',
    `cannot be combined with ${given.join(', ')}: drop ${given.join(' and ')} to assume the role (keyless), ` +
      'or drop role-to-assume and oidc-provider-arn to use the keys',
  );
}
