/**
 * How close the size model's prediction is to the real `.splatfit` file when the kept splats
 * outnumber its 32k-splat sample. Run: `npx tsx bench/size-model.ts [scene]`.
 */
import { join } from 'node:path';
import { measuredSignificance, rankBySignificance, sampleViews, selectSplats, writeSplatfit } from '../src/core/index.ts';
import { mortonOrder } from '../src/core/formats/splatfit/morton.ts';
import { createSizeModel } from '../src/core/codec/size-model.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

const name = process.argv[2] ?? 'playbot-125k.ply';
const { scene } = await readSceneFile(join(SHARED_SCENES, name));
const ranked = selectSplats(scene, mortonOrder(scene));
const significance = measuredSignificance(ranked, sampleViews(ranked, 4, { width: 128, height: 128 }));
const order = rankBySignificance(significance);
const settings = {
  fine: { positions: 16, logScales: 12, rotations: 12, opacity: 8, shDc: 10, shBand1: 8, shBand2: 6, shBand3: 6 },
  coarse: { positions: 11, logScales: 6, rotations: 7, opacity: 5, shDc: 6, shBand1: 4, shBand2: 0, shBand3: 0 },
};
console.log(`| ${name} kept | setting | predicted | real | error |\n|---:|---|---:|---:|---:|`);
for (const fraction of [1, 0.5, 0.1]) {
  const kept = Math.floor(scene.count * fraction);
  const model = createSizeModel(ranked, order, kept);
  for (const [label, bits] of Object.entries(settings)) {
    const real = writeSplatfit(selectSplats(ranked, order.slice(0, kept).sort()), { bits, order: 'input' }).length;
    const predicted = model.predict(kept, bits, scene.shDegree);
    console.log(`| ${kept} | ${label} | ${predicted} | ${real} | ${(((predicted - real) / real) * 100).toFixed(1)} % |`);
  }
}
