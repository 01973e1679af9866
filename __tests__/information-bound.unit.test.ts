import { boundBelief, type Knowledge } from '../bench/information-bound.js';
import {
  COMPLETION_MODELS,
  completionWorld,
  mulberry32,
  type CompletionModel,
} from '../bench/world.js';

// The bound of bench/information-bound.ts is only as good as its posterior: with the range
// known, it must be the exact posterior of the worlds bench/world.ts draws. Checked the way a
// forecast is: the probability it gave the end that came (1 − S(D)) is uniform on [0, 1] over
// many draws (Kolmogorov–Smirnov distance).

const byName = (part: string) =>
  COMPLETION_MODELS.find((m) => m.name.includes(part)) as CompletionModel;

interface Draw {
  /** 1 − S(D): the probability the belief gave an end before the one that came. */
  u: number;
  /** The belief's probability that the world is a coupled one, and whether it was. */
  pCoupled: number;
  coupled: boolean;
}

function draws(drawPrior: number, belief: Knowledge, trials = 3000): Draw[] {
  const random = mulberry32(17);
  const tight = byName('σ = 0.1');
  const loose = byName('σ = 0.3');
  const independent = byName('independent');
  const out: Draw[] = [];
  for (let i = 0; i < trials; i++) {
    const r = random();
    const model = r < drawPrior / 2 ? tight : r < drawPrior ? loose : independent;
    const world = completionWorld(model, random(), random);
    const ours = world.changes.find((c) => c.id === 'ours');
    if (!ours) throw new Error('a completion world without its change');
    const past = world.changes
      .filter((c) => c.id.startsWith('past-'))
      .map((c) => c.finish - c.create);
    const b = boundBelief(past, belief);
    out.push({
      u: 1 - b.survival(ours.finish - ours.create),
      pCoupled: b.coupled(0),
      coupled: model !== independent,
    });
  }
  return out;
}

function pitDistance(drawPrior: number, belief: Knowledge): number {
  const u = draws(drawPrior, belief)
    .map((d) => d.u)
    .sort((a, b) => a - b);
  let d = 0;
  u.forEach((x, i) => {
    d = Math.max(d, (i + 1) / u.length - x, x - i / u.length);
  });
  return d;
}

describe('information bound: the Bayes belief of the bench’s completion worlds', () => {
  // 1.63/√3000 ≈ 0.030: the 1 % critical value of the KS distance.
  it('is calibrated on the worlds it describes (range known, as drawn)', () => {
    expect(pitDistance(0.5, { widen: 1, prior: 0.5, coupledPrice: 32 })).toBeLessThan(0.03);
    expect(pitDistance(0.2, { widen: 1, prior: 0.2, coupledPrice: 32 })).toBeLessThan(0.03);
    // Coupled worlds only: where the predictive spread σ·√(1 + 1/n) matters most.
    expect(pitDistance(1, { widen: 1, prior: 1, coupledPrice: 32 })).toBeLessThan(0.03);
  });

  it('is not calibrated when told less than it should be (the check can fail)', () => {
    expect(pitDistance(0.5, { widen: 2, prior: 0.5, coupledPrice: 32 })).toBeGreaterThan(0.05);
  });

  it('its chance of a coupled world is calibrated: in each fifth of [0, 1], as often as it says', () => {
    const worst = (drawPrior: number, prior: number) => {
      const bins = Array.from({ length: 5 }, () => ({ n: 0, p: 0, hits: 0 }));
      for (const d of draws(drawPrior, { widen: 1, prior, coupledPrice: 32 })) {
        const bin = bins[Math.min(4, Math.floor(d.pCoupled * 5))] as (typeof bins)[number];
        bin.n += 1;
        bin.p += d.pCoupled;
        bin.hits += d.coupled ? 1 : 0;
      }
      // In standard errors of the bin's frequency (bins of 100 draws or more).
      return Math.max(
        ...bins
          .filter((b) => b.n >= 100)
          .map((b) => {
            const said = b.p / b.n;
            const seen = b.hits / b.n;
            return Math.abs(said - seen) / Math.sqrt(Math.max(said * (1 - said), 0.01) / b.n);
          }),
      );
    };
    expect(worst(0.5, 0.5)).toBeLessThan(3);
    expect(worst(0.2, 0.2)).toBeLessThan(3);
    // Told the wrong prior, it says "coupled" too seldom: the check fails.
    expect(worst(0.5, 0.05)).toBeGreaterThan(6);
  });

  it('one earlier duration tells no world from another: the coupled share is the prior', () => {
    const belief = boundBelief([120_000], { widen: 1, prior: 0.3, coupledPrice: 32 });
    expect(belief.coupled(0)).toBeCloseTo(0.3, 3);
    expect(belief.survival(0)).toBeCloseTo(1, 9);
  });
});
