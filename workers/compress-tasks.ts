/**
 * The compress worker's task: fit one budget from a scene analysis shared by every budget, then
 * decode the result and measure its fidelity against the scene over the report views (which the
 * codec never decides from: core/fidelity/view-sets.ts). Plain
 * functions: the tests run them inline, the workers wrap them.
 */
import {
  ErrorCode, type ImageDecoder, type ImageEncoder, readDrawnScene, resultFileName, SplatfitError, type WritableFormat,
} from '../src/core/index.ts';
import { compressToBudget } from '../src/core/codec/compress.ts';
import type { FitHelper } from '../src/core/codec/fit-helper.ts';
import { keepReportReferences, type ReferencesHelper, type ReportHelper, reportFidelity, type ReportSource } from './report-fidelity.ts';
import { asPreparedScene, type PreparedScene } from '../src/core/raster/prepared-splats.ts';
import { fitSog } from '../src/core/codec/fit-sog.ts';
import type { Codings } from '../src/core/formats/splatfit/write.ts';
import { fitStandardFormat } from '../src/core/codec/fit-standard-format.ts';
import type { SceneAnalysis } from '../src/core/codec/scene-analysis.ts';
import { REPORT_SIZE, reportViews } from '../src/core/fidelity/view-sets.ts';
import type { DrawnScene } from '../src/core/scene/drawn-scene.ts';


export interface BudgetJob {
  readonly budget: number;
  readonly format: WritableFormat;
  /** Report views to measure on, the first of the report set (default all of it). */
  readonly reportViews?: number;
  readonly reportSize?: number;
}

export interface BudgetResult {
  readonly bytes: Uint8Array;
  readonly format: WritableFormat;
  readonly budget: number;
  readonly kept: number;
  /** The coding of each group (`.splatfit` only; the standard formats' precision is fixed). */
  readonly codings: Codings | null;
  readonly shDegree: number;
  /** `.splatfit`: the whole scene exactly; other formats: the whole scene at the format's own precision. */
  readonly lossless: boolean;
  /** Mean PSNR over the report views; Infinity when every view is identical. */
  readonly psnr: number;
  readonly ssim: number;
  /** Seconds spent fitting (not measuring fidelity). */
  readonly seconds: number;
}

/** The WebP codecs SOG needs (libwebp in wasm), made by each worker entry the way its platform loads wasm. */
export interface ImageCodecs {
  readonly encode: ImageEncoder;
  readonly decode: ImageDecoder;
}

/** Share of a job's progress that fitting takes; decoding and the fidelity views take the rest. */
const FIT_SHARE = 0.8;

/**
 * Scenes from this many splats up have their fits' dead copies collected (JobSupport.collect):
 * below it they are tens of MB, and three full collections added about 0.5 s to each 500k-splat
 * budget's report (bench:live).
 */
const COLLECT_FROM_SPLATS = 1_000_000;

/** What a worker brings to a job beside the analysis: a helper for the fit and the report, and the original's report renders it keeps. */
export interface JobSupport {
  readonly helper?: (FitHelper & { readonly compareReport: ReportHelper; readonly keepReferences: ReferencesHelper }) | undefined;
  readonly kept?: ReportSource['kept'];
  /**
   * A full garbage collection, where the platform lets a worker ask for one (the CLI's threads).
   * Each stage of a fit leaves hundreds of MB of dead copies on a multi-million-splat scene;
   * collected between the stages (compress.ts CompressOptions.collect) and before the decode and
   * the report allocate theirs, they are not resident beside what comes next.
   */
  readonly collect?: (() => void) | undefined;
}

/** `images` is needed for SOG only; it is called then, so other formats never load the wasm. */
export async function fitBudget(
  analysis: SceneAnalysis, job: BudgetJob, onProgress: (fraction: number) => void = () => {}, images?: () => Promise<ImageCodecs>, support: JobSupport = {},
): Promise<BudgetResult> {
  const { helper } = support;
  const started = performance.now();
  const fitProgress = { onProgress: (f: number) => onProgress(FIT_SHARE * f) };
  const codecs = job.format === 'sog' ? await requireCodecs(images) : undefined;
  const collect = analysis.ranked.count >= COLLECT_FROM_SPLATS ? support.collect : undefined;
  const fit = job.format === 'splatfit' ? await compressToBudget(analysis, job.budget, { ...fitProgress, helper, collect })
    : ((f) => ({ ...f, codings: null, lossless: f.complete }))(job.format === 'sog'
      ? await fitSog(analysis, job.budget, { ...fitProgress, encodeImage: codecs!.encode })
      : fitStandardFormat(analysis, job.budget, job.format, fitProgress));
  const seconds = (performance.now() - started) / 1000;
  const size = job.reportSize ?? REPORT_SIZE;
  const views = reportViews(analysis.ranked, size).slice(0, job.reportViews);
  const source = { original: analysis.ranked, views, size, kept: support.kept };
  const reportShare = (from: number, to: number) => (f: number): void => onProgress(FIT_SHARE + (1 - FIT_SHARE) * (from + (to - from) * f));
  collect?.();
  // the original's renders while nothing else of the fit is held (report-fidelity.ts)
  await keepReportReferences(source, helper?.keepReferences, reportShare(0, 0.5));
  collect?.();
  const decoded = await preparedResult(fit.bytes, job.format, codecs, helper !== undefined, collect);
  // the file as decoded, before its preparation replaced its shapes (and shared memory any array that was not), is dead now
  collect?.();
  const fidelity = await reportFidelity(source, decoded, helper?.compareReport, reportShare(0.5, 1));
  return {
    bytes: fit.bytes, format: job.format, budget: job.budget, kept: fit.kept, codings: fit.codings, shDegree: fit.shDegree,
    lossless: fit.lossless, psnr: fidelity.meanPsnr, ssim: fidelity.meanSsim, seconds,
  };
}

/**
 * A fitted file decoded and prepared for its report: once for both threads, its shapes left to the
 * preparation, in shared memory when a helper compares half of the views. A function of its own,
 * so that the scene as decoded is not held: a value awaited stays referenced from the awaiting
 * function until that function next waits, and the report's renders follow without a wait (at the
 * 2 M tiling's 5 % fit, about 70 MiB held through the report).
 */
async function preparedResult(
  bytes: Uint8Array, format: BudgetJob['format'], codecs: ImageCodecs | undefined, shared: boolean, collect: (() => void) | undefined,
): Promise<PreparedScene> {
  const decoded = await decodedResult(bytes, format, codecs);
  // the file's sections and symbols, decoded, are dead now
  collect?.();
  return asPreparedScene(decoded, shared);
}

/** A fitted file decoded for its report: a `.splatfit` as drawn (its SH rest as codebook rows, where it has a codebook: drawn-scene.ts). */
async function decodedResult(bytes: Uint8Array, format: BudgetJob['format'], codecs: ImageCodecs | undefined): Promise<DrawnScene> {
  return readDrawnScene(resultFileName(format), bytes, codecs === undefined ? {} : { decodeImage: codecs.decode });
}

async function requireCodecs(images: (() => Promise<ImageCodecs>) | undefined): Promise<ImageCodecs> {
  if (images === undefined) throw new SplatfitError(ErrorCode.Unwritable, 'writing SOG needs WebP codecs, and this worker was given none', { field: 'format' });
  return images();
}

/** A SplatfitError as plain data: comlink carries an Error's message but not its code. */
export interface ErrorRecord {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorRecord };

export async function outcomeOf<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const code = error instanceof SplatfitError ? error.code : ErrorCode.WorkerFailed;
    return { ok: false, error: { code, message: error instanceof Error ? error.message : String(error) } };
  }
}

export function unwrapOutcome<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new SplatfitError(outcome.error.code, outcome.error.message);
}
