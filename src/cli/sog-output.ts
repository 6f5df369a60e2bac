/**
 * Writing SOG from the CLI: a bundled `.sog` file, or the unbundled form — meta.json and its WebP
 * images in a folder — when OUT ends in `/` (the folder) or in `meta.json` (the meta file, with the
 * images beside it), the two ways splat-transform and SuperSplat name an unbundled SOG.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { bundleSog, META_FILE, type SplatScene, writeSogFiles } from '../core/index.ts';
import { nodeWebpEncoder } from './node-platform.ts';

const endsInSeparator = (path: string): boolean => path.endsWith('/') || path.endsWith('\\');

/** True when OUT asks for the unbundled form. */
export const isSogFolderOutput = (output: string): boolean => endsInSeparator(output) || basename(output).endsWith(META_FILE);

/** Writes `scene` as SOG to OUT (either form); returns the bytes written in all. */
export async function writeSogOutput(scene: SplatScene, output: string): Promise<number> {
  const files = await writeSogFiles(scene, { encodeImage: await nodeWebpEncoder() });
  if (!isSogFolderOutput(output)) {
    const bundle = bundleSog(files);
    await writeFile(output, bundle);
    return bundle.length;
  }
  const metaPath = endsInSeparator(output) ? join(output, META_FILE) : output;
  await mkdir(dirname(metaPath), { recursive: true });
  let total = 0;
  for (const [name, bytes] of Object.entries(files)) {
    await writeFile(name === META_FILE ? metaPath : join(dirname(metaPath), name), bytes);
    total += bytes.length;
  }
  return total;
}
