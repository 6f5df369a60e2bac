/**
 * `splatfit compress IN --budget B[,B2,...] -o OUT [--workers N] [--json]`: fits IN into each budget, as
 * `.splatfit` (bits per group chosen by the solver) or as `.spz`, `.splat`, `.ply` (kept splats and
 * SH degree chosen) or `.sog` (also the SH palette size), by OUT's extension. With several budgets OUT is a pattern containing
 * `{budget}` or a folder (then `.splatfit`). The scene analysis is computed once for all budgets.
 *
 * Each budget stands alone: the ones that fit are written (atomically) as they finish, the ones
 * that fail are reported with their code, and the exit code is 0 when all were written, 3 when
 * some failed and 1 when none was written. The output folders are checked before the fit starts.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { budgetFileLabel, conversionWarnings, decodedPlyBytes, ErrorCode, isSplatfitError, parseBudgets, SplatfitError, writableFormatFor } from '../core/index.ts';
import { describeCodings } from '../core/codec/coding-ladder.ts';
import type { BudgetResult } from '../../workers/compress-tasks.ts';
import { assertWritableFolder, writeFileAtomic } from './atomic-write.ts';
import { readSceneFile } from './node-platform.ts';
import { createNodeCompressPool } from './node-compress-pool.ts';
import type { CompressPool } from '../../workers/compress-pool.ts';
import { collectingAtMost, releaseMemory } from './release-memory.ts';
import { ARENA_MAX_VARIABLE, MMAP_THRESHOLD_VARIABLE } from '../../bin/malloc-settings.mjs';

export interface CompressArgs {
  input: string;
  budgets: string;
  output: string;
  json: boolean;
  /** Worker threads (default one per core, at most 4): the same files whatever the number; fewer hold less memory at once. */
  workers?: number;
}

/** Exit code when some budgets were written and others failed. */
export const SOME_BUDGETS_FAILED = 3;

export async function compressCommand(args: CompressArgs): Promise<number> {
  const pool = createNodeCompressPool(args.workers);
  // this thread's dead buffers collected as progress arrives, at most once a second
  const tidy = collectingAtMost(1000);
  const rows: Row[] = [];
  try {
    const { facts, budgets, outputs, formats, warnings, progress, started, measurements } = await readAndMeasure(args, pool, tidy);
    releaseMemory();
    // every budget's plan needs the same pruning errors and size models: measure them once, spread over the pool
    const planning = pool.size > 1 ? await pool.sharedPlanning(facts.name, measurements) : null;
    // settled at once, so a budget that fails early is held for its turn, never an unhandled rejection
    const outcomes = budgets.map((budget, k) => settle(
      pool.fit(facts.name, measurements, { budget: budget.bytes, format: formats[k]! }, (f) => { progress.budget(k, f); tidy(); }, planning).result,
    ));
    const analysisSeconds = (performance.now() - started) / 1000;
    for (const [k, outcome] of outcomes.entries()) {
      const row = await writeOutcome(await outcome, budgets[k]!, outputs[k]!);
      rows.push(row);
      if (!args.json) progress.print(row.error === null ? describe(row, facts.count) : '', row.error === null ? '' : describeFailure(row));
    }
    progress.done();
    if (args.json) {
      process.stdout.write(JSON.stringify({
        input: facts.name, inputBytes: facts.bytes, splats: facts.count, workers: pool.size, analysisSeconds: round(analysisSeconds, 2),
        // glibc's number of heaps and threshold for mapping a block on its own, as this process was
        // started with them (bin/malloc-settings.mjs sets them for a compress on glibc)
        mallocArenaMax: process.env[ARENA_MAX_VARIABLE] ?? null, mallocMmapThreshold: process.env[MMAP_THRESHOLD_VARIABLE] ?? null,
        warnings, results: rows,
      }) + '\n');
    }
  } finally {
    pool.close();
  }
  const failed = rows.filter((r) => r.error !== null).length;
  return failed === 0 ? 0 : failed === rows.length ? 1 : SOME_BUDGETS_FAILED;
}

/**
 * Reads the scene, checks the budgets and outputs, and measures the scene. The scene is handed
 * over to the analysis, which reorders it in place into encoding order (the fits need only that),
 * so the scene is never held twice.
 */
async function readAndMeasure(args: CompressArgs, pool: CompressPool, tidy: () => void) {
  const { scene, facts } = await readSceneFile(args.input);
  const budgets = parseBudgets(args.budgets, { input: facts.bytes, decoded: decodedPlyBytes(facts.count, facts.shDegree) });
  const outputs = await outputPaths(args.output, args.input, budgets.map((b) => b.text));
  for (const output of new Set(outputs)) await assertWritableFolder(output);
  const formats = outputs.map((o) => writableFormatFor(o));
  const warnings = [...facts.warnings, ...new Set(formats.flatMap((f) => conversionWarnings(facts, f)))];
  for (const warning of warnings) process.stderr.write(`splatfit: warning: ${warning}\n`);
  const progress = new ProgressLine(budgets.map((b) => b.text));
  const started = performance.now();
  const measurements = await pool.analyze(facts.name, scene, (f) => { progress.analysis(f); tidy(); }, true).result;
  return { facts, budgets, outputs, formats, warnings, progress, started, measurements };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

interface FailedRow {
  readonly output: string;
  readonly budget: number;
  readonly budgetText: string;
  readonly error: { readonly code: string; readonly message: string };
}

type Row = (ReturnType<typeof resultRow> & { readonly error: null }) | FailedRow;

/** Writes a fitted budget; a failed fit, or a failed write, becomes a row with its error. */
async function writeOutcome(outcome: Settled<BudgetResult>, budget: { bytes: number; text: string }, output: string): Promise<Row> {
  try {
    if (!outcome.ok) throw outcome.error;
    await writeFileAtomic(output, outcome.value.bytes);
    return { ...resultRow(outcome.value, budget.text, output), error: null };
  } catch (error) {
    return { output, budget: budget.bytes, budgetText: budget.text, error: errorRecord(error) };
  }
}

function errorRecord(error: unknown): { code: string; message: string } {
  if (isSplatfitError(error)) return { code: error.code, message: error.message };
  const io = error as { code?: string; message?: string };
  return { code: typeof io.code === 'string' ? io.code : ErrorCode.WorkerFailed, message: io.message ?? String(error) };
}

function describeFailure(row: FailedRow): string {
  return `splatfit: ${row.budgetText} (${row.budget} B) → ${row.output}: not written: ${row.error.message} [${row.error.code}]\n`;
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

function resultRow(result: BudgetResult, budgetText: string, output: string) {
  return {
    output, format: result.format, budget: result.budget, budgetText, bytes: result.bytes.length, keptSplats: result.kept,
    codings: result.codings === null ? null : describeCodings(result.codings), shDegree: result.shDegree, lossless: result.lossless,
    psnr: Number.isFinite(result.psnr) ? round(result.psnr, 3) : null, ssim: round(result.ssim, 5), seconds: round(result.seconds, 2),
  };
}

function describe(row: ReturnType<typeof resultRow>, splats: number): string {
  const psnr = row.psnr === null ? 'inf' : `${row.psnr.toFixed(2)} dB`;
  const whole = row.format === 'splatfit' ? ' (lossless: the budget holds the whole scene)' : ' (the whole scene at this format\'s precision)';
  return `${row.budgetText} (${row.budget} B) → ${row.output}: ${row.bytes} B, ${row.keptSplats}/${splats} splats, SH ${row.shDegree}, PSNR ${psnr}, SSIM ${row.ssim.toFixed(4)}${row.lossless ? whole : ''}, ${row.seconds} s\n`;
}

/** One rewritten status line on stderr while work runs, shown only on a terminal. */
class ProgressLine {
  readonly #fractions: number[];
  readonly #live = process.stderr.isTTY === true;
  #last = 0;

  constructor(readonly labels: readonly string[]) {
    this.#fractions = labels.map(() => 0);
  }

  analysis(fraction: number): void {
    this.#show(`analysing scene ${Math.round(fraction * 100)} %`);
  }

  budget(k: number, fraction: number): void {
    this.#fractions[k] = fraction;
    this.#show(this.labels.map((label, j) => `${label} ${Math.round(this.#fractions[j]! * 100)} %`).join(' · '));
  }

  /** A finished budget: its line on stdout, or its failure on stderr. */
  print(line: string, failure = ''): void {
    this.#clear();
    if (line !== '') process.stdout.write(line);
    if (failure !== '') process.stderr.write(failure);
  }

  done(): void {
    this.#clear();
  }

  #show(text: string): void {
    const now = performance.now();
    if (!this.#live || now - this.#last < 200) return;
    this.#last = now;
    process.stderr.write(`\r\x1b[2K${text}`);
  }

  #clear(): void {
    if (this.#live) process.stderr.write('\r\x1b[2K');
  }
}

/** One output path per budget: OUT itself, OUT with {budget} filled in, or files in folder OUT. */
async function outputPaths(output: string, input: string, budgetTexts: string[]): Promise<string[]> {
  const isFolder = output.endsWith('/') || (await stat(output).then((s) => s.isDirectory(), () => false));
  if (isFolder) {
    await mkdir(output, { recursive: true });
    const stem = basename(input, extname(input));
    return budgetTexts.map((t) => join(output, `${stem}-${budgetFileLabel(t)}.splatfit`));
  }
  writableFormatFor(output);
  if (output.includes('{budget}')) return budgetTexts.map((t) => output.replace('{budget}', budgetFileLabel(t)));
  if (budgetTexts.length > 1) {
    throw new SplatfitError(ErrorCode.Unwritable, `${budgetTexts.length} budgets need OUT to contain {budget} or to be a folder`, { file: output });
  }
  return [output];
}
