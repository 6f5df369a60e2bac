/**
 * Everything about one open scene: the original's pane and one pane per result under one shared
 * camera, the live budget slider with its preview pane (live-budget.ts), the budget list (each
 * budget fitted in the compress pool with progress and cancel), the fixed-size formats, the
 * quality-versus-size chart, downloads, and the per-view PSNR and difference heat map measured
 * when the camera rests. Results stay while the scene is open; closing it frees them.
 */
import {
  budgetFileLabel, type Camera, conversionWarnings, decodedPlyBytes, type DrawnScene, parseBudgets, resultFileName, type SplatScene, WRITABLE_EXTENSIONS,
  type WritableFormat,
} from '../core/index.ts';
import { type AnalysisMeasurements, analysisStage, type SharedPlanning } from '../core/codec/scene-analysis.ts';
import type { BudgetResult } from '../../workers/compress-tasks.ts';
import type { CompressPool } from '../../workers/compress-pool.ts';
import type { PoolTask } from '../../workers/pool.ts';
import type { OpenedScene } from '../../workers/scene-tasks.ts';
import { CameraRig } from '../render/camera-rig.ts';
import { budgetForm } from '../ui/budget-form.ts';
import { BudgetRow } from '../ui/budget-row.ts';
import { downloadBytes } from '../ui/download.ts';
import { renderFacts } from '../ui/facts-table.ts';
import { formatBytes, formatCount } from '../ui/format.ts';
import { figures, formatPsnr, PAGE_REPORT_VIEWS, summary, WHOLE_SCENE } from './result-figures.ts';
import { showError, showNote } from '../ui/notices.ts';
import { Pane } from '../ui/pane.ts';
import { paneColumns } from '../ui/pane-grid.ts';
import { fileScene, heldScene, type PaneScene } from '../ui/pane-scene.ts';
import { plainMessage } from '../ui/plain-message.ts';
import { type ChartPoint, QualityChart } from '../ui/quality-chart.ts';
import type { FidelityClient } from './fidelity-client.ts';
import { type ExactFit, LiveBudget } from './live-budget.ts';
import type { SceneClient } from './scene-client.ts';

export interface WorkspaceServices {
  pool: CompressPool;
  /** One worker of its own for the slider's previews. */
  previews: CompressPool;
  fidelity: FidelityClient;
  scenes: SceneClient;
  notices: HTMLElement;
  forceWebGL: boolean;
}

/** Budgets offered as one-click presets. */
export const BUDGET_PRESETS = ['50%', '10%', '5%', '1:20', '1:50'] as const;
/** Fixed-size formats put on the chart (each the whole scene at that format's own precision). */
const FIXED_FORMATS: readonly (readonly [WritableFormat, string])[] = [['spz', '.spz'], ['compressed-ply', '.compressed.ply'], ['splat', '.splat']];
/** The camera is at rest this long before the per-view figures are measured. */
const REST_MS = 400;
/** Per-view PSNR and heat maps are measured on the CPU at most this many pixels across. */
const VIEW_CHECK_SIZE = 160;
/**
 * With fewer cores than this the analysis waits for the user (a budget, the slider's button): on
 * a small machine it would slow every drawing of a scene that may never be compressed.
 */
const AUTO_ANALYSIS_CORES = 4;
/** The panes' grid as styles.css draws it (gap, least row height) and the caption and figures' line of a pane. */
const PANE_GRID = { gap: 8, minRowHeight: 220, chrome: 60, aspect: 16 / 9 };
/** Under this many bytes a splat, a budget keeps few splats: said before it runs. */
const FEW_BYTES_PER_SPLAT = 2;

interface Entry {
  readonly id: number;
  readonly label: string;
  /** 'budget': a row of the sidebar; 'fixed': a standard format whole; 'export': a budget's export to another format. */
  readonly kind: 'budget' | 'fixed' | 'export';
  readonly budget: number;
  readonly format: WritableFormat;
  readonly row: BudgetRow | null;
  task: PoolTask<BudgetResult> | null;
  cancelled: boolean;
  result?: BudgetResult;
  /** What its pane draws: the result's file, decoded when the pane needs it. */
  source?: PaneScene;
  pane?: Pane;
  /** Notices about this entry: they leave with its row. */
  notices: HTMLElement[];
  /** Its fit was downloaded, as .splatfit or exported: closing the page loses nothing of it. */
  saved?: boolean;
}

let nextEntryId = 1;

export class Workspace {
  readonly element = document.createElement('div');
  readonly #panes = document.createElement('div');
  readonly #sidebar = document.createElement('aside');
  readonly #livePanel = document.createElement('section');
  readonly #budgetList = document.createElement('ol');
  readonly #entries: Entry[] = [];
  /** Every pane drawn under the camera (the original, results, the slider's); a disposed one leaves the page and this set. */
  readonly #allPanes = new Set<Pane>();
  readonly #original: Pane;
  readonly #rig: CameraRig;
  readonly #key: string;
  #analysis: Promise<{ measurements: AnalysisMeasurements; planning: SharedPlanning }> | null = null;
  /** The analysis task while it runs (null once done): a hidden scene's slider analysis is stopped. */
  #analysing: PoolTask<AnalysisMeasurements> | null = null;
  #originalDrawn = false;
  /** Resolves once the original's pane holds what it draws (its own copy): the analysis may then reorder the scene. */
  readonly #originalPacked: Promise<void>;
  #liveStarted = false;
  /** The analysis starts by itself on machines with enough cores, or when the user asks for it. */
  #wantsAnalysis = (navigator.hardwareConcurrency || 1) >= AUTO_ANALYSIS_CORES;
  readonly #chart: QualityChart;
  readonly #live: LiveBudget;
  #frameQueued = false;
  #restTimer: ReturnType<typeof setTimeout> | undefined;
  /** The camera moved less than REST_MS ago: panes draw at a reduced resolution. */
  #moving = false;
  /** The home view was fitted to the panes' real shape (at the first frame). */
  #framed = false;
  readonly #panesResized = new ResizeObserver(() => this.#reflow());

  /** `title` names the scene in its tab, panes and file names (a SOG folder's name rather than meta.json). */
  constructor(readonly opened: OpenedScene, readonly id: number, readonly services: WorkspaceServices, readonly title = opened.facts.name) {
    this.#key = `scene-${id}`;
    this.element.className = 'workspace';
    this.#panes.className = 'panes';
    this.#sidebar.className = 'sidebar';
    this.#livePanel.className = 'live-panel';
    this.element.append(this.#panes, this.#sidebar, this.#livePanel);
    this.#panesResized.observe(this.#panes);
    this.#rig = CameraRig.forSample(opened.frame, 16 / 9);
    this.#rig.onChange(() => this.#cameraMoved());
    this.#original = this.#addPane(`Original · ${title}`);
    this.#original.element.dataset['pane'] = 'original';
    this.#original.setFigures([
      ['bytes', formatBytes(opened.facts.bytes), 'bytes'],
      ['splats', formatCount(opened.scene.count), 'kept'],
      ['SH degree', String(opened.scene.shDegree), 'sh-degree'],
    ]);
    // a pane that fails says so itself (onLost); the analysis goes on
    this.#originalPacked = this.#original.setScene(heldScene(opened.scene)).catch(() => undefined);
    void services.fidelity.keep(this.#key, opened.scene);
    this.#buildSidebar();
    this.#live = this.#createLiveBudget();
    this.#chart = this.#buildLivePanel();
    // The slider's analysis starts once the scene has been drawn, so that it never delays the first picture.
    void this.#original.drawn.then(() => {
      this.#originalDrawn = true;
      this.#startLive();
    });
  }

  /** What relative budgets are relative to: the input file, or (`5% decoded`) the decoded scene. */
  get #budgetBase(): { input: number; decoded: number } {
    return { input: this.opened.facts.bytes, decoded: decodedPlyBytes(this.opened.scene.count, this.opened.scene.shDegree) };
  }

  get rig(): CameraRig {
    return this.#rig;
  }

  get backend(): Promise<string> {
    return this.#original.backend;
  }

  /** Adds budgets written as people write them (`10MB, 5%, 1:20`); throws, saying why, where one cannot be used, adding none. */
  addBudgets(text: string): void {
    for (const budget of parseBudgets(text, this.#budgetBase)) this.#addBudget(budget.text, budget.bytes, null);
  }

  /** A budget still fitting, or fitted and downloaded in no format: what closing the page would lose. */
  get hasUnsavedWork(): boolean {
    return this.#entries.some((e) => e.kind === 'budget' && !e.saved && (e.result !== undefined || e.row?.fitting === true));
  }

  /** Closes the scene: cancels its work and frees its panes, results and what the workers hold of it. */
  dispose(): void {
    for (const entry of [...this.#entries]) this.#remove(entry);
    this.#live.dispose();
    this.#chart.dispose();
    this.#original.dispose();
    clearTimeout(this.#restTimer);
    this.#panesResized.disconnect();
    for (const pool of [this.services.pool, this.services.previews]) pool.forget(this.#key);
    void this.services.fidelity.forget(this.#key);
    this.element.remove();
  }

  fit(): void {
    this.#rig.fit(this.opened.frame, this.#aspect());
  }

  /** Width over height of the original's pane, which every pane shares in shape. */
  #aspect(): number {
    const { width, height } = this.#original.viewSize;
    return width / height;
  }

  requestFrame(): void {
    if (this.#frameQueued) return;
    this.#frameQueued = true;
    requestAnimationFrame(() => {
      this.#frameQueued = false;
      if (this.element.hidden) return;
      if (!this.#framed) {
        // the panes have their shape now: frame the scene for it before the first frame
        this.#framed = true;
        this.#rig.rehome(CameraRig.forSample(this.opened.frame, this.#aspect()).pose);
      }
      const panes = this.#visiblePanes();
      for (const pane of panes) {
        pane.requestDraw(this.#rig, this.#moving, panes.length).catch((error: unknown) => showError(this.services.notices, `Drawing failed: ${message(error)}`));
      }
    });
  }

  setVisible(visible: boolean): void {
    this.element.hidden = !visible;
    if (visible) {
      this.requestFrame();
      this.#chart.resize();
      this.#startLive();
    } else {
      this.#pauseLive();
    }
  }

  /** Starts the slider's analysis for a shown, drawn scene (a no-op once it runs or is done). */
  #startLive(): void {
    if (!this.#originalDrawn || this.element.hidden) return;
    if (!this.#wantsAnalysis && this.#analysis === null) {
      this.#live.slider.offerPrepare(`the slider needs the scene's analysis (a few seconds to a minute on ${navigator.hardwareConcurrency || 1} cores); a budget starts it too`);
      return;
    }
    if (!this.#liveStarted) {
      this.#liveStarted = true;
      void this.#live.start().finally(() => { if (this.#analysis === null) this.#liveStarted = false; });
    }
  }

  /**
   * A hidden scene's analysis, started for the slider alone, is stopped: the shown scene gets the
   * workers. It starts again when the scene is shown; a budget waiting for it keeps it running.
   */
  #pauseLive(): void {
    if (this.#analysing === null || this.#entries.some((e) => e.task === null && !e.cancelled)) return;
    this.#analysing.cancel();
  }

  chartPointPosition(id: number): { x: number; y: number } | null {
    return this.#chart.pointPosition(id);
  }

  /** Where on the page the chart stands for `bytes` (for tests that click the curve). */
  chartPositionOf(bytes: number): { x: number; y: number } | null {
    return this.#chart.positionOf(bytes);
  }

  // ——— layout ———

  #addPane(title: string): Pane {
    const pane = new Pane({
      title,
      forceWebGL: this.services.forceWebGL,
      requestFrame: () => this.requestFrame(),
      onLost: (text) => showError(this.services.notices, text),
    });
    this.#panes.append(pane.element);
    this.#allPanes.add(pane);
    this.#reflow();
    return pane;
  }

  /** Columns for the panes there are now, in the room they have (pane-grid.ts): the grid re-flows as panes come and go and as the window changes. */
  #reflow(): void {
    const columns = paneColumns(this.#panes.childElementCount, this.#panes.clientWidth, this.#panes.clientHeight, PANE_GRID);
    this.#panes.style.setProperty('--columns', String(columns));
  }

  #visiblePanes(): Pane[] {
    for (const pane of this.#allPanes) if (!pane.element.isConnected) this.#allPanes.delete(pane);
    return [...this.#allPanes];
  }

  #buildSidebar(): void {
    const facts = renderFacts(this.opened.facts);
    this.#budgetList.className = 'budget-list';
    const heading = document.createElement('h2');
    heading.textContent = 'Budgets';
    this.#sidebar.append(facts, heading, budgetForm(BUDGET_PRESETS, (text) => this.addBudgets(text)), this.#budgetList);
  }

  #createLiveBudget(): LiveBudget {
    return new LiveBudget({
      key: this.#key,
      inputBytes: this.opened.facts.bytes,
      splats: this.opened.scene.count,
      previews: this.services.previews,
      fits: this.services.pool,
      reportViews: PAGE_REPORT_VIEWS,
      analysis: () => this.#measurements(),
      decode: (result) => this.#decode(result),
      addPane: (title) => this.#addPane(title),
      keep: (bytes, exact) => this.#addBudget(formatBytes(bytes), bytes, exact),
      prepare: () => {
        this.#wantsAnalysis = true;
        this.#startLive();
      },
      onCurve: (curve) => this.#chart.setPredicted(curve.points),
      onError: (text) => void showError(this.services.notices, text),
    });
  }

  /** The slider, and beside it the chart (its own panel, under the panes). */
  #buildLivePanel(): QualityChart {
    const chartBox = document.createElement('div');
    chartBox.className = 'chart';
    const tools = document.createElement('div');
    tools.className = 'chart-tools';
    const heading = document.createElement('h2');
    heading.textContent = 'Quality vs size';
    const metric = document.createElement('select');
    metric.setAttribute('aria-label', 'Chart metric');
    metric.append(new Option('PSNR', 'psnr'), new Option('SSIM', 'ssim'));
    const formats = document.createElement('button');
    formats.type = 'button';
    formats.textContent = 'Add the standard formats';
    formats.title = '.spz, .compressed.ply and .splat of the whole scene, measured like a budget';
    formats.addEventListener('click', () => {
      formats.disabled = true;
      this.#ensureFixedFormats();
    });
    tools.append(heading, metric, formats);
    const holder = document.createElement('div');
    holder.className = 'chart-holder';
    const canvas = document.createElement('canvas');
    holder.append(canvas);
    chartBox.append(tools, holder);
    this.#livePanel.append(this.#live.slider.element, chartBox);
    const chart = new QualityChart(canvas, { onPick: (id) => this.#showResult(id), onBudget: (bytes) => this.#live.slider.set(bytes) });
    metric.addEventListener('change', () => chart.setMetric(metric.value as 'psnr' | 'ssim'));
    return chart;
  }

  // ——— compression ———

  /**
   * A budget row, unless a row running or done has that budget already (that row is pointed at; one
   * cancelled or failed gives way to the new one, so asking again runs it again); `exact` is a fit
   * already made (the slider's), used instead of fitting again.
   */
  #addBudget(label: string, bytes: number, exact: ExactFit | null): void {
    const same = this.#entries.find((e) => e.kind === 'budget' && e.budget === bytes);
    if (same !== undefined && (same.cancelled || same.row?.state === 'failed')) this.#remove(same);
    else if (same !== undefined) {
      same.notices.push(showNote(this.services.notices, `“${label}” is the same budget as “${same.label}” (${formatCount(bytes)} bytes): see its row.`));
      same.row?.element.scrollIntoView({ block: 'nearest' });
      same.row?.flash();
      return;
    }
    const entry = this.#newEntry(label, 'budget', bytes, 'splatfit');
    const perSplat = bytes / this.opened.scene.count;
    if (perSplat < FEW_BYTES_PER_SPLAT) {
      // a relative budget (5%, 1:20) has a decoded twin; a budget in bytes is shown the usual one
      const relative = /%|:/.test(label), instead = `${label.trim()} decoded`;
      const offer = relative && !/decoded/i.test(label) ? { label: `Add ${instead}`, run: () => this.addBudgets(instead) } : undefined;
      entry.notices.push(showNote(this.services.notices, `${label} leaves ${perSplat.toFixed(2)} bytes a splat of ${this.title}: most splats will be dropped. `
        + `A budget relative to the decoded scene (${formatBytes(this.#budgetBase.decoded)} as .ply), such as “${relative ? instead : '5% decoded'}”, may be what you meant.`, offer));
    }
    void this.#run(entry, exact);
  }

  #newEntry(label: string, kind: Entry['kind'], budget: number, format: WritableFormat): Entry {
    const entry: Entry = { id: nextEntryId++, label, kind, budget, format, row: null, task: null, cancelled: false, notices: [] };
    if (kind === 'budget') {
      const row = new BudgetRow(label, {
        cancel: () => this.#cancel(entry),
        remove: () => this.#remove(entry),
        download: () => {
          if (entry.result === undefined) return;
          downloadBytes(entry.result.bytes, this.#fileName(entry.label, 'splatfit'));
          entry.saved = true;
        },
        exportAs: (f) => void this.#export(entry, f),
      }, { downloadable: true });
      (entry as { row: BudgetRow }).row = row;
      this.#budgetList.append(row.element);
    }
    this.#entries.push(entry);
    return entry;
  }

  #measurements(): Promise<{ measurements: AnalysisMeasurements; planning: SharedPlanning }> {
    if (this.#analysis === null) {
      this.#wantsAnalysis = true;
      queueMicrotask(() => this.#startLive());
      // the slider's preview worker loads while the analysis runs
      this.services.previews.warm();
      const progress = (f: number): void => {
        const stage = `analysing: ${analysisStage(f)} (${Math.round(100 * f)} %)`;
        this.#live.slider.setStatus(stage);
        for (const e of this.#entries) {
          if (e.task !== null || e.cancelled) continue;
          e.row?.setProgress(0.3 * f);
          e.row?.setState('analysing', stage);
        }
      };
      // The scene is handed over: the analysis puts it in encoding order in place rather than in a
      // copy (0.92 GB on a 6 M-splat scene, alive as long as the scene's budgets), once the original's
      // pane has taken what it draws from it. Order changes no picture, the fidelity worker's included.
      const started = this.#originalPacked.then(() => {
        const task = this.services.pool.analyze(this.#key, this.opened.scene, progress, true);
        this.#analysing = task;
        return task.result;
      });
      // every budget's plan needs the same pruning errors and size models: measure them once, spread over the pool
      this.#analysis = started.then(async (measurements) => {
        this.#analysing = null;
        const stage = 'analysing: measuring file sizes of each coding';
        this.#live.slider.setStatus(stage);
        for (const e of this.#entries) if (e.task === null && !e.cancelled) e.row?.setState('analysing', stage);
        return { measurements, planning: await this.services.pool.sharedPlanning(this.#key, measurements) };
      });
      this.#analysis.catch(() => {
        this.#analysis = null;
        this.#analysing = null;
      });
    }
    return this.#analysis;
  }

  async #run(entry: Entry, exact: ExactFit | null = null): Promise<void> {
    try {
      const { result, scene } = exact ?? { result: await this.#fit(entry), scene: null };
      entry.result = result;
      entry.source = fileScene(result.kept, () => this.#decode(result), scene);
      await this.services.fidelity.keepFile(this.#resultKey(entry), resultFileName(result.format), result.bytes);
      entry.row?.setState('done', summary(result, this.opened.facts.bytes));
      if (entry.kind === 'fixed') this.#live.mark(entry.label, result.bytes.length);
      else this.#showResult(entry.id);
      this.#updateChart();
    } catch (error) {
      if (entry.cancelled) {
        entry.row?.setState('cancelled');
        return;
      }
      entry.row?.setState('failed', message(error));
      entry.notices.push(showError(this.services.notices, `${this.title} at ${entry.label}: ${message(error)}`));
    }
  }

  async #fit(entry: Entry): Promise<BudgetResult> {
    if (entry.row?.state === 'waiting') entry.row.setState('analysing');
    const { measurements, planning } = await this.#measurements();
    if (entry.cancelled) throw new Error('cancelled');
    entry.row?.setState('running');
    entry.task = this.services.pool.fit(this.#key, measurements, { budget: entry.budget, format: entry.format, reportViews: PAGE_REPORT_VIEWS }, (f) => entry.row?.setProgress(0.3 + 0.65 * f), planning);
    return entry.task.result;
  }

  /** A result read to be drawn: panes only draw it, so its SH rest stays as the file codes it. */
  #decode(result: BudgetResult): Promise<DrawnScene> {
    return this.services.scenes.readForDrawing(resultFileName(result.format), result.bytes);
  }

  #cancel(entry: Entry): void {
    entry.cancelled = true;
    entry.task?.cancel();
    entry.row?.setState('cancelled');
  }

  #remove(entry: Entry): void {
    this.#cancel(entry);
    entry.pane?.dispose();
    entry.row?.element.remove();
    for (const notice of entry.notices) notice.remove();
    this.#entries.splice(this.#entries.indexOf(entry), 1);
    void this.services.fidelity.forget(this.#resultKey(entry));
    this.#reflow();
    this.#updateChart();
    this.requestFrame();
  }

  /** Writes a budget's fit in another format, downloads it, and opens it as a pane measured like a budget. */
  async #export(entry: Entry, format: WritableFormat): Promise<void> {
    const row = entry.row!;
    const extension = WRITABLE_EXTENSIONS[format];
    row.setState('running', `exporting ${extension}…`);
    try {
      const { measurements, planning } = await this.#measurements();
      const task = this.services.pool.fit(this.#key, measurements, { budget: entry.budget, format, reportViews: PAGE_REPORT_VIEWS }, (f) => row.setProgress(f), planning);
      const result = await task.result;
      const name = this.#fileName(entry.label, format);
      downloadBytes(result.bytes, name);
      entry.saved = true;
      // the budget already costs fidelity; what the format itself cannot hold is said apart
      const warnings = conversionWarnings(this.opened.facts, format);
      if (warnings.length > 0) entry.notices.push(showNote(this.services.notices, `${name}: ${warnings.join('; ')}.`));
      row.setState('done', `${summary(entry.result!, this.opened.facts.bytes)} · exported ${extension} ${formatBytes(result.bytes.length)}`);
      void this.#openExport(entry, result);
    } catch (error) {
      row.setState('done', summary(entry.result!, this.opened.facts.bytes));
      entry.notices.push(showError(this.services.notices, `Export of ${entry.label} as ${extension}: ${message(error)}`));
    }
  }

  /** The exported file read back as our reader reads it, in a pane of its own with its measured figures. */
  async #openExport(source: Entry, result: BudgetResult): Promise<void> {
    const extension = WRITABLE_EXTENSIONS[result.format];
    try {
      const scene = await this.#decode(result);
      await this.#run(this.#newEntry(`${source.label} as ${extension}`, 'export', source.budget, result.format), { result, scene });
    } catch (error) {
      source.notices.push(showError(this.services.notices, `The ${extension} export of ${source.label} was downloaded but could not be shown: ${message(error)}`));
    }
  }

  #ensureFixedFormats(): void {
    if (this.#entries.some((e) => e.kind === 'fixed')) return;
    for (const [format, label] of FIXED_FORMATS) void this.#run(this.#newEntry(label, 'fixed', WHOLE_SCENE, format));
  }

  #fileName(label: string, format: WritableFormat): string {
    const stem = this.title.replace(/\.[^.]+$/, '').replace(/\.compressed$/, '');
    return `${stem}-${budgetFileLabel(label)}${WRITABLE_EXTENSIONS[format]}`;
  }

  #resultKey(entry: Entry): string {
    return `${this.#key}-result-${entry.id}`;
  }

  // ——— panes of results ———

  #showResult(id: number): void {
    const entry = this.#entries.find((e) => e.id === id);
    if (entry === undefined || entry.result === undefined || entry.source === undefined) return;
    const source = entry.source;
    if (entry.pane === undefined) {
      const pane = this.#addPane({ budget: `Budget ${entry.label}`, export: `Budget ${entry.label}`, fixed: `${entry.label} (whole scene)` }[entry.kind]);
      pane.element.dataset['pane'] = entry.label;
      pane.element.style.order = String(entry.id); // panes stay in the order budgets were added
      pane.setFigures(figures(entry.result, entry.label, this.opened.facts.bytes, this.opened.scene.count));
      const toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.textContent = 'Show difference';
      toggle.setAttribute('aria-pressed', 'false');
      toggle.addEventListener('click', () => {
        const on = toggle.getAttribute('aria-pressed') !== 'true';
        toggle.setAttribute('aria-pressed', String(on));
        toggle.textContent = on ? 'Hide difference' : 'Show difference';
        if (!on) pane.showHeat(null);
        void this.#checkView(entry, on);
      });
      pane.actions.append(toggle);
      if (entry.row === null) pane.actions.append(this.#closeButton(entry));
      entry.pane = pane;
      // The view check decodes the result in the fidelity worker and gives it back when done; the
      // pane then decodes it again for its textures. In this order the check never runs beside
      // the result's GPU textures and the pane's decode (for 5 % of the 6 M tiling, 0.37 GB on
      // the GPU while the check held 0.45 GB).
      void this.#checkView(entry, false).then(() => pane.setScene(source));
    }
    entry.pane.element.scrollIntoView({ block: 'nearest' });
    this.requestFrame();
  }

  /** Closes a result that has no row of its own (a standard format, an export). */
  #closeButton(entry: Entry): HTMLButtonElement {
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    close.setAttribute('aria-label', `Close ${entry.label}`);
    close.addEventListener('click', () => this.#remove(entry));
    return close;
  }

  #cameraMoved(): void {
    this.#moving = true;
    this.requestFrame();
    clearTimeout(this.#restTimer);
    this.#restTimer = setTimeout(() => {
      // at rest: full resolution again, and the per-view figures for this camera
      this.#moving = false;
      this.requestFrame();
      for (const entry of this.#entries) {
        if (entry.pane !== undefined) void this.#checkView(entry, entry.pane.heatShown);
      }
    }, REST_MS);
  }

  /** PSNR of a result against the original at the current camera (and its heat map when asked). */
  async #checkView(entry: Entry, withHeat: boolean): Promise<void> {
    const pane = entry.pane;
    if (pane === undefined) return;
    pane.setFigure('view-psnr', 'measuring…');
    const camera = this.#checkCamera(pane);
    try {
      const difference = await this.services.fidelity.difference(this.#key, this.#resultKey(entry), camera);
      pane.setFigure('view-psnr', formatPsnr(difference.psnr));
      if (withHeat) pane.showHeat(difference);
    } catch (error) {
      pane.setFigure('view-psnr', `failed: ${message(error)}`);
    }
  }

  #checkCamera(pane: Pane): Camera {
    const { width, height } = pane.viewSize;
    const s = Math.min(1, VIEW_CHECK_SIZE / Math.max(width, height));
    return this.#rig.camera(Math.max(8, Math.round(width * s)), Math.max(8, Math.round(height * s)));
  }

  #updateChart(): void {
    const points: ChartPoint[] = this.#entries.flatMap((e) => (e.result === undefined ? [] : [{
      id: e.id, label: e.kind === 'budget' ? `Splatfit ${e.label}` : e.label, bytes: e.result.bytes.length, psnr: e.result.psnr, ssim: e.result.ssim,
      kind: e.kind === 'budget' ? 'budget' : 'fixed',
    }]));
    this.#chart.update(points);
    this.#chart.canvas.dataset['points'] = JSON.stringify(points.map((p) => ({ id: p.id, label: p.label, kind: p.kind })));
  }
}

const message = plainMessage;
