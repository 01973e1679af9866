/**
 * `npx tsx bench/tune.ts wait|completion '<json options>' ...` — the default pacers' constants
 * against every model (the short mix of --smoke), to see what a change of constant buys.
 */
import { blindSweep, BASE_MS, MAX_MS, runCompletionModel, runWaitModel } from './wait-policy.js';
import { COMPLETION_MODELS, WAIT_MODELS } from './world.js';

const [which, ...variants] = process.argv.slice(2);
const n = Number(process.env.TRIALS ?? 600);
const seed = Number(process.env.SEED ?? 1);
const sweep = blindSweep(BASE_MS, MAX_MS, process.env.SMOKE === '1');
for (const v of variants.length ? variants : ['{}']) {
  const options = JSON.parse(v) as Record<string, number>;
  const cells: string[] = [];
  let worst = 0;
  const models = which === 'completion' ? COMPLETION_MODELS : WAIT_MODELS;
  models.forEach((m, i) => {
    const r =
      which === 'completion'
        ? runCompletionModel(
            m as (typeof COMPLETION_MODELS)[number],
            n,
            seed * 2_000 + i,
            sweep,
            options,
          )
        : runWaitModel(m as (typeof WAIT_MODELS)[number], n, seed * 1_000 + i, sweep, options);
    if (r.group === 'uninformative') worst = Math.max(worst, r.vsAll.by);
    const tag =
      r.group === 'informative'
        ? `calls/blind ${(r.own.calls / r.blindCallsAtLag).toFixed(3)}`
        : `by ${(100 * r.vsAll.by).toFixed(1)}%`;
    cells.push(
      `${r.name.slice(0, 22)}: ${r.own.lag.toFixed(2)}/${r.own.calls.toFixed(2)} ${tag}${r.ok ? '' : ' FAIL'}`,
    );
  });
  console.log(`${v}  worst uninformative ${(100 * worst).toFixed(1)}%\n  ${cells.join('\n  ')}`);
}
