import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run test:client`: unit tests of the web app (`src/**/*.test.ts(x)`) in jsdom.
const root = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root,
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
