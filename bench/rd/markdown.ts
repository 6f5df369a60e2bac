/** bench/results/rd.md: the run's points, Splatfit against each peer, the ablation and SOG times as Markdown tables. */
import type { RdPoint } from './rd-point.ts';
import type { RdRun } from './rd-run.ts';
import { splatfitAtSize } from './splatfit-at-size.ts';
import { SPLATFIT } from './comparisons.ts';

/** Table order of the tools; others follow in the order they were measured. */
const TOOL_ORDER = [
  'splatfit', 'splatfit-v1', 'spz', 'compressed-ply', 'sog', 'our-sog', 'ksplat-1', 'ksplat-2', 'fit-spz', 'fit-compressed-ply', 'fit-splat',
  'decimate+spz', 'decimate-adaptive+spz', 'decimate+sog', 'decimate-adaptive+sog',
];

const dB = (v: number | null | undefined, digits = 2): string => (v === null || v === undefined ? '—' : Number.isFinite(v) ? v.toFixed(digits) : '∞');
const signed = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);
const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;

export function pointsTable(run: Pick<RdRun, 'scenes' | 'points'>, onlyTools?: (tool: string) => boolean): string {
  const lines = [
    row(['scene', 'tool', 'budget', 'bytes', '% of input', 'PSNR mean', 'PSNR pooled', 'SSIM', 'Splatfit PSNR at size', 'Δ PSNR', 's', 'note']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
  ];
  const rank = (tool: string): number => (TOOL_ORDER.includes(tool) ? TOOL_ORDER.indexOf(tool) : TOOL_ORDER.length);
  for (const scene of run.scenes) {
    const mine = run.points.filter((p) => p.scene === scene.name && p.tool === SPLATFIT);
    const rows = run.points.filter((p) => p.scene === scene.name && (onlyTools?.(p.tool) ?? !p.tool.startsWith('ablation:')));
    const sorted = rows.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p.tool) - rank(b.p.tool) || (rank(a.p.tool) === TOOL_ORDER.length ? a.i - b.i : 0) || b.p.bytes - a.p.bytes);
    for (const { p } of sorted) {
      const at = p.tool === SPLATFIT ? undefined : splatfitAtSize(mine, p);
      lines.push(row([
        scene.name, p.tool, p.budget ?? '', p.bytes, ((100 * p.bytes) / scene.inputBytes).toFixed(2), dB(p.psnr), dB(p.psnrPooled), p.ssim.toFixed(4),
        at === undefined ? '' : `${at.interpolated ? '~' : ''}${dB(at.psnr)}`, at === undefined ? '' : signed(at.psnr - p.psnr),
        p.seconds === undefined ? '' : p.seconds.toFixed(1), p.note ?? '',
      ]));
    }
  }
  return lines.join('\n');
}

export function comparisonsTable(run: Pick<RdRun, 'comparisons'>): string {
  const lines = [
    row(['scene', 'peer', 'method', 'peer points / size', 'Δ PSNR mean (Splatfit − peer)', 'Δ PSNR pooled', 'shared range (bytes)', 'note']),
    row(['---', '---', '---', '---:', '---:', '---:', '---', '---']),
  ];
  for (const c of run.comparisons) {
    lines.push(row([
      c.scene, c.tool, c.method === 'bd-psnr' ? 'BD-PSNR' : 'at its size', c.method === 'bd-psnr' ? `${c.points} pts` : `${c.bytes} B`,
      signed(c.deltaPsnr), signed(c.deltaPsnrPooled), c.range === undefined ? '' : `${c.range[0]}–${c.range[1]}`, c.note ?? '',
    ]));
  }
  return lines.join('\n');
}

export function ablationTable(run: Pick<RdRun, 'ablation'>): string {
  const lines = [
    row(['scene', 'ratio', 'variant', 'budget', 'bytes', 'PSNR mean', 'PSNR pooled', 'SSIM', 'Δ PSNR vs all tools', 'Δ pooled', 'note']),
    row(['---', '---:', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
  ];
  for (const a of run.ablation) {
    const p: RdPoint | undefined = a.point;
    lines.push(row([
      a.scene, `1:${a.ratio}`, a.variant, a.budget, p?.bytes ?? '', dB(p?.psnr), dB(p?.psnrPooled), p === undefined ? '' : p.ssim.toFixed(4),
      signed(a.deltaPsnr), signed(a.deltaPsnrPooled), a.error ?? p?.note ?? '',
    ]));
  }
  return lines.join('\n');
}

export function sogTable(run: Pick<RdRun, 'sog'>): string {
  const lines = [row(['scene', 'splat-transform 3.7 SOG s', 'bytes', 'SH', 'ours s', 'bytes']), row(['---', '---:', '---:', '---', '---:', '---:'])];
  for (const s of run.sog) {
    lines.push(row([
      s.scene, s.theirs === undefined ? 'failed' : s.theirs.seconds.toFixed(1), s.theirs?.bytes ?? '', s.theirs === undefined ? '' : s.theirs.shDropped ? 'dropped (-H 0)' : 'none in input',
      s.ours === undefined ? '— (no SOG writer yet)' : s.ours.seconds.toFixed(2), s.ours?.bytes ?? '',
    ]));
  }
  return lines.join('\n');
}

export function markdownReport(run: RdRun): string {
  const scenes = run.scenes.map((s) => `${s.name} (${s.splats.toLocaleString('en')} splats, SH ${s.shDegree}, ${s.inputBytes} B, ${s.seconds.toFixed(0)} s)`).join('; ');
  return `# Rate–distortion: Splatfit against other tools

${run.date}, Node ${run.node}, ${Math.round(run.seconds)} s in all. \`npm run bench:rd\` (bench/rd.ts; BENCH_SCENES=a,b for a subset, which only prints).
Scenes: ${scenes}.

Fidelity of each decoded file against the input on the **report views** (${run.viewSet}; ${run.viewSize}×${run.viewSize}, reference rasterizer; the codec never decides from them).
"PSNR mean" is the mean of the views' PSNRs (∞ views left out), "PSNR pooled" is −10·log10 of the mean of their MSEs; SSIM is the mean. ∞: renders identical (lossless).

Tools: **splatfit** = compressToBudget at 50/20/10/5/2/1 % of the input's bytes and at each single peer file's size; **splatfit-v1** = the codec at commit 7933790 at the same budgets;
**spz**, **compressed-ply** = splat-transform 2.7 (whole scene); **sog** = splat-transform 3.7 on the CPU (SH scenes with the SH dropped, \`-H 0\`: see the SOG table);
**ksplat-1/2** = @mkkellogg/gaussian-splats-3d levels 1 and 2 (SH up to degree 2); **fit-<format>** = our fitStandardFormat at the Splatfit budgets;
**decimate(-adaptive)+spz** = splat-transform 3.7 \`--decimate\`/\`--decimate-adaptive\` to a splat count searched so the .spz (written by 2.7) lands near each percentage budget; **+sog** = SOG of that decimated .ply.
"Splatfit PSNR at size": Splatfit fitted to the same budget (or to the peer's size), or ~ read off Splatfit's curve (linear in log bytes). Δ = Splatfit − peer.

## All points

${pointsTable(run)}

## Splatfit against each peer

BD-PSNR (cubic fit of PSNR against log10 bytes, averaged over the shared range) where the peer has ≥ 4 finite points; else the difference at each of the peer's sizes. Positive: Splatfit better.

${comparisonsTable(run)}

## Ablation: what each codec tool gains

${ablationTable(run)}

## SOG write time

${sogTable(run)}

## Commands

${[...run.commands].map(([tool, command]) => `- ${tool}: \`${command}\``).join('\n')}

## Failures and skips

${run.failures.length === 0 ? '- no failures' : run.failures.map((f) => `- failed: ${f}`).join('\n')}
${run.skipped.map((s) => `- skipped: ${s}`).join('\n')}

![PSNR against size](rd.svg)
`;
}
