/**
 * Render benchmark: time per 512×512 view of the reference rasterizer on one core, for every
 * shared scene, over the first 4 standard views (median). Run: `npm run bench:render`.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rasterize, sampleViews } from '../src/core/index.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

const VIEWS = 4;
const rows: string[] = [];
for (const name of readdirSync(SHARED_SCENES).filter((f) => f !== 'README.md').sort()) {
  const { scene } = await readSceneFile(join(SHARED_SCENES, name));
  const cameras = sampleViews(scene, VIEWS, { width: 512, height: 512 });
  rasterize(scene, cameras[0]!); // warm-up
  const times = cameras.map((camera) => {
    const start = performance.now();
    rasterize(scene, camera);
    return performance.now() - start;
  }).sort((a, b) => a - b);
  const median = (times[1]! + times[2]!) / 2;
  rows.push(`| ${name} | ${scene.count.toLocaleString('en-US')} | ${scene.shDegree} | ${median.toFixed(0)} | ${times[0]!.toFixed(0)} | ${times[VIEWS - 1]!.toFixed(0)} |`);
  process.stdout.write(rows[rows.length - 1] + '\n');
}
const report = `# Render benchmark (reference rasterizer, 512×512, one core)\n\nNode ${process.version}, median of the first ${VIEWS} standard views, ${new Date().toISOString().slice(0, 10)}.\n\n| scene | splats | SH | median ms/view | fastest | slowest |\n|---|---:|---:|---:|---:|---:|\n${rows.join('\n')}\n`;
writeFileSync(join(import.meta.dirname, 'results', 'render.md'), report);
process.stdout.write('\n' + report);
