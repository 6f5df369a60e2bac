/**
 * What a `.splatfit` v2 stream must hold, from its descriptor alone (docs/splatfit-format.md,
 * "Stream contents"): the table's float count and each section's bits, planes and count. The
 * reader checks every stream against this before it allocates or decodes anything.
 */
import { Encoding, GROUP_COMPONENTS, Group, indexBits, MAX_BITS, CENTROID_BITS } from './constants.ts';
import type { StreamShape } from './decode-group.ts';

export interface SectionLayout {
  readonly bits: number;
  readonly planes: number;
  readonly count: number;
}

export interface StreamLayout {
  readonly tableFloats: number;
  readonly sections: readonly SectionLayout[];
}

/** Largest codebook: indices must fit the 16-bit symbols. */
export const MAX_CODEBOOK_ENTRIES = 65535;

/** The layout a stream of this shape has in a file of `count` splats and SH degree `shDegree`, or a reason it is invalid. */
export function streamLayout(shape: StreamShape, count: number, shDegree: number, chunkSize: number): StreamLayout | string {
  const { group, encoding, bits, components: C, entries } = shape;
  const restDim = 3 * ((shDegree + 1) ** 2 - 1);
  if (group === Group.ShRest) {
    if (encoding !== Encoding.VectorCodebook) return 'SH rest vectors need the vector-codebook encoding';
    if (shDegree === 0 || C !== restDim) return `SH rest vectors of ${C} values; degree ${shDegree} has ${restDim}`;
    if (entries < 1 || entries >= MAX_CODEBOOK_ENTRIES) return `vector codebook of ${entries} entries; expected 1–${MAX_CODEBOOK_ENTRIES - 1}`;
    if (bits !== indexBits(entries + 1)) return `${bits}-bit indices for ${entries} entries; expected ${indexBits(entries + 1)}`;
    return { tableFloats: 2 * C, sections: [{ bits: CENTROID_BITS, planes: C, count: entries }, { bits, planes: 1, count }] };
  }
  if (group > Group.ShBand3 || C !== GROUP_COMPONENTS[group]) return `group ${group} with ${C} components`;
  if (group > Group.ShDc + shDegree) return `SH band above the header's degree ${shDegree}`;
  if (encoding !== Encoding.Codebook && entries !== 0) return `${entries} codebook entries on a stream without a codebook`;
  switch (encoding) {
    case Encoding.Float32:
      return bits === 32 ? { tableFloats: 0, sections: [{ bits: 32, planes: C, count }] } : `float32 stream of ${bits} bits`;
    case Encoding.SmallestThree:
      if (group !== Group.Rotations || bits > MAX_BITS) return `smallest-three of ${bits} bits on group ${group}`;
      return { tableFloats: 0, sections: bits === 0 ? [{ bits: 2, planes: 1, count }] : [{ bits: 2, planes: 1, count }, { bits, planes: 3, count }] };
    case Encoding.Quantized:
    case Encoding.Chunked: {
      if (group === Group.Rotations || bits > MAX_BITS) return `uniform steps of ${bits} bits on group ${group}`;
      const runs = encoding === Encoding.Chunked ? Math.ceil(count / chunkSize) : 1;
      return { tableFloats: runs * C * 2, sections: bits === 0 ? [] : [{ bits, planes: C, count }] };
    }
    case Encoding.Codebook:
      if (group === Group.Rotations) return 'rotations have no codebook encoding';
      if (entries < 1 || entries > MAX_CODEBOOK_ENTRIES || bits !== indexBits(entries)) return `codebook of ${entries} levels with ${bits}-bit indices`;
      return { tableFloats: C * entries, sections: [{ bits, planes: C, count }] };
    default:
      return `unknown encoding ${encoding}`;
  }
}

/** Largest symbol value a section may hold (codebook indices are bounded by the entries). */
export function symbolLimit(shape: StreamShape, section: number, layout: SectionLayout): number {
  if (shape.encoding === Encoding.Codebook) return shape.entries - 1;
  if (shape.encoding === Encoding.VectorCodebook && section === 1) return shape.entries;
  return 2 ** layout.bits - 1;
}
