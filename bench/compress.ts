/**
 * Compression benchmark, in Node, through the worker pool as the CLI runs it:
 * 1. seconds to fit each shared scene into 5 % of its size: the scene analysis (order,
 *    significance, sensitivity; main thread) and the fit (planned pruning errors spread over a
 *    pool of one worker per core, then the budget; wall clock, fidelity report excluded) apart,
 *    since several budgets share one analysis;
 * 2. four budgets (50/10/5/2 %) of the larger scenes fitted on a pool of 1 worker, then of as
 *    many workers as the machine has cores: the pool's wall-clock gain.
 * Run: `npm run bench:compress` (BENCH_SCENES=a,b to choose the scenes of table 1).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { measureScene } from '../src/core/codec/scene-analysis.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import type { CompressPool } from '../workers/compress-pool.ts';
import { createNodeCompressPool } from '../src/cli/node-compress-pool.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

const chosen = process.env['BENCH_SCENES']?.split(',');
const names = chosen ?? readdirSync(SHARED_SCENES).filter((f) => f !== 'README.md').sort();
const cores = availableParallelism();
const seconds = (since: number): number => (performance.now() - since) / 1000;
/** The fit alone: fidelity reporting is the CLI's extra, kept minimal here. */
const REPORT = { reportViews: 1, reportSize: 32 } as const;

/** As the CLI does it: planned pruning errors spread over the pool, then the budgets in parallel. */
async function fitAll(pool: CompressPool, key: string, measurements: ReturnType<typeof measureScene>, budgets: number[]) {
  const t = performance.now();
  const planning = await pool.sharedPlanning(key, measurements);
  const results = await Promise.all(budgets.map((budget) => pool.fit(key, measurements, { budget, format: 'splatfit', ...REPORT }, undefined, planning).result));
  return { results, wall: seconds(t) };
}

const singleRows: string[] = [];
for (const name of names) {
  const { scene, facts } = await readSceneFile(join(SHARED_SCENES, name));
  const budget = Math.floor(facts.bytes * 0.05);
  const t = performance.now();
  const measurements = measureScene(scene);
  const analysisSeconds = seconds(t);
  const pool = createNodeCompressPool(cores);
  const { results: [result], wall } = await fitAll(pool, name, measurements, [budget]);
  pool.close();
  singleRows.push(`| ${name} | ${scene.count.toLocaleString('en-US')} | ${budget} | ${result!.bytes.length} | ${result!.kept.toLocaleString('en-US')} | ${analysisSeconds.toFixed(1)} | ${wall.toFixed(1)} | ${(analysisSeconds + wall).toFixed(1)} |`);
  process.stdout.write(singleRows.at(-1) + '\n');
}

const poolRows: string[] = [];
if (chosen === undefined) {
  for (const name of ['playbot-125k.ply', 'playbot-500k.ply']) {
    const { scene, facts } = await readSceneFile(join(SHARED_SCENES, name));
    const budgets = [0.5, 0.1, 0.05, 0.02].map((f) => Math.floor(facts.bytes * f));
    const measurements = measureScene(scene);
    const walls: number[] = [];
    for (const size of [1, cores]) {
      const pool = createNodeCompressPool(size);
      const { wall } = await fitAll(pool, name, measurements, budgets);
      pool.close();
      walls.push(wall);
    }
    poolRows.push(`| ${name} | ${budgets.length} | ${walls[0]!.toFixed(1)} | ${cores} | ${walls[1]!.toFixed(1)} | ${(walls[0]! / walls[1]!).toFixed(2)}× |`);
    process.stdout.write(poolRows.at(-1) + '\n');
  }
}

const report = `# Compression benchmark

Node ${process.version}, ${cores} cores, ${new Date().toISOString().slice(0, 10)}. \`npm run bench:compress\`.

## Fit to 5 % of the input (analysis on the main thread; fit on a pool of ${cores} workers)

| scene | splats | budget (B) | file (B) | kept | analysis s | fit s | total s |
|---|---:|---:|---:|---:|---:|---:|---:|
${singleRows.join('\n')}

## Four budgets (50, 10, 5, 2 %) sharing one analysis: wall-clock seconds of the fits

| scene | budgets | 1 worker s | workers | pool s | speed-up |
|---|---:|---:|---:|---:|---:|
${poolRows.join('\n')}
`;
if (chosen === undefined) writeFileSync(join(import.meta.dirname, 'results', 'compress.md'), report);
process.stdout.write('\n' + report);
