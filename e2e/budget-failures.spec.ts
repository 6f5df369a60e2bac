/**
 * The page's pool under failure (issue 11): an impossible budget among others fails alone — its row
 * says why, the other row finishes — and exporting to a format that cannot hold the scene's SH says
 * so in a notice. A 100-splat scene keeps it quick.
 */
import { expect, test } from '@playwright/test';
import { dropFiles, fact, sharedFile, visible } from './helpers.ts';

test('an impossible budget fails alone; a lossy export says what it drops', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await expect(fact(page, 'name')).toHaveText('playbot-31k.spz');
  await dropFiles(page, [sharedFile('cvlab-100-sh3.ply')]);
  await expect(fact(page, 'name')).toHaveText('cvlab-100-sh3.ply');

  const input = visible(page).getByRole('textbox', { name: 'Budgets' });
  await input.fill('100, 50%');
  await input.press('Enter');
  const failed = visible(page).locator('.budget-row[data-budget="100"]');
  const done = visible(page).locator('.budget-row[data-budget="50%"]');
  await expect(failed).toHaveAttribute('data-state', 'failed', { timeout: 240_000 });
  await expect(failed).toContainText('smallest reachable size');
  await expect(page.getByRole('alert')).toContainText('cvlab-100-sh3.ply at 100');
  await expect(done).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(visible(page).locator('[data-pane="50%"]')).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    done.getByRole('combobox', { name: 'Export 50% as' }).selectOption('splat'),
  ]);
  expect(download.suggestedFilename()).toBe('cvlab-100-sh3-50pct.splat');
  const note = page.getByRole('status').filter({ hasText: 'cvlab-100-sh3-50pct.splat' });
  await expect(note).toContainText('.splat holds SH up to degree 0');
  await expect(note).toContainText('45 coefficients a splat');
});
