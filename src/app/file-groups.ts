/**
 * Turns a set of dropped or picked files into scenes to open: each scene file opens on its own,
 * and an unbundled SOG (a meta.json with its .webp images) opens as one scene, titled after its
 * folder when the folder is known (a dropped folder, or a picked file's relative path).
 */
import type { SceneInput } from '../../workers/scene-tasks.ts';

export function groupFiles(files: readonly File[], folder?: string): SceneInput[] {
  const images = files.filter((f) => f.name.toLowerCase().endsWith('.webp'));
  const siblings = images.map((f) => ({ name: f.name, blob: f }));
  const inputs: SceneInput[] = [];
  for (const file of files) {
    if (images.includes(file)) continue;
    const isSogMeta = file.name.toLowerCase().endsWith('.json');
    const title = isSogMeta ? folder ?? folderOf(file) : undefined;
    inputs.push({ kind: 'files', main: { name: file.name, blob: file }, siblings: isSogMeta ? siblings : [], ...(title === undefined ? {} : { title }) });
  }
  if (inputs.length === 0 && images.length > 0) {
    // Images alone cannot be read; let the worker say what is missing, with the file names.
    inputs.push({ kind: 'files', main: { name: images[0]!.name, blob: images[0]! }, siblings: [] });
  }
  return inputs;
}

/** The folder a picked file came from (`statues/meta.json` → `statues`), when the browser says. */
function folderOf(file: File): string | undefined {
  const parts = (file.webkitRelativePath || '').split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}
