/**
 * Frame times in headless Chromium of our splat renderer (three WebGPURenderer on its WebGPU and
 * its WebGL2 backend), of @mkkellogg/gaussian-splats-3d's viewer (WebGL2) and of Spark 2
 * (@sparkjsdev/spark, three WebGLRenderer), on the same shared
 * scenes from the same standard view at the same size, side by side. Each figure is the mean of
 * FRAMES frames after a warm-up frame, each waited for on the GPU (our renderer: the queue's
 * onSubmittedWorkDone or a pixel read; gs3d and Spark: a pixel read). The sort is not in the frame
 * time: all three sort off the main thread or only when the view changed.
 *
 * Moving (e2e/pages/panes-view.ts, WebGPU): one camera move per step, timed until every pane has
 * drawn it, with four panes of a quarter of the area each beside one pane of the whole; the goal is
 * four panes within 2× one. Measured twice:
 * - as the page draws a motion: the page's own panes, each at its moving resolution and splat
 *   budget, set from its own frame times (src/ui/moving-resolution.ts; the budget's floor is split
 *   among the panes drawn together): ours1PaneMovingMs, ours4PanesMs, and the splats each pane drew
 *   in its last moving frame (ours1PaneMovingSplats, ours4PanesSplats);
 * - every splat at full resolution: bare renderers, each move drawn with the newest order its sort
 *   worker has (ours1PaneAllSplatsMs, ours4PanesAllSplatsMs): what the renderer alone costs.
 * On this machine the "GPU" is SwiftShader on the CPU, so compare columns within one run, not with real GPUs.
 * Writes bench/results/render-web.md and render-web.json after every scene (one object per scene: scene, splats,
 * oursWebgpuMs, oursWebgl2Ms, gs3dMs, sparkMs and the moving figures above; null where a renderer failed, with
 * the reason in `errors`).
 * Run: `npm run bench:render-web` (BENCH_SCENES=a,b; BENCH_SIZE=512; BENCH_PORT=4174; CHROMIUM_PATH).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { cameraPose, sampleViews, type SplatScene, writeScene } from '../src/core/index.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';
import { GPU_FLAGS } from '../playwright.config.ts';
import { startPreview } from './preview-server.ts';

const PORT = Number(process.env['BENCH_PORT'] ?? 4174);
const SIZE = Number(process.env['BENCH_SIZE'] ?? 512);
const FRAMES = 5;
const scenes = process.env['BENCH_SCENES']?.split(',') ?? ['playbot-31k.ply', 'luma-seal-101k.splat', 'playbot-125k.ply', 'playbot-500k.ply'];
/** While iterating: BENCH_ONLY=webgpu,webgl2,gs3d,spark,pane,panes,pane-all,panes-all measures only those columns (results are then not written). */
const only = process.env['BENCH_ONLY']?.split(',');

async function ours(page: Page, name: string, webgl: boolean): Promise<number | string> {
  const query = new URLSearchParams({ scene: `/bench-scenes/${name}`, view: '0', w: String(SIZE), h: String(SIZE), webgl: webgl ? '1' : '0', frames: String(FRAMES) });
  await page.goto(`http://127.0.0.1:${PORT}/e2e/pages/splat-view.html?${query}`);
  await page.waitForFunction(() => window.splatView !== undefined || window.splatViewError !== undefined, null, { timeout: 300_000 });
  const error = await page.evaluate(() => window.splatViewError);
  return error ?? (await page.evaluate(() => window.splatView!.frameMs));
}

/**
 * A three.js viewer's page (`page`.html) on the same .ply (written from our reading of the scene)
 * and camera: its frame time from `window[timeKey]`, or its `window[errorKey]`. `extra`: the
 * page's own parameters.
 */
async function threeViewer(
  page: Page, name: string, view: { page: string; timeKey: string; errorKey: string; extra?: (scene: SplatScene) => Record<string, string> },
): Promise<number | string> {
  const { scene } = await readSceneFile(join(SHARED_SCENES, name));
  const { eye, target, up } = cameraPose(sampleViews(scene, 1, { width: SIZE, height: SIZE, fovDegrees: 50 })[0]!);
  await page.route('**/bench-ply/scene.ply', (route) => route.fulfill({ body: Buffer.from(writeScene(scene, 'ply')) }));
  const query = new URLSearchParams({
    scene: '/bench-ply/scene.ply', eye: eye.join(','), target: target.join(','), up: up.join(','), fov: '50', w: String(SIZE), h: String(SIZE), frames: String(FRAMES), ...view.extra?.(scene),
  });
  await page.goto(`http://127.0.0.1:${PORT}/e2e/pages/${view.page}.html?${query}`);
  const keys = [view.timeKey, view.errorKey] as const;
  await page.waitForFunction((names) => names.some((key) => (window as unknown as Record<string, unknown>)[key] !== undefined), keys, { timeout: 300_000 });
  const [time, error] = await page.evaluate((names) => names.map((key) => (window as unknown as Record<string, unknown>)[key]), keys);
  await page.unroute('**/bench-ply/scene.ply');
  return (error as string | undefined) ?? (time as number);
}

const gs3d = (page: Page, name: string) => threeViewer(page, name, { page: 'gs3d-view', timeKey: 'gs3dFrameMs', errorKey: 'gs3dError', extra: (scene) => ({ sh: String(Math.min(2, scene.shDegree)) }) });
const spark = (page: Page, name: string) => threeViewer(page, name, { page: 'spark-view', timeKey: 'sparkFrameMs', errorKey: 'sparkError' });

/** Moves timed in each moving figure, and the untimed moves before them in page mode (a still frame comes first in both). */
const MOVES = 8;
const WARMUP_MOVES = 2;

/**
 * `panes` views (4: a 2×2 grid of quarter panes; 1: one full pane), the camera moving every step:
 * the page's panes (`page`) or bare renderers drawing every splat (`all`). The mean ms per move and
 * the splats each view drew last, or the page's error.
 */
async function movingPanes(page: Page, name: string, panes: 1 | 4, mode: 'page' | 'all'): Promise<{ ms: number; splats: number[] } | string> {
  const query = new URLSearchParams({ scene: `/bench-scenes/${name}`, w: String(SIZE), h: String(SIZE), frames: String(MOVES), warmup: String(WARMUP_MOVES), panes: String(panes), mode });
  await page.goto(`http://127.0.0.1:${PORT}/e2e/pages/panes-view.html?${query}`);
  await page.waitForFunction(() => window.panesView !== undefined || window.panesViewError !== undefined, null, { timeout: 300_000 });
  const error = await page.evaluate(() => window.panesViewError);
  if (error !== undefined) return error;
  const { frameMs, splatsDrawn } = await page.evaluate(() => window.panesView!);
  return { ms: frameMs, splats: splatsDrawn };
}

const stop = await startPreview(PORT);
const launch = () => chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: GPU_FLAGS });
let browser = await launch();
const version = browser.version();
const rows: string[] = [];
interface SceneFrames {
  scene: string; splats: number; oursWebgpuMs: number | null; oursWebgl2Ms: number | null; gs3dMs: number | null;
  sparkMs: number | null; ours1PaneMovingMs: number | null; ours4PanesMs: number | null;
  ours1PaneMovingSplats: number[] | null; ours4PanesSplats: number[] | null;
  ours1PaneAllSplatsMs: number | null; ours4PanesAllSplatsMs: number | null; errors: Record<string, string>;
}
const results: SceneFrames[] = [];
const ms = (v: number | string): number | null => (typeof v === 'number' ? Number(v.toFixed(1)) : null);
const failures = (measured: Record<string, number | string>): Record<string, string> =>
  Object.fromEntries(Object.entries(measured).flatMap(([key, v]) => (typeof v === 'string' ? [[key, v.split('\n')[0]!]] : [])));
const cell = (v: number | string): string => (typeof v === 'number' ? v.toFixed(1) : `failed: ${v.split('\n')[0]!.slice(0, 80)}`);
type Moving = { ms: number; splats: number[] } | string;
const movingMs = (v: Moving): number | string => (typeof v === 'string' ? v : v.ms);
/** A moving figure's ms, with the splats each pane drew in its last move where `splats`. */
const movingCell = (v: Moving, splats = true): string =>
  typeof v === 'string' ? cell(v) : `${v.ms.toFixed(1)}${splats ? ` (${v.splats.map((n) => n.toLocaleString('en-US')).join(' / ')})` : ''}`;
const ratio = (one: Moving, four: Moving): string => (typeof one === 'string' || typeof four === 'string' ? '—' : `${(four.ms / one.ms).toFixed(2)}×`);
/**
 * Each figure on a fresh page; a crashed page (the software GPU runs out of memory on large
 * scenes) is reported, not fatal. On playbot-500k the whole browser has closed under it once
 * (the next newPage threw and the run ended unwritten): then the next figure gets a new browser.
 */
async function measure<T>(column: string, run: (page: Page) => Promise<T | string>): Promise<T | string> {
  if (only !== undefined && !only.includes(column)) return 'skipped';
  if (!browser.isConnected()) browser = await launch();
  let page: Page | undefined;
  try {
    page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    await page.route('**/bench-scenes/*', (route) => route.fulfill({ body: readFileSync(join(SHARED_SCENES, decodeURIComponent(route.request().url().split('/').pop()!))) }));
    return await run(page);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await page?.close().catch(() => undefined);
  }
}

/** The table so far: written after every scene, so a run cut short (a crashed browser, a killed job) keeps what it measured. */
const report = (): string => `# Web renderer frame times (ms per frame, ${SIZE}×${SIZE}, standard view 0)

Headless Chromium ${version}, SwiftShader (software WebGPU/WebGL2 on the CPU), ${new Date().toISOString().slice(0, 10)}. \`${process.env['BENCH_SCENES'] === undefined ? '' : `BENCH_SCENES=${process.env['BENCH_SCENES']} `}npm run bench:render-web\`.
Mean of ${FRAMES} frames after a warm-up, each waited for on the GPU (a 1-pixel read for the WebGL viewers); the view does not move, so no viewer sorts in the timed frames.
Moving (WebGPU): one camera move per step, timed until every pane has drawn it (mean of ${MOVES} moves); one pane of ${SIZE}×${SIZE}, or four of ${SIZE / 2}×${SIZE / 2} (together one pane's area). Goal: four panes within 2× one. *As the page draws a motion*: the page's panes, each at its moving resolution and splat budget, set from its own frame times (src/ui/moving-resolution.ts; the budget's floor split among the panes), after a still frame and ${WARMUP_MOVES} untimed moves; the splats each pane drew in its last move beside it. *Every splat*: bare renderers at full resolution, each move drawn with the newest order its sort worker has.

| scene | splats | Splatfit, WebGPU | Splatfit, WebGL2 | gaussian-splats-3d (WebGL2) | Spark 2 (WebGL2) | moving as the page draws: 1 pane ms (splats) | 4 panes ms (splats per pane) | 4 ÷ 1 | every splat: 1 pane ms | 4 panes ms | 4 ÷ 1 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
function writeResults(): void {
  writeFileSync(join(import.meta.dirname, 'results', 'render-web.md'), report());
  writeFileSync(join(import.meta.dirname, 'results', 'render-web.json'), JSON.stringify(results, null, 1) + '\n');
}

try {
  for (const name of scenes) {
    const webgpu = await measure('webgpu', (page) => ours(page, name, false));
    const webgl2 = await measure('webgl2', (page) => ours(page, name, true));
    const theirs = await measure('gs3d', (page) => gs3d(page, name));
    const sparks = await measure('spark', (page) => spark(page, name));
    const pane = await measure('pane', (page) => movingPanes(page, name, 1, 'page'));
    const panes = await measure('panes', (page) => movingPanes(page, name, 4, 'page'));
    const paneAll = await measure('pane-all', (page) => movingPanes(page, name, 1, 'all'));
    const panesAll = await measure('panes-all', (page) => movingPanes(page, name, 4, 'all'));
    const count = (await readSceneFile(join(SHARED_SCENES, name))).scene.count;
    rows.push(`| ${name} | ${count.toLocaleString('en-US')} | ${cell(webgpu)} | ${cell(webgl2)} | ${cell(theirs)} | ${cell(sparks)} | ${movingCell(pane)} | ${movingCell(panes)} | ${ratio(pane, panes)} | ${movingCell(paneAll, false)} | ${movingCell(panesAll, false)} | ${ratio(paneAll, panesAll)} |`);
    const measured = {
      oursWebgpuMs: webgpu, oursWebgl2Ms: webgl2, gs3dMs: theirs, sparkMs: sparks, ours1PaneMovingMs: movingMs(pane), ours4PanesMs: movingMs(panes),
      ours1PaneAllSplatsMs: movingMs(paneAll), ours4PanesAllSplatsMs: movingMs(panesAll),
    };
    results.push({
      scene: name, splats: count, oursWebgpuMs: ms(webgpu), oursWebgl2Ms: ms(webgl2), gs3dMs: ms(theirs), sparkMs: ms(sparks),
      ours1PaneMovingMs: ms(measured.ours1PaneMovingMs), ours4PanesMs: ms(measured.ours4PanesMs),
      ours1PaneMovingSplats: typeof pane === 'string' ? null : pane.splats, ours4PanesSplats: typeof panes === 'string' ? null : panes.splats,
      ours1PaneAllSplatsMs: ms(measured.ours1PaneAllSplatsMs), ours4PanesAllSplatsMs: ms(measured.ours4PanesAllSplatsMs),
      errors: failures(measured),
    });
    process.stdout.write(rows.at(-1) + '\n');
    if (only === undefined) writeResults();
  }
} finally {
  // a browser whose GPU process crashed (the peers on 500k) has hung in close(): wait 15 s at most
  await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 15_000))]);
  stop();
}
process.stdout.write('\n' + report());
// a hung browser must not keep the benchmark from ending: its results are written
process.exit(0);
