// `--low-memory`: the CLI run with glibc's malloc told to map every block of 128 KiB or more on its
// own and unmap it when freed. By default glibc raises that threshold (up to 32 MiB) as soon as
// a big block is freed, and from then on the threads' buffers of a few MB to 32 MB stay in its
// heaps when freed, and some in the main heap, which cannot shrink past a live block (README: the
// CLI and memory). In one run of bench:memory (at 18cd845) a compress of the 2 M tiling to 5 %
// peaked at 0.75 GiB with it (this waiting process counted) and 0.87 GiB without; it costs time
// (120.8 s instead of 98.1 s there, 48.8 s instead of 38.5 s on playbot-500k), as every big buffer
// is mapped afresh, so it is asked for, not the default.
//
// glibc reads the setting only as a process starts, and Node 20 cannot replace its own process, so
// this process runs the CLI again as its child with the setting and waits for it: the child's
// exit code or signal becomes this one's, a signal sent here goes on to the child, and the child
// ends if this process goes away (lowMemoryChild). Where the setting is given already, or malloc
// is not glibc's, the CLI runs here as it is.
import { spawn } from 'node:child_process';

/** glibc's environment variable for the threshold (mallopt M_MMAP_THRESHOLD), and its value. */
export const MMAP_THRESHOLD_VARIABLE = 'MALLOC_MMAP_THRESHOLD_';
export const MMAP_THRESHOLD = '131072';
const FLAG = '--low-memory';
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** Set in the child's environment: it was started here, and ends when this process goes away. */
const CHILD_VARIABLE = 'SPLATFIT_LOW_MEMORY_CHILD';

/** Whether this process runs on glibc (Node's own report names its version there). */
export function usesGlibc() {
  if (process.platform !== 'linux') return false;
  const report = /** @type {{ header?: { glibcVersionRuntime?: string } }} */ (process.report?.getReport() ?? {});
  return typeof report.header?.glibcVersionRuntime === 'string';
}

/**
 * Runs the CLI (`script` with `args`) as a child with the setting when `args` ask for low memory and
 * it can apply, and then never returns (this process ends as the child did); returns where the CLI
 * should run in this process (with a warning when the flag can do nothing here).
 */
export async function relaunchForLowMemory(script, args) {
  if (!args.includes(FLAG) || process.env[MMAP_THRESHOLD_VARIABLE] !== undefined) return;
  if (!usesGlibc()) {
    process.stderr.write(`splatfit: warning: ${FLAG} changes nothing here: it sets glibc's malloc, and this Node does not run on glibc\n`);
    return;
  }
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [MMAP_THRESHOLD_VARIABLE]: MMAP_THRESHOLD, [CHILD_VARIABLE]: '1' },
  });
  const forward = (signal) => { child.kill(signal); };
  for (const signal of FORWARDED) process.on(signal, forward);
  const [code, signal] = await new Promise((resolve) => {
    child.on('exit', (c, s) => resolve([c, s]));
    child.on('error', (error) => {
      process.stderr.write(`splatfit: could not start the low-memory process: ${error.message}\n`);
      resolve([1, null]);
    });
  });
  for (const name of FORWARDED) process.off(name, forward);
  if (signal !== null) process.kill(process.pid, signal);
  process.exit(code ?? 1);
}

/**
 * In the CLI started by relaunchForLowMemory: ends it when the process that started it is gone
 * (killed without a chance to pass the signal on), so no work goes on that nobody waits for. The
 * channel to it is not a reason to keep running.
 */
export function lowMemoryChild() {
  if (process.env[CHILD_VARIABLE] !== '1') return;
  const parentGone = () => process.kill(process.pid, 'SIGTERM');
  // gone before this ran: the channel was closed already
  if (process.channel === undefined || !process.connected) parentGone();
  process.channel?.unref();
  process.on('disconnect', parentGone);
}
