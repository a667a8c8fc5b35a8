import { defineConfig } from '@playwright/test';
import path from 'node:path';

// One real `laps` server on SQLite with a fresh data folder, started by Playwright and stopped
// after the run. scripts/test builds the binary and the site first.
const port = Number(process.env.LAPS_E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
const laps = process.env.LAPS_BIN ?? '../target/debug/laps';
// The server's log (stderr): `server-log.ts` fails the run when it holds an ERROR line that no
// test announced with `expectServerError`. Read by the teardown, in this process.
const serverLog = path.join(__dirname, '../target/e2e-server.log');
process.env.LAPS_E2E_SERVER_LOG = serverLog;
process.env.LAPS_E2E_EXPECTED_ERRORS = path.join(__dirname, '../target/e2e-expected-errors');

export default defineConfig({
  testDir: './tests',
  // The tests share one server and build on each other's accounts.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalTeardown: './server-log.ts',
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
    command: `rm -rf ../target/e2e-data ${process.env.LAPS_E2E_EXPECTED_ERRORS} && exec ${laps} serve --log ${process.env.LAPS_E2E_LOG ?? 'warn'} --listen 127.0.0.1:${port} --data-dir ../target/e2e-data --site-dir ../target/site 2> ${serverLog}`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: process.env.LAPS_E2E_LOG ? 'pipe' : 'ignore',
    // Into `serverLog` (see the command), checked after the run.
    stderr: 'ignore',
  },
});
