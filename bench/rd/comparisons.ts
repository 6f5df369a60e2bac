/**
 * Splatfit against each other curve of a scene: the BD-PSNR (mean and pooled PSNR) where the peer
 * has at least BD_MIN_POINTS finite points, else the PSNR difference at each of the peer's own
 * sizes (Splatfit fitted there, or read off its curve). The rows of rd-summary.json's `comparisons`.
 */
import { BD_MIN_POINTS, bdPsnr } from './bd-psnr.ts';
import type { RdPoint } from './rd-point.ts';
import { splatfitAtSize } from './splatfit-at-size.ts';

export const SPLATFIT = 'splatfit';

export interface Comparison {
  readonly scene: string;
  /** The peer curve Splatfit is compared against. */
  readonly tool: string;
  readonly method: 'bd-psnr' | 'at-size';
  /** The peer's finite points (bd-psnr), or its size (at-size). */
  readonly points?: number;
  readonly bytes?: number;
  /** Splatfit minus the peer, dB (null: not comparable, e.g. outside Splatfit's range or a lossless side). */
  readonly deltaPsnr: number | null;
  readonly deltaPsnrPooled: number | null;
  /** Shared rate interval of a BD-PSNR, bytes. */
  readonly range?: readonly [number, number];
  readonly note?: string;
}

export function compareWithSplatfit(scene: string, points: readonly RdPoint[]): Comparison[] {
  const mine = points.filter((p) => p.scene === scene && p.tool === SPLATFIT);
  const tools = [...new Set(points.filter((p) => p.scene === scene && p.tool !== SPLATFIT && !p.tool.startsWith('ablation:')).map((p) => p.tool))];
  const rows: Comparison[] = [];
  const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);
  for (const tool of tools) {
    const theirs = points.filter((p) => p.scene === scene && p.tool === tool);
    const usable = theirs.filter((p) => Number.isFinite(p.psnr));
    if (usable.length >= BD_MIN_POINTS) {
      const mean = bdPsnr(theirs, mine);
      const pooled = bdPsnr(theirs.map((p) => ({ bytes: p.bytes, psnr: p.psnrPooled })), mine.map((p) => ({ bytes: p.bytes, psnr: p.psnrPooled })));
      rows.push({
        scene, tool, method: 'bd-psnr', points: usable.length, deltaPsnr: mean?.deltaPsnr ?? null, deltaPsnrPooled: pooled?.deltaPsnr ?? null,
        ...(mean === null ? { note: 'no shared rate range (or Splatfit has < 4 finite points)' } : { range: [Math.round(mean.fromBytes), Math.round(mean.toBytes)] as const }),
      });
      continue;
    }
    for (const p of theirs) {
      const at = splatfitAtSize(mine, p);
      rows.push({
        scene, tool, method: 'at-size', bytes: p.bytes,
        deltaPsnr: at === undefined ? null : finite(at.psnr - p.psnr), deltaPsnrPooled: at === undefined ? null : finite(at.psnrPooled - p.psnrPooled),
        note: at === undefined ? 'outside Splatfit\'s range' : at.interpolated ? 'Splatfit interpolated at this size' : 'Splatfit fitted to this size',
      });
    }
  }
  return rows;
}
