import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

// koffi is native and must stay outside the bundle (it is unpacked from asar at package time).
export default defineConfig({
  main: {
    plugins: [criProto],
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
