/**
 * What a person does with budgets, on both of three's backends (WebGPU, and WebGL2 with
 * navigator.gpu taken away), on the bundled sample (one analysis serves every step):
 * - a typed budget (1:5: the sample is already an .spz) with its stages, its pane and figures;
 *   every pane following the one camera, a difference map;
 * - the budget slider, enabled once the analysis is done, then the predicted curve on the chart:
 *   where it rests a preview pane labelled as a prediction, which the exact fit replaces;
 *   "Keep" makes it a budget row at once (no second fit);
 * - the same budget typed again points at its row; a click on the chart moves the slider there;
 * - panes draw at a reduced resolution while the camera moves, at full resolution at rest;
 * - an export downloads and opens as a pane with its measured figures;
 * - a budget under 2 bytes a splat is warned about, with the decoded scene's budget offered, and
 *   its notice leaves with its row;
 * - the tab closed to the empty page.
 * The standard formats on the chart and a download opened again: chart-and-download.spec.ts.
 * Seconds from the slider's rest to its preview are printed (a figure, not a pass condition:
 * bench:compress measures it).
 */
import { expect, type Page, test } from '@playwright/test';
import { decode } from 'fast-png';
import { chartPositionOf, expectRenderedPane, fact, paneStage, visible } from './helpers.ts';

const SHOTS = 'e2e/output/screenshots';
const SAMPLE = 'playbot-31k.spz';

/** Mean absolute difference of two screenshots (RGB, 0–255). */
function imageChange(a: Buffer, b: Buffer): number {
  const x = decode(a), y = decode(b);
  if (x.width !== y.width || x.height !== y.height) return 255;
  let sum = 0;
  const pixels = x.width * x.height;
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) sum += Math.abs(Number(x.data[i * x.channels + c]) - Number(y.data[i * y.channels + c]));
  }
  return sum / (pixels * 3);
}

/**
 * Drags in the original's pane, a step at a time, until every pane has drawn a frame at the
 * reduced resolution of a moving camera (at least 5 steps, at most 40), then lets go.
 */
async function dragCamera(page: Page): Promise<void> {
  const box = (await paneStage(page, 'original').boundingBox())!;
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  const panes = visible(page).locator('.pane');
  const reducedFrames = async (): Promise<number[]> => panes.evaluateAll((all) => all.map((p) => Number((p as HTMLElement).dataset['reducedFrames'] ?? 0)));
  const before = await reducedFrames();
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let k = 1; k <= 40; k++) {
    await page.mouse.move(x + 10 * k, y + 3 * k);
    const now = await reducedFrames();
    if (k >= 5 && now.every((n, i) => n > before[i]!)) break;
    await page.waitForTimeout(100);
  }
  await page.mouse.up();
  expect((await reducedFrames()).every((n, i) => n > before[i]!), 'every pane drew at a reduced resolution while the camera moved').toBe(true);
  // at rest, full resolution again
  for (const pane of await panes.all()) await expect(pane).toHaveAttribute('data-resolution', 'full');
}

for (const backend of ['webgpu', 'webgl2'] as const) {
  test(`budgets typed and on the slider, shared camera, chart, notices, close (${backend})`, async ({ page }) => {
    test.setTimeout(420_000);
    if (backend === 'webgl2') await page.addInitScript(() => Object.defineProperty(navigator, 'gpu', { value: undefined }));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/');
    await expect(fact(page, 'name')).toHaveText(SAMPLE);
    await expect(page.locator('body')).toHaveAttribute('data-backend', backend);
    if (backend === 'webgl2') await expect(page.getByRole('status')).toContainText('WebGPU is not available');
    await expectRenderedPane(page, `${SHOTS}/budgets-${backend}-original.png`);

    // a typed budget: its stages, then its pane and figures
    const input = visible(page).getByRole('textbox', { name: 'Budgets' });
    await input.fill('1:5');
    await input.press('Enter');
    const row = visible(page).locator('.budget-row[data-budget="1:5"]');
    await expect(row).toContainText('analysing');
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
    const pane = visible(page).locator('[data-pane="1:5"]');
    await expect(pane.locator('[data-figure="ratio"]')).toHaveText(/^1:\d/);
    expect(Number((await pane.locator('[data-figure="ratio"]').textContent())!.slice(2))).toBeGreaterThanOrEqual(4.85); // 97–100 % of the budget
    await expect(pane.locator('[data-figure="kept"]')).toContainText('of 31,000');
    await expect(pane.locator('[data-figure="fidelity"]')).toHaveText(/\d+\.\d\d dB \/ [01]\.\d{4}/);
    await expect(pane.locator('[data-figure="view-psnr"]')).toHaveText(/\d+\.\d\d dB|exact/);
    await expectRenderedPane(page, `${SHOTS}/budgets-${backend}-1to5.png`, '1:5');

    // one camera: dragging in the original's pane moves every pane
    const panes = ['original', '1:5'];
    const before = await Promise.all(panes.map((p) => paneStage(page, p).screenshot()));
    const viewPsnrBefore = await pane.locator('[data-figure="view-psnr"]').textContent();
    await dragCamera(page);
    await page.waitForTimeout(1500);
    const after = await Promise.all(panes.map((p) => paneStage(page, p).screenshot()));
    await page.screenshot({ path: `${SHOTS}/budgets-${backend}-after-move.png` });
    for (const [k, name] of panes.entries()) expect(imageChange(before[k]!, after[k]!), `${name} followed the camera`).toBeGreaterThan(2);
    await expect(pane.locator('[data-figure="view-psnr"]')).not.toHaveText(viewPsnrBefore!);
    await pane.getByRole('button', { name: 'Show difference' }).click();
    await expect(pane.locator('.pane-heat')).toBeVisible();
    await paneStage(page, '1:5').screenshot({ path: `${SHOTS}/budgets-${backend}-difference.png` });

    // an export downloads, and opens as a pane of its own, measured like a budget; Close takes it away
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      row.getByRole('combobox', { name: 'Export 1:5 as' }).selectOption('spz'),
    ]);
    expect(download.suggestedFilename()).toBe('playbot-31k-1to5.spz');
    const exported = visible(page).locator('[data-pane="1:5 as .spz"]');
    await expect(exported.locator('[data-figure="fidelity"]')).toHaveText(/\d+\.\d\d dB \/ [01]\.\d{4}/, { timeout: 120_000 });
    await expectRenderedPane(page, `${SHOTS}/budgets-${backend}-export.png`, '1:5 as .spz');
    await exported.getByRole('button', { name: 'Close 1:5 as .spz' }).click();
    await expect(exported).toHaveCount(0);

    // the slider: enabled once the analysis is done, the predicted curve drawn after it; a preview
    // where it rests, then the exact fit
    const slider = visible(page).getByRole('slider', { name: 'Budget' });
    await expect(slider).toBeEnabled({ timeout: 120_000 });
    const chart = visible(page).locator('.chart canvas');
    await expect(chart).toHaveAttribute('data-predicted', /^[1-9]\d*$/, { timeout: 60_000 });
    const readout = visible(page).locator('.slider-readout');
    const started = Date.now();
    await slider.fill('640');
    const live = visible(page).locator('[data-pane="live"]');
    await expect(live).toHaveAttribute('data-live', /preview|exact/, { timeout: 60_000 });
    console.log(`${backend}: preview shown ${((Date.now() - started) / 1000).toFixed(2)} s after the slider rested`);
    const budget = Number(await readout.getAttribute('data-bytes'));
    await expect(live).toHaveAttribute('data-budget', String(budget));
    if ((await live.getAttribute('data-live')) === 'preview') {
      await expect(live.locator('[data-figure="live-state"]')).toContainText('preview (predicted');
      await expect(live.locator('[data-figure="fidelity"]')).toContainText('predicted');
      await page.screenshot({ path: `${SHOTS}/budgets-${backend}-preview.png` });
    }
    await expect(live).toHaveAttribute('data-live', 'exact', { timeout: 120_000 });
    await expect(live.locator('[data-figure="live-state"]')).toHaveText('exact fit');
    await expect(live.locator('[data-figure="fidelity"]')).toHaveText(/\d+\.\d\d dB|exact/);
    await expectRenderedPane(page, `${SHOTS}/budgets-${backend}-slider-exact.png`, 'live');

    // keep: a done row and its pane at once, from the exact fit already made
    await visible(page).getByRole('button', { name: 'Keep this budget' }).click();
    const kept = visible(page).locator('.budget-row').last();
    await expect(kept).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
    const keptLabel = (await kept.getAttribute('data-budget'))!;
    await expect(visible(page).locator(`[data-pane="${keptLabel}"] [data-figure="bytes"]`)).toContainText('B');
    await expect(visible(page).locator('.pane')).toHaveCount(4);

    // the same budget typed again: a notice pointing at its row, no new row
    await input.fill(String(budget));
    await input.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'is the same budget as' })).toContainText(keptLabel);
    await expect(visible(page).locator('.budget-row')).toHaveCount(2);

    // a click on the chart away from the points moves the slider to the size under the pointer
    const target = Math.round(budget / 3);
    const at = await chartPositionOf(page, target);
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await page.mouse.click(box.x + at!.x, box.y + at!.y);
    await expect.poll(async () => Number(await readout.getAttribute('data-bytes'))).not.toBe(budget);
    const picked = Number(await readout.getAttribute('data-bytes'));
    expect(Math.abs(Math.log(picked / target))).toBeLessThan(0.1);
    await expect(live).toHaveAttribute('data-budget', String(picked), { timeout: 60_000 });
    await chart.screenshot({ path: `${SHOTS}/budgets-${backend}-chart.png` });


    // under 2 bytes a splat: said before it runs, with the budget of the decoded scene offered; the notice leaves with its row
    await input.fill('1:20');
    await input.press('Enter');
    const warning = page.getByRole('status').filter({ hasText: '1:20 leaves' });
    await expect(warning).toContainText('most splats will be dropped');
    await warning.getByRole('button', { name: 'Add 1:20 decoded' }).click();
    await expect(warning).toHaveCount(0);
    const decodedRow = visible(page).locator('.budget-row[data-budget="1:20 decoded"]');
    await expect(decodedRow).toBeVisible();
    await decodedRow.getByRole('button', { name: 'Remove' }).click();
    await input.fill('40KB');
    await input.press('Enter');
    const small = page.getByRole('status').filter({ hasText: '40KB leaves' });
    await expect(small).toContainText('most splats will be dropped');
    await visible(page).locator('.budget-row[data-budget="40KB"]').getByRole('button', { name: 'Remove' }).click();
    await expect(small).toHaveCount(0);
    await visible(page).locator('.budget-row[data-budget="1:20"]').getByRole('button', { name: 'Remove' }).click();

    // closing the only tab leaves the empty page
    await page.getByRole('button', { name: `Close ${SAMPLE}` }).click();
    await expect(page.locator('#scene-tabs li')).toHaveCount(0);
    await expect(page.locator('#empty-state')).toBeVisible();
    await expect(page.locator('.workspace')).toHaveCount(0);
  });
}
