/**
 * Quality versus size for the current scene (Chart.js): the curve predicted from the analysis
 * (dashed), Splatfit's fitted budgets on it as measured points, the fixed-size formats as points,
 * bytes on a log axis labelled at 1 and 3 × a power of ten, PSNR or SSIM up. Clicking a point asks
 * for that result's pane; clicking anywhere else asks for the budget under the pointer.
 */
import {
  Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Tooltip,
} from 'chart.js';
import { formatBytes, formatTick, logAxisLabel } from './format.ts';

Chart.register(ScatterController, LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend);

export interface ChartPoint {
  readonly id: number;
  readonly label: string;
  readonly bytes: number;
  readonly psnr: number;
  readonly ssim: number;
  /** 'budget': Splatfit at a budget (the curve); 'fixed': another format (whole, or a budget's export). */
  readonly kind: 'budget' | 'fixed';
}

export type Metric = 'psnr' | 'ssim';

/** A point of the predicted curve (PSNR only: SSIM is not predicted). */
export interface PredictedPoint {
  readonly bytes: number;
  readonly psnr: number;
}

export interface ChartHandlers {
  /** A measured point was clicked. */
  onPick(id: number): void;
  /** The chart was clicked away from any point, at `bytes` across. */
  onBudget(bytes: number): void;
}

/** PSNR of an exact copy is infinite; it is drawn at this height and labelled as exact. */
const EXACT_PSNR = 80;

export class QualityChart {
  readonly #chart: Chart<'scatter', { x: number; y: number; id: number; label: string }[]>;
  #metric: Metric = 'psnr';
  #points: readonly ChartPoint[] = [];
  #predicted: readonly PredictedPoint[] = [];

  constructor(readonly canvas: HTMLCanvasElement, handlers: ChartHandlers) {
    this.#chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [
        { label: 'Splatfit (fitted)', data: [], showLine: false, borderColor: '#6cb6ff', backgroundColor: '#6cb6ff', pointRadius: 6, pointHoverRadius: 8 },
        { label: 'Other formats', data: [], borderColor: '#ffb86c', backgroundColor: '#ffb86c', pointRadius: 6, pointStyle: 'rectRot', pointHoverRadius: 8 },
        { label: 'Splatfit (predicted)', data: [], showLine: true, borderDash: [6, 4], borderColor: '#6cb6ff88', backgroundColor: '#6cb6ff88', pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0 },
      ] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'file size' }, ticks: { maxRotation: 0, autoSkip: false, callback: (v) => logAxisLabel(Number(v)) } },
          y: { title: { display: true, text: 'PSNR (dB)' }, ticks: { callback: (v, _k, ticks) => formatTick(Number(v), ticks.length > 1 ? Math.abs(ticks[1]!.value - ticks[0]!.value) : 1) } },
        },
        plugins: {
          tooltip: { callbacks: { label: (item) => {
            const p = item.raw as { x: number; y: number; label: string };
            return `${p.label ?? 'predicted'}: ${formatBytes(p.x)}, ${this.#metric === 'psnr' ? (p.y >= EXACT_PSNR ? 'exact' : `${p.y.toFixed(2)} dB`) : p.y.toFixed(4)}`;
          } } },
        },
        onClick: (event, elements) => {
          const hit = elements.find((e) => e.datasetIndex < 2);
          const point = hit === undefined ? undefined : this.#chart.data.datasets[hit.datasetIndex]?.data[hit.index];
          if (point !== undefined) {
            handlers.onPick(point.id);
            return;
          }
          const bytes = event.x === null ? undefined : this.#chart.scales['x']?.getValueForPixel(event.x);
          if (bytes !== undefined && Number.isFinite(bytes) && bytes > 0) handlers.onBudget(Math.round(bytes));
        },
      },
    });
    this.update([]);
  }

  get metric(): Metric {
    return this.#metric;
  }

  setMetric(metric: Metric): void {
    this.#metric = metric;
    this.update(this.#points);
  }

  update(points: readonly ChartPoint[]): void {
    this.#points = points;
    const value = (p: ChartPoint): number => (this.#metric === 'psnr' ? Math.min(EXACT_PSNR, p.psnr) : p.ssim);
    const asData = (kind: ChartPoint['kind']) => points.filter((p) => p.kind === kind).sort((a, b) => a.bytes - b.bytes)
      .map((p) => ({ x: p.bytes, y: value(p), id: p.id, label: p.label }));
    this.#chart.data.datasets[0]!.data = asData('budget');
    this.#chart.data.datasets[1]!.data = asData('fixed');
    this.#chart.data.datasets[2]!.data = this.#metric === 'psnr'
      ? this.#predicted.map((p) => ({ x: p.bytes, y: Math.min(EXACT_PSNR, p.psnr), id: -1, label: 'predicted' })) : [];
    // with nothing to show yet, the holder says what will be there (its axes alone mean nothing)
    const empty = points.length === 0 && this.#chart.data.datasets[2]!.data.length === 0;
    this.canvas.parentElement?.toggleAttribute('data-empty', empty);
    const y = this.#chart.options.scales!['y']!;
    (y as { title: { text: string } }).title.text = this.#metric === 'psnr' ? 'PSNR (dB)' : 'SSIM';
    this.#chart.update();
  }

  /** The curve predicted from the analysis, drawn under the measured points. */
  setPredicted(points: readonly PredictedPoint[]): void {
    this.#predicted = [...points].sort((a, b) => a.bytes - b.bytes);
    this.canvas.dataset['predicted'] = String(this.#predicted.length);
    this.update(this.#points);
  }

  /** Page coordinates of the chart at `bytes` across (on the x axis' scale), for tests that click there. */
  positionOf(bytes: number): { x: number; y: number } | null {
    const x = this.#chart.scales['x']?.getPixelForValue(bytes);
    const area = this.#chart.chartArea;
    return x === undefined || area === undefined ? null : { x, y: (area.top + area.bottom) / 2 };
  }

  /** Page coordinates of a point, for tests that click it. */
  pointPosition(id: number): { x: number; y: number } | null {
    for (const [d, dataset] of this.#chart.data.datasets.entries()) {
      const index = dataset.data.findIndex((p) => p.id === id);
      if (index < 0) continue;
      const element = this.#chart.getDatasetMeta(d).data[index];
      if (element === undefined) return null;
      return { x: element.x, y: element.y };
    }
    return null;
  }

  resize(): void {
    this.#chart.resize();
  }

  dispose(): void {
    this.#chart.destroy();
  }
}
