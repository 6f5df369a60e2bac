export const MMAP_THRESHOLD_VARIABLE: string;
export const MMAP_THRESHOLD: string;
export function usesGlibc(): boolean;
export function relaunchForLowMemory(script: string, args: readonly string[]): Promise<void>;
export function lowMemoryChild(): void;
