/** What a person does to open scenes: the sample on arrival, drops, the file picker, bad files. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeSplatfit } from '../src/core/index.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { dropFiles, expectRenderedPane, fact, paneStage, SHARED_SCENES, sharedFile } from './helpers.ts';

const SHOTS = 'e2e/output/screenshots';

test('the bundled sample opens by itself, with its facts and a rendered pane', async ({ page }) => {
  await page.goto('/');
  await expect(fact(page, 'name')).toHaveText('playbot-31k.spz');
  await expect(fact(page, 'splats')).toHaveText('31,000');
  await expect(fact(page, 'sh-degree')).toHaveText('2');
  await expect(fact(page, 'format')).toHaveText('Niantic SPZ');
  await expectRenderedPane(page, `${SHOTS}/sample.png`);
  // named for a screen reader, as its canvas is not
  await expect(page.getByRole('img', { name: 'Original · playbot-31k.spz, as drawn: drag to orbit, H for the keys' })).toBeVisible();
});

test('dropping a real .ply shows its facts and renders it; dropped again, its tab shows', async ({ page }) => {
  await page.goto('/');
  await expect(fact(page, 'name')).toHaveText('playbot-31k.spz');
  await dropFiles(page, [sharedFile('playbot-31k.ply')]);
  await expect(fact(page, 'name')).toHaveText('playbot-31k.ply');
  await expect(fact(page, 'format')).toHaveText('3DGS PLY');
  await expect(fact(page, 'splats')).toHaveText('31,000');
  await expect(fact(page, 'sh-degree')).toHaveText('2');
  await expect(fact(page, 'size')).toHaveText('4.49 MiB');
  await expectRenderedPane(page, `${SHOTS}/dropped-ply.png`);
  await expect(page.locator('#scene-tabs li')).toHaveCount(2);

  // dropped again (after a look at the sample), the same file shows the tab it has rather than a second copy
  await page.locator('#scene-tabs li').first().getByRole('button', { name: 'playbot-31k.spz', exact: true }).click();
  await expect(fact(page, 'name')).toHaveText('playbot-31k.spz');
  await dropFiles(page, [sharedFile('playbot-31k.ply')]);
  await expect(page.getByRole('status').filter({ hasText: 'playbot-31k.ply is open already' })).toBeVisible();
  await expect(fact(page, 'name')).toHaveText('playbot-31k.ply');
  await expect(page.locator('#scene-tabs li')).toHaveCount(2);
});

test('a corrupt file shows a readable error, and a good file dropped after it still opens', async ({ page }) => {
  await page.goto('/');
  await expect(fact(page, 'name')).toHaveText('playbot-31k.spz');
  const good = sharedFile('playbot-31k.v3.spz');
  const corrupt = { name: 'broken.spz', bytes: good.bytes.slice(0, 4000) };
  await dropFiles(page, [corrupt]);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('broken.spz');
  await expect(alert).toContainText(/gzip|corrupt|truncat/i);
  await page.screenshot({ path: `${SHOTS}/corrupt-error.png` });
  await dropFiles(page, [{ ...good, name: 'playbot-v3.spz' }]);
  await expect(fact(page, 'name')).toHaveText('playbot-v3.spz');
  await expectRenderedPane(page, `${SHOTS}/after-error.png`);
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('the file picker opens an unbundled SOG folder (meta.json with its images) as one scene', async ({ page }) => {
  await page.goto('/');
  await expect(fact(page, 'name')).toHaveText('playbot-31k.spz');
  const names = ['meta.json', 'means_l.webp', 'means_u.webp', 'quats.webp', 'scales.webp', 'sh0.webp', 'shN_centroids.webp', 'shN_labels.webp'];
  await page.locator('#file-input').setInputFiles(names.map((n) => {
    const f = sharedFile(`playbot-31k-sog/${n}`);
    return { name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) };
  }));
  await expect(fact(page, 'name')).toHaveText('meta.json');
  await expect(fact(page, 'format')).toHaveText('PlayCanvas SOG');
  await expect(fact(page, 'splats')).toHaveText('31,000');
  await expectRenderedPane(page, `${SHOTS}/sog-folder.png`);
});

test('a .splatfit file opens like any other format', async ({ page }) => {
  const { scene } = await readSceneFile(`${SHARED_SCENES}/playbot-31k.ply`);
  await page.goto('/');
  await expect(fact(page, 'name')).toHaveText('playbot-31k.spz');
  await dropFiles(page, [{ name: 'playbot.splatfit', bytes: writeSplatfit(scene, { bits: { positions: 12, shBand2: 4 } }) }]);
  await expect(fact(page, 'name')).toHaveText('playbot.splatfit');
  await expect(fact(page, 'format')).toHaveText('Splatfit');
  await expect(fact(page, 'splats')).toHaveText('31,000');
  await expectRenderedPane(page, `${SHOTS}/splatfit.png`);
});

test('?url= opens the scene it names', async ({ page }) => {
  await page.goto('/?url=samples/playbot-31k.spz');
  await expect(fact(page, 'splats')).toHaveText('31,000');
  await page.goto('/?url=samples/missing.ply');
  await expect(page.getByRole('alert')).toContainText('missing.ply: no scene at');
});

test('opening can be cancelled while it runs: its bar leaves, nothing opens, nothing is said', async ({ page }) => {
  // the scene's first bytes come (the memory check reads them), the whole file never does
  const head = readFileSync(resolve(SHARED_SCENES, 'playbot-31k.ply')).subarray(0, 65_536);
  let stalled = false;
  await page.route((url) => url.pathname.endsWith('/stalled.ply'), async (route) => {
    const ranged = route.request().headers()['range'] !== undefined;
    if (!ranged) {
      stalled = true;
      return;
    }
    await route.fulfill({ status: 206, body: head, headers: { 'Content-Range': 'bytes 0-65535/4712951', 'Content-Type': 'application/octet-stream' } });
  });
  await page.goto('/?url=samples/stalled.ply');
  const opening = page.getByRole('button', { name: 'Cancel opening stalled.ply' });
  await expect(opening).toBeVisible();
  await expect.poll(() => stalled).toBe(true);
  await opening.click();
  await expect(page.locator('#notices .progress')).toHaveCount(0);
  await expect(page.locator('#empty-state')).toBeVisible();
  await expect(page.locator('#scene-tabs li')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a scene too big for the tab is refused before it is read, at a ?url= as when dropped, unless opened anyway', async ({ page }) => {
  // a device with ~5 MB to spare: every scene here is too big for it
  await page.addInitScript(() => Object.defineProperty(navigator, 'deviceMemory', { get: () => 0.01 }));
  await page.goto('/?url=samples/playbot-31k.spz');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('playbot-31k.spz: its scene needs about');
  await expect(alert).toContainText('use the splatfit CLI');
  await expect(page.locator('#scene-tabs li')).toHaveCount(0);
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await dropFiles(page, [sharedFile('playbot-31k.ply')]);
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('playbot-31k.ply: its scene needs about');
  await expect(page.locator('#scene-tabs li')).toHaveCount(0);
  // a machine with memory to spare may go on
  await refusal.getByRole('button', { name: 'Open anyway' }).click();
  await expect(page.locator('#scene-tabs li')).toHaveCount(1);
  await expect(page.locator('[data-pane="original"]')).toHaveAttribute('data-state', 'drawn', { timeout: 60_000 });
});

test('a drawn scene at rest asks for no more animation frames', async ({ page }) => {
  // every frame is drawn on request; a loop of requestAnimationFrame (three starts one of its own)
  // asked for about 80 a second here, drawing nothing
  await page.addInitScript(() => {
    const counted = window as unknown as { animationFrames: number };
    counted.animationFrames = 0;
    const request = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) => {
      counted.animationFrames++;
      return request(callback);
    };
  });
  await page.goto('/');
  await expectRenderedPane(page, `${SHOTS}/at-rest.png`);
  const frames = (): Promise<number> => page.evaluate(() => (window as unknown as { animationFrames: number }).animationFrames);
  await page.waitForTimeout(1000);
  const before = await frames();
  await page.waitForTimeout(2000);
  expect(await frames() - before).toBeLessThan(10);
});

test('a narrow or short window keeps the pane big enough to use, with nothing drawn over anything else', async ({ page }) => {
  // a 700 px window used to leave the pane no height (and draw the chart over the sidebar); 1280×400, 165 px
  await page.goto('/');
  await expectRenderedPane(page, `${SHOTS}/window-sizes.png`);
  for (const [width, height] of [[1280, 400], [1024, 768], [700, 800], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await expect.poll(async () => (await paneStage(page, 'original').boundingBox())!.height, { message: `${width}×${height}: the pane's height` }).toBeGreaterThanOrEqual(200);
    const layout = await page.evaluate(() => {
      const live = document.querySelector('.workspace:not([hidden]) .live-panel')!.getBoundingClientRect();
      const side = document.querySelector('.workspace:not([hidden]) .sidebar')!.getBoundingClientRect();
      const overlap = live.right > side.left + 1 && side.right > live.left + 1 && live.bottom > side.top + 1 && side.bottom > live.top + 1;
      return { overlap, sideways: document.documentElement.scrollWidth > window.innerWidth };
    });
    expect(layout, `${width}×${height}`).toEqual({ overlap: false, sideways: false });
  }
});
