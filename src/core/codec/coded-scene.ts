/**
 * A plan's file as it decodes, made without writing the file: each group through its coding
 * (apply-coding.ts), bit for bit the decoded file (test/core/coded-scene.test.ts). The colour
 * re-fit and the fits' measures render it, the page's previews show it.
 */
import { Group } from '../formats/splatfit/constants.ts';
import { restVectorRows } from '../formats/splatfit/decode-group.ts';
import { type EncodeContext, encodeGroup } from '../formats/splatfit/encode-group.ts';
import type { CodingGroup } from '../formats/splatfit/write.ts';
import type { DrawnScene, RestRows, SteppedRest } from '../scene/drawn-scene.ts';
import { steppedRest } from './stepped-rest.ts';
import { selectSplats, type SplatScene, withShDegree } from '../scene/splat-scene.ts';
import { applyCoding, type FloatAllocator, ordinaryFloat32Array } from './apply-coding.ts';
import type { Plan } from './budget-solver.ts';
import { groupNumber } from './distortion-model.ts';
import { allSplats, type KeptSplats } from './kept-splats.ts';
import { gatherLabels, type SceneAnalysis } from './scene-analysis.ts';

const CODED_ARRAYS = ['positions', 'logScales', 'rotations', 'opacities', 'shDc', 'shRest'] as const;

export interface CodedSceneOptions {
  /** Every group but this one is coded. */
  readonly uncoded?: CodingGroup | undefined;
  /** Only this group is coded (a scene whose other groups are coded already). */
  readonly only?: CodingGroup | undefined;
  /** Where the coded arrays are made (shared memory, when a helper thread will render them). */
  readonly allocate?: FloatAllocator | undefined;
}

/**
 * The `kept` splats as the plan's file would decode them, without writing the file: each group
 * through its coding (applyCoding). For the colour re-fit, the fits' measures and the page's previews.
 * Splats named where they lie are gathered once into arrays made by `allocate` and coded there:
 * the coded scene is the only copy of them.
 */
export function codedScene(
  analysis: SceneAnalysis, plan: Pick<Plan, 'codings' | 'shDegree'>, kept: number, splats: KeptSplats = analysis.keptSplats(kept), options: CodedSceneOptions = {},
): SplatScene {
  const { uncoded, only, allocate } = options;
  const context = keptContext(analysis, kept);
  let coded = splats.indices === null ? splats.scene : selectSplats(splats.scene, splats.indices, allocate ?? ordinaryFloat32Array);
  // arrays this chain has made (a gathered selection's, or copies) are coded further in place (the SH bands share one)
  const owned = new Set<Float32Array>(splats.indices === null ? [] : CODED_ARRAYS.map((name) => coded[name]));
  for (const [group, coding] of plan.codings) {
    if (group === uncoded || (only !== undefined && group !== only)) continue;
    const before = coded;
    coded = applyCoding(coded, groupNumber(group), coding, context, owned, allocate);
    for (const name of CODED_ARRAYS) if (coded[name] !== before[name]) owned.add(coded[name]);
  }
  return plan.shDegree < coded.shDegree ? withShDegree(coded, plan.shDegree) : coded;
}

const SH_GROUPS: readonly CodingGroup[] = ['shBand1', 'shBand2', 'shBand3', 'shRest'];

/**
 * codedScene for rendering only (the fits' measures and colour re-fit, test/core/coded-scene.test.ts):
 * the SH rest held as the plan's file holds it (drawn-scene.ts) — a vector codebook as rows of
 * the decoded codebook, bands coded by a range as steps in it — neither gathered nor written per splat;
 * the same images. With a band stored as float32, codedScene itself.
 */
export function drawnCodedScene(
  analysis: SceneAnalysis, plan: Pick<Plan, 'codings' | 'shDegree'>, kept: number, splats: KeptSplats = analysis.keptSplats(kept), allocate?: FloatAllocator,
): DrawnScene {
  const rest = drawnRest(analysis, plan, kept, splats, allocate !== undefined);
  if (rest === undefined) return codedScene(analysis, plan, kept, splats, { allocate });
  // the groups code apart: every other group coded on the scene without its rest bands
  const codings = new Map([...plan.codings].filter(([group]) => !SH_GROUPS.includes(group)));
  const others = codedScene(analysis, { codings, shDegree: 0 }, kept, { ...splats, scene: withShDegree(splats.scene, 0) }, { allocate });
  return rest === null ? others : { ...others, shDegree: plan.shDegree, shRest: rest };
}

/** The plan's SH rest as its file holds it: null without any, undefined when it is not held otherwise than per splat. */
function drawnRest(analysis: SceneAnalysis, plan: Pick<Plan, 'codings' | 'shDegree'>, kept: number, splats: KeptSplats, shared: boolean): RestRows | SteppedRest | null | undefined {
  const degree = Math.min(plan.shDegree, splats.scene.shDegree);
  if (degree === 0) return null;
  const vectors = plan.codings.get('shRest');
  // a codebook's rows hold every band the scene has (the solver plans it so)
  if (vectors?.kind === 'vq' && degree !== splats.scene.shDegree) return undefined;
  if (vectors?.kind !== 'vq') return steppedRest(splats.scene, splats.indices, plan.codings, degree, shared) ?? undefined;
  const stream = encodeGroup(splats.scene, Group.ShRest, vectors, { ...keptContext(analysis, kept), ...(splats.indices === null ? {} : { indices: splats.indices }) });
  return restVectorRows(stream, stream.table, stream.sections);
}

/** How the `kept` most significant splats are coded: the chunk size, their weights, the SH codebook and their entries in it. */
function keptContext(analysis: SceneAnalysis, kept: number): EncodeContext {
  const indices = analysis.keptIndices(kept);
  return {
    chunkSize: analysis.chunkSize, weights: analysis.keptWeights(kept), shCodebook: analysis.shCodebook ?? undefined,
    restLabels: (level: number) => gatherLabels(analysis.restLabels(level), indices),
  };
}

/** `scene` (coded by the plan but for its colours) with colours `dc` coded as the plan codes them. */
export function withCodedColours(analysis: SceneAnalysis, plan: Pick<Plan, 'codings' | 'shDegree'>, kept: number, scene: DrawnScene, dc: Float32Array, allocate?: FloatAllocator): DrawnScene {
  const colours = codedScene(analysis, plan, kept, allSplats({ ...scene, shDegree: 0, shRest: new Float32Array(0), shDc: dc }), { only: 'shDc', allocate });
  return { ...scene, shDc: colours.shDc };
}
