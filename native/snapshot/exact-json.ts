// JSON numbers as HNS wrote them. HNS v1 output carries 64-bit integers (LastUpdateTime
// 132695159565324289, a FILETIME) that a JavaScript number rounds (…290). Such an integer is read
// into { "$exactInteger": "<digits>" } and written back as the bare digits, so a snapshot survives
// open → change → persist byte for byte. Everything within 2^53 stays a plain number.

export const EXACT_KEY = '$exactInteger';

export type ExactInteger = { [EXACT_KEY]: string };

export function isExactInteger(v: unknown): v is ExactInteger {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const digits = (v as Record<string, unknown>)[EXACT_KEY];
  return keys.length === 1 && typeof digits === 'string' && /^-?\d+$/.test(digits);
}

/** [start, end) of every integer literal outside strings that a double cannot hold exactly. */
function unsafeIntegers(text: string): [number, number][] {
  const out: [number, number][] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    const isDigit = c >= 48 && c <= 57;
    if (!isDigit && c !== 45 /* - */) continue;
    let j = i + (c === 45 ? 1 : 0);
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const next = text[j];
    const integer = next !== '.' && next !== 'e' && next !== 'E';
    // 16+ digits is where doubles start to lose integers (2^53 has 16).
    if (integer && j - i >= 16 && !Number.isSafeInteger(Number(text.slice(i, j)))) out.push([i, j]);
    while (j < text.length && /[\d.eE+-]/.test(text[j] as string)) j++;
    i = j - 1;
  }
  return out;
}

/** Parses `text` with each span written as a tagged string; how many tagged strings it met. */
function parseTagged(
  text: string,
  spans: [number, number][],
  tag: string,
): { root: unknown; tagged: number } {
  const quotedTag = JSON.stringify(tag).slice(1, -1);
  let rewritten = '';
  let at = 0;
  for (const [s, e] of spans) {
    rewritten += `${text.slice(at, s)}"${quotedTag}${text.slice(s, e)}"`;
    at = e;
  }
  rewritten += text.slice(at);
  // One iterative pass over the result (a reviver is several times slower on large captures).
  let tagged = 0;
  const exact = (v: string) => (tagged++, { [EXACT_KEY]: v.slice(tag.length) });
  const root: unknown = JSON.parse(rewritten);
  if (typeof root === 'string')
    return root.startsWith(tag) ? { root: exact(root), tagged } : { root, tagged };
  const stack: unknown[] = root !== null && typeof root === 'object' ? [root] : [];
  while (stack.length) {
    const node = stack.pop() as Record<string, unknown>;
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (typeof v === 'string') {
        if (v.startsWith(tag)) node[k] = exact(v);
      } else if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
  return { root, tagged };
}

/** JSON.parse, except that integers beyond 2^53 keep every digit (as ExactInteger). */
export function parseExact(text: string): unknown {
  const spans = unsafeIntegers(text);
  if (spans.length === 0) return JSON.parse(text);
  // A literal becomes a string with a tag (NUL can only reach a JSON string escaped). Should the
  // file itself hold a string starting with the tag, more tags come back than literals: longer tag.
  for (let tag = '\u0000exact:'; ; tag += '!') {
    const { root, tagged } = parseTagged(text, spans, tag);
    if (tagged === spans.length) return root;
  }
}

/** JSON.stringify(value, null, indent), except that ExactInteger values are written as their digits. */
export function stringifyExact(value: unknown, indent = 2): string {
  const pad = ' '.repeat(indent);
  const write = (v: unknown, cur: string): string | undefined => {
    if (isExactInteger(v)) return v[EXACT_KEY];
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
      v = (v as { toJSON: () => unknown }).toJSON();
    if (v === null || typeof v !== 'object') return JSON.stringify(v);
    const inner = cur + pad;
    // As JSON.stringify: no indent means no line breaks and no space after the colon.
    const open = indent > 0 ? `\n${inner}` : '';
    const sep = indent > 0 ? `,\n${inner}` : ',';
    const close = indent > 0 ? `\n${cur}` : '';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const items = v.map((x) => write(x, inner) ?? 'null');
      return `[${open}${items.join(sep)}${close}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => {
      const w = write(x, inner);
      return w === undefined ? [] : [`${JSON.stringify(k)}:${indent > 0 ? ' ' : ''}${w}`];
    });
    if (entries.length === 0) return '{}';
    return `{${open}${entries.join(sep)}${close}}`;
  };
  return write(value, '') ?? 'undefined';
}
