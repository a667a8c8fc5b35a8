import { defineConfig } from '@playwright/test';
import path from 'node:path';

// One real `laps` server on SQLite with a fresh data folder, started by Playwright and stopped
// after the run. scripts/test builds the binary and the site first. Beside it: a stand-in tile
// server (so no map reaches the internet: the server takes its tiles from it), and a second
// `laps` server with `--map-tiles none` on a data folder of its own, for the maps spec.
const port = Number(process.env.LAPS_E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
const noTilesPort = port + 1;
const tilePort = port + 2;
process.env.LAPS_E2E_NO_TILES_URL = `http://127.0.0.1:${noTilesPort}`;
process.env.LAPS_E2E_TILES = `http://127.0.0.1:${tilePort}`;
const laps = process.env.LAPS_BIN ?? '../target/debug/laps';
// The servers' logs (stderr): `server-log.ts` fails the run when one holds an ERROR line that no
// test announced with `expectServerError`. Read by the teardown, in this process.
const serverLog = path.join(__dirname, '../target/e2e-server.log');
const noTilesLog = path.join(__dirname, '../target/e2e-server-no-tiles.log');
process.env.LAPS_E2E_SERVER_LOG = serverLog;
process.env.LAPS_E2E_SERVER_LOGS = [serverLog, noTilesLog].join(path.delimiter);
process.env.LAPS_E2E_EXPECTED_ERRORS = path.join(__dirname, '../target/e2e-expected-errors');
const serve = `serve --log ${process.env.LAPS_E2E_LOG ?? 'warn'} --site-dir ../target/site`;

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
  webServer: [
    {
      command: `exec node tile-stub.mjs ${tilePort}`,
      url: `http://127.0.0.1:${tilePort}/hits`,
      reuseExistingServer: false,
      timeout: 10_000,
    },
    {
      command: `rm -rf ../target/e2e-data ${process.env.LAPS_E2E_EXPECTED_ERRORS} && exec ${laps} ${serve} --listen 127.0.0.1:${port} --data-dir ../target/e2e-data --map-tiles 'http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png' --map-attribution 'Test tiles' 2> ${serverLog}`,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: process.env.LAPS_E2E_LOG ? 'pipe' : 'ignore',
      // Into `serverLog` (see the command), checked after the run.
      stderr: 'ignore',
    },
    {
      command: `rm -rf ../target/e2e-data-no-tiles && exec ${laps} ${serve} --listen 127.0.0.1:${noTilesPort} --data-dir ../target/e2e-data-no-tiles --map-tiles none 2> ${noTilesLog}`,
      url: `http://127.0.0.1:${noTilesPort}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'ignore',
    },
  ],
});
