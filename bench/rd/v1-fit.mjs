// The codec as it was before the rewrite, run from the detached worktree of commit 7933790
// (bench/rd/v1-baseline.ts copies this file there and runs it with tsx, so its imports resolve to
// that commit's source). Plain JavaScript on purpose: this checkout's typecheck must not tie it to
// the current API, which the rewrite changes.
//
// node --import tsx v1-fit.mjs fit SCENE OUT_DIR BUDGET [BUDGET ...]
//   writes OUT_DIR/v1-BUDGET.splatfit; prints {"analysisSeconds":…}, then per budget one line
//   {"budget":…,"bytes":…,"seconds":…} or {"budget":…,"error":"…"}.
// node --import tsx v1-fit.mjs decode IN.splatfit OUT.ply
//   decodes a v1 file with v1's own reader and writes it as a float .ply (bit-exact), for when the
//   current reader does not read v1 files.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readSceneFile } from '../../src/cli/node-platform.ts';
import { compressToBudget } from '../../src/core/codec/compress.ts';
import { analyzeScene } from '../../src/core/codec/scene-analysis.ts';
import { bufferSource, readScene, writeScene } from '../../src/core/index.ts';

const [command, ...args] = process.argv.slice(2);
if (command === 'decode') {
  const [input, output] = args;
  const { scene } = await readScene(bufferSource(basename(input), new Uint8Array(readFileSync(input))));
  writeFileSync(output, writeScene(scene, 'ply'));
} else if (command === 'fit') {
  const [scenePath, outDir, ...budgets] = args;
  const { scene } = await readSceneFile(scenePath);
  let start = performance.now();
  const analysis = analyzeScene(scene);
  process.stdout.write(JSON.stringify({ analysisSeconds: (performance.now() - start) / 1000 }) + '\n');
  for (const text of budgets) {
    const budget = Number(text);
    start = performance.now();
    try {
      const result = compressToBudget(analysis, budget);
      writeFileSync(join(outDir, `v1-${budget}.splatfit`), result.bytes);
      process.stdout.write(JSON.stringify({ budget, bytes: result.bytes.length, seconds: (performance.now() - start) / 1000 }) + '\n');
    } catch (error) {
      process.stdout.write(JSON.stringify({ budget, error: String(error.message ?? error).split('\n')[0] }) + '\n');
    }
  }
} else {
  throw new Error(`usage: v1-fit.mjs fit SCENE OUT_DIR BUDGET… | decode IN.splatfit OUT.ply (got '${command}')`);
}
