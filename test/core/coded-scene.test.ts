/**
 * codedScene (the kept splats as a plan's file would decode them, without writing it) is what the
 * file decodes to, bit for bit, for any plan the table allows: the fits measure their candidates'
 * error on it instead of decoding each file, so this equality is what keeps that measure honest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupCoding } from '../../src/core/formats/splatfit/coding.ts';
import type { CodingGroup } from '../../src/core/formats/splatfit/write.ts';
import { readSplatfitV2 } from '../../src/core/formats/splatfit/read-v2.ts';
import { encodePlan } from '../../src/core/codec/compress.ts';
import { codedScene, drawnCodedScene, withCodedColours } from '../../src/core/codec/coded-scene.ts';
import { type DrawnScene, RestReader } from '../../src/core/scene/drawn-scene.ts';
import { shRestPerChannel } from '../../src/core/scene/sh.ts';
import { rasterize } from '../../src/core/raster/rasterize.ts';
import { sampleViews } from '../../src/core/raster/view-sampler.ts';
import { analyzeScene } from '../../src/core/codec/scene-analysis.ts';
import { allSplats } from '../../src/core/codec/kept-splats.ts';
import type { SplatScene } from '../../src/core/index.ts';
import { readShared } from '../helpers/scenes.ts';

const ANALYSIS = { views: 8, viewSize: 32, sensitivityViews: 1, sensitivitySize: 32 } as const;
const ARRAYS = ['positions', 'logScales', 'rotations', 'opacities', 'shDc', 'shRest'] as const;
const BASE: readonly CodingGroup[] = ['positions', 'logScales', 'rotations', 'opacity', 'shDc'];
const BANDS: readonly CodingGroup[] = ['shBand1', 'shBand2', 'shBand3'];

describe('codedScene', async () => {
  const { scene } = await readShared('fruit-drops-4721-sh3.ply');
  const analysis = analyzeScene(scene, ANALYSIS);
  const table = analysis.distortion;
  const row = (group: CodingGroup): GroupCoding[] => (table[group] ?? []).map((c) => c.coding);

  /** A plan as the solver could make one: a coding per base group, then SH as a vector codebook or as bands up to a degree. */
  const plans = fc.record({
    base: fc.tuple(...BASE.map((g) => fc.constantFrom(...row(g)))),
    degree: fc.integer({ min: 0, max: 3 }),
    vectors: fc.boolean(),
    bands: fc.tuple(...BANDS.map((g) => fc.constantFrom(...row(g)))),
    rest: fc.constantFrom(...row('shRest')),
  }).map(({ base, degree, vectors, bands, rest }) => {
    const codings = new Map<CodingGroup, GroupCoding>(BASE.map((g, k) => [g, base[k]!]));
    // a vector codebook covers every band the scene has (as the solver plans it)
    if (degree > 0 && vectors) {
      codings.set('shRest', rest);
      return { codings, shDegree: scene.shDegree };
    }
    BANDS.slice(0, degree).forEach((g, k) => codings.set(g, bands[k]!));
    return { codings, shDegree: degree };
  });

  const expectSame = (coded: SplatScene, decoded: SplatScene): void => {
    expect(coded.count).toBe(decoded.count);
    expect(coded.shDegree).toBe(decoded.shDegree);
    for (const name of ARRAYS) expect(coded[name], name).toEqual(decoded[name]);
  };

  it('equals the decoded file for any plan and kept count; read in place, the kept splats make the file and coded scene of their copy', () => {
    fc.assert(fc.property(plans, fc.integer({ min: 1, max: scene.count }), (plan, kept) => {
      // by default both read the kept splats where they lie in the ranked scene (kept-splats.ts)
      const file = encodePlan(analysis, plan, kept);
      const copied = allSplats(analysis.keep(kept));
      expect(file).toEqual(encodePlan(analysis, plan, kept, undefined, copied));
      const coded = codedScene(analysis, plan, kept);
      expectSame(coded, readSplatfitV2(file, 'plan.splatfit'));
      expectSame(coded, codedScene(analysis, plan, kept, copied));
    }), { numRuns: 25 });
  });

  it('equals the decoded file when the kept splats are changed before coding (as the colour re-fit changes them)', () => {
    fc.assert(fc.property(plans, fc.integer({ min: 1, max: scene.count }), fc.float({ min: -2, max: 2, noNaN: true }), (plan, kept, shift) => {
      const original = analysis.keep(kept);
      const changed = { ...original, shDc: original.shDc.map((v, i) => (i % 5 === 0 ? v + shift : v)) };
      const decoded = readSplatfitV2(encodePlan(analysis, plan, kept, undefined, allSplats(changed)), 'plan.splatfit');
      expectSame(codedScene(analysis, plan, kept, allSplats(changed)), decoded);
      // as the re-fit's measure does it: every group but the colours coded first, the changed colours after
      const allButColours = codedScene(analysis, plan, kept, allSplats(original), { uncoded: 'shDc' });
      expectSame(codedScene(analysis, plan, kept, allSplats({ ...allButColours, shDc: changed.shDc }), { only: 'shDc' }), decoded);
      // or from the measured scene (every group coded), its colours replaced: groups code apart
      const measured = codedScene(analysis, plan, kept, allSplats(original));
      expectSame(codedScene(analysis, plan, kept, allSplats({ ...measured, shDc: changed.shDc }), { only: 'shDc' }), decoded);
    }), { numRuns: 12 });
  });

  /** A drawn scene with its rest bands written out per splat, as a SplatScene holds them. */
  const perSplat = (drawn: DrawnScene): SplatScene => {
    if (drawn.shRest instanceof Float32Array) return { ...drawn, shRest: drawn.shRest };
    const dim = 3 * shRestPerChannel(drawn.shDegree);
    const out = new Float32Array(drawn.count * dim);
    const reader = new RestReader(drawn);
    for (let i = 0; i < drawn.count; i++) {
      const at = reader.at(i);
      out.set(reader.values.subarray(at, at + dim), i * dim);
    }
    return { ...drawn, shRest: out };
  };

  it('drawn for rendering, holds the rest bands as the file does (codebook rows, steps of ranges) and renders the same images as codedScene', () => {
    const camera = sampleViews(scene, 1, { width: 48, height: 48 })[0]!;
    fc.assert(fc.property(plans, fc.integer({ min: 1, max: scene.count }), fc.float({ min: -2, max: 2, noNaN: true }), (plan, kept, shift) => {
      const coded = codedScene(analysis, plan, kept);
      const drawn = drawnCodedScene(analysis, plan, kept);
      // held as the file holds it: rows of a codebook, steps of ranges; per splat only with a band at float32
      const floatBand = BANDS.slice(0, plan.shDegree).some((g) => plan.codings.get(g)?.kind === 'float');
      const held = drawn.shRest instanceof Float32Array ? 'per splat' : 'rows' in drawn.shRest ? 'rows' : 'steps';
      expect(held).toBe(plan.shDegree === 0 || floatBand ? 'per splat' : plan.codings.has('shRest') ? 'rows' : 'steps');
      expectSame(perSplat(drawn), coded);
      expect(rasterize(drawn, camera).rgba).toEqual(rasterize(coded, camera).rgba);
      // its colours replaced and coded again, as after the colour re-fit
      const original = analysis.keep(kept);
      const dc = original.shDc.map((v, i) => (i % 5 === 0 ? v + shift : v));
      const decoded = readSplatfitV2(encodePlan(analysis, plan, kept, undefined, allSplats({ ...original, shDc: dc })), 'plan.splatfit');
      expectSame(perSplat(withCodedColours(analysis, plan, kept, drawn, dc)), decoded);
    }), { numRuns: 30 });
  });
});
