/**
 * What the app needs from a renderer, so it can be swapped (the interim @mkkellogg viewer now,
 * the WebGPU renderer later) without touching the UI.
 */
export interface SceneViewer {
  /** Shows a scene given as PLY bytes, framing the box given; resolves once it can be drawn. */
  show(ply: Uint8Array, frame: ViewFrame): Promise<void>;
  /** Frees the GPU context and the DOM it created. */
  dispose(): Promise<void>;
}

/** Where to look: the scene's centre and a radius that encloses what matters of it. */
export interface ViewFrame {
  readonly center: readonly [number, number, number];
  readonly radius: number;
}
