/**
 * Everything one run of the rate–distortion bench found, and the part of it that goes to
 * bench/results/rd-summary.json (the points themselves go to rd.json).
 */
import type { Comparison } from './comparisons.ts';
import type { RdPoint } from './rd-point.ts';

export interface SceneInfo {
  readonly name: string;
  readonly splats: number;
  readonly shDegree: number;
  /** The input file's bytes (a folder's files summed): what the percentages are of. */
  readonly inputBytes: number;
  readonly seconds: number;
}

export interface AblationRow {
  readonly scene: string;
  /** Input bytes ÷ budget. */
  readonly ratio: number;
  readonly variant: string;
  readonly budget: number;
  readonly point?: RdPoint;
  /** PSNR (mean) minus the first variant's ("all tools") at the same ratio. */
  readonly deltaPsnr?: number;
  readonly deltaPsnrPooled?: number;
  readonly error?: string;
}

export interface SogTiming {
  readonly scene: string;
  /** splat-transform 3.7's whole CLI run; `-H 0` on scenes with SH. */
  readonly theirs?: { seconds: number; bytes: number; shDropped: boolean };
  /** Our writer (bench/rd/our-sog.ts), in-process; absent while there is none. */
  readonly ours?: { seconds: number; bytes: number };
}

export interface RdRun {
  readonly date: string;
  readonly node: string;
  readonly viewSet: string;
  readonly viewSize: number;
  readonly scenes: SceneInfo[];
  readonly points: RdPoint[];
  readonly comparisons: Comparison[];
  readonly ablation: AblationRow[];
  readonly sog: SogTiming[];
  /** One line per thing that errored (a peer, a fit below its smallest size, …). */
  readonly failures: string[];
  /** Points not made on purpose (e.g. no decimation when the whole .spz fits), with why. */
  readonly skipped: string[];
  /** An example command line per tool. */
  readonly commands: Map<string, string>;
  readonly seconds: number;
}

const db = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(4)));

export function summaryJson(run: RdRun): Record<string, unknown> {
  return {
    date: run.date, node: run.node, views: run.viewSet, viewSize: run.viewSize, seconds: Math.round(run.seconds),
    scenes: run.scenes,
    comparisons: run.comparisons.map((c) => ({ ...c, deltaPsnr: db(c.deltaPsnr), deltaPsnrPooled: db(c.deltaPsnrPooled) })),
    ablation: run.ablation.map((a) => ({
      scene: a.scene, ratio: a.ratio, variant: a.variant, budget: a.budget,
      ...(a.point === undefined ? {} : { bytes: a.point.bytes, psnr: db(a.point.psnr), psnrPooled: db(a.point.psnrPooled), ssim: Number(a.point.ssim.toFixed(6)) }),
      ...(a.deltaPsnr === undefined ? {} : { deltaPsnr: db(a.deltaPsnr), deltaPsnrPooled: db(a.deltaPsnrPooled) }),
      ...(a.error === undefined ? {} : { error: a.error }),
    })),
    sog: run.sog.map((s) => ({
      scene: s.scene,
      ...(s.theirs === undefined ? {} : { theirs: { ...s.theirs, seconds: Number(s.theirs.seconds.toFixed(2)) } }),
      ...(s.ours === undefined ? {} : { ours: { ...s.ours, seconds: Number(s.ours.seconds.toFixed(3)) } }),
    })),
    commands: Object.fromEntries(run.commands),
    failures: run.failures, skipped: run.skipped,
  };
}
