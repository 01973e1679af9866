/**
 * "Never restart twice", attacked the ways an adversarial run broke it: a request processed
 * late, 5xx answers in other formats after the service acted, skewed clocks, someone else's
 * restart, lists in another order or on another page, other environments' data, and a new
 * change not yet visible. Each case runs through real HTTP against the emulator and counts
 * the restart changes it holds afterwards.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ApiName } from '../emulator/faults.js';
import { startEmulator, type Emulator, type Fault } from '../emulator/server.js';
import { RESTART_ACTION } from '../emulator/state.js';
import {
  ENV_ID,
  runAction,
  seededRandom,
  virtualClock,
  type VirtualClock,
} from '../__fixtures__/harness.js';

const OTHER_ENV = 'we-0000000000000000000000aa';

let em: Emulator;
let clock: VirtualClock;

async function setUp(serviceSkewMs = 0, restartDurationMs = 120_000) {
  clock = virtualClock();
  em = await startEmulator({ now: () => clock.now(), serviceSkewMs });
  em.state.addEnv({ envId: ENV_ID, restartDurationMs });
  em.state.addEnv({ envId: OTHER_ENV, restartDurationMs });
}
afterEach(() => em.close());

const sends = () => em.requests.filter((r) => r.api === 'RestartAppEnv');
const ours = () => em.state.restartChanges(ENV_ID);
const base = (extra: Record<string, string> = {}) => ({
  'env-id': ENV_ID,
  endpoint: em.url,
  'retry-base-delay': '1',
  'retry-max-delay': '5',
  ...extra,
});
/**
 * RestartAppEnv suffers `fault`, and from then on `api` suffers `later` (so that the reads made
 * before the restart, whatever their number, are not affected).
 */
const restartThen = (fault: Fault, api: ApiName, ...later: Fault[]) =>
  em.faults.push('RestartAppEnv', {
    kind: 'hook',
    run: () => em.faults.push(api, ...later),
    then: fault,
  });

/** What RestartAppEnv would have done had it been processed now: a restart change. */
const lateRestart = () =>
  em.state.startChange(ENV_ID, {
    actionName: RESTART_ACTION,
    changeName: 'restart.env',
    durationMs: 120_000,
  });

describe('1. a request processed late', () => {
  it('processed after the look-up found nothing: the resend meets our own restart and adopts it', async () => {
    await setUp();
    // Attempt 1 gets no answer and is held by the service. The look-up finds nothing; just
    // before the resend arrives, the held request is processed.
    em.faults.push('RestartAppEnv', { kind: 'reset' }, { kind: 'hook', run: lateRestart });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    expect(r.stdout).toContain(
      'it is the only change new since this run began, and an attempt of this run got no trustworthy answer',
    );
    // It does not wait the change out and restart again.
    expect(sends()).toHaveLength(2);
  });

  it("processed once someone else's change ends: no resend while it runs, then adopted", async () => {
    await setUp();
    const apply = em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 20_000 });
    em.faults.push('RestartAppEnv', { kind: 'reset' });
    // The held request is processed the moment the Apply change ends.
    const sleep = clock.sleep;
    let processed = false;
    clock.sleep = async (ms, signal) => {
      await sleep(ms, signal);
      if (!processed && clock.now() >= apply.createTime + 20_000) {
        processed = true;
        em.state.finishChange(apply.changeId);
        lateRestart();
      }
    };
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    expect(sends()).toHaveLength(1);
    expect(r.stdout).toMatch(/No restart of this run's yet \(change wc-\w+ \(Apply\) holds/);
  });

  it('cancelled while the attempt is unresolved: says it may have started, not "not started"', async () => {
    await setUp();
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 600_000 });
    em.faults.push('RestartAppEnv', { kind: 'reset' });
    const controller = new AbortController();
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      if (clock.sleeps.length === 3) controller.abort();
      return sleep(ms, signal);
    };
    const r = await runAction(base(), { clock, signal: controller.signal });
    expect(r.failed).toBe(true);
    expect(r.stdout).toMatch(/Cancelled; the restart may have started/);
    expect(r.stdout).not.toContain('was not started');
  });
});

describe('2. a 5xx in any format, or a server-error Code, after the service acted', () => {
  const xml = (code: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>R-X</RequestId><HostId>h</HostId><Code>${code}</Code><Message>try later</Message></Error>`;
  it.each([
    [
      'XML 503 ServiceUnavailable',
      { status: 503, contentType: 'text/xml', body: xml('ServiceUnavailable') },
    ],
    ['XML 500 InternalError', { status: 500, contentType: 'text/xml', body: xml('InternalError') }],
    ['XML 400 InternalError', { status: 400, contentType: 'text/xml', body: xml('InternalError') }],
    [
      '200 whose Code is InternalError',
      {
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ Code: 'InternalError', Message: 'oops', RequestId: 'R-J' }),
      },
    ],
    ['plain-text 500', { status: 500, contentType: 'text/plain', body: 'upstream error' }],
  ])('%s: an unknown outcome, settled by a look-up: one restart', async (_name, answer) => {
    await setUp();
    em.faults.push('RestartAppEnv', { kind: 'body', afterProcessing: true, ...answer });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(sends()).toHaveLength(1);
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    expect(r.stdout).toMatch(/No trustworthy answer \(the service failed/);
  });
});

describe('3. clock skew between runner and service', () => {
  it.each([-5 * 60_000, 5 * 60_000, 14 * 60_000])(
    'service clock off by %i ms: adopts its own restart, sends once',
    async (skew) => {
      await setUp(skew);
      em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
      const r = await runAction(base(), { clock, random: seededRandom() });
      expect(r.failed).toBe(false);
      expect(sends()).toHaveLength(1);
      expect(ours()).toHaveLength(1);
      expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    },
  );

  it.each([-5 * 60_000, 5 * 60_000])(
    "service clock off by %i ms: another pipeline's restart from 2 minutes earlier is not adopted",
    async (skew) => {
      await setUp(skew);
      const theirs = em.state.startChange(ENV_ID, {
        actionName: RESTART_ACTION,
        changeName: 'restart.env',
        durationMs: 30_000,
        createTime: clock.now() - 120_000,
      });
      em.faults.push('RestartAppEnv', { kind: 'reset' });
      const r = await runAction(base(), { clock, random: seededRandom() });
      expect(r.failed).toBe(false);
      expect(r.outputs['change-id']).not.toBe(theirs.changeId);
      expect(ours()).toHaveLength(2);
      expect(sends()).toHaveLength(2);
    },
  );
});

describe('4. a restart new since this run began is never followed by a second', () => {
  it('another pipeline restarts while we wait: adopted, saying it may be another run’s; nothing sent again', async () => {
    await setUp(0, 10_000);
    // Busy when we start; when that change ends, another pipeline restarts. A refusal can come
    // after the service acted, so the new restart could be this run's: no evidence rules it
    // out (its time is no evidence), and a second restart is the one thing never allowed.
    const apply = em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 20_000 });
    let theirs: string | undefined;
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      await sleep(ms, signal);
      if (theirs || clock.now() < apply.createTime + 20_000) return;
      em.state.finishChange(apply.changeId);
      theirs = em.state.startChange(ENV_ID, {
        actionName: RESTART_ACTION,
        changeName: 'restart.env',
        durationMs: 10_000,
      }).changeId;
      clock.advance(45_000);
    };
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(theirs);
    expect(sends()).toHaveLength(1);
    expect(r.stdout).toContain('attempt 1 was refused (EnvOnChanging: ');
    expect(r.stdout).toContain('it may also have been started by another run or by hand');
  });
});

describe('5. no assumption about the list', () => {
  it('our change pushed to page 2 by newer changes: still found', async () => {
    await setUp();
    restartThen({ kind: 'reset', afterProcessing: true }, 'DescribeAppEnvStatus', {
      kind: 'hook',
      run: () => {
        em.state.finishChange(ours()[0]?.changeId ?? '');
        for (let i = 0; i < 60; i++) {
          clock.advance(10);
          em.state.startChange(ENV_ID, { actionName: 'GatherLog', durationMs: 1 });
        }
        clock.advance(10);
      },
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(sends()).toHaveLength(1);
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    const pages = em.requests
      .filter((q) => q.api === 'DescribeChanges')
      .map((q) => q.params.PageNumber);
    expect(pages).toEqual(['1', '1', '2']);
  });

  it('oldest-first order with a long history: our change is on the last page, found', async () => {
    await setUp();
    em.state.listOrder = 'oldest-first';
    for (let i = 0; i < 130; i++) {
      em.state.startChange(ENV_ID, {
        actionName: 'Apply',
        durationMs: 1000,
        createTime: clock.now() - 1_000_000 + i * 5000,
      });
    }
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(sends()).toHaveLength(1);
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
  });

  it('oldest-first, and a newer change on top of ours: ours is still found', async () => {
    await setUp();
    em.state.listOrder = 'oldest-first';
    for (let i = 0; i < 30; i++) {
      em.state.startChange(ENV_ID, {
        actionName: 'Apply',
        durationMs: 1000,
        createTime: clock.now() - 1_000_000 + i * 5000,
      });
    }
    restartThen({ kind: 'reset', afterProcessing: true }, 'DescribeAppEnvStatus', {
      kind: 'hook',
      run: () => {
        clock.advance(1000);
        em.state.startChange(ENV_ID, { actionName: 'GatherLog', durationMs: 1 });
        clock.advance(10);
      },
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(sends()).toHaveLength(1);
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
  });

  it('ApplyingChange with no LatestChangeId and a list that lags: waits, never resends', async () => {
    await setUp();
    // The first look-up sees the environment applying a change it cannot name yet, and a
    // list that does not show it yet.
    restartThen({ kind: 'reset', afterProcessing: true }, 'DescribeAppEnvStatus', {
      kind: 'hook',
      run: () =>
        em.faults.push('DescribeChanges', {
          kind: 'rewrite',
          edit: (body) => ({ ...body, TotalCount: 0, Changes: { Change: [] } }),
        }),
      then: {
        kind: 'rewrite',
        edit: (body) => {
          const status = body.EnvStatus as Record<string, unknown>;
          delete status.LatestChangeId;
          return body;
        },
      },
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(sends()).toHaveLength(1);
    expect(ours()).toHaveLength(1);
    expect(r.stdout).toContain(
      "No restart of this run's yet (the environment is applying a change)",
    );
  });
});

describe('6. answers about other environments or other changes are not ours', () => {
  it("a LatestChangeId naming another environment's restart is not adopted", async () => {
    await setUp();
    restartThen({ kind: 'reset' }, 'DescribeAppEnvStatus', {
      kind: 'rewrite',
      edit: (body) => {
        const foreign = em.state.startChange(OTHER_ENV, {
          actionName: RESTART_ACTION,
          changeName: 'restart.env',
          durationMs: 1000,
        });
        (body.EnvStatus as Record<string, unknown>).LatestChangeId = foreign.changeId;
        return body;
      },
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    expect(em.state.restartChanges(OTHER_ENV).map((c) => c.changeId)).not.toContain(
      r.outputs['change-id'],
    );
  });

  it('a RestartAppEnv answer naming another environment is malformed: settled by a look-up', async () => {
    await setUp();
    em.faults.push('RestartAppEnv', {
      kind: 'rewrite',
      edit: (body) => ({
        ...body,
        EnvChange: { ...(body.EnvChange as object), EnvId: OTHER_ENV, ChangeId: 'wc-ffff' },
      }),
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(sends()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    expect(r.stdout).toContain(`EnvChange names another environment (${OTHER_ENV})`);
  });

  it("a list holding another environment's change is refused, not read as ours", async () => {
    await setUp();
    restartThen({ kind: 'reset' }, 'DescribeChanges', {
      kind: 'rewrite',
      edit: (body) => {
        const foreign = em.state.startChange(OTHER_ENV, {
          actionName: RESTART_ACTION,
          durationMs: 1000,
        });
        return {
          ...body,
          TotalCount: Number(body.TotalCount) + 1,
          Changes: {
            Change: [{ ChangeId: foreign.changeId, EnvId: OTHER_ENV, ActionName: 'Restart' }],
          },
        };
      },
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    expect(r.stdout).toMatch(/Look-up failed \(change wc-\w+ belongs to another environment/);
  });

  it('a completion poll describing another change is not taken as ours', async () => {
    await setUp(0, 4000);
    const other = em.state.startChange(OTHER_ENV, {
      actionName: RESTART_ACTION,
      durationMs: 1,
      outcome: 'failed',
    });
    em.faults.push('DescribeChange', {
      kind: 'rewrite',
      edit: (body) => ({
        ...body,
        Change: { ...(body.Change as object), ChangeId: other.changeId, ChangeFinished: true },
      }),
    });
    const r = await runAction(base({ 'wait-for-completion': 'true' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(false);
    expect(r.outputs['change-status']).toBe('succeeded');
    expect(r.stdout).toMatch(/the answer describes change wc-\w+/);
  });
});

describe('13. read-after-write', () => {
  it('ChangeNotExists on the first completion poll is retried, not a failure', async () => {
    await setUp(0, 4000);
    em.faults.push('DescribeChange', {
      kind: 'error',
      status: 400,
      code: 'ChangeNotExists',
      message: 'The specified change does not exist.',
    });
    const r = await runAction(base({ 'wait-for-completion': 'true' }), {
      clock,
      random: seededRandom(),
    });
    expect(r.failed).toBe(false);
    expect(r.outputs['change-status']).toBe('succeeded');
  });

  it('a LatestChangeId not yet readable (ChangeNotExists) during a look-up is waited for', async () => {
    await setUp();
    restartThen({ kind: 'reset', afterProcessing: true }, 'DescribeChanges', {
      kind: 'rewrite',
      edit: (body) => ({ ...body, TotalCount: 0, Changes: { Change: [] } }),
    });
    em.faults.push('DescribeChange', { kind: 'error', status: 400, code: 'ChangeNotExists' });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.failed).toBe(false);
    expect(sends()).toHaveLength(1);
    expect(ours()).toHaveLength(1);
  });
});

describe('the report of an adopted restart', () => {
  it('never shows this run’s own restart as the change that blocked it', async () => {
    await setUp();
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    const r = await runAction(base(), { clock, random: seededRandom() });
    const [mine] = ours();
    expect(r.outputs['change-id']).toBe(mine?.changeId);
    expect(r.summary).not.toContain(`Blocking change ${mine?.changeId}`);
  });
});

/**
 * Evidence may only stop a resend, never allow one: each case restarted the environment twice
 * before the settle decision became a pure function of identity and count (src/settle.ts).
 */
describe('7. evidence that fails to match never permits a second restart', () => {
  it("the gateway's Date 5 s ahead of the clock that stamps CreateTime: our restart is adopted", async () => {
    await setUp(0, 1000);
    em.state.dateSkewMs = 5000;
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(ours()).toHaveLength(1);
    expect(sends()).toHaveLength(1);
    expect(r.failed).toBe(false);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
  });

  it("the runner's wall clock steps 5 s forward while it waits to send again: our restart is adopted", async () => {
    await setUp(0, 1000);
    em.state.startChange(ENV_ID, { actionName: 'Apply', durationMs: 2000 });
    // The first attempt meets EnvOnChanging; the next is processed, its answer lost.
    em.faults.push('RestartAppEnv', { kind: 'pass' }, { kind: 'reset', afterProcessing: true });
    let step = 0;
    // An NTP step on the runner only, during its first sleep: the service keeps its clock.
    const runner = {
      ...clock,
      now: () => clock.now() + step,
      sleep: async (ms: number, signal: AbortSignal) => {
        await clock.sleep(ms, signal);
        if (clock.sleeps.length === 1) step = 5000;
      },
    };
    const r = await runAction(base(), { clock: runner, random: seededRandom() });
    expect(ours()).toHaveLength(1);
    expect(r.failed).toBe(false);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
  });

  it.each([
    ['empty', '', ''],
    ['Reboot', 'Reboot', 'reboot.env'],
    ['localised', '重启', ''],
    ['an unknown kind', 'Recycle', 'recycle.env'],
  ])('a restart change named %s: adopted, never resent', async (_name, actionName, changeName) => {
    await setUp(0, 1000);
    em.state.updateEnv(ENV_ID, { restartActionName: actionName, restartChangeName: changeName });
    em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(ours()).toHaveLength(1);
    expect(sends()).toHaveLength(1);
    expect(r.failed).toBe(false);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
  });

  it.each(['missing', 'seconds'] as const)(
    'CreateTime %s: our restart is adopted, never resent',
    async (format) => {
      await setUp(0, 1000);
      em.state.createTimeFormat = format;
      em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
      const r = await runAction(base(), { clock, random: seededRandom() });
      expect(ours()).toHaveLength(1);
      expect(sends()).toHaveLength(1);
      expect(r.failed).toBe(false);
      expect(r.stdout).toContain('Adopted change');
    },
  );

  it.each([
    ['EnvOnChanging', 'EnvOnChanging'],
    ['SystemBusy', 'SystemBusy'],
    ['Throttling', 'Throttling.User'],
  ])(
    'a %s refusal answered for a request the service processed: our restart is adopted, not waited out and repeated',
    async (_name, code) => {
      await setUp(0, 30_000);
      em.faults.push('RestartAppEnv', {
        kind: 'body',
        status: 400,
        contentType: 'application/json',
        afterProcessing: true,
        body: JSON.stringify({ Code: code, Message: 'busy', RequestId: 'R-1' }),
      });
      const r = await runAction(base(), { clock, random: seededRandom() });
      expect(ours()).toHaveLength(1);
      expect(sends()).toHaveLength(1);
      expect(r.failed).toBe(false);
      expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
      expect(r.stdout).toContain('a refusal can come after the service acted');
    },
  );

  it.each(['ECONNREFUSED', 'CERT_HAS_EXPIRED'])(
    'an XML error answer whose Code reads %s is the service speaking: never taken as "not sent"',
    async (code) => {
      await setUp(0, 30_000);
      em.faults.push('RestartAppEnv', {
        kind: 'body',
        status: 400,
        contentType: 'text/xml',
        afterProcessing: true,
        body: `<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>R-X</RequestId><HostId>h</HostId><Code>${code}</Code><Message>m</Message></Error>`,
      });
      const r = await runAction(base(), { clock, random: seededRandom() });
      expect(ours()).toHaveLength(1);
      expect(sends()).toHaveLength(1);
      expect(r.stdout).not.toContain('Request not sent');
    },
  );

  it('a 200 naming an old change the baseline did not see: settled, our restart adopted, no false success', async () => {
    await setUp(0, 10_000);
    // 120 earlier changes: the baseline reads the first and the last page, not the middle.
    const old = Array.from({ length: 120 }, (_, i) =>
      em.state.startChange(ENV_ID, {
        actionName: 'Apply',
        durationMs: 1000,
        createTime: clock.now() - 10_000_000 + i * 60_000,
      }),
    );
    const middle = old[60]?.changeId ?? '';
    em.faults.push('RestartAppEnv', {
      kind: 'rewrite',
      edit: (body) => ({ ...body, EnvChange: { EnvId: ENV_ID, ChangeId: middle } }),
    });
    const r = await runAction(
      { ...base(), 'wait-for-completion': 'true' },
      { clock, random: seededRandom() },
    );
    expect(ours()).toHaveLength(1);
    expect(sends()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    expect(r.outputs['change-id']).not.toBe(middle);
  });

  it('a 200 naming the change that blocked the run: settled, our restart adopted', async () => {
    await setUp(0, 10_000);
    let blocker = '';
    // Idle at the baseline; a change starts just before our first send and blocks it.
    em.faults.push('RestartAppEnv', {
      kind: 'hook',
      run: () => {
        blocker = em.state.startChange(ENV_ID, {
          actionName: 'Apply',
          durationMs: 20_000,
        }).changeId;
        em.faults.push('RestartAppEnv', {
          kind: 'rewrite',
          edit: (body) => ({ ...body, EnvChange: { EnvId: ENV_ID, ChangeId: blocker } }),
        });
      },
    });
    const r = await runAction(
      { ...base(), 'wait-for-completion': 'true' },
      { clock, random: seededRandom() },
    );
    expect(ours()).toHaveLength(1);
    expect(r.outputs['change-id']).toBe(ours()[0]?.changeId);
    expect(r.outputs['change-id']).not.toBe(blocker);
    expect(r.stdout).toMatch(
      /the answer names change wc-\w+, which (existed before this run|this run had read before this attempt)/,
    );
  });

  it("another run's restart met after an unprocessed attempt: adopted in words that say what is known", async () => {
    await setUp(0, 30_000);
    // Our attempt never reaches the service; meanwhile another run restarts the environment.
    em.faults.push('RestartAppEnv', {
      kind: 'hook',
      run: lateRestart,
      then: { kind: 'reset' },
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(ours()).toHaveLength(1);
    expect(sends()).toHaveLength(1);
    expect(r.failed).toBe(false);
    expect(r.stdout).toContain('it is the only change new since this run began');
    expect(r.stdout).toContain('it may also have been started by another run or by hand');
    expect(r.stdout).not.toContain('the unanswered attempt took effect');
    // The summary says the same.
    expect(r.summary).toContain(
      '**Found by a look-up:** it is the only change new since this run began',
    );
    expect(r.summary).toContain('it may also have been started by another run or by hand');
  });
});

describe('8. bounds by meaning', () => {
  it('a TotalCount of 10^12 is malformed: no page loop, the run stops saying the restart may have started', async () => {
    await setUp(0, 1000);
    restartThen(
      { kind: 'reset', afterProcessing: true },
      'DescribeChanges',
      ...Array.from({ length: 200 }, (): Fault => ({
        kind: 'rewrite',
        edit: (body) => ({ ...body, TotalCount: 1_000_000_000_000 }),
      })),
    );
    const r = await runAction(
      { ...base(), 'wait-timeout': '30' },
      { clock, random: seededRandom() },
    );
    expect(r.failed).toBe(true);
    expect(r.stdout).toContain('TotalCount 1000000000000 is not plausible');
    expect(r.stdout).toContain('The restart may have started');
    expect(sends()).toHaveLength(1);
    // One page a look-up: nothing is read past the first page of an implausible list.
    const pages = em.requests.filter(
      (q) => q.api === 'DescribeChanges' && q.params.PageNumber !== '1',
    );
    expect(pages).toHaveLength(0);
  });

  it('a page listing more changes than its size is malformed', async () => {
    await setUp(0, 1000);
    const extra = Array.from({ length: 60 }, (_, i) => ({
      ChangeId: `wc-${i.toString(16).padStart(24, '0')}`,
      EnvId: ENV_ID,
      ActionName: 'Apply',
      CreateTime: 1,
      ChangeFinished: true,
    }));
    em.faults.push('DescribeChanges', {
      kind: 'rewrite',
      edit: (body) => ({ ...body, TotalCount: 60, Changes: { Change: extra } }),
    });
    const r = await runAction(base(), { clock, random: seededRandom() });
    expect(r.stdout).toContain('the page lists 60 changes, over its size 50');
    expect(ours()).toHaveLength(1);
  });
});
