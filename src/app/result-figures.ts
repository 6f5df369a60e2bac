/**
 * What a result's row and pane say about it: the one-line summary (bytes, ratio, PSNR) and the
 * figures under the pane's fold (budget, kept splats, SH degree, coding, report-view fidelity).
 */
import { describeCodings } from '../core/codec/coding-ladder.ts';
import type { BudgetResult } from '../../workers/compress-tasks.ts';
import { formatBytes, formatCount } from '../ui/format.ts';

/**
 * Report views each result is measured on: the first 12 of the 24 (orbits, close views and
 * detail close-ups alike; never a view the codec decided from), so a result's figures follow its
 * fit within seconds. The benchmarks measure all 24.
 */
export const PAGE_REPORT_VIEWS = 12;
/** A budget larger than any file: the standard formats then keep the whole scene. */
export const WHOLE_SCENE = Number.MAX_SAFE_INTEGER;

export function formatPsnr(psnr: number): string {
  return Number.isFinite(psnr) ? `${psnr.toFixed(2)} dB` : 'exact';
}

export function summary(result: BudgetResult, inputBytes: number): string {
  const whole = result.lossless ? (result.format === 'splatfit' ? ' · lossless: the budget holds the whole scene' : ' · the whole scene') : '';
  return `${formatBytes(result.bytes.length)} (1:${(inputBytes / result.bytes.length).toFixed(1)}) · ${formatPsnr(result.psnr)}${whole}`;
}

export function figures(result: BudgetResult, label: string, inputBytes: number, splats: number): [string, string, string][] {
  const codings = result.codings === null ? 'fixed by the format'
    : Object.entries(describeCodings(result.codings)).map(([group, coding]) => `${group} ${coding}`).join(', ');
  return [
    ['budget', result.budget === WHOLE_SCENE ? '—' : `${label} = ${formatBytes(result.budget)}`, 'budget'],
    ['bytes', `${formatBytes(result.bytes.length)} (${formatCount(result.bytes.length)} B)`, 'bytes'],
    ['ratio', `1:${(inputBytes / result.bytes.length).toFixed(1)}`, 'ratio'],
    ['splats kept', `${formatCount(result.kept)} of ${formatCount(splats)}`, 'kept'],
    ['SH degree', String(result.shDegree), 'sh-degree'],
    ['coding', codings, 'bits'],
    [`PSNR / SSIM (${PAGE_REPORT_VIEWS} report views)`, `${formatPsnr(result.psnr)} / ${result.ssim.toFixed(4)}`, 'fidelity'],
    ['PSNR this view', '…', 'view-psnr'],
  ];
}
