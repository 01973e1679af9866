/** scripts/set-owner.mjs gives the placeholder OWNER its real value, on a copy of the repository. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = process.cwd();
const COPIED = [
  'README.md',
  'CHANGELOG.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'action.yml',
  '.prettierrc.json',
  'docs',
  'examples',
  '.github/workflows',
];

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'set-owner-test-'));
  for (const path of COPIED) cpSync(join(REPO, path), join(root, path), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const setOwner = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO, 'scripts/set-owner.mjs'), ...args, '--root', root], {
    encoding: 'utf8',
  });

/** Every file the placeholder may be in, with its text. */
function texts(): Array<[string, string]> {
  const names = ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'SECURITY.md', 'action.yml'];
  for (const dir of ['docs', 'examples', '.github/workflows']) {
    for (const name of readdirSync(join(root, dir))) names.push(join(dir, name));
  }
  return names
    .filter((n) => /\.(md|ya?ml)$/.test(n))
    .map((n) => [n, readFileSync(join(root, n), 'utf8')]);
}

describe('set-owner', () => {
  it('replaces every OWNER in the repository as it is, and removes the notes about it', () => {
    const r = setOwner('acme');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const [name, text] of texts()) {
      expect([name, /\bOWNER\b/.test(text)]).toEqual([name, false]);
      expect(text).not.toContain('owner-placeholder');
    }
    const example = readFileSync(join(root, 'examples/manual-restart.yml'), 'utf8');
    expect(example).toMatch(/uses: acme\/webplus-restart-action@v1\n/);
    expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toContain(
      'https://github.com/acme/webplus-restart-action/releases/tag/v1.0.0',
    );
    // The rewritten files are still formatted as the project requires.
    const prettier = spawnSync(
      join(REPO, 'node_modules/.bin/prettier'),
      ['--check', '--config', join(root, '.prettierrc.json'), '.'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(prettier.stdout + prettier.stderr).toContain(
      'All matched files use Prettier code style',
    );
    // A second run has nothing left to do.
    expect(setOwner('acme').stdout).toContain('nothing to replace');
  });

  it('takes another repository name, and --dry-run writes nothing', () => {
    const before = texts();
    const dry = setOwner('acme/restart-webplus', '--dry-run');
    expect(dry.status).toBe(0);
    expect(texts()).toEqual(before);
    expect(setOwner('acme/restart-webplus').status).toBe(0);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(
      'acme/restart-webplus@<40-character SHA>',
    );
  });

  it('fails, naming the line, when an OWNER it cannot place is left', () => {
    writeFileSync(join(root, 'docs/extra.md'), 'Ask OWNER for access.\n');
    const r = setOwner('acme');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('docs/extra.md:1: Ask OWNER for access.');
  });

  it('refuses a name GitHub would not accept, or the placeholder itself', () => {
    for (const bad of ['', '-acme', 'ac me', 'OWNER', 'a/b/c']) {
      expect(setOwner(bad).status).toBe(2);
    }
  });
});
