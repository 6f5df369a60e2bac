/**
 * The pixel size a WebP file declares, read from its first bytes (RIFF container, then a `VP8L`,
 * `VP8X` or `VP8 ` chunk: https://developers.google.com/speed/webp/docs/riff_container), so a
 * reader can refuse an image larger than it needs before a decoder allocates its pixels.
 */

export interface WebpSize {
  readonly width: number;
  readonly height: number;
}

/** The declared size, or null when the bytes do not start like a WebP file (the decoder then says why). */
export function webpSize(bytes: Uint8Array): WebpSize | null {
  if (bytes.length < 30 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WEBP') return null;
  const chunk = ascii(bytes, 12);
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    // 14 bits width − 1, then 14 bits height − 1, little-endian bit order
    const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: u24(bytes, 24) + 1, height: u24(bytes, 27) + 1 };
  if (chunk === 'VP8 ') return { width: (bytes[26]! | (bytes[27]! << 8)) & 0x3fff, height: (bytes[28]! | (bytes[29]! << 8)) & 0x3fff };
  return null;
}

function ascii(b: Uint8Array, o: number): string {
  return String.fromCharCode(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!);
}

function u24(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
}
