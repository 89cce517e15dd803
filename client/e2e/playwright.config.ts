import { defineConfig } from '@playwright/test';

// `npm run test:web` runs this through client/scripts/test-web.mjs (which builds nothing: the npm
// script builds first). One API server for all workers, started by global-setup.ts.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  workers: Number(process.env.WEB_TEST_WORKERS ?? 2),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  outputDir: '../../tmp/web-test-results',
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.WEB_TEST_REPORT ?? '../../tmp/web-test-report.json' }],
  ],
  use: {
    // Debian's Chromium, never a downloaded browser.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    locale: 'en-GB',
    // The viewer is in London; the events happen in Berlin: both clocks show.
    timezoneId: 'Europe/London',
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
    actionTimeout: 10_000,
    // Tracing records every action's DOM and a screencast: too costly for every passing test.
    trace: process.env.WEB_TEST_TRACE === '1' ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
  },
});
