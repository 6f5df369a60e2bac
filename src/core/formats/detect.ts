/**
 * Format detection: by signature first (bytes cannot lie about what they are), then by file name
 * for the formats without one (.splat rows, .ksplat).
 */
import { ErrorCode, SplatfitError } from '../errors.ts';
import { looksLikePly } from './ply/header.ts';
import { looksLikeZip } from './sog/read.ts';
import { looksLikeSplatfit } from './splatfit/read.ts';
import { looksLikeSpz } from './spz/read.ts';

export type SceneFormat = 'ply' | 'compressed-ply' | 'splat' | 'spz' | 'sog' | 'ksplat' | 'splatfit';
export type WritableFormat = 'ply' | 'compressed-ply' | 'splat' | 'spz' | 'splatfit' | 'sog';
/** The formats `writeScene` writes synchronously; SOG's images need an (async) image encoder: `writeSog`. */
export type SyncWritableFormat = Exclude<WritableFormat, 'sog'>;

export const WRITABLE_FORMATS: readonly WritableFormat[] = ['ply', 'compressed-ply', 'splat', 'spz', 'splatfit', 'sog'];

/** File name ending for each writable format; compressed PLY is asked for by `.compressed.ply`, as PlayCanvas names it. */
export const WRITABLE_EXTENSIONS: Readonly<Record<WritableFormat, string>> = {
  ply: '.ply', 'compressed-ply': '.compressed.ply', splat: '.splat', spz: '.spz', splatfit: '.splatfit', sog: '.sog',
};
/** A file written in `format` by a fit, named so that its extension says the format to the readers. */
export function resultFileName(format: WritableFormat): string {
  return `result${WRITABLE_EXTENSIONS[format]}`;
}

export const READABLE_EXTENSIONS = ['.ply', '.splat', '.spz', '.sog', '.ksplat', '.splatfit', 'meta.json'] as const;

/** Signature-level kinds; 'ply' is split into plain and compressed once its header is parsed. */
export type Signature = 'ply' | 'spz' | 'zip' | 'json' | 'splatfit' | 'none';

export function signatureOf(head: Uint8Array): Signature {
  if (looksLikePly(head)) return 'ply';
  if (looksLikeSpz(head)) return 'spz';
  if (looksLikeSplatfit(head)) return 'splatfit';
  if (looksLikeZip(head)) return 'zip';
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (i < head.length && head[i] === 0x7b) return 'json';
  return 'none';
}

export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot).toLowerCase();
}

/** The writable format a file name asks for, e.g. "out.spz" → 'spz', "out.compressed.ply" → 'compressed-ply'. */
export function writableFormatFor(name: string): WritableFormat {
  const lower = name.toLowerCase();
  const byLongestEnding = [...WRITABLE_FORMATS].sort((a, b) => WRITABLE_EXTENSIONS[b].length - WRITABLE_EXTENSIONS[a].length);
  const format = byLongestEnding.find((f) => lower.endsWith(WRITABLE_EXTENSIONS[f]));
  if (format !== undefined) return format;
  throw new SplatfitError(ErrorCode.Unwritable, `cannot write '${extensionOf(name) || name}'; writable formats are ${WRITABLE_FORMATS.map((f) => WRITABLE_EXTENSIONS[f]).join(', ')}`, {
    file: name,
  });
}
