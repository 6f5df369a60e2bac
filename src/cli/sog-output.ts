/**
 * Writing SOG from the CLI: a bundled `.sog` file, or the unbundled form — meta.json and its WebP
 * images in a folder — when OUT ends in `/` (the folder) or in `meta.json` (the meta file, with the
 * images beside it), the two ways splat-transform and SuperSplat name an unbundled SOG. Every file
 * is written atomically (atomic-write.ts); an unbundled SOG's images are renamed into place before
 * its meta.json, so the meta.json a reader finds names complete images.
 */
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { bundleSog, META_FILE, type SplatScene, writeSogFiles } from '../core/index.ts';
import { assertWritableFolder, commitStaged, discardStaged, type StagedFile, stageFile, writeFileAtomic } from './atomic-write.ts';
import { nodeWebpEncoder } from './node-platform.ts';

const endsInSeparator = (path: string): boolean => path.endsWith('/') || path.endsWith('\\');

/** True when OUT asks for the unbundled form. */
export const isSogFolderOutput = (output: string): boolean => endsInSeparator(output) || basename(output).endsWith(META_FILE);

/** The meta.json path of an unbundled OUT, or OUT itself for a bundle. */
const mainPath = (output: string): string => (!isSogFolderOutput(output) ? output : endsInSeparator(output) ? join(output, META_FILE) : output);

/** Creates an unbundled output's folder and checks that it (or a bundle's folder) takes new files. */
export async function prepareSogOutput(output: string): Promise<void> {
  if (isSogFolderOutput(output)) await mkdir(dirname(mainPath(output)), { recursive: true });
  await assertWritableFolder(mainPath(output));
}

/** Writes `scene` as SOG to OUT (either form); returns the bytes written in all. */
export async function writeSogOutput(scene: SplatScene, output: string): Promise<number> {
  const files = await writeSogFiles(scene, { encodeImage: await nodeWebpEncoder() });
  if (!isSogFolderOutput(output)) {
    const bundle = bundleSog(files);
    await writeFileAtomic(output, bundle);
    return bundle.length;
  }
  const metaPath = mainPath(output);
  await mkdir(dirname(metaPath), { recursive: true });
  const names = Object.keys(files).sort((a, b) => Number(a === META_FILE) - Number(b === META_FILE));
  const staged: StagedFile[] = [];
  try {
    for (const name of names) staged.push(await stageFile(name === META_FILE ? metaPath : join(dirname(metaPath), name), files[name]!));
  } catch (error) {
    await discardStaged(staged);
    throw error;
  }
  await commitStaged(staged);
  return names.reduce((total, name) => total + files[name]!.length, 0);
}
