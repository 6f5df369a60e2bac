/**
 * The CLI on big scenes (issue 13): `splatfit compress FILE --budget 5%` on tilings of
 * playbot-500k into 2 M and 6 M splats (bench/tilings.ts, made here and deleted after), one run
 * each in a child process as a user runs it: wall seconds, and seconds per million splats.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeTilings } from '../tilings.ts';

export interface BigSceneTime {
  scene: string;
  splats: number;
  inputBytes: number;
  /** The compressed file's bytes, null where the run failed. */
  outputBytes: number | null;
  seconds: number | null;
  secondsPerMillion: number | null;
  error: string | null;
}

const ROOT = join(import.meta.dirname, '..', '..');

export async function measureBigScenes(sizes: readonly string[], log: (line: string) => void): Promise<BigSceneTime[]> {
  const folder = join(ROOT, 'dist', 'bench-big-scenes');
  mkdirSync(folder, { recursive: true });
  const rows: BigSceneTime[] = [];
  try {
    for (const size of sizes) {
      // one tiling on disk at a time: 6 M splats of SH2 is about a gigabyte
      const [tiling] = await writeTilings([size], folder);
      const input = tiling!.path, output = join(folder, `out-${size}.splatfit`);
      const started = performance.now();
      const { code, stderr } = await run(process.execPath, [join(ROOT, 'bin', 'splatfit.js'), 'compress', input, '--budget', '5%', '-o', output]);
      const seconds = (performance.now() - started) / 1000;
      const failed = code !== 0;
      rows.push({
        scene: `playbot-${size}.ply (tiles of playbot-500k)`, splats: tiling!.count, inputBytes: statSync(input).size,
        outputBytes: failed ? null : statSync(output).size, seconds: failed ? null : round(seconds), secondsPerMillion: failed ? null : round(seconds / (tiling!.count / 1e6)),
        error: failed ? `exit ${code}: ${stderr.trim().split('\n').pop()}` : null,
      });
      log(JSON.stringify(rows.at(-1)));
      rmSync(input, { force: true });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return rows;
}

export function bigScenesTable(rows: readonly BigSceneTime[]): string {
  const cell = (v: number | null): string => (v === null ? '—' : String(v));
  return `## The CLI on big scenes: \`splatfit compress FILE --budget 5%\` on tilings of playbot-500k

| scene | splats | input MB | output MB | seconds | seconds per million splats | error |
|---|---:|---:|---:|---:|---:|---|
${rows.map((r) => `| ${r.scene} | ${r.splats.toLocaleString('en-US')} | ${(r.inputBytes / 1e6).toFixed(0)} | ${r.outputBytes === null ? '—' : (r.outputBytes / 1e6).toFixed(1)} | ${cell(r.seconds)} | ${cell(r.secondsPerMillion)} | ${r.error ?? ''} |`).join('\n')}
`;
}

const round = (v: number): number => Number(v.toFixed(1));

function run(command: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
