// Untrusted text (HNS data, file contents, IPC input) on its way to a terminal or a log line.
// Endpoint names, policy fields, journal ids and error messages that quote them can hold ESC (colour,
// cursor moves, OSC window titles and hyperlinks: ESC ] … BEL), CR (overwrite the line), LF (forge a
// whole line), C1 controls (8-bit CSI U+009B), and Unicode bidi overrides that reorder what is shown
// (Trojan Source, CVE-2021-42574). Each becomes a visible escape — \n, \r, \t, \u001b, \u202e — so what
// is printed is what the data holds, on one line. The one place for this: the CLI's human output
// (electron/cli/format.ts and its commands), its --json output (safeJson) and every log line
// (electron/main/logging.ts) use it.

// C0, DEL, C1, Arabic letter mark, LRM/RLM, line/paragraph separators, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same, leaving LF alone: for whole outputs whose line breaks are the program's own.
const UNSAFE_KEEP_LF =
  // eslint-disable-next-line no-control-regex -- control characters are what this finds
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const visible = (c: string) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One field: every control and bidi character, LF included, made visible. */
export function safeText(value: unknown): string {
  return String(value).replace(UNSAFE, visible);
}

/** A whole block of output: the same, except that its own line breaks stay line breaks. */
export function safeLines(value: string): string {
  return value.replace(UNSAFE_KEEP_LF, visible);
}

// What JSON.stringify leaves raw although a terminal acts on it: DEL, C1 (U+009B is an 8-bit CSI) and
// the bidi/separator characters above. It escapes C0 itself.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON for a terminal or a pipe: JSON.stringify, with the characters it leaves raw written as \u
 * escapes. They can only occur inside strings (JSON's own syntax is ASCII), where \uXXXX is the same
 * character, so the text parses to exactly the same value.
 */
export function safeJson(value: unknown, space?: number): string {
  return (JSON.stringify(value, null, space) ?? 'null').replace(UNSAFE_IN_JSON, visible);
}
