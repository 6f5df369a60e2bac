/**
 * Frame times in headless Chromium of our splat renderer (three WebGPURenderer on its WebGPU and
 * its WebGL2 backend), of @mkkellogg/gaussian-splats-3d's viewer (WebGL2) and of Spark 2
 * (@sparkjsdev/spark, three WebGLRenderer), on the same shared
 * scenes from the same standard view at the same size, side by side. Each figure is the mean of
 * FRAMES frames after a warm-up frame, each waited for on the GPU (our renderer: the queue's
 * onSubmittedWorkDone or a pixel read; gs3d and Spark: a pixel read). The sort is not in the frame
 * time: all three sort off the main thread or only when the view changed. Four panes: four of our
 * renderers (WebGPU), each a quarter of the area, one camera move per frame (each asks its sort
 * worker for a new order; the frame draws with the newest it has, as the page does), timed until all four finished (e2e/pages/panes-view.ts),
 * beside one renderer of the full size driven the same way (one pane, moving): the goal is four panes within 2× of that. On this machine the "GPU" is
 * SwiftShader on the CPU, so compare columns within one run, not with real GPUs.
 * Writes bench/results/render-web.md and render-web.json after every scene (one object per scene: scene, splats,
 * oursWebgpuMs, oursWebgl2Ms, gs3dMs, sparkMs, ours1PaneMovingMs, ours4PanesMs; null where a renderer failed, with
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
/** While iterating: BENCH_ONLY=webgpu,webgl2,gs3d,spark,pane,panes measures only those columns (results are then not written). */
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

/** `panes` of our renderers (4: a 2×2 grid of quarter panes; 1: one full pane), the camera moving every frame. */
async function movingPanes(page: Page, name: string, panes: 1 | 4): Promise<number | string> {
  const query = new URLSearchParams({ scene: `/bench-scenes/${name}`, w: String(SIZE), h: String(SIZE), frames: String(FRAMES), panes: String(panes) });
  await page.goto(`http://127.0.0.1:${PORT}/e2e/pages/panes-view.html?${query}`);
  await page.waitForFunction(() => window.panesView !== undefined || window.panesViewError !== undefined, null, { timeout: 300_000 });
  const error = await page.evaluate(() => window.panesViewError);
  return error ?? (await page.evaluate(() => window.panesView!.frameMs));
}

const stop = await startPreview(PORT);
const launch = () => chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: GPU_FLAGS });
let browser = await launch();
const version = browser.version();
const rows: string[] = [];
interface SceneFrames {
  scene: string; splats: number; oursWebgpuMs: number | null; oursWebgl2Ms: number | null; gs3dMs: number | null;
  sparkMs: number | null; ours1PaneMovingMs: number | null; ours4PanesMs: number | null; errors: Record<string, string>;
}
const results: SceneFrames[] = [];
const ms = (v: number | string): number | null => (typeof v === 'number' ? Number(v.toFixed(1)) : null);
const failures = (measured: Record<string, number | string>): Record<string, string> =>
  Object.fromEntries(Object.entries(measured).flatMap(([key, v]) => (typeof v === 'string' ? [[key, v.split('\n')[0]!]] : [])));
const cell = (v: number | string): string => (typeof v === 'number' ? v.toFixed(1) : `failed: ${v.split('\n')[0]!.slice(0, 80)}`);
/**
 * Each figure on a fresh page; a crashed page (the software GPU runs out of memory on large
 * scenes) is reported, not fatal. On playbot-500k the whole browser has closed under it once
 * (the next newPage threw and the run ended unwritten): then the next figure gets a new browser.
 */
async function measure(column: string, run: (page: Page) => Promise<number | string>): Promise<number | string> {
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
Moving: one camera move per frame (each pane asks its worker for a new order and draws with the newest it has: no frame waits for a sort), timed until every pane finished; one pane of ${SIZE}×${SIZE}, or four of our WebGPU renderers, each ${SIZE / 2}×${SIZE / 2} (together one pane's area). Goal: four panes within 2× one moving pane.

| scene | splats | Splatfit, WebGPU | Splatfit, WebGL2 | gaussian-splats-3d (WebGL2) | Spark 2 (WebGL2) | Splatfit, 1 pane moving (WebGPU) | Splatfit, 4 panes moving (WebGPU) | 4 panes ÷ 1 |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
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
    const pane = await measure('pane', (page) => movingPanes(page, name, 1));
    const panes = await measure('panes', (page) => movingPanes(page, name, 4));
    const ratio = typeof pane === 'number' && typeof panes === 'number' ? `${(panes / pane).toFixed(2)}×` : '—';
    const count = (await readSceneFile(join(SHARED_SCENES, name))).scene.count;
    rows.push(`| ${name} | ${count.toLocaleString('en-US')} | ${cell(webgpu)} | ${cell(webgl2)} | ${cell(theirs)} | ${cell(sparks)} | ${cell(pane)} | ${cell(panes)} | ${ratio} |`);
    const measured = { oursWebgpuMs: webgpu, oursWebgl2Ms: webgl2, gs3dMs: theirs, sparkMs: sparks, ours1PaneMovingMs: pane, ours4PanesMs: panes };
    results.push({
      scene: name, splats: count, oursWebgpuMs: ms(webgpu), oursWebgl2Ms: ms(webgl2), gs3dMs: ms(theirs), sparkMs: ms(sparks), ours1PaneMovingMs: ms(pane), ours4PanesMs: ms(panes),
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
