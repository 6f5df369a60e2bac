/**
 * Process entry of the `splatfit` CLI (bin/splatfit.js loads this through tsx). Whatever escapes
 * main (a bug, a worker that died) still ends as one line on stderr and exit code 1, never a stack
 * trace; SPLATFIT_DEBUG=1 shows the stack.
 */
import { main } from './main.ts';

function internalError(error: unknown): void {
  const debug = process.env['SPLATFIT_DEBUG'] === '1';
  const text = error instanceof Error ? (debug ? error.stack ?? error.message : error.message) : String(error);
  process.stderr.write(`splatfit: internal error: ${text}${debug ? '' : ' (SPLATFIT_DEBUG=1 shows where)'}\n`);
  process.exit(1);
}

process.on('unhandledRejection', internalError);
process.on('uncaughtException', internalError);
process.exitCode = await main(process.argv.slice(2));
