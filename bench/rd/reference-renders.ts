/**
 * Fidelity on the report views with the input rendered once: the reference images of a scene's
 * report views are kept, and each candidate is rendered and compared against them (compareScenes
 * would re-render the reference for every candidate). Same metrics and conventions as
 * compareScenes: PSNR and SSIM from src/core, mean PSNR over the views that differ.
 */
import {
  type Camera, meanSquaredError, psnr, type RasterImage, rasterize, REPORT_VIEW_SET, reportViews, type SplatScene, ssim, summarizeFidelity,
} from '../../src/core/index.ts';

/** Edge of the report views the bench measures on, px. */
export const RD_VIEW_SIZE = 256;

export interface Fidelity {
  /** Mean of the views' PSNRs (dB) over the views that differ; Infinity when none does. */
  readonly psnr: number;
  /** −10·log10 of the mean of the views' MSEs: one PSNR of all pixels pooled; Infinity when identical. */
  readonly psnrPooled: number;
  /** Mean SSIM over the views. */
  readonly ssim: number;
}

export class ReferenceRenders {
  readonly cameras: readonly Camera[];
  readonly viewSet = REPORT_VIEW_SET;
  private readonly images: readonly RasterImage[];

  constructor(scene: SplatScene, size = RD_VIEW_SIZE) {
    this.cameras = reportViews(scene, size);
    this.images = this.cameras.map((camera) => rasterize(scene, camera));
  }

  measure(candidate: SplatScene): Fidelity {
    const views = this.cameras.map((camera, k) => {
      const reference = this.images[k]!, image = rasterize(candidate, camera);
      return { psnr: psnr(reference, image), ssim: ssim(reference, image), mse: meanSquaredError(reference, image) };
    });
    const summary = summarizeFidelity(views);
    const meanMse = views.reduce((sum, v) => sum + v.mse, 0) / views.length;
    return { psnr: summary.meanPsnr, psnrPooled: meanMse === 0 ? Infinity : -10 * Math.log10(meanMse), ssim: summary.meanSsim };
  }
}
