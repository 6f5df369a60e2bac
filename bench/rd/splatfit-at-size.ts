/**
 * Splatfit's PSNR at another file's size, for peers with too few points for a BD-PSNR: the
 * Splatfit point fitted to exactly that budget where there is one, else interpolated on Splatfit's
 * curve, linearly in log10(bytes) between its two nearest finite points (none outside its range).
 */
import type { RdPoint } from './rd-point.ts';

export interface AtSize {
  readonly psnr: number;
  readonly psnrPooled: number;
  /** True when read off the curve rather than fitted at the size. */
  readonly interpolated: boolean;
}

/**
 * Splatfit at `peer`'s size: a peer file fitted to a budget and within it is compared with
 * Splatfit at that budget; any other (a tool's own size, or a decimation that overshot) with
 * Splatfit at its byte count.
 */
export function splatfitAtSize(splatfit: readonly RdPoint[], peer: Pick<RdPoint, 'bytes' | 'budget'>): AtSize | undefined {
  const size = peer.budget !== undefined && peer.bytes <= peer.budget ? peer.budget : peer.bytes;
  const exact = splatfit.find((p) => p.budget === size);
  if (exact !== undefined) return { psnr: exact.psnr, psnrPooled: exact.psnrPooled, interpolated: false };
  const at = (key: 'psnr' | 'psnrPooled'): number | undefined => {
    const curve = splatfit.filter((p) => Number.isFinite(p[key])).sort((a, b) => a.bytes - b.bytes);
    const above = curve.findIndex((p) => p.bytes >= size);
    if (above < 0 || (above === 0 && curve[0]!.bytes > size)) return undefined;
    const hi = curve[above]!, lo = curve[Math.max(0, above - 1)]!;
    if (hi.bytes === lo.bytes) return hi[key];
    const t = (Math.log10(size) - Math.log10(lo.bytes)) / (Math.log10(hi.bytes) - Math.log10(lo.bytes));
    return lo[key] + t * (hi[key] - lo[key]);
  };
  const psnr = at('psnr'), psnrPooled = at('psnrPooled');
  return psnr === undefined || psnrPooled === undefined ? undefined : { psnr, psnrPooled, interpolated: true };
}
