/**
 * The v1 baseline: Splatfit's codec before the rewrite, commit V1_COMMIT, run from a detached git
 * worktree (made once at V1_WORKTREE, with this checkout's node_modules linked in) through
 * bench/rd/v1-fit.mjs executed there with tsx. Its .splatfit files land in the scene's tool cache
 * (the commit never changes, so they stay valid) and are measured like any peer's: read by the
 * current reader, or — where that refuses a v1 file — decoded by v1's own reader into a float .ply
 * (v1DecodedPly).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolCache } from './tool-cache.ts';

export const V1_COMMIT = '7933790';
const V1_WORKTREE = process.env['BENCH_RD_V1_WORKTREE'] ?? '/tmp/splatfit-v1';
const MAIN = join(import.meta.dirname, '../..');
const SCRIPT = 'bench/rd/v1-fit.mjs';

function ensureWorktree(): void {
  if (!existsSync(join(V1_WORKTREE, '.git'))) execFileSync('git', ['-C', MAIN, 'worktree', 'add', '--detach', V1_WORKTREE, V1_COMMIT], { stdio: 'ignore' });
  const head = execFileSync('git', ['-C', V1_WORKTREE, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  if (!head.startsWith(V1_COMMIT)) throw new Error(`${V1_WORKTREE} is at ${head.slice(0, 7)}, not ${V1_COMMIT}: remove it (git worktree remove) or set BENCH_RD_V1_WORKTREE`);
  if (!existsSync(join(V1_WORKTREE, 'node_modules'))) symlinkSync(join(MAIN, 'node_modules'), join(V1_WORKTREE, 'node_modules'));
  mkdirSync(join(V1_WORKTREE, 'bench/rd'), { recursive: true });
  copyFileSync(join(MAIN, SCRIPT), join(V1_WORKTREE, SCRIPT));
}

export interface V1Fit {
  readonly budget: number;
  readonly bytes?: Uint8Array;
  readonly seconds?: number;
  readonly error?: string;
}

/** v1's .splatfit for each budget of `scenePath`, fitted (one process, one analysis) only where not cached. */
export function v1Fits(cache: ToolCache, scenePath: string, budgets: readonly number[]): { fits: V1Fit[]; analysisSeconds?: number } {
  const file = (budget: number): string => cache.path(`v1-${budget}.splatfit`);
  const failed = (budget: number): string => file(budget) + '.error';
  // A budget v1 refused (below its smallest file) is remembered too, in a `.error` file.
  const missing = budgets.filter((b) => !cache.has(`v1-${b}.splatfit`) && !(cache.reuse && existsSync(failed(b))));
  let analysisSeconds: number | undefined;
  if (missing.length > 0) {
    ensureWorktree();
    const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, 'fit', scenePath, cache.dir, ...missing.map(String)], {
      cwd: V1_WORKTREE, encoding: 'utf8', maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (run.status !== 0) throw new Error(`v1 fit failed (${run.status}): ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
    for (const line of run.stdout.split('\n').filter((l) => l.trim() !== '')) {
      const row = JSON.parse(line) as { analysisSeconds?: number; budget?: number; seconds?: number; error?: string };
      if (row.analysisSeconds !== undefined) analysisSeconds = row.analysisSeconds;
      else if (row.error !== undefined) writeFileSync(failed(row.budget!), row.error);
      else writeFileSync(file(row.budget!) + '.meta.json', JSON.stringify({ seconds: row.seconds, command: `splatfit@${V1_COMMIT} compressToBudget(analysis, ${row.budget})` }));
    }
  }
  const fits = budgets.map((budget): V1Fit => {
    if (existsSync(failed(budget)) && !existsSync(file(budget))) return { budget, error: readFileSync(failed(budget), 'utf8') };
    if (!existsSync(file(budget))) return { budget, error: 'v1 wrote no file' };
    const meta = JSON.parse(readFileSync(file(budget) + '.meta.json', 'utf8')) as { seconds: number };
    return { budget, bytes: new Uint8Array(readFileSync(file(budget))), seconds: meta.seconds };
  });
  return analysisSeconds === undefined ? { fits } : { fits, analysisSeconds };
}

/** A v1 .splatfit decoded by v1's own reader, as float .ply bytes (a temporary file, removed after reading). */
export function v1DecodedPly(cache: ToolCache, splatfit: Uint8Array): Uint8Array {
  ensureWorktree();
  const input = cache.path('v1-decode-in.splatfit'), output = cache.path('v1-decode-out.ply');
  writeFileSync(input, splatfit);
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, 'decode', input, output], { cwd: V1_WORKTREE, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0) throw new Error(`v1 decode failed (${run.status}): ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
    return new Uint8Array(readFileSync(output));
  } finally {
    rmSync(input, { force: true });
    rmSync(output, { force: true });
  }
}
