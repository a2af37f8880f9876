import { build, type BuildOptions } from 'esbuild';

/**
 * Our sources in one ESM file with npm packages left to node_modules, the way electron-vite bundles
 * main: what a bundled host really loads (no TypeScript loader, Node's own ESM linking). esbuild comes
 * with tsx and vite.
 */
export const NODE_BUNDLE: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
};

export async function bundleForNode(entry: string, outfile: string): Promise<void> {
  await build({ ...NODE_BUNDLE, entryPoints: [entry], outfile, logLevel: 'error' });
}
