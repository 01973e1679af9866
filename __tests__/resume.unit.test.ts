/**
 * resumeVerdict (src/resume.ts), pure: what a read of the change says after an unsettled
 * ResumeChange. Evidence may only stop a second ResumeChange. Moved from resume.test.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { resumeVerdict } from '../src/resume.js';
import type { ChangeInfo } from '../src/webplus-client.js';

const ENV_ID = 'we-5d39b8ba6786bd4b1490abcd';

describe('resumeVerdict: evidence may only stop a second ResumeChange', () => {
  const paused: ChangeInfo = {
    changeId: 'wc-1',
    envId: ENV_ID,
    actionName: 'Restart',
    changeName: 'restart.env',
    changeMessage: '',
    createTime: 1000,
    updateTime: 5000,
    finishTime: undefined,
    finished: false,
    succeeded: false,
    aborted: false,
    paused: true,
    timedOut: false,
  };
  it.each([
    ['the same pause', {}, 'not-resumed'],
    ['running again', { paused: false }, 'resumed'],
    ['finished', { finished: true, paused: false }, 'resumed'],
    ['paused again later', { updateTime: 9000 }, 'resumed'],
    ['no UpdateTime now', { updateTime: undefined }, 'unclear'],
  ] as const)('%s: %s', (_name, now, verdict) => {
    expect(resumeVerdict(paused, { ...paused, ...now })).toBe(verdict);
  });
  it('no UpdateTime before: never "not resumed"', () => {
    expect(resumeVerdict({ ...paused, updateTime: undefined }, paused)).toBe('unclear');
  });
});
