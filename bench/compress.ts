/**
 * Compression benchmark, in Node, through the worker pool as the CLI runs it:
 * 1. seconds to fit each shared scene into 5 % of its size: the scene analysis (order,
 *    significance, sensitivity; main thread) and the fit (planned pruning errors spread over a
 *    pool of one worker per core, then the budget; wall clock, fidelity report excluded) apart,
 *    since several budgets share one analysis;
 * 2. four budgets (50/10/5/2 %) of the larger scenes fitted on a pool of 1 worker, then of as
 *    many workers as the machine has cores: the pool's wall-clock gain;
 * 3. the fit time per budget against the v1 codec (commit 7933790, run from a git worktree by
 *    bench/rd/v1-baseline.ts), one thread each, the same four budgets after one analysis each: the
 *    first budget includes the planning both codecs share between budgets;
 * 4. the page's live budget on playbot-500k (bench/compress/live.ts): seconds to the first preview,
 *    then per preview and per exact fit;
 * 5. the CLI on 2 M and 6 M tilings of playbot-500k (bench/compress/big-scenes.ts): seconds, and
 *    seconds per million splats (BENCH_BIG=none skips it).
 * Writes bench/results/compress.md and compress.json (fitTimes, live, bigScenes).
 * Run: `npm run bench:compress` (BENCH_SCENES=a,b to choose the scenes of table 1).
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { measureScene } from '../src/core/codec/scene-analysis.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import type { CompressPool } from '../workers/compress-pool.ts';
import { createNodeCompressPool } from '../src/cli/node-compress-pool.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';
import { compressToBudget } from '../src/core/codec/compress.ts';
import { analysisFrom } from '../src/core/codec/scene-analysis.ts';
import { writeScene } from '../src/core/index.ts';
import { ToolCache } from './rd/tool-cache.ts';
import { v1Fits } from './rd/v1-baseline.ts';
import { liveTable, type LiveTimes, measureLiveWithPage } from './compress/live.ts';
import { type BigSceneTime, bigScenesTable, measureBigScenes } from './compress/big-scenes.ts';

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

interface FitTimes { scene: string; splats: number; budgets: number[]; v2: { analysis: number; fits: number[] }; v1: { analysis: number | null; fits: (number | null)[] } }
const versusRows: string[] = [];
const versus: FitTimes[] = [];
if (chosen === undefined || process.env['BENCH_VERSUS'] === '1') {
  for (const name of chosen ?? ['playbot-31k.ply', 'luma-seal-101k.splat', 'playbot-125k.ply', 'playbot-500k.ply']) {
    const path = join(SHARED_SCENES, name);
    const { scene, facts } = await readSceneFile(path);
    const budgets = [0.5, 0.1, 0.05, 0.02].map((f) => Math.floor(facts.bytes * f));
    let t = performance.now();
    const analysis = analysisFrom(measureScene(scene));
    const v2 = { analysis: seconds(t), fits: [] as number[] };
    for (const budget of budgets) {
      t = performance.now();
      await compressToBudget(analysis, budget);
      v2.fits.push(seconds(t));
    }
    // An emptied cache folder, so v1 really fits (its files would otherwise be reused).
    const ply = writeScene(scene, 'ply');
    rmSync(new ToolCache(`compress-${name}`, ply).dir, { recursive: true, force: true });
    const old = v1Fits(new ToolCache(`compress-${name}`, ply), path, budgets);
    const v1 = { analysis: old.analysisSeconds ?? null, fits: old.fits.map((f) => f.seconds ?? null) };
    versus.push({ scene: name, splats: scene.count, budgets, v2, v1 });
    const cell = (a: number | null, b: number): string => (a === null ? `— / ${b.toFixed(1)}` : `${a.toFixed(1)} / ${b.toFixed(1)} (${(b / a).toFixed(2)}×)`);
    versusRows.push(`| ${name} | ${v1.analysis?.toFixed(1) ?? '—'} / ${v2.analysis.toFixed(1)} | ${budgets.map((_, k) => cell(v1.fits[k]!, v2.fits[k]!)).join(' | ')} |`);
    process.stdout.write(versusRows.at(-1) + '\n');
  }
}

const live: LiveTimes | null = chosen === undefined ? await measureLiveWithPage('playbot-500k.ply', (line) => process.stdout.write(`${line}\n`)) : null;
const bigSizes = (process.env['BENCH_BIG'] ?? '2m,6m').split(',').filter((size) => size !== 'none');
const bigScenes: BigSceneTime[] | null = chosen === undefined && bigSizes.length > 0 ? await measureBigScenes(bigSizes, (line) => process.stdout.write(`${line}\n`)) : null;

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

## Fit time per budget, v1 / v2 (one thread each; seconds; v2 ÷ v1 in brackets)

The first budget after an analysis includes the planning every later budget reuses.

| scene | analysis | 50 % | 10 % | 5 % | 2 % |
|---|---:|---:|---:|---:|---:|
${versusRows.join('\n')}

${live === null ? '' : liveTable(live)}
${bigScenes === null ? '' : bigScenesTable(bigScenes)}`;
if (chosen === undefined) {
  writeFileSync(join(import.meta.dirname, 'results', 'compress.md'), report);
  writeFileSync(join(import.meta.dirname, 'results', 'compress.json'), JSON.stringify({ fitTimes: versus, live, bigScenes }, null, 1) + '\n');
}
process.stdout.write('\n' + report);
