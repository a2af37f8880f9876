import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer reaches main only through window.hcnproxy; never Node or Electron.
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'fs', 'path', 'child_process', 'os', 'koffi'].map((name) => ({
            name,
            message: 'The renderer is sandboxed.',
          })),
          patterns: [
            { group: ['node:*'], message: 'The renderer is sandboxed.' },
            {
              group: ['**/native/**', '**/electron/main/**', '**/electron/cli/**', '**/electron/preload/**'],
              message: 'Renderer may import only pure core/contract modules.',
            },
          ],
        },
      ],
    },
  },
);
