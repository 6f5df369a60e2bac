/**
 * Memory on big scenes (issue 13): playbot-500k and tilings of it into 2 M and 6 M splats, made
 * here (copies of the scene side by side, never committed) as .ply files in a temporary folder.
 * - The CLI: peak resident memory (VmHWM of the process and its worker threads) of
 *   `splatfit compress FILE --budget 5%`, and its wall time, against the decoded scene's size;
 *   and the same with `--low-memory`. On glibc a compress runs again as a child with glibc's
 *   malloc set to give big buffers back (bin/malloc-settings.mjs), so the peak is summed over
 *   both processes (the waiting parent's is about 45 MiB, 38 MiB of it file pages, the node
 *   binary and its libraries, which it shares with the child). Goal: at most 2.5× the decoded
 *   scene.
 * - The page (headless Chromium, SwiftShader): the summed RSS of the browser's processes (page,
 *   its workers, the GPU process holding the textures), sampled every 250 ms: its peak while
 *   the scene opens and is drawn (past the page's memory estimate, with its 'Open anyway'), then
 *   where asked (BENCH_PAGE_BUDGETS=500k,6m) while 5 % is fitted, drawn and its view checked — the goal's measure,
 *   with the opening — and then two more budgets. Beside it the summed PSS (/proc/PID/smaps_rollup), which counts
 *   each shared page once, divided among the processes that map it: summed RSS counts Chromium's
 *   shared libraries and the memory the page shares with the GPU process once per process (0.84
 *   GiB of a 2.40 GiB sum on playbot-2m open). Goal: the 6 M tiling opens and compresses to 5 %
 *   within 4 GB.
 * Writes bench/results/memory.md and memory.json (one object per scene: scene, splats,
 * decodedBytes, cliPeakBytes, cliSeconds, cliPeakOverDecoded, cliLowMemoryPeakBytes,
 * cliLowMemorySeconds, cliLowMemoryPeakOverDecoded, pagePeakOpenBytes,
 * pagePeakBudgetsBytes, pagePeakOpenPssBytes, pagePeakBudgetsPssBytes, pagePeak5PercentBytes,
 * pagePeak5PercentPssBytes, pageRefusal, errors).
 * Run: `npm run bench:memory` (BENCH_SIZES=500k,2m,6m; BENCH_SKIP=cli|page; BENCH_PORT=4176;
 * BENCH_CORES=N: the page sees N cores, and so runs N compress workers, at most 4).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { decodedPlyBytes } from '../src/core/index.ts';
import { GPU_FLAGS } from '../playwright.config.ts';
import { startPreview } from './preview-server.ts';
import { benchCommand, previousRows } from './previous-run.ts';
import { tilingLabel, writeTilings } from './tilings.ts';

const PORT = Number(process.env['BENCH_PORT'] ?? 4176);
const sizes = (process.env['BENCH_SIZES'] ?? '500k,2m,6m').split(',');
const skip = process.env['BENCH_SKIP'] ?? '';
const pageBudgets = new Set((process.env['BENCH_PAGE_BUDGETS'] ?? '500k').split(','));
/** The cores the page is told it has (navigator.hardwareConcurrency): its compress pool has a worker per core, at most 4. */
const pageCores = process.env['BENCH_CORES'] === undefined ? null : Number(process.env['BENCH_CORES']);
/** Fitted in this order; the first is the goal's. */
const BUDGETS = ['5%', '1:50', '1%'];

interface MemoryRow {
  scene: string; splats: number; decodedBytes: number;
  /** On glibc the waiting parent and its child together, as for --low-memory. */
  cliPeakBytes: number | null; cliSeconds: number | null; cliPeakOverDecoded: number | null;
  /** The same with --low-memory. */
  cliLowMemoryPeakBytes: number | null; cliLowMemorySeconds: number | null; cliLowMemoryPeakOverDecoded: number | null;
  pagePeakOpenBytes: number | null; pagePeakBudgetsBytes: number | null;
  pagePeakOpenPssBytes: number | null; pagePeakBudgetsPssBytes: number | null;
  /** Peak while opening and then fitting 5 % alone, each pane drawn: the goal's measure. */
  pagePeak5PercentBytes: number | null; pagePeak5PercentPssBytes: number | null;
  /** The page's own memory estimate refused the scene (the benchmark opened it anyway), in its words. */
  pageRefusal: string | null;
  errors: Record<string, string>;
}

/** Runs a command, sampling its resident memory; returns the peak (VmHWM) and the seconds it took. */
async function peakOf(command: string, args: string[]): Promise<{ peak: number; seconds: number; code: number | null; stderr: string }> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '', peak = 0;
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const timer = setInterval(() => { peak = Math.max(peak, treeMemory(child.pid!, 'VmHWM')); }, 250);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  return { peak, seconds: (performance.now() - started) / 1000, code, stderr };
}

/**
 * Summed `field` (bytes) of a process and all its descendants: VmRSS or VmHWM from
 * /proc/PID/status, or Pss from /proc/PID/smaps_rollup.
 */
function treeMemory(root: number, field: 'VmRSS' | 'VmHWM' | 'Pss'): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))![1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch { /* gone meanwhile */ }
  }
  let total = 0;
  const visit = (pid: number): void => {
    try {
      const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/${field === 'Pss' ? 'smaps_rollup' : 'status'}`, 'utf8'));
      total += kb === null ? 0 : Number(kb[1]) * 1024;
    } catch { /* gone meanwhile */ }
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return total;
}

/** Peaks of the browser's summed RSS and summed PSS (bytes). */
type Peak = { rss: number; pss: number };

/** Peaks of the browser's summed RSS and summed PSS while `work` runs. */
async function pagePeak(work: () => Promise<void>): Promise<Peak> {
  const peak: Peak = { rss: 0, pss: 0 };
  const sample = (): void => {
    peak.rss = Math.max(peak.rss, browserMemory('VmRSS'));
    peak.pss = Math.max(peak.pss, browserMemory('Pss'));
  };
  const timer = setInterval(sample, 250);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  sample();
  return peak;
}

/** Summed RSS or PSS of the Chromium this benchmark started (the process launched with PROFILE_MARK) and its descendants. */
function browserMemory(field: 'VmRSS' | 'Pss'): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(PROFILE_MARK)) return treeMemory(Number(entry), field);
    } catch { /* gone meanwhile */ }
  }
  return 0;
}
const PROFILE_MARK = `splatfit-memory-${process.pid}`;

const drawn = (page: Page, pane: string): Promise<unknown> =>
  page.waitForFunction((pane) => document.querySelector(`[data-pane="${pane}"]`)?.getAttribute('data-state') === 'drawn', pane, { timeout: 1_200_000, polling: 500 });

/** The result pane's check of the current view (its PSNR against the original's render there) has ended, with a figure or a failure. */
const viewChecked = (page: Page, pane: string): Promise<unknown> =>
  page.waitForFunction((pane) => {
    const figure = document.querySelector(`[data-pane="${pane}"] [data-figure="view-psnr"]`)?.textContent ?? '';
    return figure !== '' && figure !== '…' && figure !== 'measuring…';
  }, pane, { timeout: 1_200_000, polling: 500 });

/**
 * Opens `file` (past the page's memory estimate, whose refusal is returned), then, with budgets,
 * fits 5 % (the goal's budget) and then the other two; each fit counts until its pane is drawn
 * and its view checked (the result's PSNR at the current camera, which decodes it again).
 */
async function openAndFit(page: Page, file: string, withBudgets: boolean): Promise<{ open: Peak; refusal: string | null; fivePercent: Peak | null; budgets: Peak | null }> {
  let refusal: string | null = null;
  const open = await pagePeak(async () => {
    await page.goto(`http://127.0.0.1:${PORT}/?url=/bench-memory/${encodeURIComponent(file)}`);
    const ready = (): Promise<unknown> => page.waitForFunction(() => document.querySelector('[data-pane="original"]')?.getAttribute('data-state') === 'drawn'
      || document.querySelector('[role="alert"]') !== null, null, { timeout: 1_200_000 });
    await ready();
    const anyway = page.getByRole('alert').getByRole('button', { name: 'Open anyway' });
    if (await anyway.count() > 0) {
      refusal = (await page.getByRole('alert').locator('span').textContent()) ?? '';
      await anyway.click();
      await ready();
    }
    const alert = await page.locator('[role="alert"]').allTextContents();
    if (alert.length > 0) throw new Error(alert.join(' / '));
    await page.waitForTimeout(2000);
  });
  if (!withBudgets) return { open, refusal, fivePercent: null, budgets: null };
  const input = page.getByRole('textbox', { name: 'Budgets' });
  const fit = async (budgets: string[], total: number): Promise<void> => {
    await input.fill(budgets.join(', '));
    await input.press('Enter');
    await page.waitForFunction((total) => {
      const rows = [...document.querySelectorAll('.budget-row')];
      return rows.length === total && rows.every((r) => ['done', 'failed'].includes(r.getAttribute('data-state') ?? ''));
    }, total, { timeout: 3_000_000, polling: 1000 });
    const states = await page.locator('.budget-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-budget')} ${r.getAttribute('data-state')}`));
    if (states.some((s) => s.endsWith('failed'))) throw new Error(`budgets ended ${states.join(', ')}`);
    for (const budget of budgets) {
      await drawn(page, budget);
      await viewChecked(page, budget);
    }
  };
  const [first, ...others] = BUDGETS;
  const fivePercent = await pagePeak(() => fit([first!], 1));
  const rest = await pagePeak(() => fit(others, BUDGETS.length));
  return { open, refusal, fivePercent, budgets: { rss: Math.max(fivePercent.rss, rest.rss), pss: Math.max(fivePercent.pss, rest.pss) } };
}

// the page fetches the tilings from the preview server, which serves what is in dist/
const stopPreview = skip.includes('page') ? () => {} : await startPreview(PORT);
const folder = join(import.meta.dirname, '..', 'dist', 'bench-memory');
mkdirSync(folder, { recursive: true });
const rows: MemoryRow[] = [];
const RESULTS = join(import.meta.dirname, 'results', 'memory.json');
/**
 * A run that skips the CLI or the page keeps those figures of the last run (with their errors),
 * scene by scene; a run of some sizes keeps the last run's rows of the others.
 */
const earlier = previousRows<MemoryRow>(RESULTS);
function keepSkipped(row: MemoryRow): void {
  const old = earlier.find((r) => r.scene === row.scene);
  if (old === undefined) return;
  if (skip.includes('cli')) {
    Object.assign(row, {
      cliPeakBytes: old.cliPeakBytes, cliSeconds: old.cliSeconds, cliPeakOverDecoded: old.cliPeakOverDecoded,
      cliLowMemoryPeakBytes: old.cliLowMemoryPeakBytes ?? null, cliLowMemorySeconds: old.cliLowMemorySeconds ?? null, cliLowMemoryPeakOverDecoded: old.cliLowMemoryPeakOverDecoded ?? null,
    });
    for (const key of ['cli', 'cliLowMemory']) { if (old.errors[key] !== undefined) row.errors[key] = old.errors[key]!; else delete row.errors[key]; }
  }
  if (skip.includes('page')) {
    Object.assign(row, {
      pagePeakOpenBytes: old.pagePeakOpenBytes, pagePeakOpenPssBytes: old.pagePeakOpenPssBytes ?? null, pageRefusal: old.pageRefusal ?? null, ...budgetFigures(old),
    });
    for (const key of ['page', 'pagePeakBudgetsBytes']) { if (old.errors[key] !== undefined) row.errors[key] = old.errors[key]!; else delete row.errors[key]; }
  }
}
/** A row's page figures while budgets are fitted: 5 % alone and the three budgets (older rows may lack some). */
function budgetFigures(old: MemoryRow): Pick<MemoryRow, 'pagePeak5PercentBytes' | 'pagePeak5PercentPssBytes' | 'pagePeakBudgetsBytes' | 'pagePeakBudgetsPssBytes'> {
  return {
    pagePeak5PercentBytes: old.pagePeak5PercentBytes ?? null, pagePeak5PercentPssBytes: old.pagePeak5PercentPssBytes ?? null,
    pagePeakBudgetsBytes: old.pagePeakBudgetsBytes, pagePeakBudgetsPssBytes: old.pagePeakBudgetsPssBytes ?? null,
  };
}

/**
 * A size whose budgets this run did not fit in the page (BENCH_PAGE_BUDGETS) keeps the last run's
 * 5 % and three-budget figures, saying so, rather than losing them (the 5 % one is the goal's measure).
 */
function keepUnmeasuredBudgets(row: MemoryRow): void {
  const old = earlier.find((r) => r.scene === row.scene);
  const kept = old !== undefined && (old.pagePeak5PercentBytes ?? old.pagePeakBudgetsBytes ?? null) !== null;
  if (kept) Object.assign(row, budgetFigures(old));
  row.errors['pagePeakBudgetsBytes'] = `not measured in this run (BENCH_PAGE_BUDGETS)${kept ? ': the budget columns are the previous run\'s' : ''}`;
}

const files = new Map<string, { path: string; scene: { count: number; shDegree: number } }>();
for (const tiling of await writeTilings(sizes, folder)) {
  files.set(tiling.size, { path: tiling.path, scene: { count: tiling.count, shDegree: tiling.shDegree } });
  process.stdout.write(`made ${tiling.path} (${(statSync(tiling.path).size / 1e6).toFixed(0)} MB)\n`);
}

const gb = (v: number | null): string => (v === null ? '—' : (v / 1024 ** 3).toFixed(2));
try {
  for (const size of sizes) {
    const { path, scene } = files.get(size)!;
    const decoded = decodedPlyBytes(scene.count, scene.shDegree);
    const row: MemoryRow = { scene: tilingLabel(size), splats: scene.count, decodedBytes: decoded, cliPeakBytes: null, cliSeconds: null, cliPeakOverDecoded: null, cliLowMemoryPeakBytes: null, cliLowMemorySeconds: null, cliLowMemoryPeakOverDecoded: null, pagePeakOpenBytes: null, pagePeakBudgetsBytes: null, pagePeakOpenPssBytes: null, pagePeakBudgetsPssBytes: null, pagePeak5PercentBytes: null, pagePeak5PercentPssBytes: null, pageRefusal: null, errors: {} };
    if (skip.includes('cli')) row.errors['cli'] = 'not measured in this run (BENCH_SKIP=cli)';
    if (skip.includes('page')) row.errors['page'] = 'not measured in this run (BENCH_SKIP=page)';
    if (!skip.includes('cli')) {
      for (const lowMemory of [false, true]) {
        const key = lowMemory ? 'cliLowMemory' : 'cli';
        const run = await peakOf('node', [join(import.meta.dirname, '..', 'bin', 'splatfit.js'), 'compress', path, '--budget', '5%', '-o', join(folder, `out-${size}.splatfit`), ...(lowMemory ? ['--low-memory'] : [])]);
        if (run.code === 0) {
          row[`${key}PeakBytes`] = run.peak;
          row[`${key}Seconds`] = Number(run.seconds.toFixed(1));
          row[`${key}PeakOverDecoded`] = Number((run.peak / decoded).toFixed(2));
        } else {
          row.errors[key] = `exit ${run.code}: ${run.stderr.trim().split('\n').pop()}`;
        }
        process.stdout.write(`${size} CLI${lowMemory ? ' --low-memory' : ''}: ${gb(row[`${key}PeakBytes`])} GiB peak, ${row[`${key}Seconds`]} s ${row.errors[key] ?? ''}\n`);
      }
    }
    keepSkipped(row);
    rows.push(row);
  }
  if (!skip.includes('page')) {
    const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: [...GPU_FLAGS, `--${PROFILE_MARK}`] });
    try {
      for (const [k, size] of sizes.entries()) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        // as text: tsx names the getter of a function given here with a helper the page does not have, and the script fails unseen
        if (pageCores !== null) await page.addInitScript({ content: `Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => ${pageCores} })` });
        try {
          const { open, refusal, fivePercent, budgets } = await openAndFit(page, `playbot-${size}.ply`, pageBudgets.has(size));
          rows[k]!.pagePeakOpenBytes = open.rss;
          rows[k]!.pagePeakOpenPssBytes = open.pss;
          rows[k]!.pageRefusal = refusal;
          // the goal's peak covers the opening too
          rows[k]!.pagePeak5PercentBytes = fivePercent === null ? null : Math.max(open.rss, fivePercent.rss);
          rows[k]!.pagePeak5PercentPssBytes = fivePercent === null ? null : Math.max(open.pss, fivePercent.pss);
          rows[k]!.pagePeakBudgetsBytes = budgets?.rss ?? null;
          rows[k]!.pagePeakBudgetsPssBytes = budgets?.pss ?? null;
          if (budgets === null) keepUnmeasuredBudgets(rows[k]!);
        } catch (error) {
          rows[k]!.errors['page'] = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
        } finally {
          await page.close().catch(() => undefined);
        }
        const row = rows[k]!;
        process.stdout.write(`${size} page: open ${gb(row.pagePeakOpenBytes)} GiB RSS / ${gb(row.pagePeakOpenPssBytes)} PSS, budgets ${gb(row.pagePeakBudgetsBytes)} / ${gb(row.pagePeakBudgetsPssBytes)} ${JSON.stringify(row.errors)}\n`);
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  stopPreview();
  rmSync(folder, { recursive: true, force: true });
}

// sizes this run did not measure keep the last run's rows: a partial run loses nothing
const measured = new Set(rows.map((r) => r.scene));
const carried = earlier.filter((r) => !measured.has(r.scene));
const table = [...rows, ...carried].sort((a, b) => a.splats - b.splats);
const report = `# Memory on big scenes

Node ${process.version}, headless Chromium (SwiftShader), ${new Date().toISOString().slice(0, 10)}. \`${benchCommand('bench:memory', ['BENCH_SIZES', 'BENCH_SKIP', 'BENCH_PAGE_BUDGETS', 'BENCH_CORES'])}\`.
Tilings of playbot-500k (SH2) made by the benchmark. CLI: \`splatfit compress FILE --budget 5%\`, and with \`--low-memory\`, peak resident memory of the process with its worker threads; on glibc a compress runs as a child with glibc's malloc set (bin/malloc-settings.mjs), and the peaks of the waiting parent and of the child are summed (the parent's is about 45 MiB, 38 MiB of it file pages, the node binary and its libraries, shared with the child). Page: peak summed RSS of the browser's processes (page, workers, GPU process) while opening and drawing; from opening until 5 % is fitted, its pane drawn and the view checked (its PSNR at the current camera: the goal's measure); and while fitting ${BUDGETS.join(', ')} (5 % first, then the other two), each pane drawn and checked. Beside each, peak summed PSS, which counts a page shared by several processes once (summed RSS counts Chromium's shared libraries and the page's memory shared with the GPU process in every process that maps them).
Goals: CLI peak ≤ 2.5× the decoded scene; the 6 M tiling opens and compresses to 5 % in one tab within 4 GB.${skip === '' ? '' : `\nThis run skipped the ${skip}: those columns are the previous run's (bench/results/memory.json).`}${carried.length === 0 ? '' : `\nNot measured in this run (BENCH_SIZES), their rows the previous run's: ${carried.map((r) => r.scene.split(' ')[0]).join(', ')}.`}

| scene | splats | decoded GiB | CLI peak GiB | × decoded | CLI s | --low-memory peak GiB | × decoded | s | page peak, open GiB (RSS / PSS) | page peak, open + 5 % GiB (RSS / PSS) | page peak, 3 budgets GiB (RSS / PSS) | page's estimate | errors |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|
${table.map((r) => `| ${r.scene} | ${r.splats.toLocaleString('en-US')} | ${gb(r.decodedBytes)} | ${gb(r.cliPeakBytes)} | ${r.cliPeakOverDecoded ?? '—'} | ${r.cliSeconds ?? '—'} | ${gb(r.cliLowMemoryPeakBytes ?? null)} | ${r.cliLowMemoryPeakOverDecoded ?? '—'} | ${r.cliLowMemorySeconds ?? '—'} | ${gb(r.pagePeakOpenBytes)} / ${gb(r.pagePeakOpenPssBytes ?? null)} | ${gb(r.pagePeak5PercentBytes ?? null)} / ${gb(r.pagePeak5PercentPssBytes ?? null)} | ${gb(r.pagePeakBudgetsBytes)} / ${gb(r.pagePeakBudgetsPssBytes ?? null)} | ${r.pageRefusal === undefined || r.pageRefusal === null ? 'opens' : `refused, opened anyway: ${r.pageRefusal}`} | ${Object.entries(r.errors).map(([k, v]) => `${k}: ${v}`).join('; ')} |`).join('\n')}
`;
// a partial run says so in the table; what it skipped is the last run's (or null, with the reason)
writeFileSync(join(import.meta.dirname, 'results', 'memory.md'), report);
writeFileSync(RESULTS, JSON.stringify(table, null, 1) + '\n');
process.stdout.write('\n' + report);
