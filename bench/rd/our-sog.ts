/**
 * HOOK — our own SOG writer, for its write time beside splat-transform 3.7's (and its file measured
 * as tool `our-sog`). Undefined until the codec writes SOG; then set it, for example to
 * `(scene) => writeScene(scene, 'sog')`. The bench times the call in-process, while
 * splat-transform's time is its whole CLI run (start-up and reading the .ply included).
 */
import type { SplatScene } from '../../src/core/index.ts';

export type SogWriter = (scene: SplatScene) => Uint8Array;

export const ourSogWriter: SogWriter | undefined = undefined;
