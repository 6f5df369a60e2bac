/**
 * The page's live budget, timed in Node with the page's worker layout (a compress pool of one
 * worker per core, and one preview worker): from reading the file to its first preview (read,
 * analysis and planning each shared over the pool, the slider's span, one preview; the predicted
 * curve after it, as the page draws it), then each later preview and each exact fit (the fit
 * alone, and with the page's 12 report views measured). Used by bench:compress and bench:live.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readSceneFile } from '../../src/cli/node-platform.ts';
import { createNodeCompressPool } from '../../src/cli/node-compress-pool.ts';
import { SHARED_SCENES } from '../../test/helpers/scenes.ts';
import { measurePageFirstPreview, type PageFirstPreviews } from './live-page.ts';

export interface LiveTimes {
  readonly scene: string;
  readonly splats: number;
  /** Reading the file through the first preview, and its parts. */
  readonly firstPreviewSeconds: number;
  readonly stages: { read: number; analysis: number; planning: number; span: number; preview: number };
  /** The predicted curve, drawn after the first preview. */
  readonly curveSeconds: number;
  /** Budgets (fractions of the file) of the later previews and exact fits. */
  readonly fractions: number[];
  readonly previewSeconds: number[];
  /** The exact fit alone (what the page waits for before its figures are measured). */
  readonly exactFitSeconds: number[];
  /** The exact fit with the page's 12 report views measured. */
  readonly exactFitWithReportSeconds: number[];
  readonly predictedPsnr: number[];
  readonly measuredPsnr: number[];
  /** The first preview in the real page (live-page.ts): its median run and every run; absent when skipped (BENCH_SKIP=page). */
  readonly page?: PageFirstPreviews;
}

/** measureLive, then the same first preview in the real page unless BENCH_SKIP names `page`. */
export async function measureLiveWithPage(name: string, log: (line: string) => void = () => {}): Promise<LiveTimes> {
  const live = await measureLive(name, log);
  if ((process.env['BENCH_SKIP'] ?? '').split(',').includes('page')) return live;
  const page = await measurePageFirstPreview(name);
  const m = page.median;
  log(`${name} in the page: first preview ${m.firstPreviewSeconds.toFixed(1)} s, the median of ${runsText(page)} (drawn ${m.drawnSeconds.toFixed(1)}, slider ${m.sliderSeconds.toFixed(1)})`);
  return { ...live, page };
}

const FIRST_FRACTION = 0.05;
const LATER_FRACTIONS = [0.02, 0.1, 0.01, 0.2];
const PAGE_REPORT_VIEWS = 12;

export async function measureLive(name: string, log: (line: string) => void = () => {}): Promise<LiveTimes> {
  const seconds = (since: number): number => (performance.now() - since) / 1000;
  const pool = createNodeCompressPool(availableParallelism());
  const previews = createNodeCompressPool(1);
  try {
    const start = performance.now();
    let t = start;
    const { scene, facts } = await readSceneFile(join(SHARED_SCENES, name));
    const read = seconds(t);
    t = performance.now();
    // as the page: the preview worker starts with the analysis
    previews.warm();
    const measurements = await pool.analyze(name, scene).result;
    const analysis = seconds(t);
    t = performance.now();
    const planning = await pool.sharedPlanning(name, measurements);
    const planningSeconds = seconds(t);
    // as the page: the slider's span, then a preview; the curve follows it (live-budget.ts)
    t = performance.now();
    const span = await previews.span(name, measurements, planning).result;
    const spanSeconds = seconds(t);
    t = performance.now();
    await previews.preview(name, measurements, Math.floor(facts.bytes * FIRST_FRACTION), planning, pool).result;
    const preview = seconds(t);
    const firstPreviewSeconds = seconds(start);
    t = performance.now();
    await previews.curve(name, measurements, span, planning).result;
    const curve = seconds(t);
    log(`${name}: first preview ${firstPreviewSeconds.toFixed(1)} s (read ${read.toFixed(1)}, analysis ${analysis.toFixed(1)}, planning ${planningSeconds.toFixed(1)}, span ${spanSeconds.toFixed(1)}, preview ${preview.toFixed(2)}; the curve after it, ${curve.toFixed(1)})`);
    const times = { previewSeconds: [] as number[], exactFitSeconds: [] as number[], exactFitWithReportSeconds: [] as number[], predictedPsnr: [] as number[], measuredPsnr: [] as number[] };
    for (const fraction of LATER_FRACTIONS) {
      const budget = Math.floor(facts.bytes * fraction);
      t = performance.now();
      const shown = await previews.preview(name, measurements, budget, planning, pool).result;
      times.previewSeconds.push(seconds(t));
      t = performance.now();
      const exact = await pool.fit(name, measurements, { budget, format: 'splatfit', reportViews: PAGE_REPORT_VIEWS }, undefined, planning).result;
      times.exactFitWithReportSeconds.push(seconds(t));
      times.exactFitSeconds.push(exact.seconds);
      times.predictedPsnr.push(shown.prediction.psnr);
      times.measuredPsnr.push(exact.psnr);
      log(`${name} @${(100 * fraction).toFixed(0)} %: preview ${times.previewSeconds.at(-1)!.toFixed(2)} s (≈${shown.prediction.psnr.toFixed(1)} dB), exact fit ${exact.seconds.toFixed(1)} s, with report ${times.exactFitWithReportSeconds.at(-1)!.toFixed(1)} s (${exact.psnr.toFixed(2)} dB)`);
    }
    return { scene: name, splats: scene.count, firstPreviewSeconds, stages: { read, analysis, planning: planningSeconds, span: spanSeconds, preview }, curveSeconds: curve, fractions: LATER_FRACTIONS, ...times };
  } finally {
    pool.close();
    previews.close();
  }
}

/** "3 runs: 13.5, 14.3 and 15.2 s". */
function runsText(page: PageFirstPreviews): string {
  const seconds = page.runs.map((r) => r.firstPreviewSeconds.toFixed(1));
  return `${seconds.length} run${seconds.length === 1 ? '' : 's'}: ${seconds.length === 1 ? seconds[0] : `${seconds.slice(0, -1).join(', ')} and ${seconds.at(-1)}`} s`;
}

export function liveTable(live: LiveTimes): string {
  const rows = live.fractions.map((f, k) => `| ${(100 * f).toFixed(0)} % | ${live.previewSeconds[k]!.toFixed(2)} | ${live.predictedPsnr[k]!.toFixed(1)} | ${live.exactFitSeconds[k]!.toFixed(1)} | ${live.exactFitWithReportSeconds[k]!.toFixed(1)} | ${live.measuredPsnr[k]!.toFixed(2)} |`);
  const s = live.stages;
  return `## Live budget: ${live.scene} (${live.splats.toLocaleString('en-US')} splats), as the page does it

From reading the file to the first preview: **${live.firstPreviewSeconds.toFixed(1)} s** (read ${s.read.toFixed(1)}, analysis ${s.analysis.toFixed(1)}, shared planning ${s.planning.toFixed(1)}, the slider's span ${s.span.toFixed(1)}, preview ${s.preview.toFixed(2)}); the predicted curve follows it in ${live.curveSeconds.toFixed(1)} s. Goals: first preview < 15 s, each later preview < 1 s, each exact fit < 5 s.
${live.page === undefined ? '' : `\nIn the real page (headless Chromium, its own workers; the file picked, "Analyse" pressed once the scene is drawn, the slider moved once enabled): **${live.page.median.firstPreviewSeconds.toFixed(1)} s** from picking the file to the first preview, the median of ${runsText(live.page)} (that run: drawn after ${live.page.median.drawnSeconds.toFixed(1)} s, slider enabled after ${live.page.median.sliderSeconds.toFixed(1)} s).\n`}

| budget | preview s | predicted PSNR | exact fit s | with 12 report views s | measured PSNR (12 report views) |
|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
}
