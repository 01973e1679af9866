/**
 * `npm run bench:startup` — time to first request, and the bundle's size.
 *
 * From process start (spawn) to the first request reaching the emulator on loopback (the
 * action's first is DescribeAppEnvStatus, the read before the restart; the time to its
 * RestartAppEnv, two reads later, is reported beside), for `node <bundle>/index.js`, against a
 * floor: a one-line Node script, built-ins only, that
 * sends one POST to the same emulator. Runs are interleaved (each round runs every variant once,
 * in a rotating order) so that drift on the machine hits all variants alike; medians are
 * reported with their ratio to the floor's. `node -e ''` (start to exit) is reported beside.
 *
 * Variants: the committed dist/, and candidate bundles built from the current sources into a
 * temp dir (as `npm run build` does, and minified with -m); probe bundles that load only
 * @actions/core, or only pop-core, before the same POST, to show what each costs before the
 * first request.
 * For each bundle it also checks that a stack trace (source maps registered lazily) names
 * src/ files, and it prints dist/'s total size against the budget in scripts/check-size.mjs.
 *
 * It runs every bundle on the Node that action.yml declares (node24), fetched from the npm
 * registry (`npx -y node@24`) when this machine's is another; `--node <path>` names one.
 * "Before issue 17" is dist/ as committed at BASELINE_REV, the reference of the start-up goal
 * (the time to the first request at most 0.8× of it, in the same run). Peer actions'
 * published bundles (npm packages that ship their action's dist/) are timed to their first
 * request too, caught by a local proxy (HTTPS_PROXY) that answers none. The peak RSS of a
 * normal run is read from the process itself (process.resourceUsage at exit).
 *
 *   npm run bench:startup                    20 rounds, builds the candidates (about 2 min)
 *   npm run bench:startup -- --runs 5        fewer rounds
 *   npm run bench:startup -- --no-build      no candidate builds or probes
 *   npm run bench:startup -- --no-peers      no peer bundles
 */
import { execFileSync, execSync, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';
import { startEmulator, type RecordedRequest } from '../emulator/server.js';
import { TEST_CREDENTIALS } from '../emulator/state.js';

const ROOT = new URL('..', import.meta.url).pathname;
const ENV_ID = 'we-5d39b8ba6786bd4b1490abcd';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 20;
const BUILD = !args.includes('--no-build');
const PEERS = !args.includes('--no-peers');
const nodeArg = args.indexOf('--node');
/** dist/ before issue 17: the reference of the start-up goal. */
const BASELINE_REV = '0553215';
/** Peer actions whose published npm packages hold their bundled action (action.yml `main`). */
const PEER_PACKAGES = ['@thewtex/setup-micromamba@1.9.7', 'setup-cpp@1.7.0'];

/** The Node action.yml declares (runs.using: node24), or this one when it cannot be had. */
function declaredNode(): { path: string; note: string } {
  if (nodeArg >= 0) return { path: String(args[nodeArg + 1]), note: 'given by --node' };
  if (process.version.startsWith('v24.')) return { path: process.execPath, note: 'this Node' };
  try {
    const path = execSync("npx -y node@24 -p 'process.execPath'", {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return { path, note: 'node@24 from the npm registry (npx -y node@24)' };
  } catch {
    return { path: process.execPath, note: 'node@24 could not be had: this Node instead' };
  }
}
const NODE = declaredNode();
const NODE_VERSION = execFileSync(NODE.path, ['--version'], { encoding: 'utf8' }).trim();

const em = await startEmulator();
// A restart ends at once, so that every run finds the environment free.
em.state.addEnv({ envId: ENV_ID, restartDurationMs: 0 });

// The moment each request reaches the emulator (its body read), on this process's clock.
let arrived: ((at: number, request: RecordedRequest) => void) | undefined;
const push = em.requests.push.bind(em.requests);
em.requests.push = (...items: RecordedRequest[]) => {
  const at = performance.now();
  for (const item of items) arrived?.(at, item);
  return push(...items);
};

const work = mkdtempSync(join(tmpdir(), 'webplus-startup-'));
const outputFile = join(work, 'output');
const summaryFile = join(work, 'summary');

function actionEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    'INPUT_ENV-ID': ENV_ID,
    INPUT_ENDPOINT: em.url,
    'INPUT_ACCESS-KEY-ID': TEST_CREDENTIALS.accessKeyId,
    'INPUT_ACCESS-KEY-SECRET': TEST_CREDENTIALS.accessKeySecret,
    ...extra,
  };
  return env;
}

const FLOOR = `require('http').request('${em.url}/pop/v1/wam/appEnv/restart',{method:'POST',headers:{'content-type':'application/x-www-form-urlencoded'}},r=>r.resume()).end('EnvId=${ENV_ID}')`;

interface Variant {
  name: string;
  argv: string[];
  /**
   * Time to the first request of any API ('request'), to the first RestartAppEnv (which the
   * action sends after its two reads of the environment: 'restart'), or to exit (node -e '').
   */
  until: 'request' | 'restart' | 'exit' | 'proxy';
  env?: () => NodeJS.ProcessEnv;
  times: number[];
  /** Why it has no time (a peer that made no request), if so. */
  failed?: string;
  /** A peer's scratch folder: its working directory. */
  cwd?: string;
}

// A proxy that notes the first request (CONNECT or plain) of a peer's bundle and answers none.
let proxied: ((at: number) => void) | undefined;
const proxy = createServer((_req, res) => {
  proxied?.(performance.now());
  res.destroy();
});
proxy.on('connect', (_req, socket) => {
  proxied?.(performance.now());
  socket.destroy();
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const address = proxy.address();
const PROXY_URL = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

/** One run: ms from spawn to the request (or to exit). */
function once(v: Variant): Promise<number> {
  return new Promise((resolve, reject) => {
    let result: number | undefined;
    const start = performance.now();
    proxied = (at) => {
      if (result === undefined && v.until === 'proxy') result = at - start;
    };
    arrived = (at, request) => {
      if (result !== undefined) return;
      if (v.until === 'request' || (v.until === 'restart' && request.api === 'RestartAppEnv')) {
        result = at - start;
      }
    };
    // A peer runs in its own scratch folder and process group: whatever it starts (setup-cpp
    // starts `npm install`) is ended with it and touches nothing here.
    const child = spawn(NODE.path, v.argv, {
      env: v.env ? v.env() : { PATH: process.env.PATH },
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(v.cwd ? { cwd: v.cwd, detached: true } : {}),
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', () => {
      if (v.until === 'exit') result = performance.now() - start;
    });
    const end = () => {
      try {
        if (v.cwd && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already ended
      }
    };
    // A peer that makes no request within 20 s is stopped.
    const stop = setTimeout(end, 20_000);
    if (v.until === 'proxy') {
      const check = setInterval(() => {
        if (result !== undefined) {
          clearInterval(check);
          end();
        }
      }, 5);
      child.on('close', () => clearInterval(check));
    }
    child.on('close', (code) => {
      clearTimeout(stop);
      if (v.cwd) end();
      arrived = undefined;
      proxied = undefined;
      if (result === undefined) reject(new Error(`${v.name}: no request (exit ${code}) ${stderr}`));
      else resolve(result);
    });
  });
}

/** Builds with the flags of package.json's build script (so the candidate is what CI builds). */
function build(dir: string, minify: boolean): void {
  const script = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: { build: string };
    }
  ).scripts.build;
  const flags = script
    .replace(/^ncc /, '')
    .replace(/-o \S+/, `-o ${dir}`)
    .split(/\s+/);
  if (minify) flags.push('-m');
  execFileSync(join(ROOT, 'node_modules/.bin/ncc'), flags, { cwd: ROOT, stdio: 'ignore' });
}

function dirBytes(dir: string): { total: number; js: number; maps: number } {
  let total = 0;
  let js = 0;
  let maps = 0;
  for (const name of readdirSync(dir)) {
    const size = statSync(join(dir, name)).size;
    total += size;
    if (name.endsWith('.js.map')) maps += size;
    else if (name.endsWith('.js') || name.endsWith('.cjs')) js += size;
  }
  return { total, js, maps };
}

/**
 * Runs a bundle so that it meets an unexpected error (GITHUB_OUTPUT is a directory: setOutput
 * throws); true when a frame of the stack it prints (a ::debug:: line) names a src/*.ts file
 * and line, i.e. the source maps, registered when the stack is printed, mapped it.
 */
function stackMapsToSources(dir: string): { ok: boolean; frame: string } {
  const run = spawnSync(NODE.path, [join(dir, 'index.js')], {
    env: { ...actionEnv(), GITHUB_OUTPUT: work, RUNNER_DEBUG: '1' },
    encoding: 'utf8',
  });
  const frame = /(src\/[\w-]+\.ts:\d+:\d+)/.exec(`${run.stdout}\n${run.stderr}`)?.[1] ?? '';
  return { ok: frame !== '', frame };
}

/** A bundle (ncc, like the action's) of `code` followed by the floor's POST; its entry file. */
function probeBundle(name: string, code: string): string {
  const dir = join(work, `probe-${name}`);
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(
    join(dir, 'probe.mjs'),
    `${code}\nimport http from 'node:http';\n${FLOOR.replace("require('http')", 'http')};\n`,
  );
  execFileSync(
    join(ROOT, 'node_modules/.bin/ncc'),
    ['build', join(dir, 'probe.mjs'), '-o', join(dir, 'out')],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  return join(dir, 'out/index.mjs');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const variants: Variant[] = [
  {
    name: "floor: node -e '<one POST, built-ins only>'",
    argv: ['-e', FLOOR],
    until: 'request',
    times: [],
  },
  { name: "node -e '' (start to exit)", argv: ['-e', ''], until: 'exit', times: [] },
  {
    name: 'committed dist/index.js',
    argv: [join(ROOT, 'dist/index.js')],
    until: 'request',
    env: () => actionEnv(),
    times: [],
  },
  {
    name: 'committed dist/index.js, to its RestartAppEnv (after the two reads)',
    argv: [join(ROOT, 'dist/index.js')],
    until: 'restart',
    env: () => actionEnv(),
    times: [],
  },
];
const bundles: Array<{ name: string; dir: string }> = [
  { name: 'committed dist/', dir: join(ROOT, 'dist') },
];

// dist/ before issue 17, from git: the reference of the start-up goal.
const baseline = join(work, 'baseline');
mkdirSync(baseline);
execSync(`git -C ${ROOT} archive ${BASELINE_REV} dist | tar -x -C ${baseline}`);
variants.push({
  name: `dist/ before issue 17 (${BASELINE_REV})`,
  argv: [join(baseline, 'dist/index.js')],
  until: 'request',
  env: () => actionEnv(),
  times: [],
});

/** A peer's published bundle: npm pack, then its action.yml `main` with its inputs' defaults. */
function peerVariant(spec: string): Variant {
  const dir = join(work, `peer-${spec.replace(/[^\w.-]/g, '_')}`);
  mkdirSync(dir);
  const file = execSync(`npm pack ${spec} --silent`, { cwd: dir, encoding: 'utf8' }).trim();
  execSync(`tar xzf ${file}`, { cwd: dir });
  const action = parseYaml(readFileSync(join(dir, 'package/action.yml'), 'utf8')) as {
    name?: string;
    inputs?: Record<string, { default?: unknown }>;
    runs: { using: string; main: string };
  };
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    if (input.default !== undefined) inputs[`INPUT_${name.toUpperCase()}`] = String(input.default);
  }
  const scratch = join(dir, 'runner');
  mkdirSync(scratch);
  return {
    name: `peer: ${spec} (${action.name ?? ''}, ${action.runs.using}) to its first request`,
    argv: [join(dir, 'package', action.runs.main)],
    until: 'proxy',
    cwd: scratch,
    env: () => ({
      ...actionEnv(),
      ...inputs,
      HTTPS_PROXY: PROXY_URL,
      HTTP_PROXY: PROXY_URL,
      https_proxy: PROXY_URL,
      http_proxy: PROXY_URL,
      RUNNER_TEMP: scratch,
      RUNNER_TOOL_CACHE: scratch,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      HOME: scratch,
    }),
    times: [],
  };
}
const peerNotes: string[] = [];
if (PEERS) {
  for (const spec of PEER_PACKAGES) {
    try {
      variants.push(peerVariant(spec));
    } catch (error) {
      peerNotes.push(`${spec}: could not be had (${String(error).split('\n')[0]})`);
    }
  }
}

if (BUILD) {
  const plain = join(work, 'candidate');
  const minified = join(work, 'candidate-min');
  build(plain, false);
  build(minified, true);
  // Probes: load one dependency the way the action does before its first request, then the
  // floor's POST. What each costs over the floor is what loading it costs.
  const coreProbe = probeBundle(
    'core',
    "import * as core from '@actions/core';\ncore.getInput('env-id');",
  );
  const popProbe = probeBundle(
    'pop-core',
    "const { default: ROAClient } = await import('@alicloud/pop-core/lib/roa.js');\nvoid ROAClient;",
  );
  variants.push(
    {
      name: 'candidate (npm run build)',
      argv: [join(plain, 'index.js')],
      until: 'request',
      env: () => actionEnv(),
      times: [],
    },
    {
      name: 'candidate, minified (-m)',
      argv: [join(minified, 'index.js')],
      until: 'request',
      env: () => actionEnv(),
      times: [],
    },
    { name: 'probe: @actions/core, then the POST', argv: [coreProbe], until: 'request', times: [] },
    { name: 'probe: pop-core (ROA), then the POST', argv: [popProbe], until: 'request', times: [] },
  );
  bundles.push({ name: 'candidate', dir: plain }, { name: 'candidate, minified', dir: minified });
}

// Warm-up: one of each (file cache), not counted; a peer that makes no request is dropped.
for (const v of variants) {
  try {
    await once(v);
  } catch (error) {
    v.failed = String(error).split('\n')[0] ?? 'failed';
  }
}
const timed = variants.filter((v) => !v.failed);
for (let round = 0; round < RUNS; round++) {
  for (let k = 0; k < timed.length; k++) {
    const v = timed[(round + k) % timed.length] as Variant;
    v.times.push(await once(v));
  }
}
// Peak RSS of a normal run (the restart, default inputs), read by the process itself at exit.
const RSS_PROBE =
  "data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))";
async function peakRssKb(dir: string): Promise<number> {
  let peak = 0;
  for (let i = 0; i < 5; i++) {
    // Not spawnSync: the emulator in this process must answer the run.
    const stderr = await new Promise<string>((resolve) => {
      const child = spawn(NODE.path, ['--import', RSS_PROBE, join(dir, 'index.js')], {
        env: actionEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let text = '';
      child.stderr.on('data', (c: Buffer) => (text += c.toString()));
      child.on('close', () => resolve(text));
    });
    peak = Math.max(peak, Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? 0));
  }
  return peak;
}
const rss = {
  committed: await peakRssKb(join(ROOT, 'dist')),
  baseline: await peakRssKb(join(baseline, 'dist')),
};
await em.close();
proxy.close();

const floor = median(variants[0]?.times ?? []);
const lines: string[] = [];
const say = (s = '') => {
  lines.push(s);
  console.log(s);
};
say(`## Time to first request (${RUNS} interleaved runs each)`);
say();
say(
  `Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}); bundles run on node ${NODE_VERSION} ` +
    `(${NODE.note}); this script on ${process.version}.`,
);
say();
say('| variant | median (ms) | min (ms) | max (ms) | ratio to floor |');
say('| --- | --- | --- | --- | --- |');
for (const v of variants) {
  if (v.failed) {
    say(`| ${v.name} | no request: ${v.failed.replace(/\|/g, '/')} | | | |`);
    continue;
  }
  const m = median(v.times);
  say(
    `| ${v.name} | ${m.toFixed(1)} | ${Math.min(...v.times).toFixed(1)} | ${Math.max(...v.times).toFixed(1)} | ${(m / floor).toFixed(2)}× |`,
  );
}
say();
const now = median(variants[2]?.times ?? []);
const before = median(variants.find((v) => v.name.startsWith('dist/ before'))?.times ?? []);
say(
  `Time to first request against dist/ before issue 17: ${(now / before).toFixed(2)}× ` +
    `(${now.toFixed(1)} ms against ${before.toFixed(1)} ms; goal ≤ 0.80×: ${now / before <= 0.8 ? 'met' : 'NOT met'}).`,
);
say(
  `Peak RSS of a normal run (the restart, default inputs; the most of 5): ${(rss.committed / 1024).toFixed(1)} MB ` +
    `(before issue 17: ${(rss.baseline / 1024).toFixed(1)} MB).`,
);
for (const note of peerNotes) say(`Peer ${note}.`);
say();
say('## Bundles: size and source maps');
say();
const budget = Number(
  /BUDGET_BYTES = ([\d_]+)/
    .exec(readFileSync(join(ROOT, 'scripts/check-size.mjs'), 'utf8'))?.[1]
    ?.replace(/_/g, ''),
);
say('| bundle | total bytes | .js/.cjs | .map | stack trace maps to |');
say('| --- | --- | --- | --- | --- |');
for (const b of bundles) {
  const size = dirBytes(b.dir);
  const stack = stackMapsToSources(b.dir);
  say(
    `| ${b.name} | ${size.total} | ${size.js} | ${size.maps} | ${stack.ok ? stack.frame : 'NOT mapped'} |`,
  );
}
say();
say(`dist/ budget (scripts/check-size.mjs): ${budget} bytes.`);
