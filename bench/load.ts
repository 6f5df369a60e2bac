/**
 * Load benchmark: reads every scene in ../shared/scenes from disk into the scene model in Node,
 * several times, and prints a table of throughput and peak memory. Run: `npm run bench:load`.
 *
 * Throughput is file bytes / wall time of `readSceneFile` (the whole path: I/O, decode, NaN
 * check, bounds), median of the runs after one warm-up. Peak memory is the highest ArrayBuffer
 * memory (typed arrays: file chunks and scene arrays) sampled every 2 ms, beside the size of the
 * scene's own arrays: a streaming reader peaks near the scene size plus one chunk, never at
 * file size + scene size.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sceneByteSize } from '../src/core/index.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const MB = 1e6;

interface Row {
  file: string;
  format: string;
  splats: number;
  mb: number;
  medianMs: number;
  mbPerS: number;
  peakMb: number;
  sceneMb: number;
}

function folderBytes(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, f) => sum + statSync(join(path, f)).size, 0);
}

async function measure(name: string): Promise<Row> {
  const path = join(SHARED_SCENES, name);
  const bytes = folderBytes(path);
  await readSceneFile(path); // warm-up: JIT and the WebP wasm
  globalThis.gc?.();
  const buffers = (): number => process.memoryUsage().arrayBuffers;
  const baseline = buffers();
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, buffers()); }, 2);
  const times: number[] = [];
  let facts = null;
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    facts = (await readSceneFile(path)).facts;
    times.push(performance.now() - start);
    peak = Math.max(peak, buffers());
    globalThis.gc?.();
  }
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)]!;
  return {
    file: name,
    format: facts!.format,
    splats: facts!.count,
    mb: bytes / MB,
    medianMs,
    mbPerS: bytes / MB / (medianMs / 1000),
    peakMb: (peak - baseline) / MB,
    sceneMb: sceneByteSize(facts!.count, facts!.shDegree) / MB,
  };
}

function table(rows: Row[]): string {
  const header = '| file | format | splats | MB | median ms | MB/s | peak ArrayBuffer MB | scene arrays (MB) |\n|---|---|---:|---:|---:|---:|---:|---:|\n';
  return header + rows.map((r) =>
    `| ${r.file} | ${r.format} | ${r.splats.toLocaleString('en-US')} | ${r.mb.toFixed(1)} | ${r.medianMs.toFixed(1)} | ${r.mbPerS.toFixed(0)} | ${r.peakMb.toFixed(0)} | ${r.sceneMb.toFixed(0)} |`,
  ).join('\n') + '\n';
}

const names = readdirSync(SHARED_SCENES).filter((f) => f !== 'README.md').sort();
const rows: Row[] = [];
for (const name of names) rows.push(await measure(name));
const report = `# Load benchmark\n\nNode ${process.version}, ${RUNS} runs per file after a warm-up, ${new Date().toISOString().slice(0, 10)}.\n\n${table(rows)}`;
process.stdout.write(report);
writeFileSync(join(import.meta.dirname, 'results', 'load.md'), report);
