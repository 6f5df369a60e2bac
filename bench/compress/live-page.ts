/**
 * The live budget's first preview in the real page (vite build + preview, headless Chromium), as a
 * person gets it: the file is picked (the page's file input, as a drop does), the slider's
 * "Analyse" is pressed as soon as the scene is drawn, and the slider is moved as soon as it is
 * enabled; timed from the pick to the preview pane's first picture of that budget (preview or
 * exact). The Node figure (live.ts) runs the same steps on worker_threads, whose workers load
 * through tsx; this one is the page's own workers and bundle. Runs spread by a second or more on
 * 2 cores, so it is measured `runs` times (BENCH_PAGE_RUNS, default 3), each on a fresh page, and
 * the median run is the figure.
 */
import { join } from 'node:path';
import { type Browser, chromium } from '@playwright/test';
import { GPU_FLAGS } from '../../playwright.config.ts';
import { SHARED_SCENES } from '../../test/helpers/scenes.ts';
import { startPreview } from '../preview-server.ts';

export interface PageFirstPreview {
  /** From picking the file to its first preview. */
  readonly firstPreviewSeconds: number;
  /** Of which: until the scene was drawn (before "Analyse" can be pressed), and until the slider was enabled. */
  readonly drawnSeconds: number;
  readonly sliderSeconds: number;
}

/** The median run of `runs` (by first preview), and every run in order. */
export interface PageFirstPreviews {
  readonly median: PageFirstPreview;
  readonly runs: readonly PageFirstPreview[];
}

export async function measurePageFirstPreview(
  name: string, runs = Number(process.env['BENCH_PAGE_RUNS'] ?? 3), port = Number(process.env['BENCH_PORT'] ?? 4177),
): Promise<PageFirstPreviews> {
  const stop = await startPreview(port);
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: GPU_FLAGS });
  try {
    const measured: PageFirstPreview[] = [];
    for (let k = 0; k < runs; k++) measured.push(await oneRun(browser, name, port));
    const sorted = [...measured].sort((a, b) => a.firstPreviewSeconds - b.firstPreviewSeconds);
    return { median: sorted[Math.floor((sorted.length - 1) / 2)]!, runs: measured };
  } finally {
    await browser.close();
    stop();
  }
}

async function oneRun(browser: Browser, name: string, port: number): Promise<PageFirstPreview> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    // the bundled sample first, as a person finds the page
    await page.locator('[data-pane="original"][data-state="drawn"]').waitFor({ timeout: 120_000 });
    const workspace = page.locator('.workspace:not([hidden])');
    const started = Date.now();
    const seconds = (): number => (Date.now() - started) / 1000;
    await page.locator('#file-input').setInputFiles(join(SHARED_SCENES, name));
    await workspace.locator(`[data-fact="name"]`, { hasText: name }).waitFor({ timeout: 120_000 });
    await workspace.locator('[data-pane="original"][data-state="drawn"]').waitFor({ timeout: 120_000 });
    const drawnSeconds = seconds();
    await workspace.getByRole('button', { name: 'Analyse the scene for the slider' }).click();
    const slider = workspace.getByRole('slider', { name: 'Budget' });
    await page.waitForFunction(() => {
      const range = document.querySelector<HTMLInputElement>('.workspace:not([hidden]) input[type="range"]');
      return range !== null && !range.disabled;
    }, null, { timeout: 300_000, polling: 100 });
    const sliderSeconds = seconds();
    // one step down from where it starts: a resting point of its own
    const value = Number(await slider.inputValue());
    await slider.fill(String(Math.max(0, value - 1)));
    await page.waitForFunction(() => /preview|exact/.test(document.querySelector('.workspace:not([hidden]) [data-pane="live"]')?.getAttribute('data-live') ?? ''), null, { timeout: 120_000, polling: 50 });
    return { firstPreviewSeconds: seconds(), drawnSeconds, sliderSeconds };
  } finally {
    await page.close();
  }
}
