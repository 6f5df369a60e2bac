/**
 * What the fits share between encodes changes no byte: a file written with a stream memo (groups
 * whose coding is unchanged reused) or with the range coder's remembered choices is the file
 * written afresh with the same choices, and a memo without one group serves a scene that differs there.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupCoding } from '../../src/core/formats/splatfit/coding.ts';
import { Group } from '../../src/core/formats/splatfit/constants.ts';
import type { CoderChoices } from '../../src/core/formats/splatfit/section-codec.ts';
import { type Codings, type StreamMemo, streamMemoWithout, writeSplatfit } from '../../src/core/formats/splatfit/write.ts';
import { selectSplats, type SplatScene } from '../../src/core/index.ts';
import { readShared } from '../helpers/scenes.ts';

let scene: SplatScene;
beforeAll(async () => {
  const { scene: full } = await readShared('fruit-drops-4721-sh3.ply');
  scene = selectSplats(full, Uint32Array.from({ length: 1500 }, (_, i) => i * 3));
});

const uniform = (bits: number): GroupCoding => ({ kind: 'uniform', bits });
const codingsArb = fc.record({
  positions: fc.integer({ min: 4, max: 16 }).map((bits): GroupCoding => ({ kind: 'chunked', bits })),
  logScales: fc.integer({ min: 2, max: 12 }).map(uniform),
  opacity: fc.integer({ min: 2, max: 10 }).map(uniform),
  shDc: fc.integer({ min: 2, max: 12 }).map(uniform),
  shBand1: fc.integer({ min: 0, max: 8 }).map(uniform),
}) as fc.Arbitrary<Codings>;

describe('stream memo and remembered coder choices', () => {
  it('give the bytes of a fresh write for every sequence of codings', () => {
    fc.assert(fc.property(fc.array(codingsArb, { minLength: 2, maxLength: 4 }), (sequence) => {
      const streamMemo: StreamMemo = new Map();
      const coderChoices: CoderChoices = new Map();
      for (const codings of sequence) {
        const options = { codings, shDegree: 1, order: 'input' as const };
        const memoized = writeSplatfit(scene, { ...options, streamMemo, coderChoices });
        expect(memoized).toEqual(writeSplatfit(scene, { ...options, coderChoices }));
      }
    }), { numRuns: 15 });
  });

  it('a memo without the colours serves a scene whose colours changed', () => {
    const options = { codings: { shDc: uniform(8) }, shDegree: 1, order: 'input' as const };
    const streamMemo: StreamMemo = new Map();
    writeSplatfit(scene, { ...options, streamMemo });
    const recoloured = { ...scene, shDc: scene.shDc.map((v) => v * 0.5 + 0.1) };
    const reused = writeSplatfit(recoloured, { ...options, streamMemo: streamMemoWithout(streamMemo, Group.ShDc) });
    expect(reused).toEqual(writeSplatfit(recoloured, options));
    // and the memo as it was would have given the old colours: the test can tell them apart
    expect(writeSplatfit(recoloured, { ...options, streamMemo })).not.toEqual(reused);
  });
});
