/**
 * Property: any corruption of a real file (bytes overwritten, cut short, bytes inserted; biased
 * toward headers, where lies do the most harm) ends in a valid scene or a SplatfitError, never
 * another exception or a hang. One real file per reader.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSplatfitError, writeScene } from '../../src/core/index.ts';
import { makeKsplat } from '../helpers/make-ksplat.ts';
import { encodePly } from '../helpers/ply-fixture.ts';
import { readBytes, readShared, sharedBytes } from '../helpers/scenes.ts';

type Mutation =
  | { kind: 'overwrite'; at: number; header: boolean; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; header: boolean; bytes: Uint8Array };

/** A uniform fraction (fc.double clusters near zero, which would only ever hit byte 0). */
const unit = fc.integer({ min: 0, max: 1_000_000 }).map((v) => v / 1_000_000);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('overwrite' as const), at: unit, header: fc.boolean(), value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: unit }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: unit, header: fc.boolean(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }) },
);

/** Positions inside the first 512 bytes when `header` is set, anywhere otherwise. */
function place(length: number, at: number, header: boolean): number {
  return Math.min(length - 1, Math.floor(at * (header ? Math.min(length, 512) : length)));
}

function apply(original: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = original.slice();
  for (const m of mutations) {
    if (bytes.length === 0) break;
    if (m.kind === 'overwrite') bytes[place(bytes.length, m.at, m.header)] = m.value;
    else if (m.kind === 'truncate') bytes = bytes.slice(0, Math.floor(m.at * bytes.length));
    else {
      const p = place(bytes.length, m.at, m.header);
      const out = new Uint8Array(bytes.length + m.bytes.length);
      out.set(bytes.subarray(0, p), 0);
      out.set(m.bytes, p);
      out.set(bytes.subarray(p), p + m.bytes.length);
      bytes = out;
    }
  }
  return bytes;
}

const samples: Record<string, Uint8Array> = {};

beforeAll(async () => {
  const { scene } = await readShared('cvlab-100-sh3.ply');
  const ply = await sharedBytes('cvlab-100-sh3.ply');
  samples['cvlab.ply'] = ply;
  samples['cvlab-ascii.ply'] = encodePly(scene, { encoding: 'ascii' });
  samples['cvlab-be.ply'] = encodePly(scene, { encoding: 'binary_big_endian', doubles: ['x'] });
  samples['cvlab.spz'] = writeScene(scene, 'spz');
  samples['cvlab.splat'] = writeScene(scene, 'splat');
  samples['cvlab.ksplat'] = makeKsplat(ply, { level: 1, shDegree: 2 });
  samples['playbot.v4.spz'] = await sharedBytes('playbot-31k.v4.spz');
  samples['playbot.compressed.ply'] = await sharedBytes('playbot-31k.compressed.ply');
  samples['st-peter.sog'] = await sharedBytes('st-peter-134k.sog');
});

const RUNS: Record<string, number> = { 'st-peter.sog': 25, 'playbot.v4.spz': 40, 'playbot.compressed.ply': 40 };

describe('random corruptions of real files', () => {
  for (const name of ['cvlab.ply', 'cvlab-ascii.ply', 'cvlab-be.ply', 'cvlab.spz', 'cvlab.splat', 'cvlab.ksplat', 'playbot.v4.spz', 'playbot.compressed.ply', 'st-peter.sog']) {
    it(`${name}: a valid scene or a SplatfitError`, async () => {
      const outcomes = { decoded: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (mutations) => {
          const bytes = apply(samples[name]!, mutations);
          try {
            const { scene } = await readBytes(name, bytes);
            outcomes.decoded++;
            expect(scene.count).toBeGreaterThan(0);
            for (const array of [scene.positions, scene.logScales, scene.rotations, scene.opacities, scene.shDc, scene.shRest]) {
              expect(array.every(Number.isFinite)).toBe(true);
            }
          } catch (error) {
            if (!isSplatfitError(error)) throw error;
            outcomes.refused++;
            expect(error.message).toContain(name);
          }
        }),
        { numRuns: RUNS[name] ?? 150, seed: 20261122 },
      );
      // Both paths must be exercised: some corruptions decode (a changed value), others are refused.
      expect(outcomes.decoded).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    });
  }
});
