import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, parse } from 'node:path';
import { HNS_CLIENT_METHODS, isHnsMethod, RAW_MODIFY_METHOD, type HnsClient } from '../../native/hns-client';
import type { AppError } from '../base/app-error';
import { safeText } from '../core/safe-text';

export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** The slice of electron-log's file transport we configure (structural, for tests). */
export interface FileTransportLike {
  level: string | false;
  maxSize: number;
  // Method syntax: electron-log's LogFile has more members than the path we read.
  resolvePathFn(variables: never): string;
  archiveLogFn(oldLogFile: { path: string }): void;
}

export const LOG_FILE = 'main.log';
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP = 5;

/**
 * Rotation: main.log → main.1.log → … → main.<keep>.log, the oldest dropped. electron-log calls this
 * synchronously when the file passes maxSize, then starts a fresh file.
 */
export function rotateLogFile(file: string, keep: number = LOG_KEEP): void {
  const { dir, name, ext } = parse(file);
  const nth = (i: number) => join(dir, `${name}.${i}${ext}`);
  rmSync(nth(keep), { force: true });
  for (let i = keep - 1; i >= 1; i--) if (existsSync(nth(i))) renameSync(nth(i), nth(i + 1));
  renameSync(file, nth(1));
}

/** Points electron-log's file transport at the app's log folder (app.getPath('logs')), with rotation. */
export function configureFileLog(transport: FileTransportLike, logsDir: string): string {
  const file = join(logsDir, LOG_FILE);
  transport.level = 'info';
  transport.maxSize = LOG_MAX_BYTES;
  transport.resolvePathFn = () => file;
  transport.archiveLogFn = (old) => {
    try {
      rotateLogFile(old.path);
    } catch {
      // A locked file must not stop logging; electron-log then crops the file instead.
    }
  };
  return file;
}

const HNS_CODES = new Set(['hns', 'hns-unavailable', 'hns-parse']);
/** One log field: clipped, then CR/LF and every other control made visible, so no field can forge a line. */
const clip = (s: string | undefined, n = 500) =>
  s === undefined ? s : safeText(s.length > n ? s.slice(0, n) + '…' : s);

/**
 * The fleet's notes (a node's agent stderr, its error messages, the API server's words): what a node
 * says is data, so node and text are each one escaped, clipped field and the note is one log line.
 */
export function nodeNoteLogger(log: Logger): (node: string, text: string) => void {
  return (node, text) => log.info(`[${clip(node, 200)}] ${clip(text, 2000)}`);
}

/**
 * The router's onError: every rejected message (unknown channel, schema failure) and every failure.
 * Logs codes, fields and messages, never the payload (it may be a 64 MB snapshot).
 */
export function routerErrorLogger(log: Logger): (channel: string, error: AppError) => void {
  return (channel, error) => {
    const ch = clip(channel, 100);
    if (HNS_CODES.has(error.code)) {
      log.error(`HNS error on ${ch}: ${clip(error.hresultName ?? error.code)} ${clip(error.message)}`);
    } else if (error.code === 'validation' || error.code === 'unknown-channel') {
      log.warn(
        `IPC rejected ${ch}: ${error.code}${error.field ? ` (${clip(error.field, 200)})` : ''}: ${clip(error.message)}`,
      );
    } else {
      log.warn(`IPC ${ch} failed: ${error.code}: ${clip(error.message)}`);
    }
  };
}

const isHnsChange = (m: string): boolean =>
  m === RAW_MODIFY_METHOD || (isHnsMethod(m) && HNS_CLIENT_METHODS[m] === 'change');

/**
 * Wraps the backend so every HNS call that fails is logged where it fails — including failures a
 * service catches and reports as data (bulk results, diagnostics) that never reach the router's onError.
 */
export function withHnsErrorLogging(hns: HnsClient, log: Logger): HnsClient {
  return new Proxy(hns, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return async (...args: unknown[]) => {
        const id = typeof args[0] === 'string' ? ` ${clip(args[0], 200)}` : '';
        if (isHnsChange(prop)) log.info(`HNS ${prop}${id}`);
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (e) {
          log.error(`HNS ${prop}${id} failed: ${clip(e instanceof Error ? e.message : String(e))}`);
          throw e;
        }
      };
    },
  });
}
