import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { hydrated, watchConsole } from './helpers';

// Issue 16: laps the device left without averages show them from the samples, and a Polar
// note in Windows-1251 reads as Cyrillic, not as replacement characters.
const ATHLETE = { name: 'lapper', password: 'a long enough passphrase' };
const LAPS = process.env.LAPS_BIN ?? '../target/debug/laps';
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
// A Suunto Spartan Ultra's TCX: 32 laps of time and distance only.
const SUUNTO = `${CORPUS}/tcx/sportslib__unknown_example.tcx`;
const HRM = `${CORPUS}/hrm/hrmtrackmerger__sample.hrm`;

async function signIn(page: Page) {
  await page.goto('/signin');
  await hydrated(page);
  await page.getByLabel('Username', { exact: true }).fill(ATHLETE.name);
  await page.getByLabel('Password', { exact: true }).fill(ATHLETE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

test.describe.serial('laps and text from files', () => {
  let problems: string[] = [];

  test.beforeAll(() => {
    execFileSync(LAPS, ['user', 'add', ATHLETE.name, '--data-dir', '../target/e2e-data'], {
      input: `${ATHLETE.password}\n`,
    });
    execFileSync(LAPS, ['import', '--user', ATHLETE.name, '--data-dir', '../target/e2e-data', SUUNTO, HRM]);
  });

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  for (const size of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    test(`laps without averages in the file show them (${size.width} px)`, async ({ page }) => {
      await page.setViewportSize(size);
      await signIn(page);
      await page.goto('/workouts?sport=running');
      await page.getByRole('link', { name: /run$/ }).first().click();
      await hydrated(page);
      const laps = page.locator('table.laps');
      await expect(laps).toBeVisible();
      // Lap 4 (18:13:05, 298 m) has trackpoints: heart rate, pace and cadence from them.
      const lap = laps.locator('tbody tr[data-lap="3"]');
      const cells = await lap.locator('td').allTextContents();
      const header = await laps.locator('thead th').allTextContents();
      const at = (name: string) => cells[header.indexOf(name)].trim();
      expect(at('Avg HR')).toMatch(/^\d{2,3}$/);
      expect(at('Max HR')).toMatch(/^\d{2,3}$/);
      expect(at('Pace')).toMatch(/^\d+:\d{2}/);
      expect(at('Cadence')).toMatch(/^\d+$/);
    });
  }

  test('a Windows-1251 HRM note is the title in Cyrillic', async ({ page }) => {
    await signIn(page);
    await page.goto('/workouts');
    await expect(page.getByRole('link', { name: 'ляляля' })).toBeVisible();
    await expect(page.getByText('\uFFFD')).toHaveCount(0);
  });
});
