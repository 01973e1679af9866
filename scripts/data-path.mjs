// Draws the data path of docs/design.md from the code: every src/*.ts module, grouped by the
// stage of the run it serves, with the src modules it imports (read from its import and
// export-from statements), and any import circle.
//   node scripts/data-path.mjs          rewrite the block in docs/design.md (npm run docs:data-path)
//   node scripts/data-path.mjs --check  exit 1 when the block differs from the code, or a module
//                                       has no stage below (npm run docs:data-path -- --check)
//   node scripts/data-path.mjs --print  print the block only
// Only the block between <!-- data-path:start --> and <!-- data-path:end --> is written. A new
// module goes into STAGES below: which stage a module serves is a decision, not in its imports.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const designPath = `${root}docs/design.md`;
const START = '<!-- data-path:start -->';
const END = '<!-- data-path:end -->';
const WIDTH = 100;

/** Stage → its modules, in the order a run goes through them; `shared` serves every stage. */
const STAGES = [
  ['entry', ['index', 'signals', 'main', 'run-state']],
  ['inputs', ['inputs', 'endpoints']],
  ['credentials', ['credentials', 'oidc', 'id-token', 'sts']],
  ['WebPlus client', ['webplus-client', 'http-exchange', 'service-text', 'json']],
  [
    'restart loop',
    ['restart', 'lookups', 'settle', 'pacing', 'pacing-model', 'backoff', 'resume', 'dry-run'],
  ],
  ['completion', ['completion', 'events', 'abort']],
  ['health', ['health', 'breaker']],
  ['report', ['outcome', 'timeline', 'summary', 'report', 'runner', 'format']],
  ['shared', ['clock', 'polling', 'errors', 'answers']],
];
const FLOW = STAGES.map(([stage]) => stage)
  .filter((stage) => stage !== 'entry' && stage !== 'shared')
  .join(' ─> ');

/** One module's imports of other src modules: how (value, type only, lazy) and from where. */
function importsOf(text) {
  const found = new Map();
  const add = (name, kind) => {
    const was = found.get(name);
    // A value import outranks a lazy one, which outranks a type-only one.
    const rank = { value: 3, lazy: 2, type: 1 };
    if (!was || rank[kind] > rank[was]) found.set(name, kind);
  };
  const statement = /^(import|export)\s+(type\s+)?([^;]*?)\s*from\s+'\.\/([\w-]+)\.js'/gm;
  for (const [, verb, typeKeyword, clause, name] of text.matchAll(statement)) {
    const specifiers = clause.replace(/^[{\s]+|[}\s]+$/g, '').split(',');
    const typesOnly =
      typeKeyword !== undefined ||
      (clause.startsWith('{') &&
        specifiers.every((s) => s.trim() === '' || s.trim().startsWith('type ')));
    add(name, verb === 'import' && typesOnly ? 'type' : 'value');
  }
  for (const [, name] of text.matchAll(/^import\s+'\.\/([\w-]+)\.js'/gm)) add(name, 'value');
  for (const [, name] of text.matchAll(/\bimport\(\s*'\.\/([\w-]+)\.js'\s*\)/g)) add(name, 'lazy');
  return found;
}

function readModules() {
  const modules = new Map();
  for (const file of readdirSync(`${root}src`).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
    modules.set(file.slice(0, -3), importsOf(readFileSync(`${root}src/${file}`, 'utf8')));
  }
  return modules;
}

/** Every import circle, each once, as the modules around it. */
function circles(modules) {
  const found = new Set();
  const walk = (start, at, path) => {
    for (const next of modules.get(at)?.keys() ?? []) {
      if (next === start) {
        const i = path.indexOf(path.slice().sort()[0]);
        found.add([...path.slice(i), ...path.slice(0, i)].join(' → '));
      } else if (!path.includes(next) && next > start) {
        walk(start, next, [...path, next]);
      }
    }
  };
  for (const name of modules.keys()) walk(name, name, [name]);
  return [...found].map((c) => `${c} → ${c.split(' → ')[0]}`);
}

/** `words` after `lead`, wrapped to WIDTH with continuation lines under the first word. */
function wrapped(lead, words) {
  const lines = [];
  let line = lead;
  for (const word of words) {
    if (line.length > lead.length && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = ' '.repeat(lead.length) + word;
    } else {
      line += (line.length > lead.length ? ' ' : '') + word;
    }
  }
  lines.push(line);
  return lines;
}

function picture(modules) {
  const placed = new Set(STAGES.flatMap(([, names]) => names));
  const problems = [];
  for (const name of modules.keys()) {
    if (!placed.has(name))
      problems.push(`src/${name}.ts has no stage: add it to STAGES in scripts/data-path.mjs`);
  }
  for (const name of placed) {
    if (!modules.has(name))
      problems.push(`STAGES in scripts/data-path.mjs names src/${name}.ts, which does not exist`);
  }
  const column = Math.max(...[...modules.keys()].map((n) => n.length)) + 7;
  const out = [
    FLOW,
    '',
    'module ─> the src modules it imports (type: types only; lazy: import() when needed)',
  ];
  for (const [stage, names] of STAGES) {
    out.push('', stage === 'shared' ? 'shared (every stage)' : stage);
    for (const name of names.filter((n) => modules.has(n))) {
      const imports = [...modules.get(name)].sort(([a], [b]) => a.localeCompare(b));
      const words = imports.map(([n, kind], i) => {
        const tag = kind === 'value' ? '' : ` (${kind})`;
        return `${n}${tag}${i < imports.length - 1 ? ',' : ''}`;
      });
      out.push(...wrapped(`  ${`${name}.ts`.padEnd(column - 2)}`, words.length ? words : ['—']));
    }
  }
  const loops = circles(modules);
  out.push('', loops.length ? `import circles: ${loops.join('; ')}` : 'import circles: none');
  return { block: ['```', ...out.map((l) => l.trimEnd()), '```'].join('\n'), problems };
}

function spliced(doc, block) {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(
      `Failed to find the data-path block in docs/design.md: ${START} … ${END} are missing`,
    );
  }
  return `${doc.slice(0, start + START.length)}\n\n${block}\n\n${doc.slice(end)}`;
}

const mode = process.argv[2];
const { block, problems } = picture(readModules());
for (const problem of problems) console.error(problem);
if (mode === '--print') {
  console.log(block);
} else {
  const doc = readFileSync(designPath, 'utf8');
  const want = spliced(doc, block);
  if (mode === '--check') {
    if (want !== doc) {
      console.error(
        'docs/design.md: the data-path picture differs from src/ imports; run npm run docs:data-path',
      );
      process.exitCode = 1;
    }
  } else {
    writeFileSync(designPath, want);
  }
}
if (problems.length) process.exitCode = 1;
