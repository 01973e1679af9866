/**
 * abortReadOf (src/abort.ts), pure: what a read of the change says after an unsettled
 * AbortChange. Moved from abort.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { abortReadOf } from '../src/abort.js';
import type { ChangeInfo } from '../src/webplus-client.js';

const ENV_ID = 'we-5d39b8ba6786bd4b1490abcd';

describe('abortReadOf: what a read says after an unsettled AbortChange', () => {
  const running: ChangeInfo = {
    changeId: 'wc-1',
    envId: ENV_ID,
    actionName: 'Restart',
    changeName: 'restart.env',
    changeMessage: '',
    createTime: 1,
    finishTime: undefined,
    finished: false,
    succeeded: false,
    aborted: false,
    paused: false,
    timedOut: false,
  };
  it.each([
    ['aborted', { aborted: true, finished: true }, 'accepted'],
    ['ended succeeded', { finished: true, succeeded: true }, 'refused'],
    ['still running', {}, 'unknown'],
  ] as const)('%s: %s', (_name, change, kind) => {
    expect(abortReadOf({ ...running, ...change }).kind).toBe(kind);
  });
});
