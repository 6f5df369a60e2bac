/**
 * A compress on glibc (bin/malloc-settings.mjs) runs again as a child started with glibc's malloc
 * set to give big buffers back (with --low-memory, smaller ones too), and the process that
 * started it waits for it; where the user set malloc already it runs in place with theirs. The
 * files are the same every way; a signal sent to the waiting process reaches the child, and the
 * child does not outlive it.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ARENA_MAX_VARIABLE, COMPRESS_MALLOC, LOW_MEMORY_MALLOC, MMAP_THRESHOLD_VARIABLE, mallocSettingsFor, usesGlibc } from '../bin/malloc-settings.mjs';
import { sharedPath } from './helpers/scenes.ts';

const BIN = resolve(import.meta.dirname, '../bin/splatfit.js');
/** This environment without malloc settings, whatever the shell running the tests had. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MALLOC_') && name !== 'GLIBC_TUNABLES'));
const folder = (): string => mkdtempSync(join(tmpdir(), 'splatfit-malloc-'));

type CompressJson = { mallocArenaMax: string | null; mallocMmapThreshold: string | null; results: { output: string; error: unknown }[] };

async function compressJson(extraEnv: Record<string, string>, ...args: string[]): Promise<CompressJson> {
  const { stdout } = await promisify(execFile)('node', [BIN, 'compress', ...args, '--json'], { env: { ...env, ...extraEnv } });
  return JSON.parse(stdout) as CompressJson;
}

/** The pid of the child of `parent` once it runs with the settings (before its exec it would show the parent's environment). */
async function mallocChildOf(parent: number): Promise<number> {
  for (;;) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const isChild = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] === String(parent);
        if (isChild && readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`${MMAP_THRESHOLD_VARIABLE}=${COMPRESS_MALLOC[MMAP_THRESHOLD_VARIABLE]}`)) return Number(entry);
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

/** A compress of playbot-500k (long enough to be running when signalled), its child running with the settings. */
async function startCompress(): Promise<{ parent: ReturnType<typeof spawn>; child: number; exited: Promise<[number | null, NodeJS.Signals | null]> }> {
  const parent = spawn('node', [BIN, 'compress', sharedPath('playbot-500k.ply'), '--budget', '5%', '-o', join(folder(), 'out.splatfit')], { env, stdio: 'ignore' });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => parent.on('exit', (code, signal) => resolve([code, signal])));
  return { parent, child: await mallocChildOf(parent.pid!), exited };
}

describe('which runs get the settings', () => {
  const glibc = (): boolean => true;
  it('a compress, wherever its command stands among the options; no other command', () => {
    expect(mallocSettingsFor(['compress', 'in.ply', '--budget', '5%', '-o', 'out.splatfit'], {}, glibc)).toEqual(COMPRESS_MALLOC);
    expect(mallocSettingsFor(['--json', 'compress', 'in.ply', '--low-memory'], {}, glibc)).toEqual(LOW_MEMORY_MALLOC);
    // nor is glibc asked for them (Node's report takes about 10 ms)
    const asked: string[] = [];
    for (const command of ['info', 'convert', 'render', 'compare']) expect(mallocSettingsFor([command, 'compress.ply'], {}, () => { asked.push(command); return true; })).toBeNull();
    expect(asked).toEqual([]);
    // a file named compress is not the command
    expect(mallocSettingsFor(['convert', 'compress', 'out.ply'], {}, glibc)).toBeNull();
    expect(mallocSettingsFor([], {}, glibc)).toBeNull();
  });

  it('none where the user set malloc already, or malloc is not glibc\'s', () => {
    for (const name of ['MALLOC_ARENA_MAX', 'MALLOC_TRIM_THRESHOLD_', 'GLIBC_TUNABLES']) {
      expect(mallocSettingsFor(['compress', 'in.ply'], { [name]: '1' }, glibc)).toBeNull();
    }
    expect(mallocSettingsFor(['compress', 'in.ply'], { HOME: '/root' }, () => false)).toBeNull();
  });
});

describe.skipIf(!usesGlibc())('compress on glibc', () => {
  it('fits in a child started with the settings (smaller buffers too with --low-memory), or in place with the user\'s own: the same file every way', async () => {
    const dir = folder();
    const args = (name: string): string[] => [sharedPath('cvlab-100-sh3.ply'), '--budget', '50%', '-o', join(dir, name)];
    const own = await compressJson({ [ARENA_MAX_VARIABLE]: '8' }, ...args('own.splatfit'));
    const settled = await compressJson({}, ...args('settled.splatfit'));
    const low = await compressJson({}, ...args('low.splatfit'), '--low-memory');
    expect([own.mallocArenaMax, own.mallocMmapThreshold]).toEqual(['8', null]);
    expect([settled.mallocArenaMax, settled.mallocMmapThreshold]).toEqual([COMPRESS_MALLOC[ARENA_MAX_VARIABLE], COMPRESS_MALLOC[MMAP_THRESHOLD_VARIABLE]]);
    expect([low.mallocArenaMax, low.mallocMmapThreshold]).toEqual([LOW_MEMORY_MALLOC[ARENA_MAX_VARIABLE], LOW_MEMORY_MALLOC[MMAP_THRESHOLD_VARIABLE]]);
    for (const run of [settled, low]) {
      expect(run.results[0]!.error).toBeNull();
      expect(readFileSync(run.results[0]!.output)).toEqual(readFileSync(own.results[0]!.output));
    }
  });

  it('a signal sent to the waiting process ends the child, and the waiting process ends by that signal', async () => {
    const { parent, child, exited } = await startCompress();
    parent.kill('SIGTERM');
    expect(await exited).toEqual([null, 'SIGTERM']);
    expect(await endsWithin(child, 10_000)).toBe(true);
  });

  it('the child ends when the waiting process is killed outright', async () => {
    const { parent, child, exited } = await startCompress();
    parent.kill('SIGKILL');
    expect(await exited).toEqual([null, 'SIGKILL']);
    expect(await endsWithin(child, 20_000)).toBe(true);
  });
});
