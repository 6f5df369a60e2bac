/**
 * The chart's standard formats and a download opened back in the page, on a 100-splat scene so
 * that every fit is quick (the 31k flow in budgets.spec.ts covers the rest): .spz,
 * .compressed.ply and .splat of the whole scene join the chart beside the budget and mark the
 * slider, each label clear of the others; clicking .spz opens its pane; the budget's .splatfit
 * downloads under a readable name and opens as a scene of the kept splats.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { chartPointPosition, dropFiles, expectRenderedPane, fact, sharedFile, visible } from './helpers.ts';

const SHOTS = 'e2e/output/screenshots';
const DOWNLOADS = 'e2e/output/downloads';

test('the standard formats on the chart, a click opens .spz, a download opens again', async ({ page }) => {
  test.setTimeout(300_000);
  mkdirSync(DOWNLOADS, { recursive: true });
  await page.goto('/');
  await expect(fact(page, 'name')).toHaveText('playbot-31k.spz');
  await dropFiles(page, [sharedFile('cvlab-100-sh3.ply')]);
  await expect(fact(page, 'name')).toHaveText('cvlab-100-sh3.ply');
  const input = visible(page).getByRole('textbox', { name: 'Budgets' });
  await input.fill('1:20');
  await input.press('Enter');
  const row = visible(page).locator('.budget-row[data-budget="1:20"]');
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 120_000 });

  await visible(page).getByRole('button', { name: 'Add the standard formats' }).click();
  const chart = visible(page).locator('.chart canvas');
  await expect.poll(async () => JSON.parse((await chart.getAttribute('data-points')) ?? '[]').length, { timeout: 120_000 }).toBe(4);
  await expect(visible(page).locator('.slider-mark', { hasText: '.spz' })).toHaveCount(1);
  // the labels of the sizes marked under the slider never write over each other (mark-rows.test.ts has close ones)
  const marks = await visible(page).locator('.slider-mark').evaluateAll((all) => all.map((m) => m.getBoundingClientRect().toJSON() as DOMRect));
  expect(marks.length).toBeGreaterThanOrEqual(3);
  for (const [i, a] of marks.entries()) {
    for (const b of marks.slice(i + 1)) expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top, 'two labels overlap').toBe(true);
  }
  const spz = (JSON.parse((await chart.getAttribute('data-points'))!) as { id: number; label: string }[]).find((p) => p.label === '.spz')!;
  const point = await chartPointPosition(page, spz.id);
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  await page.mouse.click(box.x + point!.x, box.y + point!.y);
  await expectRenderedPane(page, `${SHOTS}/chart-spz-pane.png`, '.spz');
  await page.screenshot({ path: `${SHOTS}/chart-with-formats.png` });

  const kept = (await visible(page).locator('[data-pane="1:20"] [data-figure="kept"]').textContent())!.split(' of ')[0]!;
  const [download] = await Promise.all([page.waitForEvent('download'), row.locator('[data-action="download"]').click()]);
  expect(download.suggestedFilename()).toBe('cvlab-100-sh3-1to20.splatfit');
  const saved = `${DOWNLOADS}/${download.suggestedFilename()}`;
  await download.saveAs(saved);
  await dropFiles(page, [{ name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(saved)) }]);
  await expect(fact(page, 'name')).toHaveText('cvlab-100-sh3-1to20.splatfit');
  await expect(fact(page, 'format')).toHaveText('Splatfit');
  await expect(fact(page, 'splats')).toHaveText(kept);
  await expectRenderedPane(page, `${SHOTS}/downloaded-reopened.png`);
  await expect(page.locator('#scene-tabs li')).toHaveCount(3);
});
