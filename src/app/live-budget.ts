/**
 * The live budget: a slider whose resting point is previewed within a fraction of a second from
 * the analysis already in memory (core/codec/preview.ts, on a worker of its own so fits never
 * queue in front of it), then fitted exactly in the compress pool; the exact result replaces the
 * preview in the same pane. Only the latest resting point is worked on: a preview asked for while
 * another runs waits for it and is then replaced by the newest, and a moving slider cancels the
 * exact fit of the point it left. "Keep" hands the budget (with its exact result when there is
 * one) to the budget list.
 */
import type { AnalysisMeasurements, SharedPlanning } from '../core/codec/scene-analysis.ts';
import { type DrawnScene, ErrorCode } from '../core/index.ts';
import type { BudgetResult } from '../../workers/compress-tasks.ts';
import type { CompressPool } from '../../workers/compress-pool.ts';
import type { BudgetPreview, PredictedCurve } from '../../workers/compress-worker-api.ts';
import type { PoolTask } from '../../workers/pool.ts';
import { BudgetSlider, type SliderMark } from '../ui/budget-slider.ts';
import { formatBytes, formatCount } from '../ui/format.ts';
import type { Pane } from '../ui/pane.ts';
import { heldScene } from '../ui/pane-scene.ts';
import { plainMessage } from '../ui/plain-message.ts';

export interface ExactFit {
  readonly result: BudgetResult;
  /** Read to be drawn (its SH rest as the file codes it). */
  readonly scene: DrawnScene;
}

export interface LiveBudgetServices {
  readonly key: string;
  readonly inputBytes: number;
  readonly splats: number;
  /** A pool of its own for previews (one worker). */
  readonly previews: CompressPool;
  /** The compress pool, for the exact fit of the point the slider rests on. */
  readonly fits: CompressPool;
  /** Report views each exact fit is measured on (as the budget rows). */
  readonly reportViews: number;
  analysis(): Promise<{ measurements: AnalysisMeasurements; planning: SharedPlanning }>;
  decode(result: BudgetResult): Promise<DrawnScene>;
  addPane(title: string): Pane;
  keep(bytes: number, exact: ExactFit | null): void;
  /** Starts the analysis (and with it the slider) when the user asks. */
  prepare(): void;
  onCurve(curve: PredictedCurve): void;
  onError(text: string): void;
}

/** Where the slider starts: this fraction of the input's bytes (1:20), inside the span. */
const START_FRACTION = 0.05;

export class LiveBudget {
  readonly slider: BudgetSlider;
  #pane: Pane | null = null;
  /** The budget the slider rests on, and the one the pane shows. */
  #wanted: number | null = null;
  #previewing = false;
  #exactTask: PoolTask<BudgetResult> | null = null;
  #exact: (ExactFit & { budget: number }) | null = null;
  #marks: SliderMark[] = [];

  constructor(readonly services: LiveBudgetServices) {
    this.slider = new BudgetSlider(services.inputBytes, { onRest: (bytes) => this.#rest(bytes), onKeep: (bytes) => this.#keep(bytes), onPrepare: () => services.prepare() });
    this.#marks = [{ bytes: services.inputBytes, label: 'input' }, { bytes: 32 * services.splats, label: '.splat' }];
  }

  /** Waits for the analysis, then enables the slider with its span, then draws the predicted curve. */
  async start(): Promise<void> {
    this.slider.withdrawPrepare();
    try {
      const { measurements, planning } = await this.services.analysis();
      const { key, previews } = this.services;
      const span = await previews.span(key, measurements, planning).result;
      this.slider.setStatus('move the slider: a preview follows, then the exact fit');
      this.slider.setSpan(span, this.services.inputBytes * START_FRACTION);
      this.slider.setMarks(this.#marks);
      // the curve comes after the slider, in batches a preview can slip between (compress-pool.ts)
      this.services.onCurve(await previews.curve(key, measurements, span, planning).result);
    } catch (error) {
      const cancelled = (error as { code?: string }).code === ErrorCode.Cancelled;
      this.slider.setStatus(cancelled ? 'the analysis waits while this scene is hidden' : `no slider: ${message(error)}`);
    }
  }

  /** A standard format's size, marked on the slider. */
  mark(label: string, bytes: number): void {
    this.#marks = [...this.#marks.filter((m) => m.label !== label), { bytes, label }];
    this.slider.setMarks(this.#marks);
  }

  dispose(): void {
    this.#wanted = null;
    this.#exactTask?.cancel();
    this.#pane?.dispose();
  }

  #rest(bytes: number): void {
    if (bytes === this.#wanted) return;
    this.#wanted = bytes;
    this.#exactTask?.cancel();
    this.#exactTask = null;
    if (!this.#previewing) void this.#previewLatest();
  }

  /** Previews the latest resting point until the pane shows it, then fits it exactly. */
  async #previewLatest(): Promise<void> {
    this.#previewing = true;
    try {
      let shown: number | null = null;
      while (this.#wanted !== null && this.#wanted !== shown) {
        const budget: number = this.#wanted;
        const started = performance.now();
        this.slider.setStatus(`previewing ${formatBytes(budget)}…`);
        const preview = await this.#preview(budget);
        if (preview === null) return;
        shown = budget;
        if (this.#wanted !== budget) continue;
        this.#show(preview, (performance.now() - started) / 1000);
      }
      if (shown !== null) void this.#fitExactly(shown);
    } finally {
      this.#previewing = false;
    }
  }

  async #preview(budget: number): Promise<BudgetPreview | null> {
    try {
      const { measurements, planning } = await this.services.analysis();
      return await this.services.previews.preview(this.services.key, measurements, budget, planning, this.services.fits).result;
    } catch (error) {
      this.slider.setStatus(`preview of ${formatBytes(budget)} failed: ${message(error)}`);
      return null;
    }
  }

  #show(preview: BudgetPreview, seconds: number): void {
    const pane = this.#ensurePane();
    const p = preview.prediction;
    pane.element.dataset['live'] = 'preview';
    pane.element.dataset['budget'] = String(p.budget);
    void pane.setScene(heldScene(preview.scene));
    pane.setFigures([
      ['shows', 'preview (predicted; the exact fit follows)', 'live-state'],
      ['budget', `${formatBytes(p.budget)} (${formatCount(p.budget)} B)`, 'budget'],
      ['bytes', `≈ ${formatBytes(p.bytes)} predicted`, 'bytes'],
      ['splats kept', `${formatCount(p.kept)} of ${formatCount(this.services.splats)}`, 'kept'],
      ['PSNR', p.lossless ? 'exact (lossless)' : `≈ ${p.psnr.toFixed(1)} dB predicted`, 'fidelity'],
    ]);
    this.slider.setStatus(`preview in ${seconds.toFixed(2)} s; fitting ${formatBytes(p.budget)} exactly…`);
  }

  async #fitExactly(budget: number): Promise<void> {
    const { measurements, planning } = await this.services.analysis();
    if (this.#wanted !== budget) return;
    const task = this.services.fits.fit(this.services.key, measurements, { budget, format: 'splatfit', reportViews: this.services.reportViews }, (f) => {
      if (this.#exactTask === task) this.slider.setStatus(`fitting ${formatBytes(budget)} exactly… ${Math.round(100 * f)} %`);
    }, planning);
    this.#exactTask = task;
    try {
      const result = await task.result;
      const scene = await this.services.decode(result);
      if (this.#wanted !== budget) return;
      this.#exact = { budget, result, scene };
      this.#exactTask = null;
      const pane = this.#ensurePane();
      pane.element.dataset['live'] = 'exact';
      void pane.setScene(heldScene(scene));
      pane.setFigures([
        ['shows', 'exact fit', 'live-state'],
        ['budget', `${formatBytes(budget)} (${formatCount(budget)} B)`, 'budget'],
        ['bytes', `${formatBytes(result.bytes.length)} (1:${(this.services.inputBytes / result.bytes.length).toFixed(1)})`, 'bytes'],
        ['splats kept', `${formatCount(result.kept)} of ${formatCount(this.services.splats)}`, 'kept'],
        [`PSNR (${this.services.reportViews} report views)`, Number.isFinite(result.psnr) ? `${result.psnr.toFixed(2)} dB` : 'exact', 'fidelity'],
      ]);
      this.slider.setStatus(`exact fit of ${formatBytes(budget)} in ${result.seconds.toFixed(1)} s: keep it to download it`);
    } catch (error) {
      if (this.#exactTask !== task) return; // cancelled by a newer resting point
      this.#exactTask = null;
      this.slider.setStatus(`exact fit of ${formatBytes(budget)} failed: ${message(error)}`);
      this.services.onError(`Slider budget ${formatBytes(budget)}: ${message(error)}`);
    }
  }

  #keep(bytes: number): void {
    const exact = this.#exact?.budget === bytes ? this.#exact : null;
    this.services.keep(bytes, exact === null ? null : { result: exact.result, scene: exact.scene });
  }

  #ensurePane(): Pane {
    if (this.#pane === null) {
      this.#pane = this.services.addPane('Slider budget');
      this.#pane.element.dataset['pane'] = 'live';
      this.#pane.element.style.order = '0'; // beside the original, before the kept budgets (ordered by id from 1)
    }
    return this.#pane;
  }
}

const message = plainMessage;
