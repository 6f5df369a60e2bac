/**
 * How long the page takes to decode a `.splatfit` v2 file of a large scene (the range coder's
 * cost): playbot-500k fitted to 1:20 of its size, decoded three times in headless Chromium on the
 * page's thread (the app decodes in a worker: the same work), beside the same scene as .spz and
 * as a v2 file whose sections are deflated only. Prints a table (bench/results/decode-web.md).
 * Run: `npx tsx bench/decode-web.ts` (BENCH_SCENE=name to choose; CHROMIUM_PATH).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { compressToBudget, encodePlan } from '../src/core/codec/compress.ts';
import { analyzeScene } from '../src/core/codec/scene-analysis.ts';
import { writeScene } from '../src/core/index.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';
import { GPU_FLAGS } from '../playwright.config.ts';

const PORT = 4175;
const name = process.env['BENCH_SCENE'] ?? 'playbot-500k.ply';

const { scene, facts } = await readSceneFile(join(SHARED_SCENES, name));
const analysis = analyzeScene(scene);
const fit = await compressToBudget(analysis, Math.floor(facts.bytes / 20));
const plan = { codings: new Map(Object.entries(fit.codings)) as Parameters<typeof encodePlan>[1]['codings'], shDegree: fit.shDegree };
const files: [string, Uint8Array][] = [
  ['fit.splatfit', fit.bytes],
  ['deflated.splatfit', encodePlan(analysis, plan, fit.kept, { rangeCoder: false })],
  ['scene.spz', writeScene(scene, 'spz')],
];

await new Promise<void>((resolve, reject) => {
  const build = spawn('npx', ['vite', 'build'], { stdio: 'ignore' });
  build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited ${code}`))));
});
const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { stdio: 'ignore', detached: true });
for (let k = 0; k < 100 && !(await fetch(`http://127.0.0.1:${PORT}/`).then((r) => r.ok, () => false)); k++) await new Promise((r) => setTimeout(r, 200));
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: GPU_FLAGS });
const rows: string[] = [];
try {
  const page = await browser.newPage();
  for (const [file, bytes] of files) {
    await page.route(`**/bench-file/${file}`, (route) => route.fulfill({ body: Buffer.from(bytes) }));
    await page.goto(`http://127.0.0.1:${PORT}/e2e/pages/decode-time.html?file=/bench-file/${file}&runs=3`);
    await page.waitForFunction(() => window.decodeTime !== undefined || window.decodeTimeError !== undefined, null, { timeout: 300_000 });
    const result = await page.evaluate(() => window.decodeTime ?? window.decodeTimeError);
    const cell = typeof result === 'string' ? `failed: ${result.split('\n')[0]}` : `${Math.min(...result!.ms).toFixed(0)} | ${result!.ms.map((m) => m.toFixed(0)).join(', ')} | ${result!.count}`;
    rows.push(`| ${file} | ${bytes.length} | ${cell} |`);
    process.stdout.write(rows.at(-1) + '\n');
  }
} finally {
  await browser.close();
  process.kill(-server.pid!);
}
const report = `# Decoding in the page

${new Date().toISOString().slice(0, 10)}, headless Chromium ${browser.version()}, ${name} (${scene.count} splats) fitted to 1:20 of its ${facts.bytes} bytes; readScene on the page's thread, three runs. \`npx tsx bench/decode-web.ts\`.

| file | bytes | fastest ms | runs ms | splats |
|---|---:|---:|---|---:|
${rows.join('\n')}
`;
writeFileSync(join(import.meta.dirname, 'results', 'decode-web.md'), report);
process.stdout.write('\n' + report);
