/**
 * Where budgets are typed (several, comma-separated) or picked from presets. A text the parser
 * refuses is answered under the box, and the text stays there to be mended: a slip of the keys
 * is the box's business, not a page-wide alert, and a list with one bad part adds none of it.
 */
import { plainMessage } from './plain-message.ts';

/** Adds the budgets a text names; throws, saying why, where it names one it cannot use. */
export type AddBudgets = (text: string) => void;

let nextFormId = 0;

export function budgetForm(presets: readonly string[], add: AddBudgets): HTMLElement {
  const id = `budget-error-${nextFormId++}`;
  const input = document.createElement('input');
  input.name = 'budget';
  input.placeholder = 'e.g. 10MB, 5%, 1:20';
  input.setAttribute('aria-label', 'Budgets');
  input.setAttribute('aria-describedby', id);
  const error = document.createElement('p');
  error.id = id;
  error.className = 'field-error';
  error.setAttribute('aria-live', 'polite');
  error.hidden = true;
  const say = (text: string | null): void => {
    error.textContent = text ?? '';
    error.hidden = text === null;
    input.setAttribute('aria-invalid', String(text !== null));
  };
  const submit = (text: string): boolean => {
    try {
      add(text);
      say(null);
      return true;
    } catch (reason) {
      say(plainMessage(reason));
      return false;
    }
  };

  const form = document.createElement('form');
  form.className = 'budget-form';
  const button = document.createElement('button');
  button.type = 'submit';
  button.textContent = 'Add budget';
  form.append(input, button);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim() === '') return;
    if (submit(input.value)) input.value = '';
    else input.select();
  });
  input.addEventListener('input', () => say(null));

  const buttons = document.createElement('div');
  buttons.className = 'presets';
  for (const preset of presets) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = preset;
    b.addEventListener('click', () => void submit(preset));
    buttons.append(b);
  }
  const box = document.createElement('div');
  box.className = 'budget-entry';
  box.append(form, error, buttons);
  return box;
}
