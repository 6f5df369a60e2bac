/**
 * PlayCanvas splat-transform as the bench runs it: the 2.7 CLI (the `@playcanvas/splat-transform`
 * dev dependency) for .spz and compressed .ply — 2.7's .spz has SPZ's right-up-back axes, as the
 * specification and our reader do; 3.x writes the .ply's axes unconverted, which reads upside down
 * (docs/formats.md, "SPZ") — and the 3.7 CLI (`@playcanvas/splat-transform-3`, an npm alias) for SOG and decimation,
 * always with `-g cpu` (no GPU adapter here; ../shared/BROWSER.md). One process at a time, quiet,
 * overwriting; a failing run throws with the first line of its stderr.
 */
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';

const MODULES = join(import.meta.dirname, '../../node_modules/@playcanvas');
const CLI = {
  2: join(MODULES, 'splat-transform/bin/cli.mjs'),
  3: join(MODULES, 'splat-transform-3/bin/cli.mjs'),
} as const;
const LABEL = { 2: 'splat-transform@2.7', 3: 'splat-transform@3.7' } as const;

/** A run that takes longer is stopped (the CPU SOG writer with SH can run for many minutes). */
const TIMEOUT_MS = 30 * 60 * 1000;

/** Global flags for 3.x: CPU device; one SOG worker thread (2 shared cores; a fair single-thread time). */
export const ST3_GLOBAL = ['-g', 'cpu', '--max-workers', '1'] as const;

export interface ToolRun {
  readonly seconds: number;
  /** The command line, with paths cut to their file names, for the report. */
  readonly command: string;
}

export function splatTransform(version: 2 | 3, args: readonly string[]): ToolRun {
  const full = ['-q', '-w', ...args];
  const command = `${LABEL[version]} ${full.map((a) => (a.includes('/') ? basename(a) : a)).join(' ')}`;
  const start = performance.now();
  try {
    execFileSync(process.execPath, [CLI[version], ...full], { stdio: ['ignore', 'ignore', 'pipe'], timeout: TIMEOUT_MS, maxBuffer: 64 << 20 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`${command} failed: ${(stderr.split('\n').find((l) => l.trim() !== '') ?? (error as Error).message).slice(0, 300)}`);
  }
  return { seconds: (performance.now() - start) / 1000, command };
}
