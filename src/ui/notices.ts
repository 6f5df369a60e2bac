/** Error messages and progress bars: what the user sees while work runs or when it fails. */

/** What a notice offers to do about what it says (a button beside its text; the notice leaves when it is used). */
export interface NoteAction {
  readonly label: string;
  run(): void;
}

/** Returns the notice, so that whoever it is about can take it away with itself. */
export function showError(container: HTMLElement, message: string, action?: NoteAction): HTMLElement {
  return withAction(dismissable(container, 'error', 'alert', message), action);
}

/** A lasting, dismissable note that is not an error (e.g. which GPU backend draws). */
export function showNote(container: HTMLElement, message: string, action?: NoteAction): HTMLElement {
  return withAction(dismissable(container, 'note', 'status', message), action);
}

function withAction(notice: HTMLElement, action: NoteAction | undefined): HTMLElement {
  if (action === undefined) return notice;
  notice.querySelector('span')!.after(leavingButton(notice, action.label, () => action.run()));
  return notice;
}

/** A button that takes `item` away, then does what it says. */
function leavingButton(item: HTMLElement, label: string, run: () => void = () => {}): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', () => {
    item.remove();
    run();
  });
  return button;
}

function dismissable(container: HTMLElement, className: string, role: string, message: string): HTMLElement {
  const item = document.createElement('div');
  item.className = className;
  item.setAttribute('role', role);
  const text = document.createElement('span');
  text.textContent = message;
  item.append(text, leavingButton(item, 'Dismiss'));
  container.append(item);
  // the list scrolls once it is tall: the newest is the one to see
  item.scrollIntoView({ block: 'nearest' });
  return item;
}

export interface ProgressHandle {
  update(fraction: number): void;
  done(): void;
}

/** `cancel`: offered as a button beside the bar (the bar leaves when it is used). */
export function showProgress(container: HTMLElement, label: string, cancel?: () => void): ProgressHandle {
  const item = document.createElement('div');
  item.className = 'progress';
  const text = document.createElement('span');
  text.textContent = `Opening ${label}…`;
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  bar.setAttribute('aria-label', `Opening ${label}`);
  item.append(text, bar);
  if (cancel !== undefined) {
    const stop = leavingButton(item, 'Cancel', cancel);
    stop.setAttribute('aria-label', `Cancel opening ${label}`);
    item.append(stop);
  }
  container.append(item);
  return {
    update: (fraction) => { bar.value = fraction; },
    done: () => item.remove(),
  };
}
