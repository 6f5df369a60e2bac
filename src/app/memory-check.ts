/**
 * Refuses, before reading, a file (dropped, picked or at a `?url=`) whose scene would not fit in
 * the tab: the decoded scene takes about `expansion` times the file's bytes (compressed formats
 * unpack to ~60 floats per splat), the GPU copy as much again, and the compress workers a copy
 * each while budgets run.
 */
import { extensionOf } from '../core/index.ts';

/** Decoded scene bytes per file byte, by format (measured on the shared scenes, rounded up). */
const EXPANSION: Record<string, number> = { '.ply': 1.1, '.splat': 8, '.spz': 14, '.sog': 20, '.ksplat': 6, '.splatfit': 25, '.json': 20 };
/** Copies of the scene alive at once: the page, the GPU textures, two workers. */
const COPIES = 4;

/** The memory a tab can count on, in bytes: half the device's (deviceMemory caps at 8 GiB), at most 4 GiB for one tab. */
export function tabMemoryBudget(): number {
  const deviceGiB = (navigator as { deviceMemory?: number }).deviceMemory ?? 4;
  return Math.min(4, deviceGiB / 2) * 1024 ** 3;
}

/** Null when the file fits, else a message saying how much it needs and how much there is. */
export function memoryRefusal(name: string, bytes: number, budget = tabMemoryBudget()): string | null {
  const needed = bytes * (EXPANSION[extensionOf(name)] ?? 20) * COPIES;
  if (needed <= budget) return null;
  // two decimals where one would show the need and the budget as the same figure
  const digits = (needed / 1024 ** 3).toFixed(1) === (budget / 1024 ** 3).toFixed(1) ? 2 : 1;
  const gib = (v: number): string => `${(v / 1024 ** 3).toFixed(digits)} GiB`;
  return `${name}: its scene needs about ${gib(needed)} of memory here (decoded, on the GPU and in the compress workers), more than this tab can count on (${gib(budget)}); use the splatfit CLI for it.`;
}

/**
 * The size of the file at `url` from a HEAD request, before anything is read; null when the
 * server does not say (the scene is then read without the check, as before).
 */
export async function urlByteSize(url: string): Promise<number | null> {
  try {
    const response = await fetch(url, { method: 'HEAD' });
    const length = Number(response.headers.get('content-length'));
    return response.ok && Number.isFinite(length) && length > 0 ? length : null;
  } catch {
    return null;
  }
}
