/**
 * Quality versus size for the current scene (Chart.js): Splatfit's budgets as a curve, the
 * fixed-size formats as points, bytes on a log axis, PSNR or SSIM up. Clicking a point asks for
 * that result's pane.
 */
import {
  Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Tooltip,
} from 'chart.js';
import { formatBytes } from './format.ts';

Chart.register(ScatterController, LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend);

export interface ChartPoint {
  readonly id: number;
  readonly label: string;
  readonly bytes: number;
  readonly psnr: number;
  readonly ssim: number;
  /** 'budget': Splatfit at a budget (the curve); 'fixed': a format at its own size. */
  readonly kind: 'budget' | 'fixed';
}

export type Metric = 'psnr' | 'ssim';

/** PSNR of an exact copy is infinite; it is drawn at this height and labelled as exact. */
const EXACT_PSNR = 80;

export class QualityChart {
  readonly #chart: Chart<'scatter', { x: number; y: number; id: number; label: string }[]>;
  #metric: Metric = 'psnr';
  #points: readonly ChartPoint[] = [];

  constructor(readonly canvas: HTMLCanvasElement, onPick: (id: number) => void) {
    this.#chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [
        { label: 'Splatfit (budgets)', data: [], showLine: true, borderColor: '#6cb6ff', backgroundColor: '#6cb6ff', pointRadius: 6, pointHoverRadius: 8 },
        { label: 'Fixed-size formats', data: [], borderColor: '#ffb86c', backgroundColor: '#ffb86c', pointRadius: 6, pointStyle: 'rectRot', pointHoverRadius: 8 },
      ] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'bytes' }, ticks: { maxTicksLimit: 5, maxRotation: 0, callback: (v) => formatBytes(Number(v)) } },
          y: { title: { display: true, text: 'PSNR (dB)' } },
        },
        plugins: {
          tooltip: { callbacks: { label: (item) => {
            const p = item.raw as { x: number; y: number; label: string };
            return `${p.label}: ${formatBytes(p.x)}, ${this.#metric === 'psnr' ? (p.y >= EXACT_PSNR ? 'exact' : `${p.y.toFixed(2)} dB`) : p.y.toFixed(4)}`;
          } } },
        },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit === undefined) return;
          const point = this.#chart.data.datasets[hit.datasetIndex]?.data[hit.index];
          if (point !== undefined) onPick(point.id);
        },
      },
    });
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
    const y = this.#chart.options.scales!['y']!;
    (y as { title: { text: string } }).title.text = this.#metric === 'psnr' ? 'PSNR (dB)' : 'SSIM';
    this.#chart.update();
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
