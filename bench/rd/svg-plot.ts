/**
 * bench/results/rd.svg, hand-written: one panel per scene, PSNR (mean over the report views)
 * against bytes on a log scale; a line per tool with several points, a square per single file.
 * Splatfit is the thick blue line. Non-finite PSNRs (lossless files) are left out.
 */
import type { RdPoint } from './rd-point.ts';

const COLOURS: Readonly<Record<string, string>> = {
  splatfit: '#1f77b4', 'splatfit-v1': '#7fb2dc', spz: '#d62728', 'compressed-ply': '#2ca02c', sog: '#ff7f0e', 'ksplat-1': '#9467bd', 'ksplat-2': '#c5b0d5',
  'our-sog': '#e377c2', 'fit-spz': '#ff9896', 'fit-compressed-ply': '#98df8a', 'fit-splat': '#8c564b',
  'decimate+spz': '#17becf', 'decimate-adaptive+spz': '#bcbd22', 'decimate+sog': '#9edae5', 'decimate-adaptive+sog': '#dbdb8d',
};
const colourOf = (tool: string): string => COLOURS[tool] ?? '#7f7f7f';

export function svgPlot(scenes: readonly string[], points: readonly RdPoint[]): string {
  const w = 400, h = 280, pad = 44;
  const parts: string[] = [];
  const shown = points.filter((p) => !p.tool.startsWith('ablation:'));
  scenes.forEach((scene, k) => {
    const ox = (k % 2) * (w + 20), oy = Math.floor(k / 2) * (h + 20);
    const all = shown.filter((p) => p.scene === scene && Number.isFinite(p.psnr));
    parts.push(`<rect x="${ox}" y="${oy}" width="${w}" height="${h}" fill="white" stroke="#ccc"/>`);
    parts.push(`<text x="${ox + w / 2}" y="${oy + 16}" text-anchor="middle" font-size="12">${scene}</text>`);
    if (all.length === 0) return;
    const [minB, maxB] = [Math.min(...all.map((p) => p.bytes)) * 0.8, Math.max(...all.map((p) => p.bytes)) * 1.25];
    const [minP, maxP] = [Math.floor(Math.min(...all.map((p) => p.psnr)) - 1), Math.ceil(Math.max(...all.map((p) => p.psnr)) + 1)];
    const x = (b: number): number => ox + pad + ((Math.log(b) - Math.log(minB)) / (Math.log(maxB) - Math.log(minB))) * (w - 2 * pad);
    const y = (p: number): number => oy + h - pad - ((p - minP) / (maxP - minP)) * (h - 2 * pad);
    parts.push(`<text x="${ox + w / 2}" y="${oy + h - 8}" text-anchor="middle" font-size="10">bytes (log)  ${Math.round(minB)} – ${Math.round(maxB)}</text>`);
    parts.push(`<text x="${ox + 12}" y="${oy + h / 2}" font-size="10" transform="rotate(-90 ${ox + 12} ${oy + h / 2})" text-anchor="middle">PSNR dB ${minP}–${maxP}</text>`);
    const tools = [...new Set(all.map((p) => p.tool))].sort((a, b) => Number(a === 'splatfit') - Number(b === 'splatfit'));
    for (const tool of tools) {
      const curve = all.filter((p) => p.tool === tool).sort((a, b) => a.bytes - b.bytes);
      const colour = colourOf(tool);
      if (curve.length > 1) {
        parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="${tool === 'splatfit' ? 2.5 : 1.2}" points="${curve.map((p) => `${x(p.bytes).toFixed(1)},${y(p.psnr).toFixed(1)}`).join(' ')}"><title>${tool}</title></polyline>`);
        for (const p of curve) parts.push(`<circle cx="${x(p.bytes).toFixed(1)}" cy="${y(p.psnr).toFixed(1)}" r="${tool === 'splatfit' ? 3 : 2}" fill="${colour}"><title>${tool} ${p.bytes} B ${p.psnr.toFixed(2)} dB</title></circle>`);
      } else {
        const p = curve[0]!;
        parts.push(`<rect x="${(x(p.bytes) - 4).toFixed(1)}" y="${(y(p.psnr) - 4).toFixed(1)}" width="8" height="8" fill="${colour}"><title>${tool} ${p.bytes} B ${p.psnr.toFixed(2)} dB</title></rect>`);
      }
    }
  });
  const rows = Math.ceil(scenes.length / 2);
  const legendTop = rows * (h + 20);
  const legend = Object.entries(COLOURS).map(([tool, colour], i) => {
    const lx = 10 + (i % 4) * 205, ly = legendTop + 14 + Math.floor(i / 4) * 16;
    return `<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${colour}"/><text x="${lx + 14}" y="${ly + 1}" font-size="10">${tool}</text>`;
  });
  const height = legendTop + 14 + Math.ceil(Object.keys(COLOURS).length / 4) * 16 + 6;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * w + 20}" height="${height}" font-family="sans-serif">${parts.join('')}${legend.join('')}</svg>\n`;
}
