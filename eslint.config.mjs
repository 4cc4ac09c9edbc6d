// ESLint (flat config) over the site's own scripts: the theme's and the live preview's.
// Run by `make test` (tests/assets/test_lint.py) and `invoke lint`. Every script is an ES
// module loaded by <script type="module">, in the browsers the README names (ES2022).
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    // Bad-input fixtures are wrong on purpose; the rest is not ours or not source.
    ignores: ['node_modules/', '.venv/', 'output/', 'drafts-preview/', 'cache/', '.output.*/',
      'bench/work/', 'tests/corpus/'],
  },
  js.configs.recommended,
  {
    files: ['theme/static/js/**/*.js', 'plugins/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // One style: modules, block-scoped names, strict equality.
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: 'error',
      // Functions short enough to read at once, as in the Python (a set-up is named steps).
      'max-lines-per-function': ['error', { max: 40, skipBlankLines: true, skipComments: true }],
      'no-unused-vars': ['error', { caughtErrors: 'none' }],
      'no-restricted-properties': ['error', {
        object: 'document', property: 'currentScript',
        message: 'A module has no document.currentScript: read what the script needs from the markup.',
      }],
      'no-restricted-syntax': ['error', {
        selector: 'ExpressionStatement > Literal[value="use strict"]',
        message: 'A module is strict already.',
      }],
    },
  },
  {
    files: ['eslint.config.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
];
