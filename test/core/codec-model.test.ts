/** Inputs of the budget solver: sensitivity per group and bit depth, and the size model. */
import { beforeAll, describe, expect, it } from 'vitest';
import { measuredSignificance, rankBySignificance, sampleViews, selectSplats, type SplatScene, writeSplatfit } from '../../src/core/index.ts';
import { mortonOrder } from '../../src/core/formats/splatfit/morton.ts';
import { measureSensitivity } from '../../src/core/codec/sensitivity.ts';
import { createSizeModel } from '../../src/core/codec/size-model.ts';
import { readShared } from '../helpers/scenes.ts';

let ranked: SplatScene;
let significance: Float32Array;
beforeAll(async () => {
  const { scene } = await readShared('playbot-31k.ply');
  ranked = selectSplats(scene, mortonOrder(scene));
  significance = measuredSignificance(ranked, sampleViews(ranked, 4, { width: 96, height: 96 }));
});

describe('sensitivity', () => {
  it('falls as bits rise, for every group, and is negligible at 16 bits', () => {
    const table = measureSensitivity(ranked, sampleViews(ranked, 2, { width: 64, height: 64 }), { ladder: [2, 4, 8, 16] });
    for (const [group, row] of Object.entries(table)) {
      const d = (bits: number): number => row.get(bits)!;
      expect(d(2), group).toBeGreaterThanOrEqual(d(4));
      expect(d(4), group).toBeGreaterThanOrEqual(d(8));
      expect(d(8), group).toBeGreaterThanOrEqual(d(16));
      expect(d(16), group).toBeLessThan(1e-5);
      expect(d(2), group).toBeGreaterThan(d(16));
    }
    // Dropping SH band 2 costs something, but less than crushing positions to 2 bits.
    expect(table.shBand2!.get(0)!).toBeGreaterThan(0);
    expect(table.positions!.get(2)!).toBeGreaterThan(table.shBand2!.get(0)!);
  });
});

describe('size model', () => {
  const settings = [
    { positions: 16, logScales: 12, rotations: 12, opacity: 8, shDc: 10, shBand1: 8, shBand2: 6 },
    { positions: 11, logScales: 6, rotations: 7, opacity: 5, shDc: 6, shBand1: 4, shBand2: 0 },
  ];
  for (const fraction of [1, 0.5, 0.2]) {
    for (const [k, bits] of settings.entries()) {
      it(`predicts the real file within 3 % (keep ${fraction * 100} %, setting ${k})`, () => {
        const kept = Math.floor(ranked.count * fraction);
        const model = createSizeModel(ranked, rankBySignificance(significance), kept);
        const real = writeSplatfit(selectSplats(ranked, rankBySignificance(significance).slice(0, kept).sort()), { bits, order: 'input' }).length;
        const predicted = model.predict(kept, bits, 2);
        expect(Math.abs(predicted - real) / real).toBeLessThan(0.03);
      });
    }
  }
});
