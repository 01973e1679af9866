/**
 * `npx tsx bench/tune.ts wait|completion '<json options>' ...` (e.g. completion
 * '{"looseCallsPerLagS":36}', wait '{"lagPerCallMs":500}') — the default pacers' constants
 * against every model (a short mix), to see what a change of constant buys. TRIALS, SEED,
 * STRIDE (every how many trials the optimum is computed) from the environment; BY_COUNT=1 runs
 * each model once per number of earlier durations on the page (TRIALS each), to see where a
 * row's figure comes from.
 */
import { blindSweep, BASE_MS, MAX_MS, runCompletionModel, runWaitModel } from './wait-policy.js';
import { COMPLETION_MODELS, WAIT_MODELS } from './world.js';

const [which, ...variants] = process.argv.slice(2);
const n = Number(process.env.TRIALS ?? 600);
const seed = Number(process.env.SEED ?? 1);
const stride = Number(process.env.STRIDE ?? 4);
const sweep = blindSweep(BASE_MS, MAX_MS, process.env.SMOKE === '1');
for (const v of variants.length ? variants : ['{}']) {
  const options = JSON.parse(v) as Record<string, number>;
  const cells: string[] = [];
  const split = <M extends { counts: number[] }>(m: M): Array<[M, string]> =>
    process.env.BY_COUNT === '1'
      ? m.counts.map((k) => [{ ...m, counts: [k] }, ` n=${k}`])
      : [[m, '']];
  if (which === 'completion') {
    for (const [i, model] of COMPLETION_MODELS.entries()) {
      for (const [m, tag] of split(model)) {
        const r = await runCompletionModel(m, n, seed * 2_000 + i, sweep, options, stride);
        cells.push(
          `${r.name.slice(0, 28)}${tag}: lag ${r.own.lag.toFixed(2)} polls ${r.own.calls.toFixed(2)} ` +
            `×opt ${r.opt.ratio.toFixed(3)} total ${r.total.toFixed(1)}/${r.simple.total.toFixed(1)} ` +
            `by ${(100 * r.vsAll.by).toFixed(1)}%${r.ok ? '' : ' FAIL'}`,
        );
      }
    }
  } else {
    for (const [i, model] of WAIT_MODELS.entries()) {
      for (const [m, tag] of split(model)) {
        const r = await runWaitModel(m, n, seed * 1_000 + i, sweep, options, stride);
        cells.push(
          `${r.name.slice(0, 28)}${tag}: ${r.own.lag.toFixed(2)}/${r.own.calls.toFixed(2)} ` +
            `×opt ${r.opt ? r.opt.ratio.toFixed(3) : '—'} by ${(100 * r.vsAll.by).toFixed(1)}%${r.ok ? '' : ' FAIL'}`,
        );
      }
    }
  }
  console.log(`${v}\n  ${cells.join('\n  ')}`);
}
