// How `compress` runs on Linux with glibc: as a child of this process, started with glibc's malloc
// set so that the big buffers a fit frees go back to the system.
//
// By default glibc gives threads heaps of their own (up to eight per core) and raises its mmap
// threshold (up to 32 MiB) as soon as a big block is freed; from then on the workers' buffers of a
// few MB to 32 MB are served from those heaps and stay there when freed, and some from the main
// heap, which cannot shrink past a live block (README: the CLI and memory). A compress therefore
// runs with one heap for all threads and every block of 1 MiB or more mapped on its own and
// unmapped when freed. On the 2 M tiling at 5 % (/usr/bin/time, the settings given directly) that
// peaked at 738,268–751,152 KiB in three runs against 874,656–957,020 KiB in four without, and took
// 92–102 s against 89–111 s. `--low-memory` maps every block of 128 KiB or more: 735,028 and
// 735,856 KiB in two runs, with more time in the kernel (10.2–11.5 s against 8.9–9.4 s).
//
// glibc reads the settings only as a process starts, and Node 20 cannot replace its own process,
// so this process runs the CLI again as its child with them and waits for it: the child's exit
// code or signal becomes this one's, a signal sent here goes on to the child, and the child ends
// if this process goes away (mallocSettingsChild). Where malloc is set already (any MALLOC_
// variable or GLIBC_TUNABLES: the user's own, or this is the child), or is not glibc's, the CLI
// runs here as it is.
import { spawn } from 'node:child_process';

/** glibc's environment variables for the number of heaps (mallopt M_ARENA_MAX) and the mmap threshold (M_MMAP_THRESHOLD). */
export const ARENA_MAX_VARIABLE = 'MALLOC_ARENA_MAX';
export const MMAP_THRESHOLD_VARIABLE = 'MALLOC_MMAP_THRESHOLD_';
/** What a compress runs with, and with --low-memory. */
export const COMPRESS_MALLOC = { [ARENA_MAX_VARIABLE]: '1', [MMAP_THRESHOLD_VARIABLE]: '1048576' };
export const LOW_MEMORY_MALLOC = { [ARENA_MAX_VARIABLE]: '1', [MMAP_THRESHOLD_VARIABLE]: '131072' };
const LOW_MEMORY_FLAG = '--low-memory';
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** Set in the child's environment: it was started here, and ends when this process goes away. */
const CHILD_VARIABLE = 'SPLATFIT_MALLOC_CHILD';

/** Whether this process runs on glibc (Node's own report names its version there). */
export function usesGlibc() {
  if (process.platform !== 'linux') return false;
  const report = /** @type {{ header?: { glibcVersionRuntime?: string } }} */ (process.report?.getReport() ?? {});
  return typeof report.header?.glibcVersionRuntime === 'string';
}

/** Whether environment variable `name` is one of glibc's malloc settings: the user's choice, to be kept. */
const userSetsMalloc = (name) => name.startsWith('MALLOC_') || name === 'GLIBC_TUNABLES';

/**
 * The settings the CLI with `args` should be started with, or null where it runs as it is: only
 * a compress needs them (its command is the first argument that is not an option; an option's
 * value placed before the command only costs it the settings, never its result). `glibc` is asked
 * last: Node's report takes about 10 ms, which no other command should wait for.
 */
export function mallocSettingsFor(args, env = process.env, glibc = usesGlibc) {
  if (args.find((a) => !a.startsWith('-')) !== 'compress') return null;
  if (Object.keys(env).some(userSetsMalloc)) return null;
  const lowMemory = args.includes(LOW_MEMORY_FLAG);
  if (!glibc()) {
    if (lowMemory) process.stderr.write(`splatfit: warning: ${LOW_MEMORY_FLAG} changes nothing here: it sets glibc's malloc, and this Node does not run on glibc\n`);
    return null;
  }
  return lowMemory ? LOW_MEMORY_MALLOC : COMPRESS_MALLOC;
}

/**
 * Runs the CLI (`script` with `args`) as a child with glibc's malloc settings when it is a
 * compress on glibc, and then never returns (this process ends as the child did); returns where
 * the CLI should run in this process.
 */
export async function relaunchWithMallocSettings(script, args) {
  const settings = mallocSettingsFor(args);
  if (settings === null) return;
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...settings, [CHILD_VARIABLE]: '1' },
  });
  const forward = (signal) => { child.kill(signal); };
  for (const signal of FORWARDED) process.on(signal, forward);
  const [code, signal] = await new Promise((resolve) => {
    child.on('exit', (c, s) => resolve([c, s]));
    child.on('error', (error) => {
      process.stderr.write(`splatfit: could not start the compress process: ${error.message}\n`);
      resolve([1, null]);
    });
  });
  for (const name of FORWARDED) process.off(name, forward);
  if (signal !== null) process.kill(process.pid, signal);
  process.exit(code ?? 1);
}

/**
 * In the CLI started by relaunchWithMallocSettings: ends it when the process that started it is
 * gone (killed without a chance to pass the signal on), so no work goes on that nobody waits for.
 * The channel to it is not a reason to keep running.
 */
export function mallocSettingsChild() {
  if (process.env[CHILD_VARIABLE] !== '1') return;
  const parentGone = () => process.kill(process.pid, 'SIGTERM');
  // gone before this ran: the channel was closed already
  if (process.channel === undefined || !process.connected) parentGone();
  process.channel?.unref();
  process.on('disconnect', parentGone);
}
