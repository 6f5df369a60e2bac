/**
 * How many splats a file holds and of which SH degree, from its first bytes, before it is read:
 * what a memory check needs to count the decoded scene exactly instead of guessing it from the
 * file's size (a trainer's PLY carries three unused normals per splat, and may carry other
 * properties no reader keeps). Formats whose head does not say (compressed ones) give null.
 */
import { extensionOf } from './detect.ts';
import { tryParsePlyHeader } from './ply/header.ts';
import { mapVertexProperties } from './ply/property-map.ts';
import { SPLAT_ROW_BYTES } from './splat/constants.ts';

export interface SceneShape {
  readonly count: number;
  readonly shDegree: number;
}

/** Bytes of a file's head that hold its shape where it has one (a PLY header is a few kB). */
export const SHAPE_HEAD_BYTES = 64 * 1024;

/**
 * The shape file `name` (of `size` bytes) declares; null where the format's head does not say, or
 * the head is not one this reader would accept (the reader then says what is wrong when the file
 * is read). `readHead(bytes)` gives the file's first `bytes` bytes (null where they cannot be
 * read); it is called only for a format whose head gives the shape.
 */
export async function sceneShapeOf(name: string, size: number, readHead: (bytes: number) => Promise<Uint8Array | null>): Promise<SceneShape | null> {
  switch (extensionOf(name)) {
    case '.splat':
      return { count: Math.floor(size / SPLAT_ROW_BYTES), shDegree: 0 };
    case '.ply': {
      const head = await readHead(Math.min(size, SHAPE_HEAD_BYTES));
      return head === null ? null : plyShape(name, head);
    }
    default:
      return null;
  }
}

function plyShape(name: string, head: Uint8Array): SceneShape | null {
  try {
    const vertex = tryParsePlyHeader(head, name)?.elements.find((e) => e.name === 'vertex');
    return vertex === undefined ? null : { count: vertex.count, shDegree: mapVertexProperties(vertex, name).shDegree };
  } catch {
    return null;
  }
}
