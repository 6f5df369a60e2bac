/**
 * `splatfit compress IN --budget B[,B2,...] -o OUT [--json]`: fits IN into each budget, as
 * `.splatfit` (bits per group chosen by the solver) or as `.spz`, `.splat`, `.ply` (kept splats and
 * SH degree chosen), by OUT's extension. With several budgets OUT is a pattern containing
 * `{budget}` or a folder (then `.splatfit`). The scene analysis is computed once for all budgets.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { bufferSource, compareScenes, ErrorCode, parseBudgets, readScene, sampleViews, SplatfitError, writableFormatFor } from '../core/index.ts';
import { fitStandardFormat } from '../core/codec/fit-standard-format.ts';
import { compressToBudget } from '../core/codec/compress.ts';
import { analyzeScene } from '../core/codec/scene-analysis.ts';
import { readSceneFile } from './node-platform.ts';

/** Fidelity is reported over the standard views at this size. */
const REPORT_VIEWS = 8;
const REPORT_SIZE = 256;

export interface CompressArgs {
  input: string;
  budgets: string;
  output: string;
  json: boolean;
}

export async function compressCommand(args: CompressArgs): Promise<number> {
  const { scene, facts } = await readSceneFile(args.input);
  const budgets = parseBudgets(args.budgets, facts.bytes);
  const outputs = await outputPaths(args.output, args.input, budgets.map((b) => b.text));
  const started = performance.now();
  const analysis = analyzeScene(scene);
  const analysisSeconds = (performance.now() - started) / 1000;
  const views = sampleViews(scene, REPORT_VIEWS, { width: REPORT_SIZE, height: REPORT_SIZE });
  const results = [];
  for (const [k, budget] of budgets.entries()) {
    const t = performance.now();
    const format = writableFormatFor(outputs[k]!);
    const result = format === 'splatfit'
      ? compressToBudget(analysis, budget.bytes)
      : ((fit) => ({ ...fit, bits: null, lossless: fit.complete }))(fitStandardFormat(analysis, budget.bytes, format));
    const seconds = (performance.now() - t) / 1000;
    await writeFile(outputs[k]!, result.bytes);
    const { scene: decoded } = await readScene(bufferSource(basename(outputs[k]!), result.bytes));
    const fidelity = compareScenes(scene, decoded, views);
    const row = {
      output: outputs[k]!, format, budget: budget.bytes, budgetText: budget.text, bytes: result.bytes.length, keptSplats: result.kept,
      bits: result.bits, shDegree: result.shDegree, lossless: result.lossless,
      psnr: Number.isFinite(fidelity.meanPsnr) ? Number(fidelity.meanPsnr.toFixed(3)) : null, ssim: Number(fidelity.meanSsim.toFixed(5)),
      seconds: Number(seconds.toFixed(2)),
    };
    results.push(row);
    if (!args.json) {
      const psnr = row.psnr === null ? 'inf' : `${row.psnr.toFixed(2)} dB`;
      const whole = format === 'splatfit' ? ' (lossless: the budget holds the whole scene)' : ` (the whole scene at this format's precision)`;
      process.stdout.write(`${budget.text} (${budget.bytes} B) → ${row.output}: ${row.bytes} B, ${row.keptSplats}/${scene.count} splats, SH ${row.shDegree}, PSNR ${psnr}, SSIM ${row.ssim.toFixed(4)}${row.lossless ? whole : ''}, ${row.seconds} s\n`);
    }
  }
  if (args.json) {
    process.stdout.write(JSON.stringify({ input: facts.name, inputBytes: facts.bytes, splats: scene.count, analysisSeconds: Number(analysisSeconds.toFixed(2)), results }) + '\n');
  }
  return 0;
}

/** One output path per budget: OUT itself, OUT with {budget} filled in, or files in folder OUT. */
async function outputPaths(output: string, input: string, budgetTexts: string[]): Promise<string[]> {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9.]+/g, '_');
  const isFolder = output.endsWith('/') || (await stat(output).then((s) => s.isDirectory(), () => false));
  if (isFolder) {
    await mkdir(output, { recursive: true });
    const stem = basename(input, extname(input));
    return budgetTexts.map((t) => join(output, `${stem}-${safe(t)}.splatfit`));
  }
  writableFormatFor(output);
  if (output.includes('{budget}')) return budgetTexts.map((t) => output.replace('{budget}', safe(t)));
  if (budgetTexts.length > 1) {
    throw new SplatfitError(ErrorCode.Unwritable, `${budgetTexts.length} budgets need OUT to contain {budget} or to be a folder`, { file: output });
  }
  return [output];
}
