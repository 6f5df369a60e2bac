/**
 * antimatter15 `.splat` rows (docs/formats.md, ".splat"): 32 bytes per splat, no header.
 *   0  position x,y,z   float32 ×3
 *  12  scale x,y,z      float32 ×3, linear (exp of the log-scale)
 *  24  colour r,g,b,a   uint8 ×4: r,g,b = (0.5 + SH_C0·f_dc)·255, a = sigmoid(opacity)·255
 *  28  rotation w,x,y,z uint8 ×4: component·128 + 128 of the normalized quaternion
 */
export const SPLAT_ROW_BYTES = 32;
export const SPLAT_POSITION_OFFSET = 0;
export const SPLAT_SCALE_OFFSET = 12;
export const SPLAT_COLOR_OFFSET = 24;
export const SPLAT_ROTATION_OFFSET = 28;
