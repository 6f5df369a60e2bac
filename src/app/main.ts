/**
 * The page: open scenes (drop, file picker, `?url=`, or the bundled sample), parse them in the
 * scene worker with a progress bar, and give each its workspace (panes under one camera, budgets,
 * chart, downloads) in a tab. `?webgl=1` forces the WebGL2 backend.
 */
import type { SceneInput } from '../../workers/scene-tasks.ts';
import { attachCameraControls, SHORTCUTS } from '../ui/camera-controls.ts';
import { showError, showNote, showProgress } from '../ui/notices.ts';
import { loadRenderer } from '../ui/pane.ts';
import { plainMessage } from '../ui/plain-message.ts';
import { createBrowserCompressPool, createPreviewPool } from './compress-client.ts';
import { droppedGroups } from './dropped-files.ts';
import { createFidelityClient } from './fidelity-client.ts';
import { groupFiles } from './file-groups.ts';
import { fileSceneSize, memoryRefusal, urlSceneSize } from './memory-check.ts';
import { createSceneClient } from './scene-client.ts';
import { sceneIdentity } from './scene-identity.ts';
import { Workspace, type WorkspaceServices } from './workspace.ts';
import '../ui/styles.css';

/** Bundled sample, shown when the page opens without a file (see public/samples/ATTRIBUTION.md). */
const SAMPLE_URL = `${import.meta.env.BASE_URL}samples/playbot-31k.spz`;

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const notices = element<HTMLDivElement>('notices');
const tabs = element<HTMLUListElement>('scene-tabs');
const workspaces = element<HTMLDivElement>('workspaces');
const emptyState = element<HTMLDivElement>('empty-state');
const help = element<HTMLDialogElement>('help');

const query = new URLSearchParams(location.search);
const client = createSceneClient();
const services: WorkspaceServices = {
  pool: createBrowserCompressPool(),
  previews: createPreviewPool(),
  fidelity: createFidelityClient(),
  scenes: client,
  notices,
  forceWebGL: query.get('webgl') === '1',
};
// in a task of its own, while the scene is fetched and parsed: the first pane waits for it otherwise;
// a module that fails to load is reported by the pane that needs it
loadRenderer().catch(() => undefined);
const open: Workspace[] = [];
let active: Workspace | null = null;
let nextId = 1;
let backendNoted = false;

/** Where each open scene came from (scene-identity.ts), and the ones being opened now. */
const sources = new Map<Workspace, string>();
const opening = new Set<string>();

/** `checked`: the memory check was passed, or the user chose to open the scene anyway. */
async function openInput(input: SceneInput, checked = false): Promise<void> {
  const label = input.kind === 'files' ? input.main.name : input.name;
  const identity = sceneIdentity(input);
  const already = open.find((w) => sources.get(w) === identity);
  if (already !== undefined) {
    select(already);
    showNote(notices, `${label} is open already: its tab is shown.`);
    return;
  }
  // the same file dropped twice in a row: the first is on its way
  if (opening.has(identity)) return;
  opening.add(identity);
  try {
    await openNew(input, label, identity, checked);
  } finally {
    opening.delete(identity);
  }
}

async function openNew(input: SceneInput, label: string, identity: string, checked: boolean): Promise<void> {
  if (!checked) {
    const size = input.kind === 'files' ? await fileSceneSize(input.main.name, input.main.blob) : await urlSceneSize(input.url, input.name);
    const refusal = size === null ? null : memoryRefusal(label, size, services.pool.size);
    if (refusal !== null) {
      // the estimate is for a tab on any machine: one with memory to spare may go on
      showError(notices, refusal, { label: 'Open anyway', run: () => void openInput(input, true) });
      return;
    }
  }
  const stop = new AbortController();
  const progress = showProgress(notices, label, () => stop.abort());
  try {
    const opened = await client.open(input, (f) => progress.update(f), stop.signal);
    const title = input.kind === 'files' ? input.title ?? opened.facts.name : opened.facts.name;
    const workspace = new Workspace(opened, nextId++, services, title);
    open.push(workspace);
    sources.set(workspace, identity);
    workspaces.append(workspace.element);
    select(workspace);
    void noteBackend(workspace);
  } catch (error) {
    // cancelled by the user's own click: nothing to tell
    if (!stop.signal.aborted) showError(notices, plainMessage(error));
  } finally {
    progress.done();
  }
}

async function noteBackend(workspace: Workspace): Promise<void> {
  const backend = await workspace.backend.catch((error: unknown) => {
    showError(notices, `The renderer could not start: ${plainMessage(error)}`);
    return null;
  });
  document.body.dataset['backend'] = backend ?? 'none';
  if (backend === 'webgl2' && !backendNoted) {
    backendNoted = true;
    showNote(notices, services.forceWebGL
      ? 'Drawing with WebGL2, as asked (?webgl=1).'
      : 'WebGPU is not available in this browser: drawing with the WebGL2 backend instead (same pictures, slower sorting of large scenes).');
  }
}

function select(workspace: Workspace): void {
  active = workspace;
  emptyState.hidden = true;
  for (const w of open) w.setVisible(w === workspace);
  renderTabs();
}

function renderTabs(): void {
  tabs.replaceChildren(...open.map((w) => {
    const item = document.createElement('li');
    item.className = 'scene-tab';
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = w.title;
    button.setAttribute('aria-pressed', String(w === active));
    button.addEventListener('click', () => select(w));
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'close-tab';
    close.textContent = '×';
    close.title = `Close ${w.title}`;
    close.setAttribute('aria-label', `Close ${w.title}`);
    close.addEventListener('click', () => closeScene(w));
    item.append(button, close);
    return item;
  }));
}

/** Closes a scene's tab and frees what it holds; the next tab (or the empty page) shows. */
function closeScene(workspace: Workspace): void {
  const at = open.indexOf(workspace);
  if (at < 0) return;
  open.splice(at, 1);
  sources.delete(workspace);
  workspace.dispose();
  const next = open[Math.min(at, open.length - 1)];
  if (next !== undefined) {
    select(next);
    return;
  }
  active = null;
  emptyState.hidden = false;
  renderTabs();
}

function openFiles(files: readonly File[], folder?: string): void {
  for (const input of groupFiles(files, folder)) void openInput(input);
}

function wireDropAndPick(): void {
  const picker = element<HTMLInputElement>('file-input');
  picker.addEventListener('change', () => {
    openFiles(Array.from(picker.files ?? []));
    picker.value = '';
  });
  const overlay = element<HTMLDivElement>('drop-overlay');
  let depth = 0;
  window.addEventListener('dragenter', (e) => { e.preventDefault(); depth++; overlay.hidden = false; });
  window.addEventListener('dragleave', () => { depth = Math.max(0, depth - 1); if (depth === 0) overlay.hidden = true; });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    if (e.dataTransfer === null) return;
    void droppedGroups(e.dataTransfer).then((groups) => {
      for (const group of groups) openFiles(group.files, group.folder);
    }, (error: unknown) => showError(notices, `The dropped files could not be read: ${plainMessage(error)}`));
  });
}

function wireHelp(): void {
  const list = element<HTMLDListElement>('shortcuts');
  list.replaceChildren(...SHORTCUTS.flatMap(([keys, action]) => {
    const dt = document.createElement('dt');
    dt.textContent = keys;
    const dd = document.createElement('dd');
    dd.textContent = action;
    return [dt, dd];
  }));
  element<HTMLButtonElement>('help-button').addEventListener('click', () => help.showModal());
  attachCameraControls(workspaces, () => active?.rig ?? null, { fit: () => active?.fit(), help: () => (help.open ? help.close() : help.showModal()) });
}

function initialInput(): SceneInput {
  const target = query.get('url') ?? SAMPLE_URL;
  const name = decodeURIComponent(new URL(target, location.href).pathname.split('/').pop() || 'scene');
  return { kind: 'url', url: new URL(target, location.href).href, name };
}

// a budget fitted (minutes on a big scene) and not yet downloaded is not lost to a closed tab without a question
window.addEventListener('beforeunload', (e) => {
  if (open.some((w) => w.hasUnsavedWork)) e.preventDefault();
});

window.addEventListener('unhandledrejection', (e) => {
  showError(notices, `Unexpected failure: ${plainMessage(e.reason)}`);
});

/** For scripts and tests: the active workspace. */
(window as { splatfit?: { active(): Workspace | null } }).splatfit = { active: () => active };

wireDropAndPick();
wireHelp();
void openInput(initialInput());
