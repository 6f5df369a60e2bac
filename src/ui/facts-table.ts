/** The facts of an opened scene, as a definition list a person can scan. */
import type { SceneFacts } from '../core/index.ts';
import { formatBytes, formatCount } from './format.ts';

const FORMAT_NAMES: Record<SceneFacts['format'], string> = {
  ply: '3DGS PLY',
  'compressed-ply': 'PlayCanvas compressed PLY',
  splat: '.splat',
  spz: 'Niantic SPZ',
  sog: 'PlayCanvas SOG',
  ksplat: '.ksplat',
  splatfit: 'Splatfit',
};

export function renderFacts(facts: SceneFacts): HTMLElement {
  const list = document.createElement('dl');
  list.className = 'facts';
  const v = (xs: readonly number[]): string => xs.map((x) => x.toFixed(2)).join(', ');
  const rows: [string, string, string][] = [
    ['name', 'Name', facts.name],
    ['format', 'Format', FORMAT_NAMES[facts.format]],
    ['splats', 'Splats', formatCount(facts.count)],
    ['sh-degree', 'SH degree', String(facts.shDegree)],
    ['size', 'Size', formatBytes(facts.bytes)],
    ['bytes-per-splat', 'Bytes / splat', facts.bytesPerSplat.toFixed(1)],
    ['bounds', 'Bounds', `(${v(facts.bounds.min)}) – (${v(facts.bounds.max)})`],
  ];
  for (const [key, label, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.dataset['fact'] = key;
    list.append(dt, dd);
  }
  for (const warning of facts.warnings) {
    const dd = document.createElement('dd');
    dd.className = 'warning';
    dd.textContent = `⚠ ${warning}`;
    list.append(dd);
  }
  return list;
}
