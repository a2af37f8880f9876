import { z } from 'zod';
import type { Result } from '../base/app-error';
import { zodIssuesToAppError } from '../core/services/errors';
import { contract, type Channel } from '../ipc/contract';

// A node's answer is checked against the contract's output schema before anyone sees it, whether it
// came live or from the node's request ledger after a reconnect. The check itself must be cheap for a
// hostile answer: zod reports every bad element, so an answer of 100 000 empty objects (300 kB)
// made a million issues and 600 MB; and JSON.parse of tiny objects costs about 36 bytes of heap per
// byte of text. So a large line must carry a plausible amount of text per object before it is
// parsed, and arrays are checked element by element, stopping at the first bad one.

/** Lines shorter than this are parsed as they are: their worst case is small. */
const DENSITY_CHECK_FROM = 1024 * 1024;
/**
 * Fewest bytes per object or array a large answer carries on average. Real answers carry hundreds
 * (an endpoint summary is about 400 bytes and 3 containers); `[{},{},…]` carries 3.
 */
export const MIN_BYTES_PER_CONTAINER = 32;

/** Objects and arrays in a JSON text (brackets inside strings do not count). */
export function containerCount(text: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) n++;
  }
  return n;
}

/** Why a line is too dense to parse, or undefined when it may be parsed. */
export function tooDense(line: string): string | undefined {
  if (line.length < DENSITY_CHECK_FROM) return undefined;
  const n = containerCount(line);
  if (n * MIN_BYTES_PER_CONTAINER <= line.length) return undefined;
  return `an answer of ${line.length} bytes holding ${n} objects and arrays (more than one per ${MIN_BYTES_PER_CONTAINER} bytes: no real answer is that dense)`;
}

interface Bad {
  schema: z.ZodType;
  value: unknown;
  path: PropertyKey[];
}

/** The first element, down arrays and objects, that fails its own schema; stops there. */
function firstBad(schema: z.ZodType, value: unknown, path: PropertyKey[]): Bad | undefined {
  if (path.length > 32) return undefined;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    if (value === undefined || value === null) return undefined;
    return firstBad(schema.unwrap() as z.ZodType, value, path);
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = firstBad(schema.element as z.ZodType, value[i], [...path, i]);
      if (bad) return bad;
    }
    return undefined;
  }
  if (schema instanceof z.ZodObject && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const bad = firstBad(field, (value as Record<string, unknown>)[key], [...path, key]);
      if (bad) return bad;
    }
    return undefined;
  }
  return schema.safeParse(value).success ? undefined : { schema, value, path };
}

/**
 * schema.safeParse, with the cost of a hostile value bounded: the first bad element is reported
 * alone; only a value whose every element passes is parsed whole (for what only the whole can say:
 * unknown keys, array lengths).
 */
export function boundedSafeParse(schema: z.ZodType, value: unknown): z.ZodSafeParseResult<unknown> {
  const bad = firstBad(schema, value, []);
  if (!bad) return schema.safeParse(value);
  const r = bad.schema.safeParse(bad.value);
  if (r.success) return r;
  return {
    success: false,
    error: new z.ZodError(r.error.issues.map((i) => ({ ...i, path: [...bad.path, ...i.path] }))),
  };
}

/**
 * A node's Result for `channel`, as this app may use it: a success whose value breaks the contract
 * becomes a bad-output failure naming the node (it is never passed on).
 */
export function checkAnswer(label: string, channel: string, result: Result<unknown>): Result<unknown> {
  if (!result.ok || !Object.hasOwn(contract, channel)) return result;
  const out = boundedSafeParse(contract[channel as Channel].output, result.value);
  if (out.success) return result;
  return {
    ok: false,
    error: {
      code: 'bad-output',
      message: `The agent on ${label} answered ${channel} with data that breaks the contract: ${zodIssuesToAppError(out.error).message}`,
    },
  };
}
