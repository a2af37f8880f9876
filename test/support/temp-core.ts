import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCoreOptions } from '../../electron/ipc/app-core';

/** A simulated core whose journal lives in a fresh temp dir. */
export async function tempCore(options: AppCoreOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hcnproxy-svc-'));
  const core = await createAppCore({
    backend: 'simulated',
    validateOutput: true,
    journalPath: join(dir, 'journal.jsonl'),
    ...options,
  });
  return { core, dir, journalPath: join(dir, 'journal.jsonl') };
}

export const WEB0 = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
export const API = '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const NAT_EP = '8192a3b4-c5d6-4e7f-9081-92a3b4c5d6e7';
export const MISSING = '00000000-0000-4000-8000-000000000000';
