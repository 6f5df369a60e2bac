/**
 * The page: open scenes (drop, file picker, `?url=`, or the bundled sample), parse them in the
 * scene worker with a progress bar, list them, and show the selected one with its facts.
 */
import type { OpenedScene, SceneInput } from '../../workers/scene-tasks.ts';
import { createGs3dViewer } from '../render/gs3d-viewer.ts';
import type { SceneViewer } from '../render/scene-viewer.ts';
import { renderFacts } from '../ui/facts-table.ts';
import { formatBytes } from '../ui/format.ts';
import { showError, showProgress } from '../ui/notices.ts';
import { groupFiles } from './file-groups.ts';
import { createSceneClient } from './scene-client.ts';
import '../ui/styles.css';

/** Bundled sample, shown when the page opens without a file (see public/samples/ATTRIBUTION.md). */
const SAMPLE_URL = `${import.meta.env.BASE_URL}samples/playbot-31k.spz`;
/** Files above this are refused up front: their scene would not fit in a tab's memory. */
const MAX_FILE_BYTES = 3 * 1024 ** 3;

interface OpenScene extends OpenedScene {
  id: number;
}

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const notices = element<HTMLDivElement>('notices');
const tabs = element<HTMLUListElement>('scene-tabs');
const viewerHost = element<HTMLDivElement>('viewer');
const factsHost = element<HTMLDivElement>('facts');
const emptyState = element<HTMLDivElement>('empty-state');

const client = createSceneClient();
const scenes: OpenScene[] = [];
let nextId = 1;
let viewer: SceneViewer | null = null;
let shown = Promise.resolve();

async function openInput(input: SceneInput): Promise<void> {
  const label = input.kind === 'files' ? input.main.name : input.name;
  if (input.kind === 'files' && input.main.blob.size > MAX_FILE_BYTES) {
    showError(notices, `${label}: ${formatBytes(input.main.blob.size)} is more than this page can hold in memory (limit ${formatBytes(MAX_FILE_BYTES)}); use the splatfit CLI instead.`);
    return;
  }
  const progress = showProgress(notices, label);
  try {
    const opened = await client.open(input, (f) => progress.update(f));
    const scene: OpenScene = { ...opened, id: nextId++ };
    scenes.push(scene);
    renderTabs(scene.id);
    await select(scene.id);
  } catch (error) {
    showError(notices, error instanceof Error ? error.message : String(error));
  } finally {
    progress.done();
  }
}

function renderTabs(activeId: number): void {
  tabs.replaceChildren(...scenes.map((s) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = s.facts.name;
    button.setAttribute('aria-pressed', String(s.id === activeId));
    button.addEventListener('click', () => { renderTabs(s.id); void select(s.id); });
    item.append(button);
    return item;
  }));
}

/** Shows one scene; calls are chained so two quick clicks never race two viewers. */
function select(id: number): Promise<void> {
  // A failed step must not stop later ones, hence the catch before each new step.
  shown = shown.catch(() => undefined).then(async () => {
    const scene = scenes.find((s) => s.id === id);
    if (scene === undefined) return;
    emptyState.hidden = true;
    factsHost.replaceChildren(renderFacts(scene.facts));
    await viewer?.dispose();
    viewerHost.dataset['state'] = 'loading';
    viewer = createGs3dViewer(viewerHost);
    try {
      await viewer.show(scene.previewPly, scene.frame);
      viewerHost.dataset['state'] = 'ready';
    } catch (error) {
      viewerHost.dataset['state'] = 'failed';
      showError(notices, `${scene.facts.name}: the viewer could not draw it: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return shown;
}

function openFiles(files: readonly File[]): void {
  for (const input of groupFiles(files)) void openInput(input);
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
    openFiles(Array.from(e.dataTransfer?.files ?? []));
  });
}

function initialInput(): SceneInput {
  const url = new URLSearchParams(location.search).get('url');
  const target = url ?? SAMPLE_URL;
  const name = decodeURIComponent(new URL(target, location.href).pathname.split('/').pop() || 'scene');
  return { kind: 'url', url: new URL(target, location.href).href, name };
}

wireDropAndPick();
void openInput(initialInput());
