import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The layers, bottom to top. A folder may import from the layers below it, never above (type-only
// imports included: a type pulls the module into the reader's mind, and the graph stays a ladder).
// base ← native ← electron/core ← electron/ipc ← hosts (main, cli, remote, preload) ← renderer.
const LAYERS = [
  { name: 'electron/base', files: ['electron/base/**/*.ts'] },
  { name: 'native', files: ['native/**/*.ts'] },
  { name: 'electron/core', files: ['electron/core/**/*.ts'] },
  { name: 'electron/ipc', files: ['electron/ipc/**/*.ts'] },
];
const ABOVE = {
  'electron/base': ['**/native/**', '**/electron/core/**', '**/core/**'],
  native: ['**/electron/core/**'],
  'electron/core': [],
  'electron/ipc': [],
};
const HOSTS = [
  '**/electron/main/**',
  '**/main/*',
  '**/electron/cli/**',
  '**/cli/*',
  '**/remote/*',
  '**/preload/*',
];
const upward = (layer) => {
  const i = LAYERS.findIndex((l) => l.name === layer);
  const higher = LAYERS.slice(i + 1).map((l) => [`**/${l.name}/**`, `**/${l.name.split('/').pop()}/*`]);
  return [...ABOVE[layer], ...higher.flat(), ...HOSTS, '**/renderer/**'];
};
function layerRules() {
  const rule = (groups, message) => ['error', { patterns: [{ group: [...new Set(groups)], message }] }];
  return [
    ...LAYERS.map((l) => ({
      files: l.files,
      rules: {
        'no-restricted-imports': rule(
          upward(l.name),
          `${l.name} sits below this import: base ← native ← electron/core ← electron/ipc ← hosts ← renderer (docs/architecture.md).`,
        ),
      },
    })),
    {
      // The agent and the transports are hosts of the core, never of the CLI or Electron main.
      files: ['electron/remote/**/*.ts'],
      rules: {
        'no-restricted-imports': rule(
          ['**/electron/main/**', '**/main/*', '**/electron/cli/**', '**/cli/*', '**/renderer/**'],
          'electron/remote may not import the CLI or Electron main (docs/architecture.md).',
        ),
      },
    },
    {
      files: ['electron/cli/**/*.ts'],
      rules: {
        'no-restricted-imports': rule(
          ['**/electron/main/**', '**/main/*', '**/renderer/**'],
          'The CLI may not import Electron main (docs/architecture.md).',
        ),
      },
    },
    {
      files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
      rules: {
        'no-restricted-imports': rule(
          ['**/electron/cli/**', '**/cli/*', '**/renderer/**'],
          'Electron main and preload may not import the CLI (docs/architecture.md).',
        ),
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'release', 'test-results', 'test/fixtures/build', 'bin'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...layerRules(),
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer reaches main only through window.hcnproxy; never Node or Electron. Types flow
      // from anywhere; values only from zod-free pure modules (the bundle must not carry zod).
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'fs', 'path', 'child_process', 'os', 'koffi', 'zod'].map((name) => ({
            name,
            message: 'The renderer is sandboxed and zod-free.',
            allowTypeImports: true,
          })),
          patterns: [
            { group: ['node:*'], message: 'The renderer is sandboxed.' },
            {
              group: [
                '**/native/**',
                '**/electron/main/**',
                '**/electron/cli/**',
                '**/electron/preload/**',
                '**/electron/remote/**',
                '**/electron/ipc/*',
                '!**/electron/ipc/channels',
                '**/electron/core/services/**',
                '**/electron/core/views',
                '**/electron/core/policy/schema',
                '**/electron/base/app-error',
                '**/electron/base/fs/**',
              ],
              message:
                'The renderer may import values only from pure, zod-free modules (ipc/channels, core/policy, core/mesh, base/plural); use `import type` for the rest.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
