/**
 * Per-scene cache of the files other tools write (and of v1 fits), in the system's temp folder,
 * keyed by the scene's name and a hash of the input .ply the tools are given: a second run of the
 * bench (or a run over more scenes) reuses them instead of re-running slow CLIs. Each file has a
 * `.meta.json` beside it with the seconds it took and the command that made it. Set
 * BENCH_RD_FRESH=1 to ignore what is cached (files are then made again and overwritten).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CachedMeta {
  /** Wall-clock seconds the tool took to write the file (its process included, for CLIs). */
  readonly seconds: number;
  /** What made it, for the report (a command line, or a library call). */
  readonly command: string;
  /** Anything else the producer wants to keep (e.g. a splat count). */
  readonly extra?: Record<string, number | string>;
}

export interface CachedFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly meta: CachedMeta;
  readonly cached: boolean;
}

const FRESH = process.env['BENCH_RD_FRESH'] === '1';

export class ToolCache {
  readonly dir: string;
  /** False under BENCH_RD_FRESH=1. */
  readonly reuse = !FRESH;

  /** `input` is the .ply the tools read: its hash names the folder, so a changed input is never mixed up. */
  constructor(scene: string, input: Uint8Array) {
    const hash = createHash('sha1').update(input).digest('hex').slice(0, 12);
    this.dir = join(tmpdir(), 'splatfit-rd-cache', `${scene.replace(/[^\w.-]/g, '_')}-${hash}`);
    mkdirSync(this.dir, { recursive: true });
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  has(name: string): boolean {
    return this.reuse && existsSync(this.path(name)) && existsSync(this.path(name) + '.meta.json');
  }

  /**
   * The file `name`, made by `produce` when not cached. `produce` either writes the file at the
   * path it is given and returns the meta, or returns the bytes with the meta.
   */
  file(name: string, produce: (path: string) => CachedMeta | { bytes: Uint8Array; meta: CachedMeta }): CachedFile {
    const path = this.path(name);
    if (this.has(name)) return { path, bytes: new Uint8Array(readFileSync(path)), meta: JSON.parse(readFileSync(path + '.meta.json', 'utf8')) as CachedMeta, cached: true };
    const made = produce(path);
    const meta = 'bytes' in made ? made.meta : made;
    if ('bytes' in made) writeFileSync(path, made.bytes);
    writeFileSync(path + '.meta.json', JSON.stringify(meta));
    return { path, bytes: new Uint8Array(readFileSync(path)), meta, cached: false };
  }

  /** Writes `bytes` as `name` unless the same content is already there (the tools' input file). */
  put(name: string, bytes: Uint8Array): string {
    const path = this.path(name);
    if (!existsSync(path) || readFileSync(path).length !== bytes.length) writeFileSync(path, bytes);
    return path;
  }
}
