/**
 * What the renderer reads of three's WebGL2 fallback backend that three's typings leave out: its
 * context, its cache of GL state (bind through it, so three's idea of what is bound stays true),
 * and the record in which it keeps a texture's GL object and formats (texture-upload.ts). Private
 * to three: an upgrade may move it, which e2e/renderer-vs-reference.spec.ts on WebGL2 would show.
 */
import type { WebGPURenderer } from 'three/webgpu';

export interface WebGLInternals {
  gl: WebGL2RenderingContext;
  state: { bindTexture(target: GLenum, texture: WebGLTexture): void };
  get(object: object): { textureGPU?: WebGLTexture; glTextureType?: GLenum; glFormat?: GLenum; glType?: GLenum };
}

export function webglInternals(renderer: WebGPURenderer): WebGLInternals {
  return renderer.backend as unknown as WebGLInternals;
}
