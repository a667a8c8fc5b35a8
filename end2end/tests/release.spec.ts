import { test, expect, type Response } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrated, watchConsole } from './helpers';

// The release binary (scripts/release: static, the front end built in) started in an empty
// folder, as someone who downloaded it would: no --site-dir, no repository around it, nothing
// but the data folder it makes. scripts/test builds it and names it in LAPS_RELEASE_BIN.
const BIN = process.env.LAPS_RELEASE_BIN;
const port = Number(process.env.LAPS_E2E_PORT ?? 3210) + 3;
const base = `http://127.0.0.1:${port}`;
const ATHLETE = { name: 'downloader', password: 'a long enough passphrase' };

/** This process's environment without the settings that would point Laps elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('LAPS_')) delete env[key];
  return env;
}

test.describe.serial('the release binary', () => {
  let server: ChildProcess | undefined;
  let dir = '';
  let log = '';

  test.beforeAll(async () => {
    if (!BIN) throw new Error('LAPS_RELEASE_BIN is not set: scripts/test sets it to what scripts/release builds');
    dir = mkdtempSync(join(tmpdir(), 'laps-release-'));
    execFileSync(BIN, ['user', 'add', ATHLETE.name], { cwd: dir, env: cleanEnv(), input: `${ATHLETE.password}\n` });
    server = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--log', 'warn'], { cwd: dir, env: cleanEnv() });
    server.stderr?.on('data', (chunk) => (log += chunk));
    server.stdout?.on('data', (chunk) => (log += chunk));
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the release binary did not start:\n${log}`);
  });

  test.afterAll(() => {
    server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('serves the whole app, hydrated, from an empty folder', async ({ page }) => {
    const problems = watchConsole(page);
    const assets: Response[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/pkg/')) assets.push(response);
    });
    await page.goto(`${base}/signin`);
    await hydrated(page);
    await page.getByLabel('Username', { exact: true }).fill(ATHLETE.name);
    await page.getByLabel('Password', { exact: true }).fill(ATHLETE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${base}/`);
    await page.goto(`${base}/upload`);
    await hydrated(page);
    await expect(page.locator('.drop-zone')).toBeVisible();

    // The stylesheet, the script and the WebAssembly, from inside the binary: brotli, cached
    // for a year under their hashed names.
    const paths = assets.map((response) => new URL(response.url()).pathname);
    expect(paths.some((path) => /^\/pkg\/laps\.[0-9a-f]{16}\.css$/.test(path))).toBe(true);
    expect(paths.some((path) => /^\/pkg\/laps\.[0-9a-f]{16}\.js$/.test(path))).toBe(true);
    expect(paths.some((path) => /^\/pkg\/laps\.[0-9a-f]{16}\.wasm$/.test(path))).toBe(true);
    for (const response of assets) {
      expect(response.status(), response.url()).toBe(200);
      const headers = await response.allHeaders();
      expect(headers['content-encoding'], response.url()).toBe('br');
      expect(headers['cache-control'], response.url()).toContain('immutable');
    }
    const icon = await page.request.get(`${base}/favicon.svg`);
    expect(icon.status()).toBe(200);
    expect(await icon.text()).toContain('<svg');
    const missing = await page.request.get(`${base}/pkg/laps.0000000000000000.js`);
    expect(missing.status()).toBe(404);

    // No file but the data folder.
    expect(readdirSync(dir)).toEqual(['data']);
    expect(problems).toEqual([]);
    expect(log).not.toMatch(/ERROR/);
  });
});
