/** "1 node", "2 nodes", "2 policies": counts in messages read as English, not "node(s)". */
export const plural = (n: number, word: string) => `${n} ${n === 1 ? word : word.replace(/y$/, 'ie') + 's'}`;
