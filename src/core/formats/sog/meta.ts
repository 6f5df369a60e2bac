/**
 * SOG `meta.json` (docs/formats.md, "SOG"): version 2 (codebooks) and the older unversioned layout
 * (per-channel min/max ranges). Validated field by field before any image is decoded.
 */
import { ErrorCode, SplatfitError } from '../../errors.ts';

export interface SogMetaV2 {
  version: 2;
  count: number;
  means: { mins: number[]; maxs: number[]; files: string[] };
  scales: { codebook: number[]; files: string[] };
  quats: { files: string[] };
  sh0: { codebook: number[]; files: string[] };
  shN?: { count: number; bands: number; codebook: number[]; files: string[] };
}

export interface SogMetaV1 {
  version: 1;
  count: number;
  means: { mins: number[]; maxs: number[]; files: string[] };
  scales: { mins: number[]; maxs: number[]; files: string[] };
  quats: { files: string[] };
  sh0: { mins: number[]; maxs: number[]; files: string[] };
  shN?: { mins: number; maxs: number; files: string[] };
}

export type SogMeta = SogMetaV1 | SogMetaV2;

/** Largest splat count we accept from a meta.json (a 16k × 16k texture). */
const MAX_SOG_COUNT = 16384 * 16384;

export function parseSogMeta(bytes: Uint8Array, file: string): SogMeta {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new SplatfitError(ErrorCode.BadHeader, `meta.json is not valid JSON: ${(error as Error).message}`, { file });
  }
  const meta = asObject(raw, 'meta.json', file);
  const version = meta['version'];
  if (version !== undefined && version !== 2) {
    throw new SplatfitError(ErrorCode.UnsupportedVersion, `SOG version ${String(version)}; this reader handles 2 and the unversioned v1`, { file, field: 'version' });
  }
  const means = asObject(meta['means'], 'means', file);
  const count = version === 2 ? meta['count'] : (means['shape'] as unknown[] | undefined)?.[0];
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 || count > MAX_SOG_COUNT) {
    throw new SplatfitError(ErrorCode.BadValue, `splat count ${String(count)}; expected an integer 0–${MAX_SOG_COUNT}`, { file, field: version === 2 ? 'count' : 'means.shape' });
  }
  const common = {
    count,
    means: { mins: numbers(means['mins'], 3, 'means.mins', file), maxs: numbers(means['maxs'], 3, 'means.maxs', file), files: fileNames(means['files'], 2, 'means.files', file) },
    quats: { files: fileNames(asObject(meta['quats'], 'quats', file)['files'], 1, 'quats.files', file) },
  };
  const scales = asObject(meta['scales'], 'scales', file);
  const sh0 = asObject(meta['sh0'], 'sh0', file);
  const shN = meta['shN'] === undefined ? undefined : asObject(meta['shN'], 'shN', file);
  if (version === 2) {
    return {
      version: 2,
      ...common,
      scales: { codebook: numbers(scales['codebook'], 256, 'scales.codebook', file), files: fileNames(scales['files'], 1, 'scales.files', file) },
      sh0: { codebook: numbers(sh0['codebook'], 256, 'sh0.codebook', file), files: fileNames(sh0['files'], 1, 'sh0.files', file) },
      ...(shN === undefined ? {} : {
        shN: {
          count: integer(shN['count'], 1, 65536, 'shN.count', file),
          bands: integer(shN['bands'], 1, 3, 'shN.bands', file),
          codebook: numbers(shN['codebook'], 256, 'shN.codebook', file),
          files: fileNames(shN['files'], 2, 'shN.files', file),
        },
      }),
    };
  }
  return {
    version: 1,
    ...common,
    scales: { mins: numbers(scales['mins'], 3, 'scales.mins', file), maxs: numbers(scales['maxs'], 3, 'scales.maxs', file), files: fileNames(scales['files'], 1, 'scales.files', file) },
    sh0: { mins: numbers(sh0['mins'], 4, 'sh0.mins', file), maxs: numbers(sh0['maxs'], 4, 'sh0.maxs', file), files: fileNames(sh0['files'], 1, 'sh0.files', file) },
    ...(shN === undefined ? {} : {
      shN: { mins: numbers([shN['mins']], 1, 'shN.mins', file)[0]!, maxs: numbers([shN['maxs']], 1, 'shN.maxs', file)[0]!, files: fileNames(shN['files'], 2, 'shN.files', file) },
    }),
  };
}

function asObject(value: unknown, field: string, file: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SplatfitError(ErrorCode.MissingProperty, `expected an object`, { file, field });
  }
  return value as Record<string, unknown>;
}

function numbers(value: unknown, length: number, field: string, file: string): number[] {
  if (!Array.isArray(value) || value.length !== length || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new SplatfitError(ErrorCode.BadValue, `expected ${length} finite numbers`, { file, field });
  }
  return value as number[];
}

function integer(value: unknown, min: number, max: number, field: string, file: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SplatfitError(ErrorCode.BadValue, `expected an integer ${min}–${max}, found ${String(value)}`, { file, field });
  }
  return value;
}

function fileNames(value: unknown, length: number, field: string, file: string): string[] {
  if (!Array.isArray(value) || value.length < length || !value.every((v) => typeof v === 'string' && v !== '' && !v.includes('..'))) {
    throw new SplatfitError(ErrorCode.BadValue, `expected ${length} file names`, { file, field });
  }
  return value as string[];
}
