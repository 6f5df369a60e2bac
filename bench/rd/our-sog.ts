/**
 * Our own SOG writer, for its write time beside splat-transform 3.7's (and its file measured as
 * tool `our-sog`), and our SOG fitted to the Splatfit budgets (tool `fit-sog`). The bench times
 * the calls in-process, while splat-transform's time is its whole CLI run (start-up and reading
 * the .ply included).
 */
import { nodeWebpEncoder } from '../../src/cli/node-platform.ts';
import { fitSog } from '../../src/core/codec/fit-sog.ts';
import type { SceneAnalysis } from '../../src/core/codec/scene-analysis.ts';
import { writeSog } from '../../src/core/formats/sog/write.ts';
import type { SplatScene } from '../../src/core/index.ts';

export type SogWriter = (scene: SplatScene) => Promise<Uint8Array>;

export const ourSogWriter: SogWriter = async (scene) => writeSog(scene, { encodeImage: await nodeWebpEncoder() });

export async function ourSogFit(analysis: SceneAnalysis, budget: number): Promise<{ bytes: Uint8Array; kept: number; shDegree: number; paletteSize: number }> {
  return fitSog(analysis, budget, { encodeImage: await nodeWebpEncoder() });
}
