// Finds the JSON in what admins actually save: a console capture with the prompt line quoted, log
// lines before or after, or a collectlogs-style file that prints a table first. A JSON value is only
// taken to start at the beginning of a line ("{" or "["), and only kept if it parses: a table's
// multi-value cell ("{10.0.0.1, 10.0.0.2}", "{@{Type=…}}") is text, not JSON. Everything else is
// reported as skipped lines, so nothing is dropped silently.

import { parseExact } from './exact-json';

export interface Extracted {
  /** The JSON values found, in order, each parsed. */
  values: unknown[];
  /** Lines outside any JSON value (1-based line numbers, trimmed text). */
  skipped: { line: number; text: string }[];
  /** A value that starts like JSON but the file ends inside it (a truncated capture). */
  truncatedAt?: { line: number; after: number };
  /** The first value that starts like JSON but does not parse (JSON.parse's message). */
  invalid?: { line: number; message: string };
}

/** Scans one value from `start`; returns the index after it, or -1 when the text ends inside it. */
function scanValue(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** A line that can only be the start of JSON: "[" or "{" alone, or followed by a quote or bracket. */
function looksLikeJsonStart(line: string): boolean {
  return /^[[{]\s*$/.test(line) || /^[[{]\s*["{[\]}]/.test(line);
}

/** Newlines in text[from, to): lines advance by this, so the whole scan stays linear. */
function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function extractJson(text: string): Extracted {
  const values: unknown[] = [];
  const skipped: Extracted['skipped'] = [];
  let truncatedAt: Extracted['truncatedAt'];
  let invalid: Extracted['invalid'];
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const raw = text.slice(pos, lineEnd);
    const lead = raw.length - raw.trimStart().length;
    const first = raw[lead];
    if (first === '{' || first === '[') {
      const start = pos + lead;
      const end = scanValue(text, start);
      if (end === -1) {
        // JSON that the file ends inside: everything after is part of it, so stop here (truncated).
        if (looksLikeJsonStart(raw.trim())) {
          truncatedAt = { line, after: values.length };
          break;
        }
      } else {
        try {
          values.push(parseExact(text.slice(start, end)));
          const restEnd = text.indexOf('\n', end);
          const rest = text.slice(end, restEnd === -1 ? text.length : restEnd).trim();
          const endLine = line + newlines(text, pos, end);
          if (rest) skipped.push({ line: endLine, text: rest });
          line = endLine + 1;
          pos = restEnd === -1 ? text.length : restEnd + 1;
          continue;
        } catch (e) {
          // A table cell or a prompt that happens to start with a bracket: text, not JSON.
          if (!invalid && looksLikeJsonStart(raw.trim()))
            invalid = { line, message: e instanceof Error ? e.message : String(e) };
        }
      }
    }
    if (raw.trim()) skipped.push({ line, text: raw.trim() });
    line++;
    pos = lineEnd + 1;
  }
  return { values, skipped, ...(truncatedAt ? { truncatedAt } : {}), ...(invalid ? { invalid } : {}) };
}
