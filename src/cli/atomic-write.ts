/**
 * Writing outputs so that nothing is lost (issue 11): an existing file is replaced only by a
 * complete new one. The bytes go to a temporary file in the same folder (same file system, so the
 * rename is atomic), are fsynced, then renamed over the final name. A kill mid-write leaves the old
 * file in place — at worst with a stray `.NAME.<pid>-<random>.tmp` beside it, which a kill cannot
 * clean up; any other failure removes the temporary file.
 *
 * Several files that belong together (an unbundled SOG) are staged first, then renamed in quick
 * succession, the one readers open first (meta.json) last.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, SplatfitError } from '../core/index.ts';

export interface StagedFile {
  /** The temporary file holding the complete bytes. */
  readonly temp: string;
  /** The name it will have. */
  readonly path: string;
}

/** Writes `bytes` to `path` atomically. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await commitStaged([await stageFile(path, bytes)]);
}

/** Writes `bytes` to a temporary file beside `path` and fsyncs it; `path` itself is untouched. */
export async function stageFile(path: string, bytes: Uint8Array): Promise<StagedFile> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx');
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  return { temp, path };
}

/** Renames each staged file over its name, in order; on a failure the ones not yet renamed are removed. */
export async function commitStaged(files: readonly StagedFile[]): Promise<void> {
  let done = 0;
  try {
    for (const file of files) {
      await rename(file.temp, file.path);
      done++;
    }
  } catch (error) {
    await discardStaged(files.slice(done));
    throw error;
  }
  // the renames themselves are durable only once the folder is synced (where the platform allows it)
  for (const folder of new Set(files.map((f) => dirname(f.path)))) await syncFolder(folder);
}

export async function discardStaged(files: readonly StagedFile[]): Promise<void> {
  for (const file of files) await rm(file.temp, { force: true });
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => null);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}

const REASONS: Record<string, string> = {
  ENOENT: 'it does not exist',
  ENOTDIR: 'part of its path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/**
 * Refuses (UNWRITABLE) an output whose folder cannot take a new file, by creating and removing one
 * there: run before minutes of work, not after.
 */
export async function assertWritableFolder(output: string): Promise<void> {
  const folder = dirname(output);
  try {
    const probe = await stageFile(join(folder, 'splatfit-probe'), new Uint8Array(0));
    await discardStaged([probe]);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const reason = REASONS[code] ?? (error as Error).message;
    throw new SplatfitError(ErrorCode.Unwritable, `cannot write in folder '${folder}': ${reason}`, { file: output });
  }
}
