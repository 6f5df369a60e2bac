/**
 * Rows for labels along a track (the sizes marked under the budget slider): each label starts at
 * its position, or ends there where it would run past the track's end, and goes on the first row
 * where it clears every label already on it, so that positions close together (an input, its
 * .spz and .splat often are) never write over each other.
 */
export interface PlacedLabel {
  readonly row: number;
  /** The label ends at its position instead of starting there. */
  readonly hangsLeft: boolean;
}

export function labelRows(labels: readonly { at: number; width: number }[], across: number, gap: number): PlacedLabel[] {
  const rowEnds: number[] = [];
  return labels.map(({ at, width }) => {
    const hangsLeft = at + width > across;
    const [start, end] = hangsLeft ? [at - width, at] : [at, at + width];
    let row = rowEnds.findIndex((last) => start >= last + gap);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = Math.max(rowEnds[row] ?? -Infinity, end);
    return { row, hangsLeft };
  });
}
