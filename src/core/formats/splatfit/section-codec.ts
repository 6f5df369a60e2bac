/**
 * How each section of a `.splatfit` v2 stream is stored: packed (1 or 2 bytes per symbol, 4 per
 * float), deflated, or range-coded with context models (codec/entropy/symbol-coder.ts) —
 * whichever is smallest for that section. Unpacking checks every size against the section's
 * layout before allocating, and every symbol against its limit after decoding.
 */
import { deflateSync, inflateSync } from 'fflate';
import { type ContextModeValue, decodeSymbols, encodeSymbols, encodeSymbolsBest, isContextMode, type SymbolChoice } from '../../codec/entropy/symbol-coder.ts';
import { ErrorCode, type ErrorPlace, SplatfitError } from '../../errors.ts';
import { inflatedSizeIsPlausible } from '../../io/inflate-guard.ts';
import { bytesPerValue, Codec } from './constants.ts';
import { isByteSection, type Section } from './coding.ts';
import type { SectionLayout } from './stream-layout.ts';

export interface PackedSection {
  readonly codec: number;
  /** Context mode of a range-coded section (0 otherwise). */
  readonly mode: number;
  readonly bytes: Uint8Array;
}

export interface PackOptions {
  /** Deflate level (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Try only deflate (fast; for quick size estimates). Default false. */
  deflateOnly?: boolean;
  /** Planes back that the component context looks (SH coefficients: per channel); default 1. */
  componentStride?: number;
  /** Choose the range coder's context mode on about this many symbols per plane (its default otherwise). */
  modeSample?: number;
  /** Context modes the range coder tries (default every mode). */
  modes?: readonly ContextModeValue[];
  /**
   * Choices remembered from earlier encodes of similar sections, by `choiceKey`: a remembered
   * section is coded once with its choice, without trials (a fit encodes the same streams at
   * nearby kept counts several times); a new one is tried and its choice remembered.
   */
  choices?: CoderChoices;
  choiceKey?: string;
}

/** The range coder's choices by section (see PackOptions.choices). */
export type CoderChoices = Map<string, SymbolChoice>;

export function packSection(section: Section, options: PackOptions = {}): PackedSection {
  const stored = (bytes: Uint8Array): PackedSection => ({ codec: Codec.Stored, mode: 0, bytes });
  // Symbols go to the range coder, which beat deflate on every kind of section measured
  // (bench/entropy.ts: 61–82 % of deflate's bytes); floats, and symbols when it is off, to deflate.
  if (isByteSection(section) || options.deflateOnly === true) {
    const raw = isByteSection(section) ? section.bytes : packSymbols(section.symbols, section.bits);
    if (raw.length === 0) return stored(raw);
    const deflated = deflateSync(raw, { level: options.level ?? 6 });
    return deflated.length < raw.length ? { codec: Codec.Deflate, mode: 0, bytes: deflated } : stored(raw);
  }
  // the stored symbols are only made when the range coder does no better (hardly ever)
  const storedBytes = section.symbols.length * bytesPerValue(section.bits);
  if (storedBytes === 0) return stored(new Uint8Array(0));
  const coded = rangeCode(section.symbols, section.planes, section.count, section.bits, options);
  return coded.bytes.length < storedBytes ? { codec: Codec.Arithmetic, mode: coded.mode, bytes: coded.bytes } : stored(packSymbols(section.symbols, section.bits));
}

function rangeCode(symbols: Uint16Array, planes: number, count: number, bits: number, options: PackOptions): { mode: number; bytes: Uint8Array } {
  const componentStride = options.componentStride ?? 1;
  const { choices, choiceKey } = options;
  const known = choiceKey === undefined ? undefined : choices?.get(choiceKey);
  if (known !== undefined) return { mode: known.mode, bytes: encodeSymbols(symbols, planes, count, bits, known.mode, { componentStride, lowBits: known.lowBits }) };
  const coded = encodeSymbolsBest(symbols, planes, count, bits, {
    componentStride, ...(options.modeSample === undefined ? {} : { sampleCount: options.modeSample }),
    ...(options.modes === undefined ? {} : { modes: options.modes }),
  });
  // the choice alone: the coded bytes kept with it would stay held for the whole fit (15 MB at the 2 M tiling's 5 %)
  if (choiceKey !== undefined) choices?.set(choiceKey, { mode: coded.mode, lowBits: coded.lowBits });
  return coded;
}

/** Symbols as little-endian values of 1 byte (≤ 8 bits) or 2 bytes. */
function packSymbols(symbols: Uint16Array, bits: number): Uint8Array {
  if (bytesPerValue(bits) === 1) return Uint8Array.from(symbols);
  const out = new Uint8Array(symbols.length * 2);
  for (let k = 0; k < symbols.length; k++) {
    out[2 * k] = symbols[k]! & 0xff;
    out[2 * k + 1] = symbols[k]! >>> 8;
  }
  return out;
}

/** Bytes a section of this layout holds when packed (stored). */
export function packedBytes(layout: SectionLayout): number {
  return layout.planes * layout.count * (layout.bits === 32 ? 4 : bytesPerValue(layout.bits));
}

/**
 * A packed section's symbols (or float bytes), checked against `limit`. `room`: memory the symbols
 * may be decoded into where it holds them (a reader's scratch, reused from stream to stream); the
 * section then lives there, until the room is used again.
 */
export function unpackSection(layout: SectionLayout, packed: PackedSection, limit: number, place: ErrorPlace, room?: Uint16Array): Section {
  const raw = packedBytes(layout);
  let bytes: Uint8Array;
  if (packed.codec === Codec.Arithmetic) {
    if (layout.bits === 32) throw new SplatfitError(ErrorCode.BadHeader, 'a float32 section cannot be range-coded', place);
    if (!isContextMode(packed.mode)) throw new SplatfitError(ErrorCode.BadValue, `context mode ${packed.mode} is not one the range coder knows`, place);
    let symbols: Uint16Array;
    try {
      symbols = decodeSymbols(packed.bytes, layout.planes, layout.count, layout.bits, packed.mode as ContextModeValue, symbolsIn(room, layout));
    } catch (error) {
      // the coder does not know the file: say where its complaint comes from
      throw error instanceof SplatfitError ? new SplatfitError(error.code, error.message, place) : error;
    }
    return checked({ bits: layout.bits, planes: layout.planes, count: layout.count, symbols }, limit, place);
  }
  if (packed.codec === Codec.Stored) {
    if (packed.bytes.length !== raw) throw new SplatfitError(ErrorCode.BadHeader, `stored section of ${packed.bytes.length} bytes; its layout needs ${raw}`, place);
    bytes = packed.bytes;
  } else if (packed.codec === Codec.Deflate) {
    if (!inflatedSizeIsPlausible(packed.bytes.length, raw)) throw new SplatfitError(ErrorCode.CountTooLarge, `${raw} bytes cannot come from ${packed.bytes.length} deflated bytes`, place);
    try {
      bytes = inflateSync(packed.bytes, { out: new Uint8Array(raw) });
    } catch (error) {
      throw new SplatfitError(ErrorCode.DecompressFailed, `deflate stream is corrupt: ${(error as Error).message}`, place);
    }
    if (bytes.length !== raw) throw new SplatfitError(ErrorCode.DecompressFailed, `deflate gave ${bytes.length} bytes, expected ${raw}`, place);
  } else {
    throw new SplatfitError(ErrorCode.BadValue, `codec ${packed.codec}; expected 0, 1 or 2`, place);
  }
  if (layout.bits === 32) return { bits: 32, bytes };
  const symbols = symbolsIn(room, layout) ?? new Uint16Array(layout.planes * layout.count);
  if (bytesPerValue(layout.bits) === 1) symbols.set(bytes);
  else for (let k = 0; k < symbols.length; k++) symbols[k] = bytes[2 * k]! | (bytes[2 * k + 1]! << 8);
  return checked({ bits: layout.bits, planes: layout.planes, count: layout.count, symbols }, limit, place);
}

/** The start of `room` that holds a section of this layout's symbols; undefined where there is no room or too little. */
function symbolsIn(room: Uint16Array | undefined, layout: SectionLayout): Uint16Array | undefined {
  const length = layout.planes * layout.count;
  return room !== undefined && room.length >= length ? room.subarray(0, length) : undefined;
}

function checked(section: Section & { symbols: Uint16Array }, limit: number, place: ErrorPlace): Section {
  const { symbols } = section;
  for (let k = 0; k < symbols.length; k++) {
    if (symbols[k]! > limit) throw new SplatfitError(ErrorCode.BadValue, `value ${symbols[k]} at ${k}; at most ${limit} here`, place);
  }
  return section;
}
