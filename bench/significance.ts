/**
 * How well the cheap significance proxy (alpha × volume) ranks splats compared with the measured
 * one (Σ T·α over 8 standard 256×256 views): Spearman rank correlation, overlap of the top 10 %,
 * and what each ranking does when it picks the half of the splats to keep (PSNR against the full
 * scene over the same views). Run: `npm run bench:significance`.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareScenes, measuredSignificance, proxySignificance, rankBySignificance, rankCorrelation, sampleViews, selectSplats, type SplatScene, topOverlap } from '../src/core/index.ts';
import { readSceneFile } from '../src/cli/node-platform.ts';
import { SHARED_SCENES } from '../test/helpers/scenes.ts';

function keepTopHalf(scene: SplatScene, scores: Float32Array): SplatScene {
  return selectSplats(scene, rankBySignificance(scores).slice(0, Math.ceil(scene.count / 2)).sort());
}

const rows: string[] = [];
for (const name of readdirSync(SHARED_SCENES).filter((f) => f !== 'README.md' && !f.includes('500k')).sort()) {
  const { scene } = await readSceneFile(join(SHARED_SCENES, name));
  const views = sampleViews(scene, 8, { width: 256, height: 256 });
  const measured = measuredSignificance(scene, views);
  const proxy = proxySignificance(scene);
  const psnrMeasured = compareScenes(scene, keepTopHalf(scene, measured), views).meanPsnr;
  const psnrProxy = compareScenes(scene, keepTopHalf(scene, proxy), views).meanPsnr;
  rows.push(`| ${name} | ${scene.count.toLocaleString('en-US')} | ${rankCorrelation(measured, proxy).toFixed(3)} | ${(100 * topOverlap(measured, proxy, 0.1)).toFixed(1)} % | ${psnrMeasured.toFixed(2)} | ${psnrProxy.toFixed(2)} |`);
  process.stdout.write(rows[rows.length - 1] + '\n');
}
const report = `# Significance: proxy (alpha × volume) against measured (Σ T·α over 8 views at 256×256)\n\n${new Date().toISOString().slice(0, 10)}. "Keep half" = PSNR (dB) of the scene with the more significant half kept, by each ranking.\n\n| scene | splats | Spearman ρ | top-10 % overlap | keep half: measured | keep half: proxy |\n|---|---:|---:|---:|---:|---:|\n${rows.join('\n')}\n`;
writeFileSync(join(import.meta.dirname, 'results', 'significance.md'), report);
process.stdout.write('\n' + report);
