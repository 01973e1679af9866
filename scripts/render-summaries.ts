/**
 * `npm run render:summaries`: runs the action against the emulator (virtual clock, seeded
 * jitter) in every outcome it has, renders each job summary to HTML the way GitHub does
 * (markdown through cmark-gfm, GitHub's renderer, when it is installed, else marked; mermaid
 * charts drawn by mermaid in the page) and screenshots it with headless Chromium.
 *
 *   npm run render:summaries [-- --out DIR] [--only NAME,NAME] [--dark] [--readme]
 *
 * Debian: apt-get install cmark-gfm chromium. Writes DIR/<name>.md, .html and .png (default
 * DIR: .summaries/, git-ignored); --readme also copies the rolling restart to docs/summary.png.
 * Not part of CI: look at each picture after changing the summary.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { marked } from 'marked';
import {
  ENV_ID,
  removeRunFiles,
  runAction,
  seededRandom,
  virtualClock,
  type VirtualClock,
} from '../__fixtures__/harness.js';
import { applyScenario } from '../emulator/scenarios.js';
import { startEmulator, type Emulator } from '../emulator/server.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = resolve(option('--out') ?? '.summaries');
const only = option('--only')?.split(',');
// GitHub draws mermaid with its dark theme for a reader in dark mode: look at both.
const dark = args.includes('--dark');
mkdirSync(out, { recursive: true });
const START = Date.UTC(2026, 0, 5, 9, 30, 0);

interface Run {
  em: Emulator;
  clock: VirtualClock;
  /** Aborts the run (as a cancellation would) once the clock reaches `at`. */
  cancelAt(at: number): void;
  controller: AbortController;
}

interface Scenario {
  name: string;
  title: string;
  setUp(run: Run): void;
  inputs: Record<string, string>;
}

const scenarios: Scenario[] = [
  {
    name: 'success',
    title: 'A restart that succeeded',
    setUp: ({ em }) => em.state.addEnv({ envId: ENV_ID, restartDurationMs: 48_000 }),
    inputs: { 'wait-for-completion': 'true' },
  },
  {
    name: 'env-on-changing',
    title: 'Waiting out EnvOnChanging, then success',
    setUp: ({ em }) => {
      em.state.addEnv({ envId: ENV_ID, restartDurationMs: 30_000 });
      em.state.startChange(ENV_ID, {
        actionName: 'Apply',
        durationMs: 75_000,
        createTime: START - 15_000,
      });
    },
    inputs: { 'wait-for-completion': 'true' },
  },
  {
    name: 'rolling-health',
    title: 'A rolling restart with health',
    setUp: ({ em }) =>
      em.state.addEnv({
        envId: ENV_ID,
        instances: 4,
        restartDurationMs: 120_000,
        healthDelayMs: 25_000,
      }),
    inputs: { 'batch-size': '2', 'batch-interval': '30', 'wait-for-healthy': 'true' },
  },
  {
    name: 'env-on-changing-timeout',
    title: 'EnvOnChanging until wait-timeout (about 50 tries)',
    setUp: ({ em }) => {
      em.state.addEnv({ envId: ENV_ID });
      em.state.startChange(ENV_ID, {
        actionName: 'Apply',
        durationMs: 3_600_000,
        createTime: START - 60_000,
      });
    },
    inputs: { 'wait-timeout': '600', 'retry-base-delay': '5', 'retry-max-delay': '12' },
  },
  {
    name: 'credentials-error',
    title: 'A credentials error',
    setUp: ({ em }) => em.state.addEnv({ envId: ENV_ID }),
    inputs: { 'access-key-secret': 'a-secret-that-does-not-match', 'wait-for-completion': 'true' },
  },
  {
    name: 'cancelled-restart',
    title: 'Cancelled while the restart change runs',
    setUp: ({ em, clock, cancelAt }) => {
      em.state.addEnv({ envId: ENV_ID, restartDurationMs: 300_000 });
      em.faults.push('DescribeChange', {
        kind: 'hook',
        run: () => cancelAt(clock.now() + 40_000),
      });
    },
    inputs: { 'wait-for-completion': 'true' },
  },
  {
    name: 'cancelled-health',
    title: 'Cancelled during the health wait',
    setUp: ({ em, clock, cancelAt }) => {
      em.state.addEnv({
        envId: ENV_ID,
        instances: 4,
        restartDurationMs: 20_000,
        healthDelayMs: 60_000,
      });
      em.faults.push('DescribeAppEnvInstanceHealth', {
        kind: 'hook',
        run: () => cancelAt(clock.now() + 4_000),
      });
    },
    inputs: { 'wait-for-healthy': 'true', 'health-timeout': '120' },
  },
  {
    name: 'failed-change',
    title: 'A restart change that failed',
    setUp: ({ em }) =>
      em.state.addEnv({
        envId: ENV_ID,
        restartDurationMs: 65_000,
        restartOutcome: 'failed',
        restartMessage:
          'The application did not start on i-bp1f3k2j9x8c7v6b5n4m: health check timed out.',
      }),
    inputs: { 'wait-for-completion': 'true' },
  },
  {
    name: 'unhealthy',
    title: 'Instances not healthy by health-timeout',
    setUp: ({ em }) =>
      em.state.addEnv({
        envId: ENV_ID,
        instances: 4,
        restartDurationMs: 30_000,
        unhealthyAfterRestart: 1,
      }),
    inputs: { 'wait-for-healthy': 'true', 'health-timeout': '60' },
  },
  {
    name: 'may-have-started',
    title: 'An unanswered restart that cannot be settled (reads refused)',
    setUp: ({ em }) => {
      em.state.addEnv({ envId: ENV_ID });
      em.state.deny('DescribeAppEnvStatus', 'DescribeChanges');
      em.faults.push('RestartAppEnv', { kind: 'reset', afterProcessing: true });
    },
    inputs: {},
  },
  {
    name: 'paused-blocker',
    title: 'A change paused between batches holds the environment',
    setUp: ({ em }) => applyScenario(em, 'paused-blocker', { envId: ENV_ID }),
    inputs: {},
  },
  {
    name: 'stopped-unhealthy',
    title: 'A rolling restart stopped by stop-on-unhealthy',
    setUp: ({ em }) =>
      applyScenario(em, 'unhealthy-after-restart', { envId: ENV_ID, restartDurationMs: 80_000 }),
    inputs: {
      'batch-size': '1',
      'batch-interval': '30',
      'wait-for-healthy': 'true',
      'stop-on-unhealthy': 'true',
      'health-timeout': '40',
    },
  },
  {
    name: 'dry-run',
    title: 'A dry run on a busy environment',
    setUp: ({ em }) => applyScenario(em, 'busy', { envId: ENV_ID }),
    inputs: { 'dry-run': 'true', 'batch-percent': '50' },
  },
];

const require = createRequire(import.meta.url);
const mermaidJs = readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');

/** GitHub's job summary look, roughly: its fonts, table borders and code blocks. */
const CSS = `
body { font-family: -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji";
  font-size: 14px; line-height: 1.5; color: #1f2328; background: #f6f8fa; margin: 0; padding: 24px; }
.box { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; max-width: 940px; margin: 0 auto; }
.box > header { padding: 12px 16px; border-bottom: 1px solid #d1d9e0; font-weight: 600; }
.box > main { padding: 8px 24px 16px; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
h3 { font-size: 1.25em; margin-top: 24px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; text-align: left; }
tr:nth-child(2n) td { background: #f6f8fa; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 85%; }
pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto; }
pre.mermaid { background: none; padding: 0; }
summary { cursor: pointer; }
a { color: #0969da; text-decoration: none; }
`;

/** GitHub's dark mode, roughly. */
const DARK_CSS = `
body { color: #f0f6fc; background: #010409; }
.box { background: #0d1117; border-color: #3d444d; }
.box > header, h2, th, td { border-color: #3d444d; }
tr:nth-child(2n) td { background: #151b23; }
a { color: #4493f8; }
`;

function onPath(bins: string[]): string | undefined {
  for (const bin of bins) {
    try {
      execFileSync('which', [bin], { stdio: 'ignore' });
      return bin;
    } catch {
      // next
    }
  }
  return undefined;
}

const cmark = onPath(['cmark-gfm']);

/** Markdown → HTML: GitHub's cmark-gfm with its extensions (raw HTML kept, as GitHub then sanitises it). */
function toHtml(markdown: string): string {
  if (!cmark) return marked.parse(markdown, { async: false });
  return execFileSync(
    cmark,
    ['--unsafe', '-e', 'table', '-e', 'strikethrough', '-e', 'autolink', '-e', 'tagfilter'],
    { input: markdown, encoding: 'utf8' },
  );
}

function html(title: string, markdown: string): string {
  const body = toHtml(markdown).replace(
    /<pre(?: lang="mermaid")?><code(?: class="language-mermaid")?>([\s\S]*?)<\/code><\/pre>/g,
    (whole, code: string) =>
      whole.includes('mermaid') ? `<pre class="mermaid">${code}</pre>` : whole,
  );
  // Open the <details> as a reader would, to see the events table too.
  const opened = body.replace(/<details>/g, '<details open>');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>${CSS}${dark ? DARK_CSS : ''}</style></head><body><div class="box"><header>restart summary</header><main>${opened}</main></div>
<script>${mermaidJs}</script>
<script>mermaid.initialize({ startOnLoad: false, theme: '${dark ? 'dark' : 'default'}', gantt: { useWidth: 880 } });
mermaid.run().then(() => { document.body.dataset.height = String(document.documentElement.scrollHeight); });</script></body></html>`;
}

const browser = onPath(['chromium', 'chromium-browser', 'google-chrome']);
if (!browser) throw new Error('No Chromium found: apt-get install chromium');
console.log(`markdown: ${cmark ?? 'marked (cmark-gfm not installed)'}; browser: ${browser}`);

/** Headless Chromium on the page, with a fresh profile each time; returns its stdout. */
function chromium(page: string, extra: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'render-summaries-chromium-'));
  try {
    return execFileSync(
      browser as string,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--hide-scrollbars',
        '--virtual-time-budget=5000',
        ...extra,
        `file://${page}`,
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** A picture of the whole page and no more: its height is measured once the charts are drawn. */
function screenshot(page: string, png: string): void {
  const dom = chromium(page, ['--window-size=1000,1000', '--dump-dom']);
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1] ?? 2200);
  chromium(page, [
    `--window-size=1000,${Math.min(Math.max(height, 300), 8000)}`,
    `--screenshot=${png}`,
  ]);
}

try {
  for (const s of scenarios) {
    if (only && !only.includes(s.name)) continue;
    const clock = virtualClock(START);
    const em = await startEmulator({ now: () => clock.now() });
    const controller = new AbortController();
    let cancelAt = Infinity;
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      if (clock.now() + ms >= cancelAt) {
        clock.advance(Math.max(0, cancelAt - clock.now()));
        controller.abort();
      }
      return sleep(ms, signal);
    };
    try {
      s.setUp({ em, clock, controller, cancelAt: (at) => (cancelAt = at) });
      const r = await runAction(
        {
          'env-id': ENV_ID,
          endpoint: em.url,
          region: 'cn-hangzhou',
          'retry-base-delay': '5',
          'retry-max-delay': '15',
          ...s.inputs,
        },
        { clock, random: seededRandom(11), signal: controller.signal },
      );
      const md = join(out, `${s.name}.md`);
      const page = join(out, `${s.name}.html`);
      const png = join(out, `${s.name}${dark ? '-dark' : ''}.png`);
      writeFileSync(md, r.summary);
      writeFileSync(join(out, `${s.name}.log`), r.stdout);
      writeFileSync(page, html(s.title, r.summary));
      screenshot(page, png);
      console.log(`${s.title}: ${png}`);
    } finally {
      await em.close();
    }
  }
} finally {
  removeRunFiles();
}
if (args.includes('--readme')) {
  copyFileSync(join(out, 'rolling-health.png'), resolve('docs/summary.png'));
  console.log('copied rolling-health.png to docs/summary.png');
}
