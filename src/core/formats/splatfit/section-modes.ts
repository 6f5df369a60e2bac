/**
 * Which context modes of the range coder are worth trying for each kind of section, and which
 * plane the component context pairs with. Measured on the shared scenes by bench/entropy.ts:
 * trying only these loses nothing measurable against trying every mode, at a third of the time.
 *
 * - positions: the difference from the previous splat's value, or that value as context (Morton
 *   neighbours sit close);
 * - colour (SH DC, SH bands, vector-codebook entries): the same coefficient of the previous colour
 *   channel;
 * - log-scales, rotations, opacity, codebook indices: order 0, the previous component, or the
 *   previous splat.
 */
import { ContextMode, type ContextModeValue } from '../../codec/entropy/symbol-coder.ts';
import { bandCoefficients, Encoding, Group } from './constants.ts';
import type { EncodedStream } from './coding.ts';

export interface SectionModes {
  readonly modes: readonly ContextModeValue[];
  readonly componentStride: number;
}

export function sectionModes(stream: Pick<EncodedStream, 'group' | 'encoding' | 'components'>, section: number): SectionModes {
  const { group } = stream;
  if (group === Group.Positions) return { modes: [ContextMode.ResidualComponent, ContextMode.Previous], componentStride: 1 };
  if (group === Group.Rotations && section === 0) return { modes: [ContextMode.None], componentStride: 1 };
  if (group === Group.ShRest) {
    return section === 0
      ? { modes: [ContextMode.Component, ContextMode.None], componentStride: stream.components / 3 }
      : { modes: [ContextMode.None, ContextMode.Previous], componentStride: 1 };
  }
  if (group === Group.ShDc) return { modes: [ContextMode.Component, ContextMode.None], componentStride: 1 };
  if (group > Group.ShDc) return { modes: [ContextMode.Component, ContextMode.None], componentStride: bandCoefficients(group - Group.ShDc) };
  if (stream.encoding === Encoding.Codebook) return { modes: [ContextMode.None, ContextMode.Component, ContextMode.Previous], componentStride: 1 };
  return { modes: [ContextMode.None, ContextMode.Component, ContextMode.Previous], componentStride: 1 };
}
