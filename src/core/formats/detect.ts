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
export type WritableFormat = 'ply' | 'splat' | 'spz' | 'splatfit';

export const WRITABLE_FORMATS: readonly WritableFormat[] = ['ply', 'splat', 'spz', 'splatfit'];
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

/** The writable format a file name asks for, e.g. "out.spz" → 'spz'. */
export function writableFormatFor(name: string): WritableFormat {
  const ext = extensionOf(name).slice(1);
  if ((WRITABLE_FORMATS as readonly string[]).includes(ext)) return ext as WritableFormat;
  throw new SplatfitError(ErrorCode.Unwritable, `cannot write '${extensionOf(name) || name}'; writable formats are ${WRITABLE_FORMATS.map((f) => '.' + f).join(', ')}`, {
    file: name,
  });
}
