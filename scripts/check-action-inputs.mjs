// Checks action.yml against the inputs the code reads (npm run check:inputs; run with tsx so
// that src/inputs.ts can be imported for its DEFAULTS):
//   - every input the code reads is declared in action.yml, and every declared input is read;
//   - each default in action.yml equals the code's default where the code has one (DEFAULTS in
//     src/inputs.ts, or a literal fallback such as `boolean(read, 'x') ?? false`).
// --verbose lists where each input is read. Input names are found in src/**/*.ts, comments excluded, as:
//   read('x')                      any InputReader (`read`, or a name typed `: InputReader`)
//   helper(read, 'x', …)           seconds/integer/boolean and any helper taking a reader first
//   core.getInput('x') etc.        getInput, getBooleanInput, getMultilineInput
//   process.env['INPUT_X']         an input read straight from the environment
//   DEFAULTS keys                  src/inputs.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'src');

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Drops comments (block, and line comments that start a line or follow whitespace). */
function stripComments(source) {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

const NAME = String.raw`['"\`]([A-Za-z0-9_-]+)['"\`]`;

/** name → [file:line, …] for every input name read in `files`, and the reader names. */
function scanReads(files) {
  const found = new Map();
  const add = (name, where) => {
    const list = found.get(name) ?? [];
    list.push(where);
    found.set(name, list);
  };
  const sources = files.map((file) => ({ file, text: stripComments(readFileSync(file, 'utf8')) }));

  // Reader functions: `read`, and any parameter or variable typed as InputReader.
  const readers = new Set(['read']);
  for (const { text } of sources) {
    for (const m of text.matchAll(/\b([A-Za-z_$][\w$]*)\s*:\s*InputReader\b/g)) readers.add(m[1]);
    for (const m of text.matchAll(
      /\b(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*\(\s*\w+\s*(?::\s*string)?\s*\)\s*=>\s*core\.getInput\(/g,
    )) {
      readers.add(m[1]);
    }
  }
  const readerAlt = [...readers].map((r) => r.replace(/\$/g, '\\$')).join('|');
  const patterns = [
    new RegExp(String.raw`(?<![\w$.])(?:${readerAlt})\(\s*${NAME}`, 'g'),
    new RegExp(String.raw`\b[A-Za-z_$][\w$]*\(\s*(?:${readerAlt})\s*,\s*${NAME}`, 'g'),
    new RegExp(String.raw`\bget(?:Boolean|Multiline)?Input\(\s*${NAME}`, 'g'),
  ];
  for (const { file, text } of sources) {
    const lineOf = (index) => text.slice(0, index).split('\n').length;
    const where = (index) => `${relative(root, file)}:${lineOf(index)}`;
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) add(m[1], where(m.index));
    }
    for (const m of text.matchAll(/\bINPUT_([A-Z0-9_-]+)\b/g)) {
      add(m[1].toLowerCase(), where(m.index));
    }
  }
  return { found, readers };
}

/**
 * Literal fallbacks of the input helpers: `boolean(read, 'x') ?? false`, `integer(read, 'x', …)
 * ?? 3`. A string fallback on a plain read (`read('x') || '(not given)'`) is often a display
 * text, not a default, so only helper calls taking the reader first are considered.
 */
function scanLiteralDefaults(files, readers) {
  const defaults = new Map();
  const readerAlt = [...readers].map((r) => r.replace(/\$/g, '\\$')).join('|');
  const literal = String.raw`(true|false|-?\d+(?:\.\d+)?|'[^']*'|"[^"]*")`;
  const pattern = new RegExp(
    String.raw`\b[A-Za-z_$][\w$]*\(\s*(?:${readerAlt})\s*,\s*${NAME}[^()]*\)\s*\?\?\s*${literal}(?![\w.[(])`,
    'g',
  );
  for (const file of files) {
    const text = stripComments(readFileSync(file, 'utf8'));
    for (const m of text.matchAll(pattern)) {
      defaults.set(m[1], m[2].replace(/^['"]|['"]$/g, ''));
    }
  }
  return defaults;
}

async function main() {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));
  const declared = new Map(Object.entries(action.inputs ?? {}));
  const files = tsFiles(srcDir);
  const { found: reads, readers } = scanReads(files);

  const { DEFAULTS } = await import('../src/inputs.ts');
  for (const key of Object.keys(DEFAULTS)) {
    if (!reads.has(key)) reads.set(key, ['src/inputs.ts DEFAULTS']);
  }
  const codeDefaults = scanLiteralDefaults(files, readers);
  const certain = new Set(Object.keys(DEFAULTS));
  for (const [key, value] of Object.entries(DEFAULTS)) codeDefaults.set(key, String(value));

  const problems = [];
  for (const [name, where] of [...reads].sort(([a], [b]) => a.localeCompare(b))) {
    if (!declared.has(name)) {
      problems.push(`read but not declared in action.yml: "${name}" (${where.join(', ')})`);
    }
  }
  for (const name of declared.keys()) {
    if (!reads.has(name)) problems.push(`declared in action.yml but never read in src/: "${name}"`);
  }
  for (const [name, spec] of declared) {
    const yamlDefault = spec?.default;
    const codeDefault = codeDefaults.get(name);
    if (codeDefault === undefined) continue;
    if (yamlDefault === undefined || yamlDefault === null) {
      if (!certain.has(name)) continue;
      problems.push(
        `"${name}": the code defaults to ${JSON.stringify(codeDefault)} but action.yml declares no default`,
      );
    } else if (String(yamlDefault) !== codeDefault) {
      problems.push(
        `"${name}": action.yml default ${JSON.stringify(String(yamlDefault))} differs from the code's ${JSON.stringify(codeDefault)}`,
      );
    }
  }

  if (process.argv.includes('--verbose')) {
    for (const [name, where] of [...reads].sort(([a], [b]) => a.localeCompare(b))) {
      const d = codeDefaults.has(name)
        ? ` (code default ${JSON.stringify(codeDefaults.get(name))})`
        : '';
      console.log(`${name}${d}: ${where.join(', ')}`);
    }
  }
  const compared = [...declared.keys()].filter((n) => codeDefaults.has(n)).length;
  if (problems.length > 0) {
    console.error(`check:inputs: ${problems.length} problem(s) between action.yml and src/:`);
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
  }
  console.log(
    `check:inputs: ${declared.size} inputs declared, all read in src/; ${compared} defaults match the code`,
  );
}

await main();
