/**
 * One measured point of the rate–distortion bench, as bench/results/rd.json holds it (an array of
 * these): a file some tool wrote for a scene, its size and its fidelity on the report views.
 */
import type { Fidelity } from './reference-renders.ts';

export interface RdPoint extends Fidelity {
  readonly scene: string;
  /** `splatfit`, `splatfit-v1`, `spz`, `compressed-ply`, `sog`, `ksplat-1`, `fit-spz`, `decimate+spz`, `ablation:<variant>`, … */
  readonly tool: string;
  readonly bytes: number;
  /** The report view set's name (REPORT_VIEW_SET). */
  readonly views: string;
  /** The budget the file was fitted to, where one was. */
  readonly budget?: number;
  /** Seconds to write the file (a fit, or a tool's whole run). */
  readonly seconds?: number;
  readonly note?: string;
}

/** JSON has no Infinity: identical renders (lossless files) give null PSNRs. */
export function pointJson(p: RdPoint): Record<string, unknown> {
  const db = (v: number): number | null => (Number.isFinite(v) ? Number(v.toFixed(4)) : null);
  return {
    scene: p.scene, tool: p.tool, bytes: p.bytes, psnr: db(p.psnr), psnrPooled: db(p.psnrPooled), ssim: Number(p.ssim.toFixed(6)), views: p.views,
    ...(p.budget === undefined ? {} : { budget: p.budget }),
    ...(p.seconds === undefined ? {} : { seconds: Number(p.seconds.toFixed(2)) }),
    ...(p.note === undefined ? {} : { note: p.note }),
  };
}
