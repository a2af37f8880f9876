/**
 * Splits text holding several top-level JSON values one after another ("{...}\n{...}"), as
 * `hnsdiag list endpoints -df` prints one document per endpoint. Returns the values' texts and any
 * non-blank text found between them (headers, prompts), and whether the text ends inside a value.
 */
export function splitConcatenatedJson(text: string): {
  parts: string[];
  stray: string[];
  unterminated: boolean;
} {
  const parts: string[] = [];
  const stray: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  let strayStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) {
        const between = text.slice(strayStart, i).trim();
        if (between) stray.push(between);
        start = i;
      }
      depth++;
    } else if ((c === '}' || c === ']') && depth > 0) {
      depth--;
      if (depth === 0) {
        parts.push(text.slice(start, i + 1));
        strayStart = i + 1;
      }
    }
  }
  const tail = text.slice(depth > 0 ? start : strayStart).trim();
  if (tail) stray.push(tail);
  // Still inside a value at the end: the file stops mid-document (truncated).
  return { parts, stray, unterminated: depth > 0 };
}
