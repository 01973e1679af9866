// Rewrites the README's inputs and outputs tables from action.yml, between the marker comments
// <!-- inputs:start --> … <!-- inputs:end --> and <!-- outputs:start --> … <!-- outputs:end -->.
//   node scripts/docs.mjs          write README.md (npm run docs)
//   node scripts/docs.mjs --check  exit 1 when README.md is not what action.yml gives (npm run docs:check)
// The result is passed through prettier with the repository's config, so `prettier --check`
// and this script agree on the tables' layout.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import * as prettier from 'prettier';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const actionPath = `${root}action.yml`;
const readmePath = `${root}README.md`;

/** One table cell: a single line, pipes escaped. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function code(value) {
  return `\`${String(value).replace(/`/g, "'")}\``;
}

function inputsTable(action) {
  const rows = Object.entries(action.inputs ?? {}).map(([name, spec]) => {
    const required = spec?.required === true || spec?.required === 'true' ? 'yes' : 'no';
    const hasDefault = spec?.default !== undefined && spec?.default !== null && spec.default !== '';
    return `| ${code(name)} | ${cell(spec?.description)} | ${required} | ${hasDefault ? code(spec.default) : ''} |`;
  });
  return [
    '| Input | Description | Required | Default |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function outputsTable(action) {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| ${code(name)} | ${cell(spec?.description)} |`,
  );
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

function replaceBetween(text, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < 0 || to < from) {
    throw new Error(`README.md has no "${start}" … "${end}" markers (in that order)`);
  }
  // Unpadded: prettier would pad every row to the widest cell, tripling the README's size.
  return `${text.slice(0, from + start.length)}\n\n<!-- prettier-ignore -->\n${body}\n\n${text.slice(to)}`;
}

async function render(readme, actionYaml) {
  const action = parse(actionYaml);
  let text = replaceBetween(readme, 'inputs', inputsTable(action));
  text = replaceBetween(text, 'outputs', outputsTable(action));
  const config = (await prettier.resolveConfig(readmePath)) ?? {};
  return prettier.format(text, { ...config, filepath: readmePath });
}

/** The first line where two texts differ, for the error message. */
function firstDifference(actual, expected) {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      return `line ${i + 1}:\n  README.md: ${a[i] ?? '(end of file)'}\n  expected:  ${e[i] ?? '(end of file)'}`;
    }
  }
  return '';
}

async function main() {
  const check = process.argv.includes('--check');
  const readme = readFileSync(readmePath, 'utf8');
  const expected = await render(readme, readFileSync(actionPath, 'utf8'));
  if (check) {
    if (readme !== expected) {
      console.error(
        'docs:check: README.md is out of date with action.yml (inputs/outputs tables).\n' +
          `First difference at ${firstDifference(readme, expected)}\n` +
          "Run 'npm run docs' and commit README.md.",
      );
      process.exit(1);
    }
    console.log('docs:check: README.md tables match action.yml');
    return;
  }
  if (readme === expected) {
    console.log('docs: README.md already up to date');
    return;
  }
  writeFileSync(readmePath, expected);
  console.log('docs: README.md tables rewritten from action.yml');
}

try {
  await main();
} catch (error) {
  console.error(`docs: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
