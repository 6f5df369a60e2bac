/**
 * The CLI's build from the checkout (bin/cli-build.mjs), on a small project of its own in a
 * temporary folder: built on first use, reused while its sources are unchanged, built again after
 * one changed (the old build left for a process that runs from it), and none where none can be
 * made (the CLI then runs through tsx).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { currentBuild } from '../bin/cli-build.mjs';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project with the CLI's two entries: the main one says `word`. */
function project(word: string): string {
  const root = mkdtempSync(join(tmpdir(), 'splatfit-cli-build-'));
  roots.push(root);
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'workers'));
  writeMain(root, word);
  writeFileSync(join(root, 'workers', 'compress-worker-node.ts'), "export const worker: string = 'worker';\n");
  return root;
}

function writeMain(root: string, word: string): void {
  writeFileSync(join(root, 'src', 'cli', 'splatfit.ts'), `import { worker } from '../../workers/compress-worker-node.ts';\nexport const said: string = '${word}' + worker;\n`);
}

const builtText = (url: string): string => readFileSync(fileURLToPath(url), 'utf8');
const BUILDS = join('node_modules', '.cache', 'splatfit-cli');
const builds = (root: string): string[] => readdirSync(join(root, BUILDS)).filter((name) => !name.endsWith('.json'));

describe('currentBuild', () => {
  it('builds both entries on first use, in the sources\' layout, as plain JavaScript', () => {
    const root = project('first');
    const url = currentBuild(root)!;
    expect(url).toMatch(/\/node_modules\/\.cache\/splatfit-cli\/[0-9a-f]{16}\/src\/cli\/splatfit\.mjs$/);
    expect(builtText(url)).toContain('"first"');
    expect(builtText(url)).not.toContain(': string');
    expect(builtText(new URL('../../workers/compress-worker-node.mjs', url).href)).toContain('"worker"');
  });

  it('reuses the build while no source changed', () => {
    const root = project('same');
    const first = currentBuild(root);
    expect(currentBuild(root)).toBe(first);
    expect(builds(root)).toHaveLength(1);
  });

  it('builds again after a source changed, and leaves the old build for a process that runs from it', () => {
    const root = project('before');
    const before = currentBuild(root)!;
    writeMain(root, 'after, longer');
    const after = currentBuild(root)!;
    expect(after).not.toBe(before);
    expect(builtText(after)).toContain('"after, longer"');
    expect(builtText(before)).toContain('"before"');
  });

  it('gives none where its folder cannot be made, or the sources do not compile', () => {
    const blocked = project('blocked');
    writeFileSync(join(blocked, 'node_modules'), 'a file where the build folder would go');
    expect(currentBuild(blocked)).toBeNull();
    const broken = project('broken');
    writeFileSync(join(broken, 'src', 'cli', 'splatfit.ts'), 'export const = ;\n');
    expect(currentBuild(broken)).toBeNull();
    expect(builds(broken)).toHaveLength(0);
  });
});
