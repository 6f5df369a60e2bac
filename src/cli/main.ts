/**
 * `splatfit` command line: `info FILE [--json]` and `convert IN OUT`.
 * JSON output is one object on stdout; human output is a short table. Errors go to stderr with
 * exit code 1 (2 for a usage mistake).
 */
import { writeFile } from 'node:fs/promises';
import { isSplatfitError, type SceneFacts, writableFormatFor, writeScene } from '../core/index.ts';
import { readSceneFile } from './node-platform.ts';

const USAGE = `usage:
  splatfit info FILE [--json]     format, splat count, SH degree, bounds, bytes per splat
  splatfit convert IN OUT         convert by OUT's extension (.ply, .splat, .spz)

FILE/IN may be .ply (3DGS or PlayCanvas compressed), .splat, .spz, .ksplat, .sog, or a SOG folder / meta.json.`;

class UsageError extends Error {}

export async function main(argv: readonly string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const [command, ...rest] = args;
  try {
    if (command === undefined || flags.has('--help')) {
      process.stdout.write(USAGE + '\n');
      return command === undefined && !flags.has('--help') ? 2 : 0;
    }
    if (command === 'info') return await info(rest, flags.has('--json'));
    if (command === 'convert') return await convert(rest);
    throw new UsageError(`unknown command '${command}'`);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`splatfit: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`splatfit: ${describe(error)}\n`);
    return 1;
  }
}

function describe(error: unknown): string {
  if (isSplatfitError(error)) return `${error.message} [${error.code}]`;
  const io = error as { code?: string; path?: string };
  if (io.code === 'ENOENT') return `${io.path}: no such file or folder`;
  if (io.code === 'EACCES') return `${io.path}: permission denied`;
  if (io.code === 'EISDIR') return `${io.path}: is a folder; expected a file`;
  return error instanceof Error ? error.message : String(error);
}

async function info(paths: string[], json: boolean): Promise<number> {
  if (paths.length !== 1) throw new UsageError('info takes one FILE');
  const { facts } = await readSceneFile(paths[0]!);
  process.stdout.write(json ? JSON.stringify(factsJson(facts)) + '\n' : factsTable(facts));
  return 0;
}

async function convert(paths: string[]): Promise<number> {
  if (paths.length !== 2) throw new UsageError('convert takes IN and OUT');
  const [input, output] = paths as [string, string];
  const format = writableFormatFor(output);
  const { scene, facts } = await readSceneFile(input);
  const bytes = writeScene(scene, format);
  await writeFile(output, bytes);
  for (const warning of facts.warnings) process.stderr.write(`splatfit: warning: ${warning}\n`);
  process.stdout.write(`${facts.name} (${facts.format}, ${facts.count} splats) → ${output} (${format}, ${bytes.length} bytes)\n`);
  return 0;
}

function factsJson(facts: SceneFacts): Record<string, unknown> {
  return {
    file: facts.name,
    format: facts.format,
    splats: facts.count,
    shDegree: facts.shDegree,
    bounds: { min: facts.bounds.min, max: facts.bounds.max },
    bytes: facts.bytes,
    bytesPerSplat: Number(facts.bytesPerSplat.toFixed(3)),
    warnings: facts.warnings,
  };
}

function factsTable(facts: SceneFacts): string {
  const v = (xs: readonly number[]): string => xs.map((x) => x.toFixed(4)).join(', ');
  const rows: [string, string][] = [
    ['file', facts.name],
    ['format', facts.format],
    ['splats', facts.count.toLocaleString('en-US')],
    ['SH degree', String(facts.shDegree)],
    ['bounds min', v(facts.bounds.min)],
    ['bounds max', v(facts.bounds.max)],
    ['bytes', facts.bytes.toLocaleString('en-US')],
    ['bytes/splat', facts.bytesPerSplat.toFixed(2)],
    ...facts.warnings.map((w): [string, string] => ['warning', w]),
  ];
  return rows.map(([k, val]) => `${k.padEnd(12)} ${val}`).join('\n') + '\n';
}
