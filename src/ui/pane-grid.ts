/**
 * How many columns the panes take: the count that gives each pane the widest picture of a
 * landscape scene, among those whose rows all fit the area at their least height (so nothing needs
 * scrolling to compare); where every count needs scrolling, the one that hides the fewest rows.
 * Three panes in a wide, short area go side by side rather than two over one with the third out
 * of sight.
 */
export interface PaneGridShape {
  /** Space between panes, px. */
  readonly gap: number;
  /** A row is never shorter than this (the panes scroll instead), px. */
  readonly minRowHeight: number;
  /** A pane's height that is not picture: its title and its figures' line, px. */
  readonly chrome: number;
  /** Width over height of the picture a pane is judged by. */
  readonly aspect: number;
}

export function paneColumns(count: number, width: number, height: number, shape: PaneGridShape): number {
  if (count <= 1) return 1;
  // not laid out yet (a hidden tab): a square-ish grid until it is
  if (width <= 0 || height <= 0) return Math.ceil(Math.sqrt(count));
  // rows in sight at their least height, whatever the columns
  const shown = Math.max(1, Math.floor((height + shape.gap) / (shape.minRowHeight + shape.gap)));
  let best = 1, bestHidden = Infinity, bestPicture = -1;
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const cellWidth = (width - (columns - 1) * shape.gap) / columns;
    const cellHeight = Math.max(shape.minRowHeight, (height - (rows - 1) * shape.gap) / rows);
    const hidden = Math.max(0, rows - shown);
    const picture = Math.min(cellWidth, (cellHeight - shape.chrome) * shape.aspect);
    if (hidden < bestHidden || (hidden === bestHidden && picture > bestPicture)) {
      best = columns;
      bestHidden = hidden;
      bestPicture = picture;
    }
  }
  return best;
}
