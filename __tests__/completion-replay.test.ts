/**
 * The benchmark replays the completion wait through the real `waitForCompletion`, with the
 * events read wired as `completionEvents` does (bench/completion.ts). This checks that that is
 * what the action does: the whole action (src/main.ts: the read before the send, the restart,
 * the wait and its events) run against the emulator holding the same world must make the same
 * calls — polls (DescribeChange and DescribeChanges), DescribeEvents,
 * DescribeAppEnvInstanceHealth — and see the end with the same lag, trial by trial. It fails
 * when main.ts wires the wait or its events otherwise than the benchmark replays.
 */
import { describe, expect, it } from '@jest/globals';
import { replayCompletion } from '../bench/completion.js';
import { completionTrials } from '../bench/wait-policy.js';
import { COMPLETION_MODELS, mulberry32, START } from '../bench/world.js';
import { startEmulator } from '../emulator/server.js';
import { ENV_ID, runAction, virtualClock } from '../__fixtures__/harness.js';

describe('the benchmark replays what the action does while it waits for completion', () => {
  const models = COMPLETION_MODELS.filter((m) =>
    ['earlier restarts, σ = 0.1', 'earlier restarts, σ = 0.3', 'no earlier restart'].includes(
      m.name,
    ),
  );
  it.each(models.map((m) => [m.name, m] as const))(
    '%s: same calls and lag, trial by trial',
    async (_name, model) => {
      for (const trial of completionTrials(model, 8, 5)) {
        const replay = await replayCompletion(trial.world, trial.seed);
        const clock = virtualClock(START);
        const em = await startEmulator({ now: () => clock.now() });
        try {
          const ours = trial.world.changes.find((c) => c.id === 'ours');
          em.state.addEnv({ envId: ENV_ID, restartDurationMs: (ours?.finish ?? 0) - START });
          for (const c of trial.world.changes.filter((x) => x.id !== 'ours')) {
            em.state.startChange(ENV_ID, {
              actionName: c.actionName,
              changeName: `${c.actionName.toLowerCase()}.env`,
              durationMs: c.finish - c.create,
              createTime: c.create,
            });
          }
          const r = await runAction(
            { 'env-id': ENV_ID, endpoint: em.url, 'wait-for-completion': 'true' },
            { clock, random: mulberry32(trial.seed) },
          );
          expect(r.outputs['change-status']).toBe('succeeded');
          const restartAt = em.requests.find((q) => q.api === 'RestartAppEnv')?.receivedAt ?? 0;
          const after = em.requests.filter((q) => q.receivedAt >= restartAt);
          const count = (api: string) => after.filter((q) => q.api === api).length;
          const lastPoll = after.filter((q) => q.api === 'DescribeChange').at(-1)?.receivedAt;
          const finish = em.state
            .changes(ENV_ID)
            .find((c) => c.changeId === r.outputs['change-id'])?.finishTime;
          expect({
            polls:
              count('DescribeChange') +
              after.filter((q) => q.api === 'DescribeChanges' && q.query.ActionName).length,
            events: count('DescribeEvents'),
            health: count('DescribeAppEnvInstanceHealth'),
            lagMs: (lastPoll ?? 0) - (finish ?? 0),
          }).toEqual({
            polls: replay.polls,
            events: replay.events,
            health: replay.health,
            lagMs: replay.lagMs,
          });
        } finally {
          await em.close();
        }
      }
    },
  );
});
