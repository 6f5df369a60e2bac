/**
 * What the renderer reads of three's WebGPU backend that three's typings leave out: whether it is
 * the backend running (onWebGPU), its device, and the record in which it keeps a texture's or a
 * buffer attribute's GPU object (texture-upload.ts, empty-storage.ts). Private to three: an upgrade
 * may move it, which e2e/renderer-vs-reference.spec.ts on WebGPU would show.
 */
import type { WebGPURenderer } from 'three/webgpu';

export interface WebGPUInternals {
  device: GPUDevice;
  get(object: object): { texture?: GPUTexture; buffer?: GPUBuffer };
}

export function webgpuInternals(renderer: WebGPURenderer): WebGPUInternals {
  return renderer.backend as unknown as WebGPUInternals;
}

/** Whether three runs `renderer` on WebGPU (its backend's own flag), not on its WebGL2 fallback. */
export function onWebGPU(renderer: WebGPURenderer): boolean {
  return (renderer.backend as { isWebGPUBackend?: boolean }).isWebGPUBackend === true;
}
