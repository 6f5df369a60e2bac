/**
 * SOG writing benchmark: our writer (src/core/formats/sog/write.ts) on the shared scenes — seconds
 * in-process, bundle bytes, and PSNR/SSIM of the file decoded by our reader against the input on
 * the report views (24 at 256×256) — beside PlayCanvas splat-transform 3.7's SOG writer on the
 * CPU (`-g cpu`) for scenes without SH (with SH its k-means needs a GPU: ../shared/BROWSER.md),
 * timed as its whole CLI run from a .ply in the temp folder. Writes bench/results/sog-write.md.
 * Run: `npx tsx bench/sog-write.ts` (BENCH_SCENES=a,b to choose).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferSource, compareScenes, readScene, reportViews, type SplatScene, writeScene, writeSog } from '../src/core/index.ts';
import { nodeWebpDecoder, nodeWebpEncoder, readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

const SCENES = process.env['BENCH_SCENES']?.split(',') ?? ['playbot-31k.ply', 'playbot-125k.ply', 'playbot-500k.ply', 'luma-seal-101k.splat'];
const ST3 = join(import.meta.dirname, '../node_modules/@playcanvas/splat-transform-3/bin/cli.mjs');

interface Row { scene: string; splats: number; sh: number; tool: string; seconds: number; bytes: number; psnr: number; ssim: number }

const rows: Row[] = [];
const encodeImage = await nodeWebpEncoder();
const decodeImage = await nodeWebpDecoder();
const dir = mkdtempSync(join(tmpdir(), 'splatfit-sog-bench-'));

for (const name of SCENES) {
  const { scene } = await readSceneFile(join(SHARED_SCENES, name));
  const views = reportViews(scene, 256);
  const measure = async (tool: string, seconds: number, bytes: Uint8Array): Promise<void> => {
    const decoded: SplatScene = (await readScene(bufferSource('x.sog', bytes), { decodeImage })).scene;
    const fidelity = compareScenes(scene, decoded, views);
    const row = { scene: name, splats: scene.count, sh: scene.shDegree, tool, seconds, bytes: bytes.length, psnr: fidelity.meanPsnr, ssim: fidelity.meanSsim };
    rows.push(row);
    process.stdout.write(`${name} ${tool}: ${seconds.toFixed(2)} s, ${bytes.length} B, PSNR ${row.psnr.toFixed(2)}, SSIM ${row.ssim.toFixed(4)}\n`);
  };
  const started = performance.now();
  const ours = await writeSog(scene, { encodeImage });
  await measure('splatfit writeSog', (performance.now() - started) / 1000, ours);
  if (scene.shDegree === 0 && existsSync(ST3)) {
    const input = join(dir, 'input.ply'), output = join(dir, 'out.sog');
    writeFileSync(input, writeScene(scene, 'ply'));
    const start = performance.now();
    execFileSync('node', [ST3, '-q', '-w', '-g', 'cpu', input, output], { stdio: 'ignore' });
    await measure('splat-transform 3.7 -g cpu (CLI run)', (performance.now() - start) / 1000, new Uint8Array(readFileSync(output)));
  }
}

const table = [
  '| scene | splats | SH | writer | seconds | bytes | PSNR dB | SSIM |',
  '|---|---:|---:|---|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.scene} | ${r.splats.toLocaleString('en-US')} | ${r.sh} | ${r.tool} | ${r.seconds.toFixed(1)} | ${r.bytes.toLocaleString('en-US')} | ${r.psnr.toFixed(2)} | ${r.ssim.toFixed(4)} |`),
].join('\n');
const report = `# SOG write benchmark\n\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}; PSNR/SSIM of the decoded file against the input over the report views (24 at 256×256).\nOur writer is timed in-process (WebP encoder already loaded); splat-transform's time is its whole CLI run, start-up and reading the .ply included.\n\n${table}\n`;
if (process.env['BENCH_SCENES'] === undefined) writeFileSync(join(import.meta.dirname, 'results/sog-write.md'), report);
process.stdout.write(`\n${table}\n`);
