// The CLI as plain JavaScript, built from the checkout's TypeScript with esbuild (tsx's own
// compiler) on first use and again whenever a file it was built from changed. Why not tsx at run
// time: the CLI's main thread and each of its worker threads register tsx's module hooks, and
// Node 20 runs each registration's hooks in a thread of its own, with its own V8 heap (16 threads
// in a compress through tsx, 13 from the build). From the build, `info` on playbot-31k takes
// 0.16-0.18 s instead of 0.41-0.42 s, and compressing it peaks at 254-278 MiB instead of
// 337-360 MiB; on 500k and 2 M splats the peak moved by less than its run-to-run spread.
//
// A build lives in node_modules/.cache/splatfit-cli/<hash of its output>/ (not in dist/, which
// vite empties; from there the build finds the packages it imports), with the sources' layout (the
// CLI finds its worker at ../../workers/ from its own module), and is never changed once there: a
// process that started from it keeps finding its worker's file. current.json beside the builds
// names the newest and the files it was built from with their size and modification time.
import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BUILDS = join('node_modules', '.cache', 'splatfit-cli');
const ENTRIES = ['src/cli/splatfit.ts', 'workers/compress-worker-node.ts'];
const MAIN = 'src/cli/splatfit.mjs';
/** Besides the sources esbuild read, what decides how they are built. */
const SETTINGS = ['package.json', 'tsconfig.json', 'bin/cli-build.mjs'];
/** Builds other than the current one are removed once this old (a process may still run from one). */
const KEEP_OLD_MS = 24 * 3600 * 1000;

/**
 * The file URL of the CLI's entry built from the sources under `root` as they are now, building it
 * where there is none; null where none can be built there (a folder not writable, a missing esbuild),
 * so the caller runs the TypeScript through tsx instead.
 */
export function currentBuild(root) {
  const builds = join(root, BUILDS);
  try {
    const current = readCurrent(builds);
    if (current !== null && isFresh(root, current.inputs) && existsSync(join(builds, current.hash, MAIN))) return entryUrl(builds, current.hash);
    return entryUrl(builds, build(root, builds));
  } catch {
    return null;
  }
}

const entryUrl = (builds, hash) => pathToFileURL(join(builds, hash, MAIN)).href;

function readCurrent(builds) {
  try {
    return JSON.parse(readFileSync(join(builds, 'current.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** Whether every file a build was made from still has the size and modification time it had. */
function isFresh(root, inputs) {
  return Object.entries(inputs).every(([path, [size, mtimeMs]]) => {
    const now = statSync(join(root, path), { throwIfNoEntry: false });
    return now?.size === size && now.mtimeMs === mtimeMs;
  });
}

/** Builds into a folder of this process, moves it to its hash's name and makes it current; returns the hash. */
function build(root, builds) {
  mkdirSync(builds, { recursive: true });
  const staging = join(builds, `.staging-${process.pid}-${Date.now()}`);
  try {
    const result = buildSync({
      absWorkingDir: root, entryPoints: ENTRIES, outdir: staging, outbase: '.', outExtension: { '.js': '.mjs' },
      bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: 'linked',
      metafile: true, write: true, logLevel: 'silent',
    });
    const hash = outputHash(root, Object.keys(result.metafile.outputs));
    const inputs = Object.fromEntries([...Object.keys(result.metafile.inputs), ...SETTINGS].flatMap((p) => {
      const stats = statSync(join(root, p), { throwIfNoEntry: false });
      return stats === undefined ? [] : [[p, [stats.size, stats.mtimeMs]]];
    }));
    const final = join(builds, hash);
    try {
      renameSync(staging, final);
    } catch (error) {
      // the same output built by another process already: keep that one
      if (!existsSync(final)) throw error;
    }
    const record = join(builds, `.current-${process.pid}.json`);
    writeFileSync(record, JSON.stringify({ hash, inputs }));
    renameSync(record, join(builds, 'current.json'));
    removeOldBuilds(builds, hash);
    return hash;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function outputHash(root, outputs) {
  const hash = createHash('sha256');
  for (const path of [...outputs].sort()) hash.update(readFileSync(join(root, path)));
  return hash.digest('hex').slice(0, 16);
}

function removeOldBuilds(builds, current) {
  const now = Date.now();
  for (const name of readdirSync(builds)) {
    if (name === current || name.endsWith('.json')) continue;
    const path = join(builds, name);
    if (now - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
  }
}
