// Lint rules plus the package dependency boundaries of docs/architecture.md:
// core imports nothing; checks import only core; cloud SDKs live only in providers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkImports = { group: ['@aws-sdk/*', '@smithy/*', '@azure/*', 'aws-sdk-client-mock'], message: 'Cloud SDKs are imported only in packages/providers.' };
const crossPackageRelative = { group: ['../../*/src/*', '../../../packages/*', '../../../apps/*'], message: 'Import another package by its name (@palisade/x), never by a relative path.' };
const forbid = (...names) => names.map((name) => ({ group: [`@palisade/${name}`, `@palisade/${name}/*`], message: `This package may not depend on @palisade/${name}.` }));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'examples/**', 'palisade-output/**', 'packages/outputs/src/html/report-template.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', performance: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'No export * barrels: export names explicitly.' }],
    },
  },
  { files: ['packages/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [sdkImports, crossPackageRelative, ...forbid('providers', 'checks', 'compliance', 'engine', 'outputs', 'cli')] }] } },
  { files: ['packages/checks/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [sdkImports, crossPackageRelative, ...forbid('providers', 'compliance', 'engine', 'outputs', 'cli')] }] } },
  { files: ['packages/compliance/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [sdkImports, crossPackageRelative, ...forbid('providers', 'engine', 'outputs', 'cli')] }] } },
  { files: ['packages/outputs/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [sdkImports, crossPackageRelative, ...forbid('providers', 'checks', 'engine', 'cli')] }] } },
  { files: ['packages/providers/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [crossPackageRelative, ...forbid('checks', 'compliance', 'engine', 'outputs', 'cli')] }] } },
  { files: ['packages/engine/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [sdkImports, crossPackageRelative, ...forbid('cli')] }] } },
  { files: ['apps/cli/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [sdkImports, crossPackageRelative] }] } },
  // The engine and the CLI run offline too: they import values from providers' SDK-free entry, and
  // the full entry (which loads the SDK) only with import() where a scan connects (see sdk-free.ts).
  {
    files: ['packages/engine/src/**/*.ts', 'apps/cli/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: '@palisade/providers', allowTypeImports: true, message: 'Import values from @palisade/providers/sdk-free, or load @palisade/providers with import() where the SDK is needed.' }] }],
    },
  },
  // Whole-stack tests mock the SDK clients, so they may import them.
  { files: ['test/integration/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['**/*.test.ts', 'test/**/*.ts', '**/test/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
);
