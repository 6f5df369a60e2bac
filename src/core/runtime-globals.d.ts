/**
 * The few globals the core uses that ES2022 does not declare. All exist in browsers, workers and
 * Node ≥ 18; declaring only these keeps DOM and Node types (document, fs, ...) out of the core.
 */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
