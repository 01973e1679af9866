/** `npm run demo` shows what the Actions UI would show, then the summary, and cleans up. */
import { describe, expect, it } from '@jest/globals';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionsView } from '../scripts/actions-view.js';

describe('actionsView', () => {
  it('shows groups as headers, hides debug and add-mask, labels annotations, unescapes', () => {
    const raw = [
      '::add-mask::secret',
      '::group::Wait for change wc-1',
      '::debug::GET /pop/v1/wam/changeInfo ChangeId → OK',
      'Change wc-1: running (2 s elapsed)',
      '::endgroup::',
      '::warning::careful',
      '::notice title=Restart succeeded::Environment we-1 restarted',
      '::error::webplus-restart failed with: x 100%25 done%0AHint: do this',
    ].join('\n');
    expect(actionsView(raw)).toBe(
      [
        '▼ Wait for change wc-1',
        'Change wc-1: running (2 s elapsed)',
        'Warning: careful',
        'Notice: Restart succeeded: Environment we-1 restarted',
        'Error: webplus-restart failed with: x 100% done',
        '  Hint: do this',
      ].join('\n'),
    );
    expect(actionsView(raw, { debug: true })).toContain(
      '[debug] GET /pop/v1/wam/changeInfo ChangeId → OK',
    );
  });
});

describe('npm run demo', () => {
  it('prints the plain view, the outputs and the summary, and removes its temporary files', () => {
    // A private parent directory: another process's files in the shared one cannot fail this.
    const parent = mkdtempSync(join(tmpdir(), 'webplus-demo-test-'));
    let r: SpawnSyncReturns<string>;
    let left: string[];
    try {
      r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--tmpdir', parent], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      left = readdirSync(parent);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).not.toMatch(/^::/m);
    expect(out).toMatch(/^▼ Wait for change wc-\w+$/m);
    expect(out).toMatch(/^\S+Z INFO Batch 1\/2: restarting /m);
    expect(out).toMatch(/^Environment we-\w+ restarted \(change wc-\w+\): the change ran /m);
    expect(out).not.toMatch(/^Notice: /m);
    expect(out).toContain('healthy-instances: 4');
    expect(out).toMatch(/job summary \(markdown\):\n\n## ✅ Restart succeeded/);
    expect(left).toEqual([]);
  }, 90_000);
});
