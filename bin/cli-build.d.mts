/** See cli-build.mjs. */
export function currentBuild(root: string): string | null;
