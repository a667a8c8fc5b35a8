import { test, expect } from '@playwright/test';
import { addAthlete, hydrated, signInAs, watchConsole } from './helpers';

// An athlete of their own, added from the command line on the same database the server uses.
const ATHLETE = { name: 'gearhead', password: 'a long enough passphrase' };
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
const RUN = `${CORPUS}/fit/fitparse__2013-02-06-12-11-14.fit`;

test.describe.serial('gear', () => {
  let problems: string[] = [];

  test.beforeAll(() => addAthlete(ATHLETE));

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('shoes are added, chosen on a workout page, and its distance adds up to a warning', async ({
    page,
  }) => {
    // The first import of a server run loads the time-zone polygons, which the unoptimised
    // test build takes long for on a busy machine.
    test.setTimeout(120_000);
    await signInAs(page, ATHLETE);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gear' }).click();
    await expect(page.getByRole('heading', { name: 'Gear', level: 1 })).toBeVisible();
    await expect(page.getByText('No gear yet.')).toBeVisible();

    // Add shoes that warn at 2 km, by label as a screen reader user would find the fields.
    const add = page.locator('#add-gear');
    await add.getByLabel('Kind').selectOption('shoes');
    await add.getByLabel('Name').fill('Pegasus');
    await add.getByLabel('Brand').fill('Nike');
    await add.getByLabel('Warn at (km)').fill('2');
    await add.getByRole('button', { name: 'Add gear' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    const shoes = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Pegasus' }) });
    await expect(shoes).toContainText('Shoes · Nike');
    await expect(shoes.locator('.tile', { hasText: 'Distance' })).toContainText('0.00 km');
    await expect(shoes.locator('.tile', { hasText: 'Workouts' })).toContainText('0');

    // A run uploaded, then given the shoes on its page.
    await page.goto('/upload');
    await hydrated(page);
    await page.getByLabel('Workout files').setInputFiles(RUN);
    // The result links the workout by its title (the same local-time title the workouts spec sees).
    await page
      .getByRole('list', { name: 'Uploads' })
      .getByRole('link', { name: 'Afternoon run' })
      .click({ timeout: 90_000 });
    const gear = page.getByRole('region', { name: 'Gear' });
    await expect(gear).toContainText('No gear chosen.');
    const distance = (await page.locator('.tile', { hasText: 'Distance' }).locator('dd').textContent())!.trim();
    await gear.getByLabel('Gear').selectOption({ label: 'Pegasus (Nike)' });
    await gear.getByRole('button', { name: 'Set gear' }).click();
    await expect(gear.getByText('Gear saved.')).toBeVisible();
    await expect(gear).toContainText('Done with Pegasus (Nike).');

    // Its total is the run's distance, past the 2 km it warns at.
    await gear.getByRole('link', { name: 'Pegasus' }).click();
    await expect(page).toHaveURL(/\/gear$/);
    await expect(shoes.locator('.tile', { hasText: 'Distance' })).toContainText(distance);
    await expect(shoes.locator('.tile', { hasText: 'Workouts' })).toContainText('1');
    await expect(shoes.getByRole('note')).toContainText('Past its warning distance');
    await expect(shoes.getByRole('meter')).toBeVisible();

    // Retired, it moves apart and is no longer offered for other workouts.
    await shoes.getByRole('button', { name: 'Retire Pegasus' }).click();
    await expect(page.getByRole('heading', { name: 'Retired' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Retired' })).toContainText('Pegasus');
  });
});
