/**
 * What makes two openings the same scene: the same URL, or a file of the same name, size and time
 * of last change (a SOG with the same title). Opening it again shows the tab it has, rather than a
 * second copy with the same name (which a big scene would not even have room for in the tab).
 */
import type { SceneInput } from '../../workers/scene-tasks.ts';

export function sceneIdentity(input: SceneInput): string {
  if (input.kind === 'url') return `url ${input.url}`;
  const { name, blob } = input.main;
  const changed = (blob as Partial<File>).lastModified ?? '';
  return `file ${input.title ?? ''}/${name} ${blob.size} ${changed}`;
}
