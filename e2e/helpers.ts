/** Shared steps for the browser tests: dropping real files and checking that a pane shows pixels. */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { decode } from 'fast-png';

export const SHARED_SCENES = resolve(import.meta.dirname, '../../shared/scenes');

/** Drops files on the page the way a person's drag and drop does (a DataTransfer of Files). */
export async function dropFiles(page: Page, files: { name: string; bytes: Uint8Array; lastModified?: number }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, data: Buffer.from(f.bytes).toString('base64'), lastModified: f.lastModified }));
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
      // a file from disk keeps its time of last change from drop to drop, as the page sees it
      dt.items.add(new File([bytes], item.name, item.lastModified === undefined ? {} : { lastModified: item.lastModified }));
    }
    return dt;
  }, payload);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

export function sharedFile(name: string): { name: string; bytes: Uint8Array; lastModified: number } {
  const path = resolve(SHARED_SCENES, name);
  return { name: basename(name), bytes: new Uint8Array(readFileSync(path)), lastModified: Math.floor(statSync(path).mtimeMs) };
}

/** Fraction of pixels in an element's screenshot that differ clearly from its darkest colour. */
export async function litFraction(target: Locator, path?: string): Promise<number> {
  const png = decode(await target.screenshot(path === undefined ? {} : { path }));
  const channels = png.channels;
  let lit = 0;
  const pixels = png.width * png.height;
  for (let i = 0; i < pixels; i++) {
    const o = i * channels;
    if (png.data[o]! + png.data[o + 1]! + png.data[o + 2]! > 60) lit++;
  }
  return lit / pixels;
}

/** The workspace of the scene shown now (others stay open, hidden, in their tabs). */
export const visible = (page: Page): Locator => page.locator('.workspace:not([hidden])');

/** A fact of the visible scene (name, format, splats, …). */
export const fact = (page: Page, name: string): Locator => visible(page).locator(`[data-fact="${name}"]`);

/** The drawing area of a pane of the visible scene: 'original' or a budget's label. */
export const paneStage = (page: Page, pane: string): Locator => visible(page).locator(`[data-pane="${pane}"] .pane-stage`);

/** Waits until the original's pane has drawn, then until it shows a real picture (not blank). */
export async function expectRenderedPane(page: Page, screenshotPath: string, pane = 'original'): Promise<number> {
  await expect(visible(page).locator(`[data-pane="${pane}"]`)).toHaveAttribute('data-state', 'drawn', { timeout: 60_000 });
  let fraction = 0;
  await expect.poll(async () => (fraction = await litFraction(paneStage(page, pane), screenshotPath)), { timeout: 60_000 }).toBeGreaterThan(0.01);
  return fraction;
}

/** PSNR over the RGB bytes of two RGBA images of the same size (∞ when identical). */
export function psnrBytes(a: Uint8Array, b: Uint8Array): number {
  let sum = 0, n = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = (a[i + c]! - b[i + c]!) / 255;
      sum += d * d;
      n++;
    }
  }
  return sum === 0 ? Infinity : -10 * Math.log10(sum / n);
}

type ChartHooks = { chartPointPosition(id: number): Position | null; chartPositionOf(bytes: number): Position | null };
type Position = { x: number; y: number };

/** Where, inside the chart's canvas, the active scene's chart draws the point of result `id`. */
export const chartPointPosition = (page: Page, id: number): Promise<Position | null> =>
  page.evaluate((i) => (window as unknown as { splatfit: { active(): ChartHooks } }).splatfit.active().chartPointPosition(i), id);

/** Where, inside the chart's canvas, the active scene's chart stands for `bytes` across. */
export const chartPositionOf = (page: Page, bytes: number): Promise<Position | null> =>
  page.evaluate((b) => (window as unknown as { splatfit: { active(): ChartHooks } }).splatfit.active().chartPositionOf(b), bytes);
