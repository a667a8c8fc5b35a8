import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { addAthlete, hydrated, signInAs, watchConsole } from './helpers';

// An athlete whose zone is still the default (UTC) when a Polar HRM file (local time only, no
// position) and a GPS ride come in; then they set their real zone.
const ATHLETE = { name: 'zoned', password: 'a long enough passphrase' };
const LAPS = process.env.LAPS_BIN ?? '../target/debug/laps';
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';

test.describe.serial('changing the time zone', () => {
  let problems: string[] = [];

  test.beforeAll(() => {
    addAthlete(ATHLETE);
    execFileSync(LAPS, [
      'import', '--user', ATHLETE.name, '--data-dir', '../target/e2e-data',
      `${CORPUS}/hrm/hrmtrackmerger__sample.hrm`,
      `${CORPUS}/fit/fitparse__2013-02-06-12-11-14.fit`,
    ]);
  });

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('offers to move the workouts placed by the old zone, with a preview, and moves them', async ({ page }) => {
    await signInAs(page, ATHLETE);
    await page.goto('/settings');
    await hydrated(page);
    await page.getByLabel('Time zone').selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save' }).click();

    await expect(page).toHaveURL(/\/settings\/time-zone\?from=UTC$/);
    await expect(page.getByRole('heading', { name: 'Move workouts to your time zone?' })).toBeVisible();
    // Only the HRM: the ride has positions and keeps the zone of where it was.
    const rows = page.locator('.zone-move');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('2014-01-17 12:16 → 2014-01-17 12:16');
    await expect(page.getByText('Moved to Asia/Tokyo: none lands on another day.')).toBeVisible();

    await page.getByRole('button', { name: 'Move 1 workout' }).click();
    await expect(page).toHaveURL(/\/settings\?moved=1$/);
    await expect(page.getByText('Saved. 1 workout moved to your new time zone.')).toBeVisible();
    await expect(page.getByLabel('Time zone')).toHaveValue('Asia/Tokyo');

    // Nothing left to move; saving the same zone again goes nowhere else.
    await page.goto('/settings/time-zone?from=UTC');
    await expect(page.getByText('No workout has its local time from UTC any more')).toBeVisible();
  });

  test('keeping them as they are leaves them', async ({ page }) => {
    await signInAs(page, ATHLETE);
    await page.goto('/settings');
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\/settings\/time-zone\?from=Asia\/Tokyo$/);
    await page.getByRole('link', { name: 'Keep them as they are' }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await page.goto('/settings/time-zone?from=Asia/Tokyo');
    await expect(page.locator('.zone-move')).toHaveCount(1);
  });
});
