/**
 * The files of a drop, folders included: a dropped folder (an unbundled SOG is one) arrives as a
 * directory entry whose files must be read from it, and its name titles the scene it holds.
 */
export interface DroppedGroup {
  readonly files: File[];
  /** The dropped folder's name; absent for files dropped loose. */
  readonly folder?: string;
}

export async function droppedGroups(transfer: DataTransfer): Promise<DroppedGroup[]> {
  const entries = Array.from(transfer.items, (item) => item.webkitGetAsEntry?.() ?? null);
  const loose = Array.from(transfer.files).filter((_, k) => !(entries[k]?.isDirectory ?? false));
  const groups: DroppedGroup[] = loose.length > 0 ? [{ files: loose }] : [];
  for (const entry of entries) {
    if (entry?.isDirectory === true) groups.push({ files: await folderFiles(entry as FileSystemDirectoryEntry), folder: entry.name });
  }
  return groups;
}

/** The files directly inside a folder (a SOG folder has no subfolders). */
async function folderFiles(folder: FileSystemDirectoryEntry): Promise<File[]> {
  const reader = folder.createReader();
  const entries: FileSystemEntry[] = [];
  // readEntries answers in batches until an empty one
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    entries.push(...batch);
  }
  const files = entries.filter((e): e is FileSystemFileEntry => e.isFile);
  return Promise.all(files.map((f) => new Promise<File>((resolve, reject) => f.file(resolve, reject))));
}
