// Keyboard movement between marks. Marks sit on a grid: a row per bar (or per point, in
// x order) and a column per segment. Left/Right walk the marks in reading order, Up/Down
// jump to the nearest mark of the row above or below, Home/End go to the ends.

export interface GridPosition {
  row: number;
  col: number;
}

/** Index of the mark to move to from `current` for a key, or null if the key is not a movement. */
export function nextMark(marks: readonly GridPosition[], current: number, key: string): number | null {
  if (marks.length === 0) return null;
  const last = marks.length - 1;
  switch (key) {
    case 'ArrowRight': return Math.min(current + 1, last);
    case 'ArrowLeft': return Math.max(current - 1, 0);
    case 'Home': return 0;
    case 'End': return last;
    case 'ArrowDown':
    case 'ArrowUp': {
      const here = marks[current];
      const step = key === 'ArrowDown' ? 1 : -1;
      // The next row that has marks, then its mark whose column is closest.
      let i = current;
      while (i + step >= 0 && i + step <= last && marks[i + step].row === here.row) i += step;
      if (i + step < 0 || i + step > last) return current;
      const targetRow = marks[i + step].row;
      let best = i + step;
      for (let j = i + step; j >= 0 && j <= last && marks[j].row === targetRow; j += step) {
        if (Math.abs(marks[j].col - here.col) < Math.abs(marks[best].col - here.col)) best = j;
      }
      return best;
    }
    default: return null;
  }
}
