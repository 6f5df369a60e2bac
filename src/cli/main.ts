/**
 * `splatfit` command line: info, convert, render, compare and compress.
 * JSON output is one object on stdout; human output is a short table. Warnings and errors go to
 * stderr; errors exit with code 1 (2 for a usage mistake, 3 when some of compress's budgets failed).
 * Every output is written atomically (atomic-write.ts): an existing file is replaced only by a
 * complete new one, and its folder is checked before the work starts.
 */
import { encode as encodePng } from 'fast-png';
import {
  compareScenes, conversionWarnings, imageToBytes, SPLATFIT_DEFAULT_PRECISION, isSplatfitError, rasterize, REPORT_SIZE, REPORT_VIEW_SET, reportViews, sampleViews, type SceneFacts,
  writableFormatFor, writeScene,
} from '../core/index.ts';
import { assertWritableFolder, writeFileAtomic } from './atomic-write.ts';
import { compressCommand } from './compress-command.ts';
import { readSceneFile } from './node-platform.ts';
import { isSogFolderOutput, prepareSogOutput, writeSogOutput } from './sog-output.ts';

const USAGE = `usage:
  splatfit info FILE [--json]     format, splat count, SH degree, bounds, bytes per splat
  splatfit convert IN OUT [--json] convert by OUT's extension (.ply, .compressed.ply, .splat, .spz, .splatfit, .sog);
                                  OUT ending in / or meta.json: an unbundled SOG (meta.json and WebP images);
                                  warns when OUT's format cannot hold what IN has (SH degree, precision)
  splatfit render FILE -o OUT.png [--view N] [--size WxH]
                                  render standard view N (default 0) with the reference rasterizer
  splatfit compare A B [--views N] [--size NxN] [--json]
                                  mean PSNR and SSIM of B's renders against A's over the report views
                                  (the 24 views no codec decision uses; the first N of them; 256x256 default)
  splatfit compress IN --budget B[,B2,...] -o OUT [--workers N] [--low-memory] [--json]
                                  fit IN into each budget (12MB, 12 MiB, 800k, 5%, 1:20, bytes; '5% decoded' is
                                  relative to the decoded scene, not the file) as OUT's format:
                                  .splatfit (bits per group chosen), or .spz/.splat/.ply/.compressed.ply
                                  (splats and SH degree chosen), or .sog (also the SH palette size);
                                  with several budgets OUT contains {budget} or is a folder (.splatfit);
                                  each budget stands alone: exit code 3 when some failed and others were written;
                                  --workers N: threads, at most one per core (default: one per core, up to 4);
                                  the same files whatever N, fewer hold less memory at once on large scenes;
                                  on Linux with glibc it runs as a child with malloc set to give big buffers
                                  back when freed (MALLOC_ARENA_MAX=1, MALLOC_MMAP_THRESHOLD_=1048576; in place
                                  where a MALLOC_ variable or GLIBC_TUNABLES is set already); --low-memory:
                                  smaller buffers too (131072: a slightly lower peak, more time; the same files)

FILE/IN may be .ply (3DGS or PlayCanvas compressed), .splat, .spz, .ksplat, .sog, or a SOG folder / meta.json.`;

class UsageError extends Error {}

/** Options that take a value (`-o out.png`, `--size 512x512`), the rest are positional or flags. */
const VALUED = new Set(['-o', '--output', '--view', '--views', '--size', '--budget', '--workers']);

/** The options each command reads (`--output` is read as `-o`); any other is a mistake said, never ignored. */
const COMMAND_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  info: new Set(['--json']),
  convert: new Set(['--json']),
  render: new Set(['-o', '--view', '--size']),
  compare: new Set(['--views', '--size', '--json']),
  compress: new Set(['--budget', '-o', '--workers', '--low-memory', '--json']),
};

/** An option the command does not read: a typo (`--worker`) or another command's, said rather than ignored. */
function assertKnownOptions(command: string, given: Iterable<string>): void {
  const known = COMMAND_OPTIONS[command];
  if (known === undefined) return;
  for (const option of given) {
    if (known.has(option)) continue;
    const elsewhere = Object.keys(COMMAND_OPTIONS).filter((c) => COMMAND_OPTIONS[c]!.has(option));
    const takers = elsewhere.length > 1 ? `${elsewhere.slice(0, -1).join(', ')} and ${elsewhere.at(-1)} do` : `${elsewhere[0]} does`;
    throw new UsageError(elsewhere.length > 0 ? `${command} does not take ${option} (${takers})` : `unknown option '${option}'`);
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const args: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUED.has(a)) values.set(a === '--output' ? '-o' : a, argv[++i] ?? '');
    else if (a.startsWith('--')) flags.add(a);
    else args.push(a);
  }
  const [command, ...rest] = args;
  try {
    if (command === undefined || flags.has('--help')) {
      process.stdout.write(USAGE + '\n');
      return command === undefined && !flags.has('--help') ? 2 : 0;
    }
    assertKnownOptions(command, [...flags, ...values.keys()]);
    if (command === 'info') return await info(rest, flags.has('--json'));
    if (command === 'convert') return await convert(rest, flags.has('--json'));
    if (command === 'render') return await render(rest, values);
    if (command === 'compare') return await compare(rest, values, flags.has('--json'));
    if (command === 'compress') {
      const budgets = values.get('--budget'), output = values.get('-o');
      if (rest.length !== 1 || budgets === undefined || output === undefined) throw new UsageError('compress takes IN, --budget B[,B2,...] and -o OUT');
      const workers = values.has('--workers') ? parseCount(values.get('--workers'), '--workers', 1, 1) : undefined;
      return await compressCommand({ input: rest[0]!, budgets, output, json: flags.has('--json'), ...(workers === undefined ? {} : { workers }) });
    }
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

async function convert(paths: string[], json: boolean): Promise<number> {
  if (paths.length !== 2) throw new UsageError('convert takes IN and OUT');
  const [input, output] = paths as [string, string];
  const format = isSogFolderOutput(output) ? 'sog' : writableFormatFor(output);
  if (format === 'sog') await prepareSogOutput(output);
  else await assertWritableFolder(output);
  const { scene, facts } = await readSceneFile(input);
  let bytes: number;
  if (format === 'sog') bytes = await writeSogOutput(scene, output);
  else {
    const written = writeScene(scene, format);
    await writeFileAtomic(output, written);
    bytes = written.length;
  }
  const warnings = [...facts.warnings, ...conversionWarnings(facts, format)];
  if (format === 'splatfit') {
    warnings.push(`convert writes .splatfit with its default coding (${SPLATFIT_DEFAULT_PRECISION}); compress with a budget at or above the lossless size keeps every value`);
  }
  for (const warning of warnings) process.stderr.write(`splatfit: warning: ${warning}\n`);
  if (json) {
    process.stdout.write(JSON.stringify({ input: facts.name, inputFormat: facts.format, splats: facts.count, shDegree: facts.shDegree, output, format, bytes, warnings }) + '\n');
  } else {
    process.stdout.write(`${facts.name} (${facts.format}, ${facts.count} splats) → ${output} (${format}, ${bytes} bytes)\n`);
  }
  return 0;
}

function parseSize(text: string | undefined, fallback = 512): { width: number; height: number } {
  if (text === undefined) return { width: fallback, height: fallback };
  const match = /^(\d+)x(\d+)$/.exec(text);
  const width = Number(match?.[1]), height = Number(match?.[2]);
  if (match === null || width < 1 || height < 1 || width > 8192 || height > 8192) throw new UsageError(`--size takes WxH (1–8192), got '${text}'`);
  return { width, height };
}

function parseCount(text: string | undefined, name: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > 1000) throw new UsageError(`${name} takes a whole number ${min}–1000, got '${text}'`);
  return n;
}

async function render(paths: string[], values: Map<string, string>): Promise<number> {
  const output = values.get('-o');
  if (paths.length !== 1 || output === undefined) throw new UsageError('render takes FILE and -o OUT.png');
  const view = parseCount(values.get('--view'), '--view', 0, 0);
  await assertWritableFolder(output);
  const { scene, facts } = await readSceneFile(paths[0]!);
  const camera = sampleViews(scene, view + 1, parseSize(values.get('--size')))[view]!;
  const started = performance.now();
  const image = rasterize(scene, camera);
  const seconds = (performance.now() - started) / 1000;
  await writeFileAtomic(output, encodePng({ width: image.width, height: image.height, data: imageToBytes(image), channels: 4 }));
  process.stdout.write(`${facts.name}: view ${view} (${image.width}×${image.height}) rendered in ${seconds.toFixed(2)} s → ${output}\n`);
  return 0;
}

async function compare(paths: string[], values: Map<string, string>, json: boolean): Promise<number> {
  if (paths.length !== 2) throw new UsageError('compare takes A and B');
  const [a, b] = await Promise.all(paths.map((p) => readSceneFile(p)));
  const size = parseSize(values.get('--size'), REPORT_SIZE);
  if (size.width !== size.height) throw new UsageError('compare renders square report views: give --size NxN');
  const all = reportViews(a!.scene, size.width);
  const count = parseCount(values.get('--views'), '--views', all.length, 1);
  const cameras = all.slice(0, count);
  const result = compareScenes(a!.scene, b!.scene, cameras);
  // JSON has no Infinity: identical renders report psnr null and identical true.
  const db = (v: number): number | null => (Number.isFinite(v) ? Number(v.toFixed(3)) : null);
  if (json) {
    process.stdout.write(JSON.stringify({
      reference: a!.facts.name, candidate: b!.facts.name, views: cameras.length, viewSet: REPORT_VIEW_SET,
      psnr: db(result.meanPsnr), ssim: Number(result.meanSsim.toFixed(5)), identical: !Number.isFinite(result.meanPsnr),
      perView: result.views.map((v) => ({ psnr: db(v.psnr), ssim: Number(v.ssim.toFixed(5)) })),
    }) + '\n');
  } else {
    const shown = Number.isFinite(result.meanPsnr) ? `${result.meanPsnr.toFixed(2)} dB` : 'inf (identical renders)';
    process.stdout.write(`PSNR ${shown}  SSIM ${result.meanSsim.toFixed(4)}  (${b!.facts.name} vs ${a!.facts.name}, ${count} views)\n`);
  }
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
