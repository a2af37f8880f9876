import { resolve } from 'node:path';
import { build } from 'esbuild';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layers are a ladder, enforced by lint (eslint.config.mjs): base ← native ← electron/core ←
// electron/ipc ← hosts (main, cli, remote, preload) ← renderer. Each rung is tried with one import
// that points up (refused) and one that points down (allowed), so a rule that stops matching fails here.

const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (r?.messages ?? [])
    .filter((m) => /no-restricted-imports/.test(m.ruleId ?? ''))
    .map((m) => m.message);
}

const CASES: Array<{ file: string; up: string; down?: string }> = [
  { file: 'electron/base/x.ts', up: '../../native/hns-json', down: './app-error' },
  { file: 'electron/base/fs/x.ts', up: '../../core/views', down: '../app-error' },
  { file: 'native/x.ts', up: '../electron/core/views', down: '../electron/base/app-error' },
  { file: 'native/windows/x.ts', up: '../../electron/ipc/contract', down: '../hns-json' },
  { file: 'electron/core/services/x.ts', up: '../../ipc/contract', down: '../../../native/hns-json' },
  { file: 'electron/core/x.ts', up: '../remote/protocol', down: '../base/plural' },
  { file: 'electron/ipc/x.ts', up: '../remote/fleet', down: '../core/views' },
  { file: 'electron/ipc/x.ts', up: '../cli/errors' },
  { file: 'electron/remote/x.ts', up: '../cli/errors', down: '../ipc/contract' },
  { file: 'electron/remote/x.ts', up: '../main/logging' },
  { file: 'electron/cli/x.ts', up: '../main/elevation', down: '../remote/protocol' },
  { file: 'electron/main/x.ts', up: '../cli/run', down: '../remote/protocol' },
  { file: 'renderer/src/x.ts', up: '../../electron/ipc/contract', down: '../../electron/ipc/channels' },
  { file: 'renderer/src/x.ts', up: 'zod' },
  { file: 'renderer/src/x.ts', up: '../../electron/core/services/policies' },
];

describe('import layers (lint)', () => {
  it.each(CASES)('$file: importing $up is refused', async ({ file, up }) => {
    expect(await layerErrors(file, `import { x } from '${up}';\nexport const y = x;\n`)).toHaveLength(1);
  });

  it.each(CASES.filter((c) => c.down))('$file: importing $down is allowed', async ({ file, down }) => {
    expect(await layerErrors(file, `import { x } from '${down}';\nexport const y = x;\n`)).toEqual([]);
  });

  it('lets the renderer import types from anywhere (they leave no code in the bundle)', async () => {
    const code = `import type { Contract } from '../../electron/ipc/contract';\nexport type C = Contract;\n`;
    expect(await layerErrors('renderer/src/x.ts', code)).toEqual([]);
  });
});

describe('the renderer bundle', () => {
  it('carries no zod and no contract schemas (the window validates nothing; main does)', async () => {
    const r = await build({
      entryPoints: [resolve(root, 'renderer/src/main.tsx')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      format: 'esm',
      loader: { '.png': 'empty', '.svg': 'empty', '.css': 'empty' },
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.some((p) => p.includes('renderer/src/App'))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/zod\//.test(p))).toEqual([]);
    expect(inputs.filter((p) => /electron\/ipc\/contract|electron\/core\/views/.test(p))).toEqual([]);
  });
});
