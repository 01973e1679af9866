/**
 * Server text is data against both workflow-command syntaxes the runner reads: `::name::` at
 * a line start and the legacy `##[name]` anywhere in a line. Every printed line of a run is put
 * through a port of the runner's own parse rules (__fixtures__/runner-commands.ts), over
 * hostile text in every field that reaches the log (fast-check, seeded).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { startEmulator, type Emulator } from '../emulator/server.js';
import {
  startIdTokenServer,
  stsOf,
  stsRoutes,
  TEST_OIDC_PROVIDER_ARN,
  TEST_ROLE_ARN,
  type IdTokenServer,
} from '../emulator/sts.js';
import { runAction, seededRandom, virtualClock } from '../__fixtures__/harness.js';
import {
  parseLegacyCommand,
  parseRunnerCommand,
  runnerCommands,
} from '../__fixtures__/runner-commands.js';
import { breakCommands, serviceText } from '../src/service-text.js';

/** Every hostile command carries this in its name, properties or data; no secret holds it. */
const MARK = 'PWN!';
/** The commands @actions/core writes for the action. */
const OWN = new Set(['add-mask', 'debug', 'group', 'endgroup', 'notice', 'warning', 'error']);

/**
 * Command lines of `stdout` the action did not mean to write: the legacy syntax (the action
 * never writes it), a command it never writes, or one whose name or properties carry the mark
 * (the action's own properties are fixed), or a mask of marked text.
 */
function injected(stdout: string): string[] {
  return runnerCommands(stdout)
    .filter(
      (c) =>
        c.syntax === '##[' ||
        !OWN.has(c.command) ||
        `${c.command} ${c.properties}`.includes(MARK) ||
        (c.command === 'add-mask' && c.data.includes(MARK)),
    )
    .map((c) => c.line);
}

const PAYLOADS = [
  `##[set-output name=${MARK}]x`,
  `##[warning title=${MARK}]forged`,
  `##[notice file=${MARK}]forged`,
  `##[error ${MARK}]forged`,
  `##[ERROR ${MARK}]forged`,
  `##[stop-commands]${MARK}`,
  `##[${MARK}]`,
  `##[add-mask]${MARK}`,
  `###[add-path]${MARK}`,
  `##[endgroup ${MARK}]`,
  `::warning title=${MARK}::forged`,
  `::set-output name=${MARK}::x`,
  `::stop-commands::${MARK}`,
  `::add-mask::${MARK}`,
  `  ::error ${MARK}::forged`,
  `::group ${MARK}::g`,
  `::echo ${MARK}::on`,
];
const SEPARATORS = ['', ' ', '\n', '\r\n', '\r', '\u2028', '\t', '#', '##', '[', ']', ':', '%0A'];

/** Hostile service text: commands of both syntaxes, joined by line breaks, marks and noise. */
const hostileText = fc
  .array(
    fc.tuple(
      fc.constantFrom(...SEPARATORS),
      fc.constantFrom(...PAYLOADS),
      fc.string({ maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((parts) => parts.map(([sep, payload, noise]) => `${sep}${payload}${noise}`).join(''));

describe('the parse rules, ported', () => {
  it.each([
    ['::warning::x', 'warning'],
    ['  ::set-output name=a::x', 'set-output'],
    ['::WARNING::x', 'WARNING'],
    ['text ##[set-output name=a]x', 'set-output'],
    ['2026-01-01T00:00:00Z INFO ##[stop-commands]tok', 'stop-commands'],
    ['a ##[add-mask]b', 'add-mask'],
  ])('%j is a command (%s)', (line, command) => {
    expect(parseRunnerCommand(line)?.command).toBe(command);
  });

  it.each(['::unknown::x', 'x ::warning::y', '##[warning', '# #[warning]x', ': :warning::x'])(
    '%j is not',
    (line) => {
      expect(parseRunnerCommand(line)).toBeUndefined();
    },
  );

  it('a stop token is a command until it resumes', () => {
    const found = runnerCommands('::stop-commands::tok\n::tok::\n##[tok]\n');
    expect(found.map((c) => c.command)).toEqual(['stop-commands', 'tok', 'tok']);
  });
});

describe('serviceText and the log boundary break both syntaxes', () => {
  it('for any text, no line of the result parses as a command (property)', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ maxLength: 60 })), (text) => {
        const neutral = serviceText(text);
        expect(neutral).not.toMatch(/[\n\r]/);
        expect(parseRunnerCommand(neutral)).toBeUndefined();
        // Mid-line too: whatever the line printed before it.
        expect(parseLegacyCommand(`prefix ${neutral}`)).toBeUndefined();
        for (const line of breakCommands(text).split('\n')) {
          expect(parseRunnerCommand(line)).toBeUndefined();
        }
        expect(breakCommands(breakCommands(text))).toBe(breakCommands(text));
      }),
      { seed: 20261206, numRuns: 2000 },
    );
  });
});

type Place =
  | 'event'
  | 'throttling-code'
  | 'error-message'
  | 'blocking-action-name'
  | 'change-message'
  | 'instance-status'
  | 'sts-role-arn'
  | 'sts-throttling-code'
  | 'id-token-error';

const PLACES: Place[] = [
  'event',
  'throttling-code',
  'error-message',
  'blocking-action-name',
  'change-message',
  'instance-status',
  'sts-role-arn',
  'sts-throttling-code',
  'id-token-error',
];

/** Tried per run of this file. */
const RUNS = Number(process.env.WORKFLOW_COMMAND_RUNS ?? 200);

describe('no printed line of a run is a command the action did not issue', () => {
  let em: Emulator;
  let github: IdTokenServer;
  let now = 0;
  let runs = 0;
  let envId = '';
  beforeAll(async () => {
    em = await startEmulator({ now: () => now, routes: stsRoutes });
    github = await startIdTokenServer({ token: (aud) => stsOf(em.state).mintIdToken(aud) });
  });
  afterAll(async () => {
    await em.close();
    await github.close();
  });

  /** Plants `text` where `place` says, and returns the run's inputs. */
  function plant(place: Place, text: string): Record<string, string> {
    const inputs: Record<string, string> = {
      'env-id': envId,
      endpoint: em.url,
      'retry-base-delay': '1',
      'retry-max-delay': '5',
      'request-timeout': '5',
    };
    switch (place) {
      case 'event':
        inputs['wait-for-completion'] = 'true';
        for (let i = 0; i < 40; i++) {
          em.faults.push('DescribeEvents', {
            kind: 'rewrite',
            edit: (body) => {
              const events = body.Events as { Event: Array<Record<string, unknown>> };
              events.Event.push({
                EventId: `ev-hostile`,
                EventTimestamp: now,
                EventLevel: text,
                EnventName: text,
                EventMessage: text,
              });
              return body;
            },
          });
        }
        break;
      case 'throttling-code':
        em.faults.push('RestartAppEnv', {
          kind: 'body',
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({ Code: `Throttling${text}`, Message: text, RequestId: text }),
        });
        break;
      case 'error-message':
        em.faults.push('RestartAppEnv', {
          kind: 'error',
          status: 403,
          code: 'StatusNotAllowedRestart',
          message: text,
        });
        break;
      case 'blocking-action-name':
        em.state.startChange(envId, { actionName: text, durationMs: 3000 });
        break;
      case 'change-message':
        inputs['wait-for-completion'] = 'true';
        em.state.updateEnv(envId, { restartOutcome: 'failed', restartMessage: text });
        break;
      case 'instance-status':
        inputs['wait-for-healthy'] = 'true';
        inputs['health-timeout'] = '20';
        em.state.updateEnv(envId, { unhealthyAfterRestart: 1 });
        for (let i = 0; i < 10; i++) {
          em.faults.push('DescribeAppEnvInstanceHealth', {
            kind: 'rewrite',
            edit: (body) => {
              const health = body.EnvInstanceHealth as {
                InstanceHealthList?: { InstanceHealth: Array<Record<string, unknown>> };
              };
              for (const i of health.InstanceHealthList?.InstanceHealth ?? []) {
                i.AppStatus = text;
                i.InstanceId = `i-1 ${text}`;
              }
              return body;
            },
          });
        }
        break;
      case 'sts-role-arn':
      case 'sts-throttling-code':
      case 'id-token-error':
        Object.assign(inputs, {
          'role-to-assume': TEST_ROLE_ARN,
          'oidc-provider-arn': TEST_OIDC_PROVIDER_ARN,
          'sts-endpoint': em.url,
        });
        if (place === 'id-token-error') {
          inputs['wait-timeout'] = '3';
        } else if (place === 'sts-role-arn') {
          em.faults.push('AssumeRoleWithOIDC', {
            kind: 'rewrite',
            edit: (body) => ({ ...body, AssumedRoleUser: { Arn: text } }),
          });
        } else {
          em.faults.push('AssumeRoleWithOIDC', {
            kind: 'body',
            status: 400,
            contentType: 'application/json',
            body: JSON.stringify({ Code: `Throttling${text}`, Message: text, RequestId: 'r' }),
          });
        }
        break;
    }
    return inputs;
  }

  it(`over ${RUNS} runs with hostile text in ${PLACES.length} places (property)`, async () => {
    let printed = 0;
    const counts = new Map<Place, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PLACES), hostileText, async (place, text) => {
        const clock = virtualClock();
        now = clock.now();
        envId = `we-${(runs++).toString(16).padStart(24, '0')}`;
        em.faults.clear();
        em.state.addEnv({ envId, restartDurationMs: 4000, instances: 2 });
        const inputs = plant(place, text);
        const oidc = 'role-to-assume' in inputs;
        // GitHub's token endpoint answering an error page with the hostile text.
        const failing =
          place === 'id-token-error'
            ? await startIdTokenServer({ token: '', answer: { status: 503, body: text } })
            : undefined;
        const r = await runAction(inputs, {
          clock: {
            ...clock,
            sleep: async (ms, signal) => {
              await clock.sleep(ms, signal);
              now = clock.now();
            },
          },
          random: seededRandom(7),
          ...(oidc ? { credentials: false, env: (failing ?? github).env } : {}),
        }).finally(() => failing?.close());
        counts.set(place, (counts.get(place) ?? 0) + 1);
        if (r.stdout.includes(MARK)) printed += 1;
        expect(injected(r.stdout)).toEqual([]);
      }),
      { seed: 20261206, numRuns: RUNS },
    );
    // The hostile text did reach the log (neutralised) in most runs: the test is not vacuous.
    expect(printed).toBeGreaterThan(RUNS * 0.7);
    expect(counts.size).toBe(PLACES.length);
    console.log(
      `workflow commands: ${RUNS} runs, hostile text printed in ${printed}; per place ${JSON.stringify(Object.fromEntries(counts))}`,
    );
  });
});
