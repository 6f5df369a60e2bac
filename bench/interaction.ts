/**
 * Does the page stay responsive while the camera moves? The real page (vite build + preview) opens
 * a shared scene by `?url=`, on each of three's backends, and a mouse drag orbits the camera for
 * DRAG_STEPS steps 100 ms apart. Chromium's long-task observer (PerformanceObserver 'longtask':
 * every main-thread task over 50 ms) records what blocked the page's JavaScript during the drag
 * and until the panes are drawn again at full resolution. Goal (issue 13): longest task < 200 ms
 * on SwiftShader. Printed as a table and written to bench/results/interaction.md and .json (one
 * object per scene × backend: scene, splats, backend, longestTaskMs, longTasks, longTaskTotalMs,
 * reducedFrames, fewestSplatsDrawn, settleSeconds, error).
 * Run: `npm run bench:interaction` (BENCH_SCENES=a,b; BENCH_PORT=4175; CHROMIUM_PATH).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';
import { GPU_FLAGS } from '../playwright.config.ts';
import { startPreview } from './preview-server.ts';

const PORT = Number(process.env['BENCH_PORT'] ?? 4175);
const DRAG_STEPS = 30;
const scenes = process.env['BENCH_SCENES']?.split(',') ?? ['playbot-125k.ply', 'playbot-500k.ply'];

interface Interaction {
  scene: string; splats: number; backend: 'webgpu' | 'webgl2';
  longestTaskMs: number | null; longTasks: number | null; longTaskTotalMs: number | null;
  reducedFrames: number | null; fewestSplatsDrawn: number | null; settleSeconds: number | null; error: string | null;
}

/**
 * Starts recording long tasks in the page (from now on), and the fewest splats the original's pane
 * drew in one frame (its level of detail while moving).
 */
async function observeLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const store = window as unknown as { longTasks: number[]; fewestSplats: number };
    store.longTasks = [];
    store.fewestSplats = Infinity;
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) store.longTasks.push(entry.duration); }).observe({ type: 'longtask' });
    const pane = document.querySelector<HTMLElement>('[data-pane="original"]')!;
    new MutationObserver(() => { store.fewestSplats = Math.min(store.fewestSplats, Number(pane.dataset['splatsDrawn'] ?? Infinity)); })
      .observe(pane, { attributes: true, attributeFilter: ['data-splats-drawn'] });
  });
}

async function drag(page: Page): Promise<void> {
  const box = (await page.locator('[data-pane="original"] .pane-stage').boundingBox())!;
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let k = 1; k <= DRAG_STEPS; k++) {
    await page.mouse.move(x + 8 * k, y + 2 * Math.sin(k / 3));
    await page.waitForTimeout(100);
  }
  await page.mouse.up();
}

async function measure(page: Page, name: string, backend: Interaction['backend']): Promise<Omit<Interaction, 'scene' | 'splats' | 'backend' | 'error'>> {
  await page.goto(`http://127.0.0.1:${PORT}/?url=/bench-scenes/${encodeURIComponent(name)}${backend === 'webgl2' ? '&webgl=1' : ''}`);
  const original = page.locator('[data-pane="original"]');
  await original.waitFor({ timeout: 300_000 });
  await page.waitForFunction(() => document.querySelector('[data-pane="original"]')?.getAttribute('data-state') === 'drawn', null, { timeout: 600_000 });
  // let the first frame's follow-ups (a sorted order arriving) finish before measuring
  await page.waitForTimeout(3000);
  await observeLongTasks(page);
  await drag(page);
  const released = Date.now();
  await page.waitForFunction(() => [...document.querySelectorAll('.pane')].every((p) => p.getAttribute('data-resolution') === 'full' && !p.hasAttribute('data-drawing')), null, { timeout: 600_000, polling: 50 });
  const settleSeconds = (Date.now() - released) / 1000;
  await page.waitForTimeout(500);
  const tasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const reducedFrames = Number(await original.getAttribute('data-reduced-frames') ?? 0);
  const fewest = await page.evaluate(() => (window as unknown as { fewestSplats: number }).fewestSplats);
  return {
    fewestSplatsDrawn: Number.isFinite(fewest) ? fewest : null,
    longestTaskMs: tasks.length === 0 ? 0 : Math.round(Math.max(...tasks)), longTasks: tasks.length,
    longTaskTotalMs: Math.round(tasks.reduce((a, b) => a + b, 0)), reducedFrames, settleSeconds: Number(settleSeconds.toFixed(2)),
  };
}

const stop = await startPreview(PORT);
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: GPU_FLAGS });
const version = browser.version();
const results: Interaction[] = [];
try {
  for (const name of scenes) {
    const splats = (await readSceneFile(join(SHARED_SCENES, name))).scene.count;
    for (const backend of ['webgpu', 'webgl2'] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.route((url) => url.pathname.startsWith('/bench-scenes/'), (route) => route.fulfill({ body: readFileSync(join(SHARED_SCENES, decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!))) }));
      const empty = { longestTaskMs: null, longTasks: null, longTaskTotalMs: null, reducedFrames: null, fewestSplatsDrawn: null, settleSeconds: null };
      try {
        results.push({ scene: name, splats, backend, ...(await measure(page, name, backend)), error: null });
      } catch (error) {
        results.push({ scene: name, splats, backend, ...empty, error: (error instanceof Error ? error.message : String(error)).split('\n')[0]! });
      } finally {
        await page.close().catch(() => undefined);
      }
      process.stdout.write(JSON.stringify(results.at(-1)) + '\n');
    }
  }
} finally {
  await browser.close();
  stop();
}

const cell = (v: number | null): string => (v === null ? '—' : String(v));
const report = `# Interaction: long main-thread tasks while dragging the camera

Headless Chromium ${version}, SwiftShader, 1280×800 page, the original's pane only; ${DRAG_STEPS} mouse steps 100 ms apart, then until every pane is drawn at full resolution. ${new Date().toISOString().slice(0, 10)}. \`npm run bench:interaction\`.
Goal: longest task < 200 ms.

Reduced frames: frames drawn while moving at a reduced resolution or with fewer splats (the pane's level of detail); fewest splats: the least one frame drew.

| scene | splats | backend | longest task ms | long tasks | their total ms | reduced frames | fewest splats in a frame | settled s after release | error |
|---|---:|---|---:|---:|---:|---:|---:|---:|---|
${results.map((r) => `| ${r.scene} | ${r.splats.toLocaleString('en-US')} | ${r.backend} | ${cell(r.longestTaskMs)} | ${cell(r.longTasks)} | ${cell(r.longTaskTotalMs)} | ${cell(r.reducedFrames)} | ${cell(r.fewestSplatsDrawn)} | ${cell(r.settleSeconds)} | ${r.error ?? ''} |`).join('\n')}
`;
if (process.env['BENCH_SCENES'] === undefined) {
  writeFileSync(join(import.meta.dirname, 'results', 'interaction.md'), report);
  writeFileSync(join(import.meta.dirname, 'results', 'interaction.json'), JSON.stringify(results, null, 1) + '\n');
}
process.stdout.write('\n' + report);
