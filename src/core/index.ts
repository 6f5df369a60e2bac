/** Public API of the Splatfit core: pure TypeScript over typed arrays, for browser, worker and Node. */
export { ErrorCode, SplatfitError, isSplatfitError } from './errors.ts';
export type { ErrorPlace } from './errors.ts';
export { blobSource, bufferSource, readAll } from './io/byte-source.ts';
export type { BlobLike, ByteSource, ProgressCallback } from './io/byte-source.ts';
export { MAX_SH_DEGREE, SH_C0, shRestPerChannel } from './scene/sh.ts';
export { allocateScene, computeBounds, sceneBuffers, sceneByteSize, selectSplats, withShDegree } from './scene/splat-scene.ts';
export type { Bounds, SplatScene } from './scene/splat-scene.ts';
export { enforceFiniteSplats, findInvalidSplats } from './scene/validate.ts';
export { boundsFrame, robustBounds } from './scene/robust-bounds.ts';
export type { NonFinitePolicy } from './scene/validate.ts';
export { extensionOf, READABLE_EXTENSIONS, WRITABLE_FORMATS, writableFormatFor } from './formats/detect.ts';
export type { SceneFormat, WritableFormat } from './formats/detect.ts';
export { readScene } from './formats/read-scene.ts';
export type { ReadSceneOptions, ReadSceneResult, SceneFacts } from './formats/read-scene.ts';
export { writeScene } from './formats/write-scene.ts';
export type { DecodedImage, ImageDecoder, SogFileLookup } from './formats/sog/read.ts';
