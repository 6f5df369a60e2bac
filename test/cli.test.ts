/** The `splatfit` CLI as a person runs it: info (table and JSON), convert, and its errors. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sharedPath } from './helpers/scenes.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/splatfit.js');

async function splatfit(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('splatfit CLI', () => {
  it('info --json prints one object with format, count, degree, bounds and bytes per splat', async () => {
    const { stdout, code } = await splatfit('info', sharedPath('playbot-31k.v4.spz'), '--json');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const info = JSON.parse(stdout) as Record<string, unknown>;
    expect(info).toMatchObject({ format: 'spz', splats: 31000, shDegree: 2, bytes: 673973 });
    expect((info['bounds'] as { min: number[] }).min).toHaveLength(3);
    expect(info['bytesPerSplat']).toBeCloseTo(673973 / 31000, 2);
  });

  it('info prints a readable table, also for a SOG folder', async () => {
    const { stdout, code } = await splatfit('info', sharedPath('playbot-31k-sog'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/format\s+sog/);
    expect(stdout).toMatch(/splats\s+31,000/);
  });

  it('convert writes the format named by the output extension', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'splatfit-')), 'fruit.splat');
    const { code } = await splatfit('convert', sharedPath('fruit-drops-4721-sh3.ply'), out);
    expect(code).toBe(0);
    expect(statSync(out).size).toBe(4721 * 32);
    const { stdout } = await splatfit('info', out, '--json');
    expect(JSON.parse(stdout)).toMatchObject({ format: 'splat', splats: 4721, shDegree: 0 });
  });

  it('render writes a PNG of the requested size', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'splatfit-')), 'view.png');
    const { code, stdout } = await splatfit('render', sharedPath('playbot-31k.ply'), '-o', out, '--view', '2', '--size', '96x64');
    expect(code).toBe(0);
    expect(stdout).toContain('view 2 (96×64)');
    const { decode } = await import('fast-png');
    const png = decode(readFileSync(out));
    expect([png.width, png.height]).toEqual([96, 64]);
  });

  it('compare --json: identical for a scene and itself, high PSNR for its SPZ', async () => {
    const same = await splatfit('compare', sharedPath('playbot-31k.ply'), sharedPath('playbot-31k-sog'), '--views', '2', '--size', '64x64', '--json');
    expect(same.code).toBe(0);
    const sameResult = JSON.parse(same.stdout) as { psnr: number | null; ssim: number; identical: boolean };
    // The SOG decodes to the same splats up to float32 rounding of positions.
    expect(sameResult.psnr === null || sameResult.psnr > 60).toBe(true);
    const spz = await splatfit('compare', sharedPath('playbot-31k.ply'), sharedPath('playbot-31k.v4.spz'), '--views', '2', '--size', '64x64', '--json');
    const spzResult = JSON.parse(spz.stdout) as { psnr: number; ssim: number; identical: boolean; perView: unknown[] };
    expect(spzResult.identical).toBe(false);
    expect(spzResult.psnr).toBeGreaterThan(30);
    expect(spzResult.ssim).toBeGreaterThan(0.9);
    expect(spzResult.perView).toHaveLength(2);
    const self = await splatfit('compare', sharedPath('cvlab-100-sh3.ply'), sharedPath('cvlab-100-sh3.ply'), '--views', '1', '--size', '32x32');
    expect(self.stdout).toContain('inf (identical renders)');
  });

  it('compress --json fits each budget into a folder and reports bytes, bits and fidelity', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'splatfit-')), 'fits') + '/';
    const { code, stdout } = await splatfit('compress', sharedPath('fruit-drops-4721-sh3.ply'), '--budget', '5%,1:40', '-o', folder, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { inputBytes: number; results: { output: string; budget: number; bytes: number; keptSplats: number; codings: Record<string, string>; shDegree: number; psnr: number; ssim: number; seconds: number }[] };
    expect(report.results).toHaveLength(2);
    for (const r of report.results) {
      expect(r.bytes).toBeLessThanOrEqual(r.budget);
      expect(r.bytes).toBeGreaterThanOrEqual(r.budget * 0.97);
      expect(statSync(r.output).size).toBe(r.bytes);
      expect(Object.keys(r.codings)).toContain('positions');
      expect(r.psnr).toBeGreaterThan(20);
    }
    expect(report.results[0]!.budget).toBe(Math.floor(report.inputBytes * 0.05));
    // one worker writes the very same files (it holds less memory at once); a count of 0 is a usage error
    const alone = join(mkdtempSync(join(tmpdir(), 'splatfit-')), 'one') + '/';
    const one = await splatfit('compress', sharedPath('fruit-drops-4721-sh3.ply'), '--budget', '5%,1:40', '-o', alone, '--workers', '1', '--json');
    const oneReport = JSON.parse(one.stdout) as { workers: number; results: { output: string }[] };
    expect(oneReport.workers).toBe(1);
    for (const [k, r] of oneReport.results.entries()) expect(readFileSync(r.output)).toEqual(readFileSync(report.results[k]!.output));
    const noWorkers = await splatfit('compress', sharedPath('fruit-drops-4721-sh3.ply'), '--budget', '5%', '-o', alone, '--workers', '0');
    expect(noWorkers.code).toBe(2);
    expect(noWorkers.stderr).toContain('--workers takes a whole number 1–1000');
    const spz = await splatfit('compress', sharedPath('fruit-drops-4721-sh3.ply'), '--budget', '30k', '-o', join(folder, 'fruit.spz'), '--json');
    const spzResult = (JSON.parse(spz.stdout) as { results: { format: string; bytes: number; budget: number; codings: unknown }[] }).results[0]!;
    expect(spzResult).toMatchObject({ format: 'spz', budget: 30000, codings: null });
    expect(spzResult.bytes).toBeLessThanOrEqual(30000);
    expect(spzResult.bytes).toBeGreaterThanOrEqual(30000 * 0.97);
    const tooSmall = await splatfit('compress', sharedPath('cvlab-100-sh3.ply'), '--budget', '100', '-o', join(folder, 'x.splatfit'));
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.stderr).toMatch(/smallest reachable size, \d+ bytes.*BUDGET_TOO_SMALL/);
  });

  it('errors go to stderr with a non-zero exit code', async () => {
    const missing = await splatfit('info', '/nonexistent/scene.ply');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('/nonexistent/scene.ply: no such file or folder');
    const badTarget = await splatfit('convert', sharedPath('cvlab-100-sh3.ply'), '/tmp/x.obj');
    expect(badTarget.code).toBe(1);
    expect(badTarget.stderr).toContain('UNWRITABLE');
    const usage = await splatfit('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage:');
  });

  it('an option the command does not read is a usage error, never ignored', async () => {
    const typo = await splatfit('info', sharedPath('cvlab-100-sh3.ply'), '--jsn');
    expect([typo.code, typo.stdout]).toEqual([2, '']);
    expect(typo.stderr).toMatch(/^splatfit: unknown option '--jsn'\nusage:/);
    const another = await splatfit('render', sharedPath('cvlab-100-sh3.ply'), '-o', '/tmp/never.png', '--json');
    expect(another.code).toBe(2);
    expect(another.stderr).toMatch(/^splatfit: render does not take --json \(info, convert, compare and compress do\)/);
  });

  it('a folder that is not a SOG scene says so, rather than that meta.json is missing', async () => {
    const folder = await splatfit('info', sharedPath('.'));
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain('a folder is read as an unbundled SOG scene, and this one has no meta.json');
  });
});
