// @mkkellogg/gaussian-splats-3d ships no type declarations: these cover what the app and tests use.
declare module '@mkkellogg/gaussian-splats-3d' {
  export const PlyParser: { parseToUncompressedSplatArray(buffer: ArrayBuffer, shDegree: number): unknown };
  export const SplatBufferGenerator: {
    getStandardGenerator(alphaRemovalThreshold: number, compressionLevel: number, sectionSize: number, sceneCenter: unknown, blockSize: number, bucketSize: number): {
      generateFromUncompressedSplatArray(splats: unknown): { bufferData: ArrayBuffer };
    };
  };
  export const Viewer: new (options: Record<string, unknown>) => {
    addSplatScene(url: string, options: Record<string, unknown>): Promise<void>;
    start(): void;
    runSplatSort(force?: boolean, forceSortAll?: boolean): Promise<boolean>;
    camera: { position: { set(x: number, y: number, z: number): void } };
    controls: { target: { set(x: number, y: number, z: number): void }; update(): void };
    dispose(): Promise<void>;
  };
  export const SceneFormat: { Ply: number; Splat: number; KSplat: number };
  export const SceneRevealMode: { Default: number; Gradual: number; Instant: number };
}
