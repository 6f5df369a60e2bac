/**
 * Turns a set of dropped or picked files into scenes to open: each scene file opens on its own,
 * and an unbundled SOG (a meta.json with its .webp images) opens as one scene.
 */
import type { SceneInput } from '../../workers/scene-tasks.ts';

export function groupFiles(files: readonly File[]): SceneInput[] {
  const images = files.filter((f) => f.name.toLowerCase().endsWith('.webp'));
  const siblings = images.map((f) => ({ name: f.name, blob: f }));
  const inputs: SceneInput[] = [];
  for (const file of files) {
    if (images.includes(file)) continue;
    const isSogMeta = file.name.toLowerCase().endsWith('.json');
    inputs.push({ kind: 'files', main: { name: file.name, blob: file }, siblings: isSogMeta ? siblings : [] });
  }
  if (inputs.length === 0 && images.length > 0) {
    // Images alone cannot be read; let the worker say what is missing, with the file names.
    inputs.push({ kind: 'files', main: { name: images[0]!.name, blob: images[0]! }, siblings: [] });
  }
  return inputs;
}
