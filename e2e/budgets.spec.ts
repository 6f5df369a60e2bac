/**
 * What a person does with budgets, on both of three's backends (WebGPU, and WebGL2 with
 * navigator.gpu taken away): drop a real scene, add budgets 50 % and 1:20, wait for both, see three
 * panes with their figures, move the camera and see every pane follow, look at a difference map,
 * open the chart and click a point (a fixed-size format opens in its own pane), download a result
 * and open it back in the page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { decode } from 'fast-png';
import { dropFiles, expectRenderedPane, fact, paneStage, sharedFile, visible } from './helpers.ts';

const SHOTS = 'e2e/output/screenshots';
const DOWNLOADS = 'e2e/output/downloads';

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

async function dragCamera(page: Page): Promise<void> {
  const box = (await paneStage(page, 'original').boundingBox())!;
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(x + 12 * k, y + 3 * k);
  await page.mouse.up();
}

for (const backend of ['webgpu', 'webgl2'] as const) {
  test(`budgets 50% and 1:20 side by side, shared camera, chart, download (${backend})`, async ({ page }) => {
    test.setTimeout(400_000);
    mkdirSync(DOWNLOADS, { recursive: true });
    if (backend === 'webgl2') await page.addInitScript(() => Object.defineProperty(navigator, 'gpu', { value: undefined }));
    await page.setViewportSize({ width: 1400, height: 950 });
    await page.goto('/');
    await expect(fact(page, 'name')).toHaveText('playbot-31k.spz');
    await expect(page.locator('body')).toHaveAttribute('data-backend', backend);
    if (backend === 'webgl2') await expect(page.getByRole('status')).toContainText('WebGPU is not available');

    await dropFiles(page, [sharedFile('playbot-31k.ply')]);
    await expect(fact(page, 'name')).toHaveText('playbot-31k.ply');
    await expectRenderedPane(page, `${SHOTS}/budgets-${backend}-original.png`);

    const input = visible(page).getByRole('textbox', { name: 'Budgets' });
    await input.fill('50%, 1:20');
    await input.press('Enter');
    const rows = visible(page).locator('.budget-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toHaveAttribute('data-state', /analysing|running/);
    await expect(visible(page).locator('.budget-row[data-state="done"]')).toHaveCount(2, { timeout: 300_000 });

    // three panes, each result with its figures
    await expect(visible(page).locator('.pane')).toHaveCount(3);
    for (const label of ['50%', '1:20']) {
      const pane = visible(page).locator(`[data-pane="${label}"]`);
      await expect(pane.locator('[data-figure="bytes"]')).toContainText('B');
      await expect(pane.locator('[data-figure="ratio"]')).toHaveText(/^1:\d/);
      await expect(pane.locator('[data-figure="kept"]')).toContainText('of 31,000');
      // at 50 % the file can hold every splat at near-float precision: its renders may be exact
      await expect(pane.locator('[data-figure="fidelity"]')).toHaveText(/(\d+\.\d\d dB|exact) \/ [01]\.\d{4}/);
      await expect(pane.locator('[data-figure="view-psnr"]')).toHaveText(/\d+\.\d\d dB|exact/);
      await expectRenderedPane(page, `${SHOTS}/budgets-${backend}-${label.replace(/\W/g, '_')}.png`, label);
    }
    const ratio = await visible(page).locator('[data-pane="1:20"] [data-figure="ratio"]').textContent();
    expect(Number(ratio!.slice(2))).toBeGreaterThanOrEqual(19.4); // 97–100 % of the 1:20 budget
    await page.screenshot({ path: `${SHOTS}/budgets-${backend}-before-move.png` });

    // one camera: dragging in the original's pane moves every pane
    const panes = ['original', '50%', '1:20'];
    const before = await Promise.all(panes.map((p) => paneStage(page, p).screenshot()));
    const viewPsnrBefore = await visible(page).locator('[data-pane="1:20"] [data-figure="view-psnr"]').textContent();
    await dragCamera(page);
    await page.waitForTimeout(1500);
    const after = await Promise.all(panes.map((p) => paneStage(page, p).screenshot()));
    await page.screenshot({ path: `${SHOTS}/budgets-${backend}-after-move.png` });
    for (const [k, pane] of panes.entries()) expect(imageChange(before[k]!, after[k]!), `${pane} followed the camera`).toBeGreaterThan(2);
    await expect(visible(page).locator('[data-pane="1:20"] [data-figure="view-psnr"]')).not.toHaveText(viewPsnrBefore!);

    // difference heat map of the 1:20 pane
    await visible(page).locator('[data-pane="1:20"]').getByRole('button', { name: 'Show difference' }).click();
    await expect(visible(page).locator('[data-pane="1:20"] .pane-heat')).toBeVisible();
    await paneStage(page, '1:20').screenshot({ path: `${SHOTS}/budgets-${backend}-difference.png` });

    // the chart: budgets as a curve, fixed formats as points; clicking .spz opens its pane
    await visible(page).getByText('Quality vs size chart').click();
    const chart = visible(page).locator('.chart canvas');
    await expect.poll(async () => JSON.parse((await chart.getAttribute('data-points')) ?? '[]').length, { timeout: 240_000 }).toBe(5);
    const spz = (JSON.parse((await chart.getAttribute('data-points'))!) as { id: number; label: string }[]).find((p) => p.label === '.spz')!;
    const at = await page.evaluate((id) => (window as unknown as { splatfit: { active(): { chartPointPosition(id: number): { x: number; y: number } | null } } }).splatfit.active().chartPointPosition(id), spz.id);
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await chart.screenshot({ path: `${SHOTS}/budgets-${backend}-chart.png` });
    await page.mouse.click(box.x + at!.x, box.y + at!.y);
    await expect(visible(page).locator('[data-pane=".spz"]')).toBeVisible();
    await expectRenderedPane(page, `${SHOTS}/budgets-${backend}-spz-pane.png`, '.spz');
    await page.screenshot({ path: `${SHOTS}/budgets-${backend}-with-chart.png` });

    // download the 1:20 result and open it again
    const kept = (await visible(page).locator('[data-pane="1:20"] [data-figure="kept"]').textContent())!.split(' of ')[0]!;
    const [download] = await Promise.all([page.waitForEvent('download'), visible(page).locator('[data-budget="1:20"] [data-action="download"]').click()]);
    expect(download.suggestedFilename()).toBe('playbot-31k-1_20.splatfit');
    const saved = `${DOWNLOADS}/${backend}-${download.suggestedFilename()}`;
    await download.saveAs(saved);
    await dropFiles(page, [{ name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(saved)) }]);
    await expect(fact(page, 'name')).toHaveText('playbot-31k-1_20.splatfit');
    await expect(fact(page, 'format')).toHaveText('Splatfit');
    await expect(fact(page, 'splats')).toHaveText(kept);
    await expectRenderedPane(page, `${SHOTS}/budgets-${backend}-downloaded-reopened.png`);
    await expect(page.locator('#scene-tabs button')).toHaveCount(3);
  });
}
