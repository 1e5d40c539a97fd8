import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: 'threads',
    // Each project lists its own files: `extends: true` appends root-level lists to every project.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/emulator/**'],
        },
      },
      {
        // The live path against an AWS emulator: its setup finds or starts one, or says why the suite is skipped.
        extends: true,
        test: { name: 'aws-emulator', include: ['test/emulator/**/*.test.ts'], globalSetup: ['test/emulator/global-setup.ts'] },
      },
    ],
  },
});
