/**
 * Format detection: by signature first (bytes cannot lie about what they are), then by file name
 * for the formats without one (.splat rows, .ksplat).
 */
import { ErrorCode, SplatfitError } from '../errors.ts';

export type SceneFormat = 'ply' | 'compressed-ply' | 'splat' | 'spz' | 'sog' | 'ksplat' | 'splatfit';
export type WritableFormat = 'ply' | 'splat' | 'spz' | 'splatfit';

export const WRITABLE_FORMATS: readonly WritableFormat[] = ['ply', 'splat', 'spz', 'splatfit'];
export const READABLE_EXTENSIONS = ['.ply', '.splat', '.spz', '.sog', '.ksplat', '.splatfit', 'meta.json'] as const;

/** Signature-level kinds; 'ply' is split into plain and compressed once its header is parsed. */
export type Signature = 'ply' | 'spz' | 'zip' | 'json' | 'splatfit' | 'none';

export function signatureOf(head: Uint8Array): Signature {
  if (head.length >= 4 && head[0] === 0x70 && head[1] === 0x6c && head[2] === 0x79 && (head[3] === 0x0a || head[3] === 0x0d)) return 'ply';
  if (head.length >= 4 && head[0] === 0x4e && head[1] === 0x47 && head[2] === 0x53 && head[3] === 0x50) return 'spz';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'spz';
  if (head.length >= 4 && head[0] === 0x53 && head[1] === 0x50 && head[2] === 0x46 && head[3] === 0x54) return 'splatfit';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
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
