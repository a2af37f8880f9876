import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The CRI client loads its .proto from beside the running file (electron/core/containers/cri.ts).
const criProto: Plugin = {
  name: 'hcnproxy-cri-proto',
  generateBundle() {
    const source = readFileSync(resolve(__dirname, 'electron/core/containers/cri-v1.proto'));
    this.emitFile({ type: 'asset', fileName: 'cri-v1.proto', source });
  },
};

// Test code never ships (issue 13 item 1: a fake library once built from the working directory ran as
// admin): a main or preload bundle that pulls in any module under test/ fails the build.
const noTestCode: Plugin = {
  name: 'hcnproxy-no-test-code',
  generateBundle(_options, bundle) {
    const testDir = resolve(__dirname, 'test') + sep;
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const leaked = chunk.moduleIds.filter((id) => id.startsWith(testDir));
      if (leaked.length) this.error(`${chunk.fileName} includes test code: ${leaked.join(', ')}`);
    }
  },
};

// koffi is native and must stay outside the bundle (it is unpacked from asar at package time).
export default defineConfig({
  main: {
    plugins: [criProto, noTestCode],
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/main/index.ts') },
        // The bundler hoists every require() of the entry chunk above its inlined code, so the
        // thread-pool line (index.ts's first import) would run after electron-log and the rest were
        // loaded. As a chunk of its own it is the first require() (native/windows/threadpool.ts).
        output: {
          codeSplitting: {
            groups: [{ name: 'threadpool-init', test: /native[\\/]windows[\\/]threadpool/ }],
          },
        },
      },
    },
  },
  preload: {
    plugins: [noTestCode],
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } } },
  },
});
