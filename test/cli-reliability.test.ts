/**
 * The CLI under failure (issue 11): several budgets with an impossible one, outputs in folders that
 * cannot take them, a kill in the middle of a write, and conversions that lose something. Nothing
 * written is ever partial, every failure is one line with its code, never a stack trace.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sharedPath } from './helpers/scenes.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../bin/splatfit.js');

async function splatfit(...args: string[]): Promise<{ stdout: string; stderr: string; code: number; seconds: number }> {
  const started = performance.now();
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args]);
    return { stdout, stderr, code: 0, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code, seconds: (performance.now() - started) / 1000 };
  }
}

const folder = (): string => mkdtempSync(join(tmpdir(), 'splatfit-rel-'));

/** No stack trace, no raw exception name: what a person reads is a message and a code. */
function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('SplatfitError:');
  expect(stderr).not.toContain('the worker pool was closed');
}

interface Report { warnings: string[]; results: { output: string; budget: number; bytes?: number; error: { code: string; message: string } | null }[] }

describe('compress: each budget stands alone', () => {
  it('one impossible budget among several: the others are written, the failure is reported, exit code 3', async () => {
    const out = folder() + '/';
    const { code, stdout, stderr } = await splatfit('compress', sharedPath('cvlab-100-sh3.ply'), '--budget', '50%,100,1:4', '-o', out, '--json');
    expectNoStack(stderr);
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as Report;
    expect(report.results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'BUDGET_TOO_SMALL', 'ok']);
    for (const r of report.results) expect(existsSync(r.output)).toBe(r.error === null);
    expect(report.results[1]!.error!.message).toMatch(/smallest reachable size/);
  });

  it('the same in human form: result lines on stdout, the failure as one line on stderr', async () => {
    const out = folder() + '/';
    const { code, stdout, stderr } = await splatfit('compress', sharedPath('cvlab-100-sh3.ply'), '--budget', '100,50%', '-o', out);
    expectNoStack(stderr);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^50% \(\d+ B\) → .*cvlab-100-sh3-50pct\.splatfit/m);
    expect(stderr).toMatch(/^splatfit: 100 \(100 B\) → .*: not written: .*\[BUDGET_TOO_SMALL\]$/m);
  });

  it('every budget impossible: exit code 1, each reported, no "pool was closed" trace', async () => {
    const out = folder() + '/';
    const { code, stdout, stderr } = await splatfit('compress', sharedPath('cvlab-100-sh3.ply'), '--budget', '100,150,200,230', '-o', out, '--json');
    expectNoStack(stderr);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as Report).results.every((r) => r.error?.code === 'BUDGET_TOO_SMALL')).toBe(true);
    expect(readdirSync(out)).toEqual([]);
  });

  it('an output folder that does not exist is refused before the fit starts', async () => {
    const { code, stdout, stderr } = await splatfit('compress', sharedPath('playbot-31k.ply'), '--budget', '5%', '-o', join(folder(), 'missing', 'x.splatfit'));
    expectNoStack(stderr);
    // exit code 1, not 3: the whole command was refused, not one fitted budget's write
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/cannot write in folder '.*missing': it does not exist.*\[UNWRITABLE\]/);
  });
});

describe('atomic writes', () => {
  it('a convert killed in the middle of writing leaves the old file whole and nothing partial under its name', async () => {
    const dir = folder();
    const target = join(dir, 'scene.ply');
    copyFileSync(sharedPath('playbot-31k.ply'), target); // a good file, to be replaced by a 76 MB one
    const before = readFileSync(target);
    const child = spawn('node', [BIN, 'convert', sharedPath('playbot-500k.ply'), target], { stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    // kill as soon as the temporary file appears: the write is under way
    let staged: string | undefined;
    const deadline = performance.now() + 60_000;
    while (staged === undefined && performance.now() < deadline) {
      staged = readdirSync(dir).find((n) => n.startsWith('.scene.ply.') && n.endsWith('.tmp'));
      if (staged === undefined) await new Promise((r) => setTimeout(r, 1));
    }
    expect(staged, 'the temporary file appeared').toBeDefined();
    child.kill('SIGKILL');
    await exited;
    expect(statSync(target).size).toBe(before.length);
    expect(readFileSync(target).equals(before)).toBe(true);
    // the partial bytes are only ever in the temporary file (which a kill cannot remove)
    expect(readdirSync(dir).filter((n) => n !== 'scene.ply' && !n.endsWith('.tmp'))).toEqual([]);
  });

  it('a finished convert replaces the file and leaves no temporary file', async () => {
    const dir = folder();
    const target = join(dir, 'scene.spz');
    writeFileSync(target, 'old');
    const { code } = await splatfit('convert', sharedPath('cvlab-100-sh3.ply'), target);
    expect(code).toBe(0);
    expect(readdirSync(dir)).toEqual(['scene.spz']);
    expect(statSync(target).size).toBeGreaterThan(100);
  });

  it('an unbundled SOG is written whole into its folder, meta.json and every image', async () => {
    const dir = join(folder(), 'sog') + '/';
    const { code } = await splatfit('convert', sharedPath('cvlab-100-sh3.ply'), dir);
    expect(code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toContain('meta.json');
    expect(files.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const info = await splatfit('info', dir, '--json');
    expect(JSON.parse(info.stdout)).toMatchObject({ format: 'sog', splats: 100 });
  });
});

describe('lossy conversions say what they lose', () => {
  it('an SH-3 scene to .splat warns that its SH and precision are dropped, on stderr and in --json', async () => {
    const out = join(folder(), 'fruit.splat');
    const { code, stdout, stderr } = await splatfit('convert', sharedPath('fruit-drops-4721-sh3.ply'), out, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { warnings: string[]; format: string };
    expect(report.format).toBe('splat');
    expect(report.warnings.join('\n')).toMatch(/\.splat holds SH up to degree 0: the input's degree-3 SH above it is dropped \(45 coefficients a splat\)/);
    expect(report.warnings.join('\n')).toMatch(/\.splat stores colour, opacity and each rotation component in 8 bits/);
    expect(stderr).toMatch(/^splatfit: warning: \.splat holds SH up to degree 0/m);
  });

  it('a lossless conversion is silent', async () => {
    const out = join(folder(), 'copy.ply');
    const { stdout, stderr } = await splatfit('convert', sharedPath('playbot-31k.v4.spz'), out, '--json');
    expect((JSON.parse(stdout) as { warnings: string[] }).warnings).toEqual([]);
    expect(stderr).toBe('');
  });

  it('compress --json carries the output format\'s warnings', async () => {
    const out = join(folder(), 'fruit.splat');
    const { stdout } = await splatfit('compress', sharedPath('fruit-drops-4721-sh3.ply'), '--budget', '50%', '-o', out, '--json');
    expect((JSON.parse(stdout) as Report).warnings.join('\n')).toContain('.splat holds SH up to degree 0');
  });
});
