// Types of malloc-settings.mjs for the TypeScript that imports it (the tests).
export const ARENA_MAX_VARIABLE: 'MALLOC_ARENA_MAX';
export const MMAP_THRESHOLD_VARIABLE: 'MALLOC_MMAP_THRESHOLD_';
export const COMPRESS_MALLOC: Readonly<Record<'MALLOC_ARENA_MAX' | 'MALLOC_MMAP_THRESHOLD_', string>>;
export const LOW_MEMORY_MALLOC: Readonly<Record<'MALLOC_ARENA_MAX' | 'MALLOC_MMAP_THRESHOLD_', string>>;
export function usesGlibc(): boolean;
export function mallocSettingsFor(args: readonly string[], env?: Record<string, string | undefined>, glibc?: () => boolean): Readonly<Record<'MALLOC_ARENA_MAX' | 'MALLOC_MMAP_THRESHOLD_', string>> | null;
export function relaunchWithMallocSettings(script: string, args: readonly string[]): Promise<void>;
export function mallocSettingsChild(): void;
