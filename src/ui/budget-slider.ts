/**
 * The budget slider: a log scale from the smallest file the codec makes to the lossless size,
 * with the input's size and the standard formats' sizes marked on it. It reports a move at once
 * (for the readout) and a rest once the pointer has stayed still a moment (for a preview), and
 * "Keep" asks for the budget under it as a budget row.
 */
import { labelRows } from './mark-rows.ts';
import { formatBytes } from './format.ts';

export interface SliderMark {
  readonly bytes: number;
  readonly label: string;
}

export interface SliderHandlers {
  /** The pointer rested (or was released, or the value was set): time for a preview. */
  onRest(bytes: number): void;
  onKeep(bytes: number): void;
  /** "Analyse now" was pressed (offered where the analysis does not start by itself). */
  onPrepare(): void;
}

/** Steps of the range input; the bytes it stands for are spaced evenly on a log scale. */
const STEPS = 1000;
/** Rows of the size marks under the track, their height, and the room between two labels on a row. */
const MARK_ROW_REM = 1.1;
const MARK_GAP_PX = 6;
/** A label's width and the track's where they cannot be measured (the slider not shown yet). */
const ESTIMATED_CHAR_PX = 6.5;
const FALLBACK_TRACK_PX = 300;
/** The pointer is still this long before a move counts as a rest. */
const REST_MS = 250;

export class BudgetSlider {
  readonly element = document.createElement('section');
  readonly #range = document.createElement('input');
  readonly #readout = document.createElement('span');
  readonly #marks = document.createElement('div');
  readonly #track = document.createElement('div');
  readonly #status = document.createElement('span');
  readonly #keep = document.createElement('button');
  readonly #prepare = document.createElement('button');
  #span: { smallest: number; lossless: number } | null = null;
  #restTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly inputBytes: number, readonly handlers: SliderHandlers) {
    this.element.className = 'budget-slider';
    const heading = document.createElement('h2');
    heading.textContent = 'Budget slider';
    this.#range.type = 'range';
    this.#range.min = '0';
    this.#range.max = String(STEPS);
    this.#range.step = '1';
    this.#range.disabled = true;
    this.#range.setAttribute('aria-label', 'Budget');
    this.#readout.className = 'slider-readout';
    this.#marks.className = 'slider-marks';
    this.#status.className = 'slider-status';
    this.#status.textContent = 'analysing the scene…';
    this.#keep.type = 'button';
    this.#keep.textContent = 'Keep this budget';
    this.#keep.disabled = true;
    this.#prepare.type = 'button';
    this.#prepare.textContent = 'Analyse the scene for the slider';
    this.#prepare.hidden = true;
    this.#prepare.addEventListener('click', () => {
      this.#prepare.hidden = true;
      handlers.onPrepare();
    });
    const track = this.#track;
    track.className = 'slider-track';
    track.append(this.#range, this.#marks);
    const line = document.createElement('div');
    line.className = 'slider-line';
    line.append(this.#readout, this.#keep);
    this.element.append(heading, track, line, this.#prepare, this.#status);
    this.#range.addEventListener('input', () => this.#moved());
    this.#range.addEventListener('change', () => this.#rested());
    this.#keep.addEventListener('click', () => handlers.onKeep(this.value));
    // labels that cleared each other on a wide track may not on a narrow one (and a hidden tab measures nothing)
    new ResizeObserver(() => this.#stackMarks([...this.#marks.children] as HTMLElement[])).observe(this.#track);
  }

  /** Bytes under the slider now. */
  get value(): number {
    return this.#bytesAt(Number(this.#range.value));
  }

  /** Enables the slider over the span, at `bytes` (clamped into it); nothing is previewed until it moves. */
  setSpan(span: { smallest: number; lossless: number }, bytes: number): void {
    this.#span = span;
    this.#range.disabled = false;
    this.#keep.disabled = false;
    this.#range.value = String(this.#stepOf(bytes));
    this.#showValue();
  }

  /** Moves the slider to `bytes` (e.g. from a click on the chart) and asks for its preview. */
  set(bytes: number): void {
    if (this.#span === null) return;
    this.#range.value = String(this.#stepOf(bytes));
    this.#showValue();
    this.#rested();
  }

  setMarks(marks: readonly SliderMark[]): void {
    if (this.#span === null) return;
    const inside = marks.filter((m) => m.bytes >= this.#span!.smallest && m.bytes <= this.#span!.lossless).sort((a, b) => a.bytes - b.bytes);
    const ticks = inside.map((m) => {
      const tick = document.createElement('span');
      tick.className = 'slider-mark';
      tick.style.left = `${(100 * this.#stepOf(m.bytes)) / STEPS}%`;
      tick.textContent = m.label;
      tick.title = `${m.label}: ${formatBytes(m.bytes)}`;
      return tick;
    });
    this.#marks.replaceChildren(...ticks);
    this.#stackMarks(ticks);
  }

  /** Stacks the labels in rows (mark-rows.ts); the track grows by the rows used. Widths are measured where the slider is shown, else estimated from the text. */
  #stackMarks(ticks: readonly HTMLElement[]): void {
    const across = this.#marks.clientWidth || FALLBACK_TRACK_PX;
    const placed = labelRows(ticks.map((tick) => ({
      at: (across * Number.parseFloat(tick.style.left)) / 100,
      width: tick.offsetWidth || tick.textContent!.length * ESTIMATED_CHAR_PX,
    })), across, MARK_GAP_PX);
    for (const [k, { row, hangsLeft }] of placed.entries()) {
      ticks[k]!.classList.toggle('hangs-left', hangsLeft);
      ticks[k]!.style.top = `${row * MARK_ROW_REM}rem`;
    }
    const rows = Math.max(2, ...placed.map((p) => p.row + 1));
    this.#marks.style.height = `${rows * MARK_ROW_REM}rem`;
    this.#track.style.paddingBottom = `${rows * MARK_ROW_REM + 0.1}rem`;
  }

  /** Offers to start the analysis (where it does not start by itself), with why. */
  offerPrepare(reason: string): void {
    this.#prepare.hidden = false;
    this.setStatus(reason);
  }

  /** The analysis started (by a budget, or another way than the offer): the offer goes. */
  withdrawPrepare(): void {
    this.#prepare.hidden = true;
  }

  setStatus(text: string): void {
    // progress says the same thing many times a second: an unchanged text is not set again (each set is a repaint)
    if (this.#status.textContent !== text) this.#status.textContent = text;
  }

  #moved(): void {
    this.#showValue();
    clearTimeout(this.#restTimer);
    this.#restTimer = setTimeout(() => this.#rested(), REST_MS);
  }

  #showValue(): void {
    const bytes = this.value;
    this.#readout.textContent = `${formatBytes(bytes)} · 1:${(this.inputBytes / bytes).toFixed(1)} · ${((100 * bytes) / this.inputBytes).toPrecision(2)} % of the file`;
    this.#readout.dataset['bytes'] = String(bytes);
    this.#range.setAttribute('aria-valuetext', formatBytes(bytes));
  }

  #rested(): void {
    clearTimeout(this.#restTimer);
    this.handlers.onRest(this.value);
  }

  #bytesAt(step: number): number {
    const { smallest, lossless } = this.#span ?? { smallest: 1, lossless: 1 };
    return Math.round(Math.exp(Math.log(smallest) + ((Math.log(lossless) - Math.log(smallest)) * step) / STEPS));
  }

  #stepOf(bytes: number): number {
    const { smallest, lossless } = this.#span!;
    const t = (Math.log(Math.max(smallest, Math.min(lossless, bytes))) - Math.log(smallest)) / Math.max(1e-9, Math.log(lossless) - Math.log(smallest));
    return Math.round(t * STEPS);
  }
}
