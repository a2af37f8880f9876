// `npm run build:cli` (also run by `npm install`/`npm ci` through `prepare`, and by bin/hcnproxyctl.cjs
// when the sources changed): the product CLI (electron/cli/main.ts) as one CommonJS file the bin
// requires, so no call compiles TypeScript. Writes, under out/cli/ (never committed):
//   hcnproxyctl.cjs         our sources and the small packages they import at start-up (zod)
//   hcnproxyctl.inputs.json every file the bundle was built from, with its size and mtime: the bin
//                           rebuilds when any of them differs (bin/cli-bundle.cjs)
//   cri-v1.proto            read by `lookup` through a CRI socket (cri.ts looks beside the running file)
// The heavy packages stay out of the file and load from node_modules at their point of use (each is
// a dynamic import() in the sources): start-up reads ~1 MB instead of ~18 MB (docs/benchmarks.md,
// cli.cold_start_ms). A bundle that pulls in anything under test/ is refused, as for the exe.
import { copyFileSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = join(ROOT, 'out', 'cli');
export const CLI_BUNDLE = join(CLI_OUT_DIR, 'hcnproxyctl.cjs');
export const CLI_INPUTS = join(CLI_OUT_DIR, 'hcnproxyctl.inputs.json');
const PROTO = 'electron/core/containers/cri-v1.proto';

/**
 * Loaded from node_modules when first used, never at start-up: @kubernetes/client-node alone is
 * 14.9 MB of the 18.5 MB a full bundle holds. koffi is native (and imported lazily too); electron is
 * never part of the CLI.
 */
export const LAZY_PACKAGES = [
  '@kubernetes/client-node',
  '@grpc/grpc-js',
  '@grpc/proto-loader',
  'ssh2',
  'dockerode',
  'koffi',
  'electron',
];

/**
 * zod's `z.locales` namespace re-exports its ~40 error-message locales (358 kB of the 757 kB zod puts
 * in a bundle; every one is compiled and run at start-up). Nothing here uses `z.locales`; zod
 * registers English from its own import of locales/en.js. So the namespace keeps English only.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-english-only' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};\n`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** Writes `text` to `file` through a sibling temporary file, so a concurrent reader sees old or new. */
function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** [path, size, mtime]; a file changed since `since` gets mtime -1, so the next run rebuilds. */
function stamp(path, since) {
  const s = statSync(join(ROOT, path));
  return [path, s.size, s.mtimeMs >= since ? -1 : s.mtimeMs];
}

export async function buildCli() {
  const esbuild = await import('esbuild');
  // Whole milliseconds, one back: some file systems keep coarser mtimes than the clock.
  const started = Math.floor(Date.now()) - 1;
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['electron/cli/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: LAZY_PACKAGES,
    plugins: [zodEnglishOnly],
    write: false,
    outfile: CLI_BUNDLE,
    metafile: true,
    // Failures are reported once, through the error thrown (the bin shows it when a rebuild fails).
    logLevel: 'silent',
    // cri.ts falls back to import.meta.url only where __dirname is missing; a CommonJS file has it.
    logOverride: { 'empty-import-meta': 'silent' },
    legalComments: 'none',
  });
  // Plugin modules show as `namespace:path`; the files they stand for are stamped through their importers.
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !/^[\w-]{2,}:/.test(p));
  const fromTests = inputs.filter((p) => relative(ROOT, resolve(ROOT, p)).startsWith('test'));
  if (fromTests.length)
    throw new Error(
      `The CLI bundle would ship test code: ${fromTests.join(', ')}. Build from the product entry.`,
    );
  mkdirSync(CLI_OUT_DIR, { recursive: true });
  copyFileSync(join(ROOT, PROTO), join(CLI_OUT_DIR, 'cri-v1.proto'));
  const self = relative(ROOT, fileURLToPath(import.meta.url));
  // A source saved while esbuild ran may or may not be in the bundle: stamped as changed.
  const stamps = [...inputs, PROTO, self].map((p) => stamp(relative(ROOT, resolve(ROOT, p)), started));
  writeAtomic(CLI_BUNDLE, result.outputFiles[0].contents);
  writeAtomic(CLI_INPUTS, JSON.stringify({ inputs: stamps }));
  return { bundle: CLI_BUNDLE, inputs: stamps.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --if-possible (npm's prepare step): a checkout without esbuild (dev dependencies omitted) or with
  // sources that do not build yet still installs; the bin builds on its first run and says why not.
  const lenient = process.argv.includes('--if-possible');
  buildCli().then(
    ({ bundle, inputs }) => {
      if (process.argv.includes('--verbose'))
        process.stdout.write(`Built ${relative(ROOT, bundle)} from ${inputs} files\n`);
    },
    (e) => {
      const message = e instanceof Error ? e.message : String(e);
      process.stderr.write(`build:cli: ${message}\n`);
      if (lenient) process.stderr.write('build:cli: the hcnproxyctl bin will build it on its first run.\n');
      else process.exitCode = 1;
    },
  );
}
