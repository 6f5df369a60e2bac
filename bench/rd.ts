/**
 * Rate–distortion benchmark: Splatfit's budget codec against other tools' files, all measured on
 * the report views (24 views at 256×256 the codec never decides from; REPORT_VIEW_SET), with the
 * input's renders made once per scene. For each scene:
 *
 * - Splatfit at 50, 20, 10, 5, 2 and 1 % of the input's bytes and at each peer file's own size;
 * - the v1 codec (commit 7933790, run from a git worktree) at the same budgets (bench/rd/v1-baseline.ts);
 * - peers at their own sizes: splat-transform 2.7 .spz and compressed .ply, splat-transform 3.7 SOG
 *   on the CPU (SH dropped with -H 0 where the scene has SH), .ksplat levels 1 and 2;
 * - our fitStandardFormat for each of FIT_FORMATS at the Splatfit budgets, our SOG writer on the
 *   whole scene (timed beside splat-transform's) and fitted to the percentage budgets (fit-sog);
 * - splat-transform 3.7 --decimate / --decimate-adaptive to the count whose .spz lands near each
 *   percentage budget (and SOG of that .ply where the scene's SOG write is quick);
 * - the ablation: each variant of the codec's options at 1:10, 1:20, 1:50.
 *
 * Prints a progress line per point, then the report. Writes bench/results/rd.md, rd.svg, rd.json
 * (one object per point) and rd-summary.json (BD-PSNR / at-size comparisons, ablation, SOG times)
 * only when no subset was chosen (or to BENCH_RD_OUT=folder, for any run). Run: `npm run bench:rd`
 * (BENCH_SCENES=a,b to choose; other tools' files are cached in the temp folder, BENCH_RD_FRESH=1
 * to make them again).
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bufferSource, readScene, REPORT_VIEW_SET, type SplatScene, writeScene } from '../src/core/index.ts';
import { compressToBudget } from '../src/core/codec/compress.ts';
import { fitStandardFormat } from '../src/core/codec/fit-standard-format.ts';
import { analyzeScene } from '../src/core/codec/scene-analysis.ts';
import { nodeWebpDecoder, readSceneFile } from '../src/cli/node-platform.ts';
import { makeKsplat } from '../test/helpers/make-ksplat.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';
import { ABLATION_RATIOS, ABLATION_VARIANTS, type CodecOptions, isPlainFit } from './rd/ablation.ts';
import { compareWithSplatfit } from './rd/comparisons.ts';
import { DECIMATE_MODES, decimateToBudget } from './rd/decimate-search.ts';
import { markdownReport, pointsTable } from './rd/markdown.ts';
import { ourSogFit, ourSogWriter } from './rd/our-sog.ts';
import { pointJson, type RdPoint } from './rd/rd-point.ts';
import { type AblationRow, type RdRun, type SceneInfo, type SogTiming, summaryJson } from './rd/rd-run.ts';
import { RD_VIEW_SIZE, ReferenceRenders } from './rd/reference-renders.ts';
import { ST3_GLOBAL, splatTransform } from './rd/splat-transform.ts';
import { FIT_FORMATS, fileNameFor } from './rd/standard-fits.ts';
import { svgPlot } from './rd/svg-plot.ts';
import { ToolCache } from './rd/tool-cache.ts';
import { V1_COMMIT, v1DecodedPly, v1Fits } from './rd/v1-baseline.ts';

const ALL_SCENES = [
  'cvlab-100-sh3.ply', 'fruit-drops-4721-sh3.ply', 'playbot-31k.ply', 'luma-seal-101k.splat', 'st-peter-134k.sog',
  'playbot-125k.ply', 'playcanvas-logo-sog', 'playbot-500k.ply',
];
const CHOSEN = process.env['BENCH_SCENES']?.split(',').map((s) => s.trim().replace(/\/$/, '')).filter((s) => s !== '');
const SCENES = CHOSEN ?? ALL_SCENES;
/** Splatfit's budgets, % of the input's bytes. */
const PERCENTS = [50, 20, 10, 5, 2, 1];
/** A scene whose whole SOG took longer than this gets no decimate+sog points. */
const QUICK_SOG_SECONDS = 60;

const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s`;
const log = (text: string): void => void process.stdout.write(`[${elapsed()}] ${text}\n`);
const timed = <T>(work: () => T): { value: T; seconds: number } => {
  const start = performance.now();
  const value = work();
  return { value, seconds: (performance.now() - start) / 1000 };
};
const timedAsync = async <T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> => {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
};
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

function inputBytes(path: string): number {
  const stat = statSync(path);
  return stat.isDirectory() ? readdirSync(path).reduce((sum, f) => sum + statSync(join(path, f)).size, 0) : stat.size;
}

async function decode(name: string, bytes: Uint8Array): Promise<SplatScene> {
  return (await readScene(bufferSource(name, bytes), { decodeImage: await nodeWebpDecoder() })).scene;
}

const points: RdPoint[] = [];
const scenes: SceneInfo[] = [];
const ablation: AblationRow[] = [];
const sogTimes: SogTiming[] = [];
const failures: string[] = [];
const skipped: string[] = [];
const commands = new Map<string, string>();

for (const name of SCENES) {
  const sceneStart = performance.now();
  const path = join(SHARED_SCENES, name);
  const { scene } = await readSceneFile(path);
  const bytesIn = inputBytes(path);
  const ply = writeScene(scene, 'ply');
  const cache = new ToolCache(name, ply);
  const input = cache.put('input.ply', ply);
  log(`${name}: ${scene.count} splats, SH ${scene.shDegree}, ${bytesIn} B; tool files in ${cache.dir}`);
  const reference = timed(() => new ReferenceRenders(scene));
  const refs = reference.value;
  log(`${name}: ${refs.cameras.length} reference views rendered in ${reference.seconds.toFixed(1)} s`);
  const analysis = timed(() => analyzeScene(scene));
  log(`${name}: analysis ${analysis.seconds.toFixed(1)} s`);

  /** Measures the file `bytes`, decoded by the current reader unless `decoded` is given. */
  const measure = async (tool: string, fileName: string, bytes: Uint8Array, extra: { budget?: number; seconds?: number; note?: string } = {}, decoded?: SplatScene): Promise<RdPoint> => {
    const fidelity = refs.measure(decoded ?? (await decode(fileName, bytes)));
    const point: RdPoint = { scene: name, tool, bytes: bytes.length, ...fidelity, views: REPORT_VIEW_SET, ...extra };
    points.push(point);
    const db = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '∞');
    log(`${name} ${tool}${extra.budget === undefined ? '' : ` @${extra.budget}`}: ${bytes.length} B, PSNR ${db(fidelity.psnr)} (pooled ${db(fidelity.psnrPooled)}), SSIM ${fidelity.ssim.toFixed(4)}${extra.note === undefined ? '' : `; ${extra.note}`}`);
    return point;
  };
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      failures.push(`${name} ${what}: ${message(error)}`);
      log(`${name} ${what} FAILED: ${message(error)}`);
      return undefined;
    }
  };

  // Peers at their own sizes (cached files).
  const sogArgs = scene.shDegree > 0 ? ['-H', '0'] : [];
  const sogNote = scene.shDegree > 0 ? `SH ${scene.shDegree} dropped (-H 0)` : 'no SH in input';
  const ksplatDegree = Math.min(2, scene.shDegree);
  const ksplat = (level: 1 | 2) => () => {
    const made = timed(() => makeKsplat(ply, { level, shDegree: ksplatDegree }));
    return { bytes: made.value, meta: { seconds: made.seconds, command: `@mkkellogg/gaussian-splats-3d SplatBufferGenerator, compression level ${level}, SH ≤ ${ksplatDegree}` } };
  };
  const peers = [
    { tool: 'spz', file: 'st-2.7.spz', make: (out: string) => splatTransform(2, [input, out]) },
    { tool: 'compressed-ply', file: 'st-2.7.compressed.ply', make: (out: string) => splatTransform(2, [input, out]) },
    { tool: 'sog', file: 'st-3.7.sog', make: (out: string) => splatTransform(3, [...ST3_GLOBAL, input, ...sogArgs, out]), note: sogNote },
    { tool: 'ksplat-1', file: 'level-1.ksplat', make: ksplat(1), note: `SH ≤ ${ksplatDegree}` },
    { tool: 'ksplat-2', file: 'level-2.ksplat', make: ksplat(2), note: `SH ≤ ${ksplatDegree}` },
  ];
  const peerSizes: number[] = [];
  const peerFiles = new Map<string, { bytes: Uint8Array; seconds: number }>();
  for (const peer of peers) {
    await attempt(peer.tool, async () => {
      const file = cache.file(peer.file, peer.make);
      commands.set(peer.tool, file.meta.command);
      peerFiles.set(peer.tool, { bytes: file.bytes, seconds: file.meta.seconds });
      await measure(peer.tool, peer.file, file.bytes, { seconds: file.meta.seconds, ...(peer.note === undefined ? {} : { note: peer.note }) });
      peerSizes.push(file.bytes.length);
    });
  }
  const theirSog = peerFiles.get('sog');
  let ours: { seconds: number; bytes: number } | undefined;
  await attempt('our-sog', async () => {
    const start = performance.now();
    const made = await ourSogWriter(scene);
    const seconds = (performance.now() - start) / 1000;
    ours = { seconds, bytes: made.length };
    await measure('our-sog', 'ours.sog', made, { seconds, note: scene.shDegree > 0 ? `SH ${scene.shDegree} kept (palette)` : 'no SH in input' });
  });
  sogTimes.push({ scene: name, ...(theirSog === undefined ? {} : { theirs: { seconds: theirSog.seconds, bytes: theirSog.bytes.length, shDropped: scene.shDegree > 0 } }), ...(ours === undefined ? {} : { ours }) });

  // Splatfit at the percentages and at each peer's size; our standard-format fits and v1 at the same budgets.
  const percentBudgets = PERCENTS.map((p) => Math.floor((bytesIn * p) / 100));
  const budgets = [...new Set([...percentBudgets, ...peerSizes])].sort((a, b) => b - a);
  const splatfitAt = new Map<number, RdPoint>();
  for (const budget of budgets) {
    await attempt(`splatfit @${budget}`, async () => {
      const fit = await timedAsync(() => compressToBudget(analysis.value, budget));
      const r = fit.value;
      const note = `kept ${r.kept}/${scene.count}, SH ${r.shDegree}${r.lossless ? ', lossless' : ''}`;
      splatfitAt.set(budget, await measure('splatfit', 'fit.splatfit', r.bytes, { budget, seconds: fit.seconds, note }));
    });
  }
  commands.set('splatfit', 'compressToBudget(analyzeScene(scene), budget)');
  // Our SOG fitted to the percentage budgets (a few seconds to minutes each: not at every peer size).
  for (const budget of percentBudgets) {
    await attempt(`fit-sog @${budget}`, async () => {
      const start = performance.now();
      const r = await ourSogFit(analysis.value, budget);
      const seconds = (performance.now() - start) / 1000;
      await measure('fit-sog', 'fit.sog', r.bytes, { budget, seconds, note: `kept ${r.kept}/${scene.count}, SH ${r.shDegree}, palette ${r.paletteSize}` });
    });
  }
  commands.set('fit-sog', 'fitSog(analysis, budget, { encodeImage })');
  for (const format of FIT_FORMATS) {
    // Budgets above the whole scene's file give that same file again: measured once.
    const seen = new Map<string, number>();
    for (const budget of budgets) {
      await attempt(`fit-${format} @${budget}`, async () => {
        const fit = timed(() => fitStandardFormat(analysis.value, budget, format));
        const r = fit.value;
        // Same splats, degree and size: the same file (.spz's gzip header may differ in its time stamp).
        const key = `${r.kept}/${r.shDegree}/${r.bytes.length}`;
        if (seen.has(key)) {
          skipped.push(`${name} fit-${format} @${budget}: the same file as @${seen.get(key)} (${r.bytes.length} B), not measured again`);
          return;
        }
        seen.set(key, budget);
        await measure(`fit-${format}`, fileNameFor(format), r.bytes, { budget, seconds: fit.seconds, note: `kept ${r.kept}/${scene.count}, SH ${r.shDegree}${r.complete ? ', complete' : ''}` });
      });
    }
    commands.set(`fit-${format}`, `fitStandardFormat(analysis, budget, '${format}')`);
  }
  await attempt('splatfit-v1', async () => {
    const v1 = timed(() => v1Fits(cache, path, budgets));
    log(`${name} splatfit-v1: ${v1.value.analysisSeconds === undefined ? 'all cached' : `fitted in ${v1.seconds.toFixed(1)} s (analysis ${v1.value.analysisSeconds.toFixed(1)} s)`}`);
    for (const fit of v1.value.fits) {
      if (fit.bytes === undefined) {
        failures.push(`${name} splatfit-v1 @${fit.budget}: ${fit.error}`);
        continue;
      }
      const seconds = fit.seconds === undefined ? {} : { seconds: fit.seconds };
      let decoded: SplatScene | undefined, note: string | undefined;
      try {
        decoded = await decode('v1.splatfit', fit.bytes);
      } catch (error) {
        // The rewrite's reader may not read v1 files: v1's own reader decodes them instead.
        decoded = await decode('v1.ply', v1DecodedPly(cache, fit.bytes));
        note = `decoded by v1's reader (current reader: ${message(error)})`;
      }
      await measure('splatfit-v1', 'v1.splatfit', fit.bytes, { budget: fit.budget, ...seconds, ...(note === undefined ? {} : { note }) }, decoded);
    }
  });
  commands.set('splatfit-v1', `compressToBudget at commit ${V1_COMMIT}, from a detached worktree (bench/rd/v1-fit.mjs)`);

  // Decimation to each percentage budget, then .spz (and SOG where quick).
  const fullSpz = peerFiles.get('spz');
  const sogQuick = theirSog !== undefined && theirSog.seconds <= QUICK_SOG_SECONDS;
  if (!sogQuick) skipped.push(`${name} decimate+sog: the whole scene's SOG ${theirSog === undefined ? 'failed' : `took ${theirSog.seconds.toFixed(0)} s`} (> ${QUICK_SOG_SECONDS} s)`);
  for (const mode of DECIMATE_MODES) {
    if (fullSpz === undefined) {
      skipped.push(`${name} ${mode}: no whole-scene .spz to start the search from`);
      continue;
    }
    for (const [k, budget] of percentBudgets.entries()) {
      await attempt(`${mode}+spz @${budget}`, async () => {
        const landing = decimateToBudget(cache, input, mode, budget, scene.count, fullSpz.bytes.length);
        if (landing === null) {
          skipped.push(`${name} ${mode} at ${PERCENTS[k]} % (${budget} B): the whole scene's .spz (${fullSpz.bytes.length} B) already fits`);
          return;
        }
        const { chosen } = landing;
        commands.set(`${mode}+spz`, `${chosen.ply.meta.command} && ${chosen.spz.meta.command}`);
        const tries = landing.tries.map((t) => `${t.count}→${t.bytes}`).join(', ');
        await measure(`${mode}+spz`, 'decimated.spz', chosen.spz.bytes, { budget, seconds: landing.seconds, note: `${chosen.count} splats; tries ${tries}` });
        if (!sogQuick) return;
        await attempt(`${mode}+sog @${budget}`, async () => {
          const sog = cache.file(`${mode}-${chosen.count}.sog`, (out) => splatTransform(3, [...ST3_GLOBAL, chosen.ply.path, ...sogArgs, out]));
          commands.set(`${mode}+sog`, `${chosen.ply.meta.command} && ${sog.meta.command}`);
          await measure(`${mode}+sog`, 'decimated.sog', sog.bytes, { seconds: chosen.ply.meta.seconds + sog.meta.seconds, note: `${chosen.count} splats (the +spz decimation at ${budget} B); ${sogNote}` });
        });
      });
    }
  }

  // Ablation: each variant at 1:10, 1:20, 1:50; the plain fit reuses the splatfit point at that budget.
  const variantAnalyses = new Map(ABLATION_VARIANTS.filter((v) => v.analysis !== undefined).map((v) => [v.name, analyzeScene(scene, v.analysis)]));
  for (const ratio of ABLATION_RATIOS) {
    const budget = Math.floor(bytesIn / ratio);
    const rows: AblationRow[] = [];
    for (const variant of ABLATION_VARIANTS) {
      const tool = `ablation:${variant.name}`;
      try {
        const reuse = isPlainFit(variant) ? splatfitAt.get(budget) : undefined;
        let point: RdPoint;
        if (reuse !== undefined) {
          point = { ...reuse, tool, note: `the splatfit point at ${budget} B${reuse.note === undefined ? '' : ` (${reuse.note})`}` };
          points.push(point);
        } else {
          const fit = await timedAsync(() => compressToBudget(variantAnalyses.get(variant.name) ?? analysis.value, budget, variant.options as CodecOptions));
          point = await measure(tool, 'fit.splatfit', fit.value.bytes, { budget, seconds: fit.seconds, note: `kept ${fit.value.kept}/${scene.count}` });
        }
        rows.push({ scene: name, ratio, variant: variant.name, budget, point });
      } catch (error) {
        rows.push({ scene: name, ratio, variant: variant.name, budget, error: message(error) });
        failures.push(`${name} ${tool} 1:${ratio}: ${message(error)}`);
      }
    }
    const base = rows[0]?.point;
    ablation.push(...rows.map((r) => (base === undefined || r.point === undefined ? r : { ...r, deltaPsnr: r.point.psnr - base.psnr, deltaPsnrPooled: r.point.psnrPooled - base.psnrPooled })));
  }

  const seconds = (performance.now() - sceneStart) / 1000;
  scenes.push({ name, splats: scene.count, shDegree: scene.shDegree, inputBytes: bytesIn, seconds });
  log(`${name}: done in ${seconds.toFixed(0)} s`);
  process.stdout.write(`\n${pointsTable({ scenes: [scenes[scenes.length - 1]!], points })}\n\n`);
}

const run: RdRun = {
  date: new Date().toISOString().slice(0, 10), node: process.version, viewSet: REPORT_VIEW_SET, viewSize: RD_VIEW_SIZE,
  scenes, points, comparisons: scenes.flatMap((s) => compareWithSplatfit(s.name, points)), ablation, sog: sogTimes, failures, skipped, commands,
  seconds: (performance.now() - started) / 1000,
};
const report = markdownReport(run);
// A chosen subset only prints (the committed results cover the full set), unless BENCH_RD_OUT names a folder for its files.
const OUT = process.env['BENCH_RD_OUT'] ?? (CHOSEN === undefined ? join(import.meta.dirname, 'results') : undefined);
if (OUT !== undefined) {
  const results = OUT;
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'rd.md'), report);
  writeFileSync(join(results, 'rd.svg'), svgPlot(scenes.map((s) => s.name), points));
  writeFileSync(join(results, 'rd.json'), JSON.stringify(points.map(pointJson), null, 1) + '\n');
  writeFileSync(join(results, 'rd-summary.json'), JSON.stringify(summaryJson(run), null, 1) + '\n');
}
process.stdout.write('\n' + report);
