import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // unit tests that decode images and PDFs take seconds when the machine is busy: a timeout there is not a finding
      {
        test: {
          name: 'backend',
          include: ['backend/src/**/*.test.ts', 'signing-agent/src/**/*.test.ts', 'storage/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      './frontend/vite.config.ts',
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
