// Replaces the placeholder OWNER with the account (and, if it differs, the name) of the
// repository that publishes the action, once, before the first release (docs/releasing.md):
//   node scripts/set-owner.mjs acme                 OWNER/webplus-restart-action → acme/webplus-restart-action
//   node scripts/set-owner.mjs acme/restart-webplus  → acme/restart-webplus
//   node scripts/set-owner.mjs acme --dry-run        says what it would change, changes nothing
//   node scripts/set-owner.mjs acme --root DIR       works on a copy of the repository (tests)
// It rewrites every `OWNER/webplus-restart-action`, removes the notes that explain the
// placeholder (Markdown between <!-- owner-placeholder:start --> and :end -->, YAML comment
// lines that mention OWNER), then fails if any OWNER is left, naming where.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const PLACEHOLDER = 'OWNER/webplus-restart-action';
/** Where the placeholder may be: the documentation, the examples and the workflows. */
const FILES = ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'SECURITY.md', 'action.yml'];
const DIRS = ['docs', 'examples', '.github/workflows'];

function files(root) {
  const listed = FILES.map((f) => join(root, f)).filter((f) => existsSync(f));
  for (const dir of DIRS) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) {
      if (/\.(md|ya?ml)$/.test(name)) listed.push(join(abs, name));
    }
  }
  return listed;
}

/** The text with the placeholder replaced and its notes removed. */
function withOwner(text, file, repository) {
  // A block and the blank line before it: the paragraphs around it stay apart.
  let out = text.replace(
    /\n\n<!-- owner-placeholder:start -->[\s\S]*?<!-- owner-placeholder:end -->/g,
    '',
  );
  if (/\.ya?ml$/.test(file)) out = out.replace(/^[ \t]*#.*\bOWNER\b.*\n/gm, '');
  return out.split(PLACEHOLDER).join(repository);
}

function main() {
  const args = process.argv.slice(2);
  const rootIndex = args.indexOf('--root');
  const root = rootIndex >= 0 ? args[rootIndex + 1] : fileURLToPath(new URL('..', import.meta.url));
  const target = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--root');
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?:\/([A-Za-z0-9._-]{1,100}))?$/.exec(
    target ?? '',
  );
  if (!match || match[1] === 'OWNER') {
    console.error('usage: node scripts/set-owner.mjs <owner>[/<repository>] [--dry-run]');
    process.exit(2);
  }
  const repository = `${match[1]}/${match[2] ?? 'webplus-restart-action'}`;
  const dryRun = args.includes('--dry-run');

  const changed = [];
  const left = [];
  for (const file of files(root)) {
    const before = readFileSync(file, 'utf8');
    const after = withOwner(before, file, repository);
    const name = relative(root, file);
    if (after !== before) {
      changed.push(file);
      const count = before.split(PLACEHOLDER).length - 1;
      console.log(`${name}: ${count} replaced${dryRun ? ' (dry run)' : ''}`);
      if (!dryRun) writeFileSync(file, after);
    }
    after.split('\n').forEach((line, i) => {
      if (/\bOWNER\b/.test(line)) left.push(`${name}:${i + 1}: ${line.trim()}`);
    });
  }
  // A longer or shorter name changes the width of the Markdown tables: let Prettier align them.
  const prettier = fileURLToPath(new URL('../node_modules/.bin/prettier', import.meta.url));
  if (!dryRun && changed.length > 0) {
    const formatted = existsSync(prettier)
      ? spawnSync(prettier, ['--write', '--log-level', 'warn', ...changed], {
          cwd: root,
          stdio: 'inherit',
        })
      : undefined;
    if (formatted?.status !== 0)
      console.error('set-owner: run `npm run format` to align the tables');
  }
  if (left.length > 0) {
    console.error(`set-owner: OWNER is still written in ${left.length} place(s):`);
    for (const line of left) console.error(`  ${line}`);
    process.exit(1);
  }
  console.log(
    changed.length === 0
      ? `set-owner: nothing to replace (already ${repository}?)`
      : `set-owner: ${changed.length} file(s) now name ${repository}${dryRun ? ' (dry run: nothing written)' : ''}`,
  );
}

main();
