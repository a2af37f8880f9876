// Names people give machines carry numbers: sim-2, sim-10, win-node.10.0.0.7, aks-np1-00012. Text
// order puts sim-10 before sim-2; natural order compares each run of digits as a number and the
// rest case-insensitively, so every list of nodes (switcher, fleet table, dialogs, exports) reads
// the same way. One definition: naturalKey; naturalCompare compares two keys.

/**
 * The sort key of natural order, for sorting many rows (computed once per row): text lower-cased,
 * each digit run without leading zeros and left-padded to 16 digits, so comparing keys as plain
 * strings is natural order (digits sort before letters, as in file managers). Runs longer than 16
 * digits compare by text beyond that.
 */
export function naturalKey(s: string): string {
  return s.toLowerCase().replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, '').padStart(16, '0'));
}

/** Natural order ("sim-2" < "sim-10" < "Sim-11"); names equal but for case or zeros by their text. */
export function naturalCompare(a: string, b: string): number {
  const x = naturalKey(a);
  const y = naturalKey(b);
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
