/**
 * Fits a scene into a byte budget as a `.splatfit` file (DESIGN.md, "The codec and the budget
 * solver"): for a ladder of kept counts, plan a coding per group with the solver and predict the
 * total error (pruning error + coding errors); take the best few plans, fit each one's kept count
 * to the budget with real encodes (within [97 %, 100 %]), measure each result's real error on the
 * decision views, and keep the best. Never over budget.
 */
import { ErrorCode, SplatfitError } from '../errors.ts';
import type { GroupCoding } from '../formats/splatfit/coding.ts';
import { FLOAT_BITS, Group, GROUP_NAMES, MAX_BITS } from '../formats/splatfit/constants.ts';
import type { CoderChoices } from '../formats/splatfit/section-codec.ts';
import {
  type Codings, type CodingGroup, packStreamsInto, type SplatfitWriteOptions, type StreamCoding, type StreamMemo, streamMemoWithout, streamsToEncode, writeSplatfit,
} from '../formats/splatfit/write.ts';
import type { ProgressCallback } from '../io/byte-source.ts';
import { type PreparedScene, preparedScene } from '../raster/prepared-splats.ts';
import { inSharedMemory, sharedFloat32Array } from '../scene/shared-scene.ts';
import { gatherRows } from '../scene/splat-scene.ts';
import type { FloatAllocator } from './apply-coding.ts';
import { refitColours } from './compensate.ts';
import { type Plan, smallestPlan, solveCodings } from './budget-solver.ts';
import { codingKey } from './coding-ladder.ts';
import type { DistortionTable } from './distortion-model.ts';
import { MIN_FILL, spanProgress, type StepCallback, stepProgress } from './fit-count.ts';
import { fitCountAsync } from './fit-count-async.ts';
import type { FitHelper, PackedStreams, PackRequest } from './fit-helper.ts';
import { measuredErrorHelped } from './measured-error.ts';
import { gatherLabels, type SceneAnalysis, sizeModelAnchor } from './scene-analysis.ts';
import type { KeptSplats } from './kept-splats.ts';
import { drawnCodedScene, withCodedColours } from './coded-scene.ts';

export { MIN_FILL };

const KEEP_FRACTIONS = [1, 0.8, 0.6, 0.45, 0.32, 0.22, 0.15, 0.1, 0.06, 0.03, 0.015] as const;
/** Re-solves when every splat fits and precision is raised, and where they aim (a fraction of the budget). */
const RESOLVE_ATTEMPTS = 3;
const RESOLVE_AIM = 0.985;

/** The kept counts every budget's plan scores. */
export function plannedKeptCounts(count: number): number[] {
  return KEEP_FRACTIONS.map((fraction) => Math.max(1, Math.round(count * fraction)));
}

/**
 * What every budget's planning will ask of a scene of `count` splats — pruning errors of the
 * planned kept counts, size models at their anchors — so it can be measured ahead, in parallel
 * (SceneAnalysis.planning).
 */
export function planningTargets(count: number): { counts: number[]; anchors: number[] } {
  const planned = plannedKeptCounts(count);
  return { counts: planned.filter((kept) => kept < count), anchors: [...new Set(planned.map((kept) => sizeModelAnchor(count, kept)))] };
}

/** The codec's tools, each of which can be switched off (for the ablation in bench:rd). */
export interface CodecTools {
  /** Lloyd–Max levels for log-scales, opacity and SH DC. */
  readonly codebooks: boolean;
  /** One vector-codebook index for all SH rest bands, with per-splat "no rest bands". */
  readonly vectorCodebook: boolean;
  /** Ranges per chunk of splats for log-scales, opacity and SH DC. */
  readonly chunkedRanges: boolean;
  /** Context-modelling range coder beside deflate. */
  readonly rangeCoder: boolean;
  /** More than one plan fitted and measured. */
  readonly measuredChoice: boolean;
  /** Kept splats' base colours re-fitted to the original's renders after pruning and coding. */
  readonly compensation: boolean;
}

/**
 * The tools of one compressToBudget call, with what its encodes share: the range coder's choice
 * per section, made on the first encode and reused by the next (nearby kept counts, the same
 * codings) instead of trying every mode again — a fit's later encodes cost about half as much.
 * Per call, so a budget's file never depends on what was compressed before it.
 */
interface FitTools extends CodecTools {
  readonly coderChoices: CoderChoices;
  /** The fit's helper (fit-helper.ts, from CompressOptions): half of its measures' and re-fit's views, some of each encode's streams. */
  readonly helper?: FitHelper | undefined;
  /** CompressOptions.collect, or nothing. */
  readonly collect: () => void;
}

export const ALL_TOOLS: CodecTools = { codebooks: true, vectorCodebook: true, chunkedRanges: true, rangeCoder: true, measuredChoice: true, compensation: true };

export interface CompressResult {
  readonly bytes: Uint8Array;
  readonly budget: number;
  readonly kept: number;
  /** The coding chosen for each group stored. */
  readonly codings: Codings;
  readonly shDegree: number;
  /** True when the budget held the whole scene at float32 (nothing lost). */
  readonly lossless: boolean;
}

/**
 * The size model over-predicts by a few per cent; a lossless file predicted above budget × this
 * margin cannot fit, and is not encoded to find out.
 */
const LOSSLESS_PREDICTION_MARGIN = 1.25;

export interface FitOptions {
  /** Fraction done, 0–1: planning takes the first part, real encodes the rest. */
  onProgress?: ProgressCallback;
}

export interface CompressOptions extends FitOptions {
  /** Tools switched off (default: every tool on). */
  tools?: Partial<CodecTools>;
  /** Renders half of the measures' and the colour re-fit's views in another thread (fit-helper.ts): the same file, sooner. */
  helper?: FitHelper | undefined;
  /**
   * A full garbage collection, where the platform offers one (the CLI's threads): called between
   * the fit's stages, so that what one stage dropped (hundreds of MB on a multi-million-splat
   * scene) is not resident beside what the next allocates.
   */
  collect?: (() => void) | undefined;
}

const FLOAT_CODINGS: ReadonlyMap<CodingGroup, GroupCoding> = new Map(GROUP_NAMES.map((g) => [g, { kind: 'float' } as const]));

export async function compressToBudget(analysis: SceneAnalysis, budget: number, options: CompressOptions = {}): Promise<CompressResult> {
  const { ranked } = analysis;
  const tools: FitTools = { ...ALL_TOOLS, ...options.tools, coderChoices: new Map(), helper: options.helper, collect: options.collect ?? (() => {}) };
  const lossless = losslessIfItFits(analysis, budget);
  if (lossless !== null) {
    options.onProgress?.(1);
    return lossless;
  }
  const table = availableCodings(analysis.distortion, tools);
  const keep = analysis.keptSplats;
  const plans = rankedPlans(analysis, table, budget, stepProgress(0, 0.4, options.onProgress), tools);
  const fit = async (plan: RankedPlan, from: number, to: number): Promise<Fitted> => {
    const onStep = stepProgress(from, to, options.onProgress);
    // from the count the plan's size model puts within the budget (where the preview is): usually one encode from landing
    const fitted = await fitPlan(analysis, plan, grownKeptCount(analysis, plan, budget, tools), budget, tools, keep, onStep);
    // Every splat kept and room left: spend the rest on precision before plans are compared.
    return fitted.kept === ranked.count && fitted.bytes.length < budget * MIN_FILL ? await raisePrecision(analysis, table, budget, fitted, tools, onStep) : fitted;
  };
  const measure = async (fitted: Fitted, from: number, to: number): Promise<Measured> => {
    if (!tools.measuredChoice && !tools.compensation) return { fitted, decoded: null, error: 0 };
    // in shared memory when a helper renders half of its views: posted, not copied
    tools.collect();
    const decoded = codedOf(analysis, fitted, tools);
    return { fitted, decoded, error: await measuredErrorHelped(analysis, decoded, tools.helper, spanProgress(from, to, options.onProgress)) };
  };
  let best = await measure(await fit(plans[0]!, 0.4, 0.5), 0.5, 0.6);
  const runnerUp = tools.measuredChoice ? correctedRunnerUp(analysis, plans, best.error) : undefined;
  if (runnerUp !== undefined) {
    // two coded copies of most of a large scene are never held at once: the first's is coded again if it wins
    best = { ...best, decoded: null };
    const other = await measure(await fit(runnerUp, 0.6, 0.72), 0.72, 0.8);
    if (other.error < best.error) best = other;
  }
  // compensation is on, so the chosen file was measured
  const chosen = tools.compensation && best.fitted.kept < ranked.count
    ? await compensated(analysis, best.fitted, best.decoded ?? codedOf(analysis, best.fitted, tools), best.error, budget, tools, options.onProgress)
    : best.fitted;
  options.onProgress?.(1);
  return { bytes: chosen.bytes, budget, kept: chosen.kept, codings: Object.fromEntries(chosen.plan.codings), shDegree: chosen.plan.shDegree, lossless: false };
}

/** The exact file, when it fits (a copy: the caller owns its result's bytes, and a worker transfers them). */
function losslessIfItFits(analysis: SceneAnalysis, budget: number): CompressResult | null {
  const { ranked } = analysis;
  // Encoding the whole scene at float32 takes seconds on large scenes: only when it may fit.
  if (predictedLosslessBytes(analysis) > budget * LOSSLESS_PREDICTION_MARGIN) return null;
  const file = analysis.losslessFile();
  if (file.length > budget) return null;
  return { bytes: file.slice(), budget, kept: ranked.count, codings: Object.fromEntries(floatCodings(ranked.shDegree)), shDegree: ranked.shDegree, lossless: true };
}

/** The size model's bytes for the whole scene at float32 (the lossless file), without encoding it. */
export function predictedLosslessBytes(analysis: SceneAnalysis): number {
  const { ranked } = analysis;
  return analysis.sizeModel(ranked.count).predict(ranked.count, floatCodings(ranked.shDegree));
}

function floatCodings(shDegree: number): Map<CodingGroup, GroupCoding> {
  return new Map([...FLOAT_CODINGS].slice(0, 5 + shDegree));
}

/** The distortion table without the codings of tools that are off. */
export function availableCodings(table: DistortionTable, tools: CodecTools): DistortionTable {
  const out: DistortionTable = {};
  for (const [group, row] of Object.entries(table) as [CodingGroup, DistortionTable[CodingGroup]][]) {
    if (group === 'shRest' && !tools.vectorCodebook) continue;
    out[group] = row!.filter(({ coding }) => (tools.codebooks || coding.kind !== 'codebook') && (tools.chunkedRanges || coding.kind !== 'chunked' || group === 'positions'));
  }
  return out;
}

export interface RankedPlan extends Plan {
  readonly kept: number;
  readonly totalError: number;
}

/**
 * Plans for the ladder of kept counts, best predicted total error first. When no planned count
 * fits, the smallest plan with the kept count the budget allows (down to one splat).
 */
export function rankedPlans(analysis: SceneAnalysis, table: DistortionTable, budget: number, onStep: StepCallback, tools: CodecTools): RankedPlan[] {
  const { ranked } = analysis;
  const plans: RankedPlan[] = [];
  for (const [k, kept] of plannedKeptCounts(ranked.count).entries()) {
    onStep(k + 1);
    const plan = solveCodings(table, sizeModelFor(analysis, kept, tools), kept, ranked.shDegree, budget);
    if (plan !== null) plans.push({ ...plan, kept, totalError: analysis.pruneError(kept) + plan.predictedError });
  }
  if (plans.length === 0) {
    // Fewer splats than the ladder's last step: the smallest plan (the one smallestReachable
    // encodes) with as many splats as fit, so every budget from the smallest reachable size up fits.
    const smallest = smallestPlan(table, sizeModelFor(analysis, 1, tools), 1, ranked.shDegree);
    const perSplat = Math.max(1, sizeModelFor(analysis, 1, tools).predict(2, smallest.codings) - smallest.predictedBytes);
    return [{ ...smallest, kept: Math.max(1, Math.floor((budget - smallest.predictedBytes) / perSplat)), totalError: Infinity }];
  }
  return plans.sort((a, b) => a.totalError - b.totalError);
}

/**
 * The plan to fit and measure against the first: coding errors add up super-additively where
 * several groups are coarse (on luma-seal at 5 % a plan measured 1.7× its prediction), so the
 * first plan's measured error scales every plan's predicted coding error, and the best of the
 * re-ranked plans (other than the first's kept count) is the runner-up. None when even corrected
 * it is predicted worse than the first measured by more than the first's prediction missed by:
 * within the predictions' own error it cannot win, and fitting it costs as much as the first.
 */
function correctedRunnerUp(analysis: SceneAnalysis, plans: readonly RankedPlan[], firstError: number): RankedPlan | undefined {
  const [first] = plans;
  if (first === undefined || plans.length < 2) return undefined;
  const coding = first.predictedError;
  const factor = coding > 0 ? Math.max(1, (firstError - analysis.pruneError(first.kept)) / coding) : 1;
  const corrected = (p: RankedPlan): number => analysis.pruneError(p.kept) + factor * p.predictedError;
  const runnerUp = plans.slice(1).reduce((a, b) => (corrected(b) < corrected(a) ? b : a));
  const doubt = Math.abs(first.totalError - firstError);
  return corrected(runnerUp) - firstError > doubt ? undefined : runnerUp;
}

/** The largest count the plan's size model predicts within the budget (at least the plan's own count). */
export function grownKeptCount(analysis: SceneAnalysis, plan: RankedPlan, budget: number, tools: CodecTools = ALL_TOOLS): number {
  const model = sizeModelFor(analysis, plan.kept, tools);
  let low = plan.kept, high = analysis.ranked.count + 1; // low fits, high does not
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (model.predict(mid, plan.codings) <= budget) low = mid;
    else high = mid;
  }
  return low;
}

export function sizeModelFor(analysis: SceneAnalysis, kept: number, tools: CodecTools) {
  return analysis.sizeModel(kept, { deflateOnly: !tools.rangeCoder });
}

/** Where a fit finds the `kept` splats it encodes (pruned, or with re-fitted colours): kept-splats.ts. */
type KeptScene = (kept: number) => KeptSplats;

interface Fitted {
  readonly plan: Plan;
  readonly bytes: Uint8Array;
  readonly kept: number;
  readonly select: KeptScene;
  /** The file's streams packed, for encodes of the same splats (`select(kept)`) with other codings. */
  readonly streams: StreamMemo;
  /** Real encodes made to fit it (progress steps: a later encode continues from there). */
  readonly encodes: number;
}

/** Coded scenes a helper will render are made in shared memory. */
const codedArrays = (tools: FitTools): FloatAllocator | undefined => (tools.helper === undefined ? undefined : sharedFloat32Array);

/**
 * A fitted file's splats as it decodes them, for rendering (its SH rest as rows of its codebook,
 * where it has one), prepared once for the measures and the re-fit that render them.
 */
const codedOf = (analysis: SceneAnalysis, fitted: Fitted, tools: FitTools): PreparedScene =>
  preparedScene(drawnCodedScene(analysis, fitted.plan, fitted.kept, fitted.select(fitted.kept), codedArrays(tools)), tools.helper !== undefined);

/** A fitted file with its splats as it decodes them (null when nothing measures) and their measured error. */
interface Measured {
  readonly fitted: Fitted;
  readonly decoded: PreparedScene | null;
  readonly error: number;
}

/** The plan's file with the largest kept count that fits (see fit-count.ts), its splats made by `select`. */
async function fitPlan(
  analysis: SceneAnalysis, plan: Plan, start: number, budget: number, tools: FitTools, select: KeptScene, onStep: StepCallback,
  seed?: { readonly kept: number; readonly streams: StreamMemo },
): Promise<Fitted> {
  // each file's streams, for as long as the search keeps the file (only the largest fitting count's: fit-count-async.ts)
  const memos = new WeakMap<Uint8Array, StreamMemo>();
  let encodes = 0;
  const encode = async (kept: number): Promise<Uint8Array> => {
    const memo: StreamMemo = kept === seed?.kept ? new Map(seed.streams) : new Map();
    // the count search reports step n after its n-th encode: within it, the fraction of its groups
    const before = encodes++;
    const bytes = await encodePlanHelped(analysis, plan, kept, tools, select(kept), memo, (f) => onStep(before + f));
    memos.set(bytes, memo);
    return bytes;
  };
  const fit = await fitCountAsync(encode, analysis.ranked.count, budget, start, onStep);
  if (fit === null) throw budgetTooSmall(analysis, budget, tools);
  return { plan, bytes: fit.bytes, kept: fit.count, select, streams: memos.get(fit.bytes)!, encodes };
}

/** What the fit keeps of a file once it is chosen: its bytes, kept count and plan. */
type FittedFile = Pick<Fitted, 'bytes' | 'kept' | 'plan'>;

/**
 * The chosen file again with its kept splats' base colours re-fitted (compensate.ts) to the
 * whole scene's renders, as they look once pruned and coded: the colours make up for
 * what pruning and the other groups' coding lose. Kept only when its measured error is lower.
 * Progress from 0.8: the re-fit to 0.93, the count's fit to 0.96, the measure to 1.
 */
async function compensated(
  analysis: SceneAnalysis, fitted: Fitted, decoded: PreparedScene, fittedError: number, budget: number, tools: FitTools, report: ProgressCallback | undefined,
): Promise<FittedFile> {
  const refit = await recoloured(analysis, fitted, decoded, budget, tools, report);
  // the re-fit's colours and the count fit's streams are dead once it returns: collected before the measure renders
  tools.collect();
  return await measuredErrorHelped(analysis, refit.decoded, tools.helper, spanProgress(0.96, 1, report)) < fittedError ? refit.file : fitted;
}

/** The re-fitted file of `compensated`, and its splats as it decodes them, for the measure. */
async function recoloured(
  analysis: SceneAnalysis, fitted: Fitted, decoded: PreparedScene, budget: number, tools: FitTools, report: ProgressCallback | undefined,
): Promise<{ file: FittedFile; decoded: PreparedScene }> {
  const { ranked } = analysis;
  const indices = analysis.keptIndices(fitted.kept);
  // Colours are what the re-fit changes: coded as they are, every other group as the file codes it
  // (the groups code apart, so that is the measured scene with its colours as they were). The
  // candidate's coded colours are not needed again: the kept splats' own are gathered into their
  // array (in shared memory when a helper renders: posted as they are), and the re-fit may write its steps there.
  const coded = { ...decoded.scene, shDc: gatherRows(ranked.shDc, indices, 3, decoded.scene.shDc) };
  tools.collect();
  const dc = await refitColours({ scene: coded, prepared: decoded.prepared }, analysis.fitViews, analysis.fitImages, {
    onProgress: spanProgress(0.8, 0.93, report), helper: tools.helper, overwriteColours: true,
  });
  tools.collect();
  // The ranked scene with the re-fitted colours in place, for whatever count the fit settles on
  // (a splat it adds keeps its own colour); shared with the helper that packs some of its streams.
  const colours = tools.helper === undefined ? new Float32Array(ranked.shDc.length) : sharedFloat32Array(ranked.shDc.length);
  colours.set(ranked.shDc);
  for (let j = 0; j < indices.length; j++) colours.set(dc.subarray(j * 3, j * 3 + 3), indices[j]! * 3);
  const refitted = { ...ranked, shDc: colours };
  const select = (kept: number): KeptSplats => ({ scene: refitted, indices: analysis.keptSplats(kept).indices });
  // Re-fitted colours may code a little larger or smaller: fit the count again, starting where it was;
  // at the chosen count only the colours' stream is new.
  const seed = { kept: fitted.kept, streams: streamMemoWithout(fitted.streams, Group.ShDc) };
  // the seed holds the streams the count fit reuses; the chosen file's are needed by nothing after (tens of MB)
  fitted.streams.clear();
  const refit = await fitPlan(analysis, fitted.plan, fitted.kept, budget, tools, select, stepProgress(0.93, 0.96, report), seed);
  // at the chosen count the other groups are coded already (`coded`): only the new colours are
  // (the same shapes: the same preparation)
  const refitDecoded = refit.kept === fitted.kept
    ? { scene: withCodedColours(analysis, refit.plan, refit.kept, coded, dc, codedArrays(tools)), prepared: decoded.prepared }
    : codedOf(analysis, refit, tools);
  return { file: { bytes: refit.bytes, kept: refit.kept, plan: refit.plan }, decoded: refitDecoded };
}

export function encodePlan(
  analysis: SceneAnalysis, plan: Pick<Plan, 'codings' | 'shDegree'>, kept: number, tools: Pick<CodecTools, 'rangeCoder'> & Partial<Pick<FitTools, 'coderChoices'>> = ALL_TOOLS,
  splats: KeptSplats = analysis.keptSplats(kept), streamMemo?: StreamMemo, onProgress?: (fraction: number) => void,
): Uint8Array {
  return writeSplatfit(splats.scene, { ...planWriteOptions(analysis, plan, kept, tools, streamMemo, onProgress), ...written(splats) });
}

/** The write options that name a selection's splats. */
const written = ({ indices }: KeptSplats): { indices?: Uint32Array } => (indices === null ? {} : { indices });

/** How a plan's file of the `kept` most significant splats is written (encodePlan, and a helper packing some of its streams). */
export function planWriteOptions(
  analysis: SceneAnalysis, plan: Pick<Plan, 'codings' | 'shDegree'>, kept: number, tools: Pick<CodecTools, 'rangeCoder'> & Partial<Pick<FitTools, 'coderChoices'>>,
  streamMemo?: StreamMemo, onProgress?: (fraction: number) => void,
): SplatfitWriteOptions {
  return {
    ...(streamMemo === undefined ? {} : { streamMemo }), ...(onProgress === undefined ? {} : { onProgress }),
    codings: Object.fromEntries(plan.codings), shDegree: plan.shDegree, order: 'input', chunkSize: analysis.chunkSize,
    weights: analysis.keptWeights(kept), deflateOnly: !tools.rangeCoder, ...(tools.coderChoices === undefined ? {} : { coderChoices: tools.coderChoices }),
    ...(analysis.shCodebook === null ? {} : { shCodebook: analysis.shCodebook, restLabels: (level: number) => gatherLabels(analysis.restLabels(level), analysis.keptIndices(kept)) }),
  };
}

/**
 * encodePlan with the streams still to encode shared with the fit's helper (fit-helper.ts), when
 * it has a thread free: the helper packs about half of the work, this thread the rest, and the
 * file is assembled from the memo — the bytes and the range coder's choices are the same (each
 * stream and each choice belongs to one group).
 */
async function encodePlanHelped(
  analysis: SceneAnalysis, plan: Plan, kept: number, tools: FitTools, splats: KeptSplats, memo: StreamMemo, onProgress: (fraction: number) => void,
): Promise<Uint8Array> {
  const { scene } = splats;
  const options = { ...planWriteOptions(analysis, plan, kept, tools, memo, onProgress), streamMemo: memo, ...written(splats) };
  const todo = streamsToEncode(scene, options);
  if (tools.helper === undefined || todo.length < 2) return writeSplatfit(scene, options);
  const [mine, theirs] = splitStreams(todo, scene.shDegree);
  const request = { codings: theirs, shDegree: plan.shDegree, rangeCoder: tools.rangeCoder, choices: [...tools.coderChoices] };
  const remote = tools.helper.packStreams({ ...splats, scene: inSharedMemory(scene) }, kept, request);
  // progress by the streams packed here; the file is assembled from the memo after
  let packedHere = 0;
  const onPacked = (): void => onProgress(++packedHere / (todo.length + 1));
  packStreamsInto(scene, options, mine, onPacked);
  const packed = await remote;
  if (packed === null) packStreamsInto(scene, options, theirs, onPacked);
  else {
    for (const [key, stream] of packed.streams) memo.set(key, stream);
    for (const [key, choice] of packed.choices) tools.coderChoices.set(key, choice);
  }
  const { onProgress: _reported, ...assemble } = options;
  const bytes = writeSplatfit(scene, assemble);
  onProgress(1);
  return bytes;
}

/** The helper's side of encodePlanHelped: packs the requested streams as the fitting thread would, and returns them with the choices made. */
export function packRequested(analysis: SceneAnalysis, splats: KeptSplats, kept: number, request: PackRequest): PackedStreams {
  const coderChoices: CoderChoices = new Map(request.choices);
  const streamMemo: StreamMemo = new Map();
  const options = planWriteOptions(analysis, { codings: new Map(), shDegree: request.shDegree }, kept, { rangeCoder: request.rangeCoder, coderChoices });
  packStreamsInto(splats.scene, { ...options, streamMemo, ...written(splats) }, request.codings);
  const known = new Set(request.choices.map(([key]) => key));
  return { streams: [...streamMemo], choices: [...coderChoices].filter(([key]) => !known.has(key)) };
}

/**
 * Streams in two shares of about equal work, the larger first to this thread: a stream's work
 * grows with its planes (the SH bands' coefficients, three axes…) and its depth.
 */
function splitStreams(streams: readonly StreamCoding[], shDegree: number): [StreamCoding[], StreamCoding[]] {
  const work = ({ group, coding }: StreamCoding): number => {
    const planes = group === Group.ShRest ? 1 : group > Group.ShDc ? 3 * (2 * (group - Group.ShDc) + 1) : group === Group.Opacity ? 1 : group === Group.Rotations ? 4 : 3;
    const bits = coding.kind === 'float' ? 32 : coding.kind === 'vq' ? 8 * Math.max(1, shDegree) : coding.bits;
    return planes * (1 + bits / 8);
  };
  const shares: [StreamCoding[], StreamCoding[]] = [[], []];
  const totals = [0, 0];
  for (const stream of [...streams].sort((a, b) => work(b) - work(a))) {
    const k = totals[0]! <= totals[1]! ? 0 : 1;
    shares[k]!.push(stream);
    totals[k]! += work(stream);
  }
  return shares;
}

/**
 * Every splat is kept and the file is still under 97 % of the budget: spend the rest on precision.
 * First the solver again, for a budget corrected by how far the model's prediction was from the
 * real file (a few full encodes instead of one per step); then, for what is left, repeatedly the
 * next coding on some group's error-versus-bytes front with the most error saved per predicted
 * byte whose real file still fits, until the file reaches 97 % or nothing more fits.
 */
async function raisePrecision(analysis: SceneAnalysis, table: DistortionTable, budget: number, start: Fitted, tools: FitTools, onStep: StepCallback): Promise<Fitted> {
  const { ranked } = analysis;
  const model = sizeModelFor(analysis, ranked.count, tools);
  let best = start;
  // every encode here is of the same splats: unchanged groups come from the memo
  const splats = start.select(ranked.count);
  // progress steps continue from the fit's encodes
  let encodes = start.encodes;
  const encode = async (plan: Plan): Promise<Uint8Array> => {
    const before = encodes++;
    const bytes = await encodePlanHelped(analysis, plan, ranked.count, tools, splats, best.streams, (f) => onStep(before + f));
    onStep(encodes);
    return bytes;
  };
  // Model bytes per real byte, from the latest real encode.
  let scale = model.predict(ranked.count, best.plan.codings) / best.bytes.length;
  for (let attempt = 1; attempt <= RESOLVE_ATTEMPTS && best.bytes.length < budget * MIN_FILL; attempt++) {
    const plan = solveCodings(table, model, ranked.count, ranked.shDegree, budget * RESOLVE_AIM * scale);
    if (plan === null) break;
    const bytes = await encode(plan);
    scale = plan.predictedBytes / bytes.length;
    if (bytes.length <= budget && bytes.length > best.bytes.length) best = { ...best, plan, bytes, encodes };
    else if (bytes.length <= budget) break;
  }
  const refused = new Set<string>();
  while (best.bytes.length < budget * MIN_FILL) {
    let move: { group: CodingGroup; coding: GroupCoding; error: number; gain: number } | null = null;
    for (const [group, current] of best.plan.codings) {
      const row = table[group] ?? [];
      const now = row.find((c) => codingKey(c.coding) === codingKey(current));
      if (now === undefined) continue;
      const bytesNow = model.streamBytes(group, current, ranked.count);
      for (const next of row) {
        const extra = model.streamBytes(group, next.coding, ranked.count) - bytesNow;
        if (next.error >= now.error || extra <= 0 || refused.has(`${group}|${codingKey(next.coding)}`)) continue;
        const gain = (now.error - next.error) / extra;
        if (move === null || gain > move.gain) move = { group, coding: next.coding, error: next.error, gain };
      }
    }
    if (move === null) break;
    const codings = new Map(best.plan.codings).set(move.group, move.coding);
    const plan: Plan = { ...best.plan, codings };
    const bytes = await encode(plan);
    if (bytes.length <= budget) best = { ...best, plan, bytes, encodes };
    else refused.add(`${move.group}|${codingKey(move.coding)}`);
  }
  return best;
}

export function budgetTooSmall(analysis: SceneAnalysis, budget: number, tools: CodecTools = ALL_TOOLS): SplatfitError {
  return new SplatfitError(ErrorCode.BudgetTooSmall, `budget ${budget} bytes is below the smallest reachable size, ${smallestReachable(analysis, tools)} bytes`, { field: 'budget' });
}

/** The smallest file the codec makes: one splat, the coarsest coding of every group, no SH. */
export function smallestReachable(analysis: SceneAnalysis, tools: CodecTools = ALL_TOOLS): number {
  const table = availableCodings(analysis.distortion, tools);
  const plan = smallestPlan(table, sizeModelFor(analysis, 1, tools), 1, analysis.ranked.shDegree);
  return encodePlan(analysis, plan, 1, tools).length;
}

/** Bits of a coding as the v1 `bits` summaries showed them (32 = float32; −1 for a vector codebook). */
export const codingDepth = (coding: GroupCoding): number => (coding.kind === 'float' ? FLOAT_BITS : coding.kind === 'vq' ? -1 : Math.min(MAX_BITS, coding.bits));
