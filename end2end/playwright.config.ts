import { defineConfig } from '@playwright/test';

// One real `laps` server on SQLite with a fresh data folder, started by Playwright and stopped
// after the run. scripts/test builds the binary and the site first.
const port = Number(process.env.LAPS_E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
const laps = process.env.LAPS_BIN ?? '../target/debug/laps';

export default defineConfig({
  testDir: './tests',
  // The tests share one server and build on each other's accounts.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL,
    trace: 'off',
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser here.
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        // Web Bluetooth (and its DevTools emulation) for the Record page's tests.
        '--enable-experimental-web-platform-features',
        '--enable-features=WebBluetooth',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -rf ../target/e2e-data && exec ${laps} serve --log ${process.env.LAPS_E2E_LOG ?? 'warn'} --listen 127.0.0.1:${port} --data-dir ../target/e2e-data --site-dir ../target/site`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: process.env.LAPS_E2E_LOG ? 'pipe' : 'ignore',
    stderr: 'pipe',
  },
});
