/**
 * `compress --low-memory` (bin/low-memory.mjs): on glibc the CLI runs again as a child started
 * with glibc's mmap threshold set, and the process that started it waits for it. The files are
 * the same as without it; a signal sent to the waiting process reaches the child, and the child
 * does not outlive it.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MMAP_THRESHOLD, MMAP_THRESHOLD_VARIABLE, usesGlibc } from '../bin/low-memory.mjs';
import { sharedPath } from './helpers/scenes.ts';

const BIN = resolve(import.meta.dirname, '../bin/splatfit.js');
/** This environment without the setting, whatever the shell running the tests had. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== MMAP_THRESHOLD_VARIABLE));
const folder = (): string => mkdtempSync(join(tmpdir(), 'splatfit-low-memory-'));

async function compressJson(...args: string[]): Promise<{ mallocMmapThreshold: string | null; results: { output: string; error: unknown }[] }> {
  const { stdout } = await promisify(execFile)('node', [BIN, 'compress', ...args, '--json'], { env });
  return JSON.parse(stdout) as { mallocMmapThreshold: string | null; results: { output: string; error: unknown }[] };
}

/** The pid of the child of `parent` once it runs with the setting (before its exec it would show the parent's environment). */
async function lowMemoryChildOf(parent: number): Promise<number> {
  for (;;) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const isChild = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] === String(parent);
        if (isChild && readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`${MMAP_THRESHOLD_VARIABLE}=${MMAP_THRESHOLD}`)) return Number(entry);
      } catch { /* gone meanwhile */ }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether process `pid` has ended within `ms` (a zombie counts as ended: it runs no more). */
async function endsWithin(pid: number, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms;) {
    try {
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) return true;
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** A compress of playbot-500k (long enough to be running when signalled) with --low-memory, its child running with the setting. */
async function startLowMemoryCompress(): Promise<{ parent: ReturnType<typeof spawn>; child: number; exited: Promise<[number | null, NodeJS.Signals | null]> }> {
  const parent = spawn('node', [BIN, 'compress', sharedPath('playbot-500k.ply'), '--budget', '5%', '-o', join(folder(), 'out.splatfit'), '--low-memory'], { env, stdio: 'ignore' });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => parent.on('exit', (code, signal) => resolve([code, signal])));
  return { parent, child: await lowMemoryChildOf(parent.pid!), exited };
}

describe.skipIf(!usesGlibc())('compress --low-memory on glibc', () => {
  it('fits in a child started with the setting: the same file as without it', async () => {
    const dir = folder();
    const plain = await compressJson(sharedPath('cvlab-100-sh3.ply'), '--budget', '50%', '-o', join(dir, 'plain.splatfit'));
    const low = await compressJson(sharedPath('cvlab-100-sh3.ply'), '--budget', '50%', '-o', join(dir, 'low.splatfit'), '--low-memory');
    expect(plain.mallocMmapThreshold).toBeNull();
    expect(low.mallocMmapThreshold).toBe(MMAP_THRESHOLD);
    expect(low.results[0]!.error).toBeNull();
    expect(readFileSync(low.results[0]!.output)).toEqual(readFileSync(plain.results[0]!.output));
  });

  it('a signal sent to the waiting process ends the child, and the waiting process ends by that signal', async () => {
    const { parent, child, exited } = await startLowMemoryCompress();
    parent.kill('SIGTERM');
    expect(await exited).toEqual([null, 'SIGTERM']);
    expect(await endsWithin(child, 10_000)).toBe(true);
  });

  it('the child ends when the waiting process is killed outright', async () => {
    const { parent, child, exited } = await startLowMemoryCompress();
    parent.kill('SIGKILL');
    expect(await exited).toEqual([null, 'SIGKILL']);
    expect(await endsWithin(child, 20_000)).toBe(true);
  });
});
