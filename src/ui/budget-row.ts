/**
 * One entry of the budget list: its label, state, a progress bar with a cancel button while it
 * runs, then the result's size and fidelity with download and export buttons, and remove.
 */
import type { WritableFormat } from '../core/index.ts';

export type RowState = 'waiting' | 'analysing' | 'running' | 'done' | 'failed' | 'cancelled';

const STILL_FITTING: ReadonlySet<RowState> = new Set(['waiting', 'analysing', 'running']);

export interface RowActions {
  cancel(): void;
  remove(): void;
  download(): void;
  exportAs(format: WritableFormat): void;
}

/** Formats the export menu offers, each fitted to the row's budget. */
export const EXPORT_FORMATS: readonly (readonly [WritableFormat, string])[] = [
  ['ply', '.ply'], ['compressed-ply', '.compressed.ply'], ['spz', '.spz'], ['splat', '.splat'], ['sog', '.sog'],
];

export class BudgetRow {
  readonly element = document.createElement('li');
  readonly #status = document.createElement('span');
  readonly #bar = document.createElement('progress');
  readonly #cancel = document.createElement('button');
  readonly #done = document.createElement('div');

  constructor(readonly label: string, actions: RowActions, options: { downloadable: boolean }) {
    this.element.className = 'budget-row';
    this.element.dataset['budget'] = label;
    const title = document.createElement('strong');
    title.textContent = label;
    this.#bar.max = 1;
    this.#bar.value = 0;
    this.#bar.setAttribute('aria-label', `Fitting ${label}`);
    this.#cancel.type = 'button';
    this.#cancel.textContent = 'Cancel';
    this.#cancel.className = 'row-cancel';
    this.#cancel.addEventListener('click', () => actions.cancel());
    const remove = button('Remove', () => actions.remove());
    remove.className = 'quiet row-remove';
    this.#done.className = 'budget-done';
    this.#done.hidden = true;
    if (options.downloadable) {
      const save = button('Download .splatfit', () => actions.download());
      save.dataset['action'] = 'download';
      const menu = document.createElement('select');
      menu.setAttribute('aria-label', `Export ${label} as`);
      menu.append(new Option('Export as…', ''), ...EXPORT_FORMATS.map(([format, text]) => new Option(`${text} at this budget`, format)));
      menu.addEventListener('change', () => {
        if (menu.value !== '') actions.exportAs(menu.value as WritableFormat);
        menu.value = '';
      });
      this.#done.append(save, menu);
    }
    this.element.append(title, this.#status, this.#bar, this.#cancel, remove, this.#done);
    this.setState('waiting');
  }

  get state(): RowState {
    return this.element.dataset['state'] as RowState;
  }

  /** Still at work on its fit: queued, waiting for the analysis, or fitting. */
  get fitting(): boolean {
    return STILL_FITTING.has(this.state);
  }

  setState(state: RowState, detail = ''): void {
    this.element.dataset['state'] = state;
    const running = STILL_FITTING.has(state);
    this.#bar.hidden = !running;
    this.#cancel.hidden = !running;
    this.#done.hidden = state !== 'done';
    const words: Record<RowState, string> = {
      waiting: 'queued', analysing: 'analysing the scene…', running: 'fitting…', done: '', failed: 'failed', cancelled: 'cancelled',
    };
    this.#status.textContent = detail === '' ? words[state] : detail;
  }

  setProgress(fraction: number): void {
    this.#bar.value = fraction;
  }

  /** Draws the eye to this row for a moment (a budget asked for again points here). */
  flash(): void {
    this.element.classList.remove('flash');
    void this.element.offsetWidth; // restart the animation
    this.element.classList.add('flash');
  }
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
