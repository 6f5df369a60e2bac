/**
 * How close the size model's prediction is to the real `.splatfit` file when the kept splats
 * outnumber its 8k-splat sample, for plans of 24 and 6 bytes a splat. Run: `npx tsx bench/size-model.ts [scene]`.
 */
import { join } from 'node:path';
import { solveCodings } from '../src/core/codec/budget-solver.ts';
import { encodePlan } from '../src/core/codec/compress.ts';
import { analyzeScene } from '../src/core/codec/scene-analysis.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

const name = process.argv[2] ?? 'playbot-125k.ply';
const { scene } = await readSceneFile(join(SHARED_SCENES, name));
const analysis = analyzeScene(scene, { views: 16 });
const budgets = { fine: 24, coarse: 6 };
console.log(`| ${name} kept | plan | predicted | real | error |\n|---:|---|---:|---:|---:|`);
for (const fraction of [1, 0.5, 0.1]) {
  const kept = Math.floor(scene.count * fraction);
  for (const [label, perSplat] of Object.entries(budgets)) {
    const plan = solveCodings(analysis.distortion, analysis.sizeModel(kept), kept, scene.shDegree, kept * perSplat)!;
    const real = encodePlan(analysis, plan, kept).length;
    console.log(`| ${kept} | ${label} | ${plan.predictedBytes} | ${real} | ${(((plan.predictedBytes - real) / real) * 100).toFixed(1)} % |`);
  }
}
