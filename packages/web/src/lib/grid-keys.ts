/**
 * Where a key moves the active cell of a grid of `count` cells, `columns` wide (the ARIA grid
 * pattern): arrows move by one cell or row and stop at the edges, Home/End go to the row's ends,
 * Ctrl+Home/End to the first and last cell. Undefined for any other key. Pure, tested without a DOM.
 */
export function gridKey(
  key: string,
  index: number,
  count: number,
  columns: number,
  ctrl = false,
): number | undefined {
  if (count === 0) return undefined;
  const rowStart = index - (index % columns);
  switch (key) {
    case 'ArrowRight':
      return Math.min(index + 1, count - 1);
    case 'ArrowLeft':
      return Math.max(index - 1, 0);
    case 'ArrowDown':
      return index + columns < count ? index + columns : index;
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : index;
    case 'Home':
      return ctrl ? 0 : rowStart;
    case 'End':
      return ctrl ? count - 1 : Math.min(rowStart + columns - 1, count - 1);
    default:
      return undefined;
  }
}
