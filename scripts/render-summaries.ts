/**
 * `npm run render:summaries`: runs the action against the emulator (virtual clock, seeded
 * jitter) in five situations, renders each job summary to HTML the way GitHub shows it
 * (markdown through marked, mermaid charts drawn by mermaid in the page) and screenshots it
 * with headless Chromium (Debian: apt-get install chromium).
 *
 *   npm run render:summaries [-- --out DIR] [--readme]
 *
 * Writes DIR/<name>.md, .html and .png (default DIR: .summaries/, git-ignored); --readme
 * also copies the rolling-restart picture to docs/summary.png.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { marked } from 'marked';
import {
  ENV_ID,
  removeRunFiles,
  runAction,
  seededRandom,
  virtualClock,
} from '../__fixtures__/harness.js';
import { startEmulator, type Emulator } from '../emulator/server.js';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 ? (args[outIndex + 1] ?? '.summaries') : '.summaries');
mkdirSync(out, { recursive: true });
const START = Date.UTC(2026, 0, 5, 9, 30, 0);

interface Scenario {
  name: string;
  title: string;
  setUp(em: Emulator): void;
  inputs: Record<string, string>;
}

const scenarios: Scenario[] = [
  {
    name: 'success',
    title: 'A restart that succeeded',
    setUp: (em) => em.state.addEnv({ envId: ENV_ID, restartDurationMs: 48_000 }),
    inputs: { 'wait-for-completion': 'true' },
  },
  {
    name: 'env-on-changing',
    title: 'Waiting out EnvOnChanging',
    setUp: (em) => {
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
    setUp: (em) =>
      em.state.addEnv({
        envId: ENV_ID,
        instances: 4,
        restartDurationMs: 120_000,
        healthDelayMs: 25_000,
      }),
    inputs: { 'batch-size': '2', 'batch-interval': '30', 'wait-for-healthy': 'true' },
  },
  {
    name: 'failed-completion',
    title: 'A failed completion',
    setUp: (em) =>
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
    name: 'credentials-error',
    title: 'A credentials error',
    setUp: (em) => em.state.addEnv({ envId: ENV_ID }),
    inputs: { 'access-key-secret': 'a-secret-that-does-not-match' },
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
summary { cursor: pointer; }
a { color: #0969da; text-decoration: none; }
`;

function html(title: string, markdown: string): string {
  const body = marked
    .parse(markdown, { async: false })
    .replace(
      /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
      '<pre class="mermaid">$1</pre>',
    );
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>${CSS}</style></head><body><div class="box"><header>restart summary</header><main>${body}</main></div>
<script>${mermaidJs}</script>
<script>mermaid.initialize({ startOnLoad: false, theme: 'default', gantt: { useWidth: 880 } });
mermaid.run().then(() => { document.body.dataset.done = '1'; });</script></body></html>`;
}

function chromium(): string {
  for (const bin of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      execFileSync('which', [bin], { stdio: 'ignore' });
      return bin;
    } catch {
      // next
    }
  }
  throw new Error('No Chromium found: apt-get install chromium');
}

const browser = chromium();
try {
  for (const s of scenarios) {
    const clock = virtualClock(START);
    const em = await startEmulator({ now: () => clock.now() });
    try {
      s.setUp(em);
      const r = await runAction(
        {
          'env-id': ENV_ID,
          endpoint: em.url,
          region: 'cn-hangzhou',
          'retry-base-delay': '5',
          'retry-max-delay': '15',
          ...s.inputs,
        },
        { clock, random: seededRandom(11) },
      );
      const md = join(out, `${s.name}.md`);
      const page = join(out, `${s.name}.html`);
      const png = join(out, `${s.name}.png`);
      writeFileSync(md, r.summary);
      writeFileSync(page, html(s.title, r.summary));
      execFileSync(
        browser,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--hide-scrollbars',
          '--virtual-time-budget=5000',
          '--window-size=1000,1900',
          `--screenshot=${png}`,
          `file://${page}`,
        ],
        { stdio: 'ignore' },
      );
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
