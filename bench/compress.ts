/**
 * Compression benchmark: seconds to fit each shared scene into 5 % of its size, in Node, one
 * thread (the worker pool is not built yet): the scene analysis (order, significance, sensitivity)
 * and the budget fit are timed apart, since several budgets share one analysis.
 * Run: `npm run bench:compress` (BENCH_SCENES=a,b to choose scenes).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compressToBudget } from '../src/core/codec/compress.ts';
import { analyzeScene } from '../src/core/codec/scene-analysis.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

const chosen = process.env['BENCH_SCENES']?.split(',');
const names = chosen ?? readdirSync(SHARED_SCENES).filter((f) => f !== 'README.md').sort();
const rows: string[] = [];
for (const name of names) {
  const { scene, facts } = await readSceneFile(join(SHARED_SCENES, name));
  const budget = Math.floor(facts.bytes * 0.05);
  let t = performance.now();
  const analysis = analyzeScene(scene);
  const analysisSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const result = compressToBudget(analysis, budget);
  const fitSeconds = (performance.now() - t) / 1000;
  rows.push(`| ${name} | ${scene.count.toLocaleString('en-US')} | ${budget} | ${result.bytes.length} | ${result.kept.toLocaleString('en-US')} | ${analysisSeconds.toFixed(1)} | ${fitSeconds.toFixed(1)} | ${(analysisSeconds + fitSeconds).toFixed(1)} |`);
  process.stdout.write(rows[rows.length - 1] + '\n');
}
const report = `# Compression benchmark: fit to 5 % of the input\n\nNode ${process.version}, one thread, ${new Date().toISOString().slice(0, 10)}.\n\n| scene | splats | budget (B) | file (B) | kept | analysis s | fit s | total s |\n|---|---:|---:|---:|---:|---:|---:|---:|\n${rows.join('\n')}\n`;
if (chosen === undefined) writeFileSync(join(import.meta.dirname, 'results', 'compress.md'), report);
process.stdout.write('\n' + report);
