import { test, expect } from '@playwright/test';
import { addAthlete, hydrated, signInAs, watchConsole } from './helpers';

// An athlete of their own, added from the command line on the same database the server uses.
const ATHLETE = { name: 'recordholder', password: 'a long enough passphrase' };
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
const RUN = `${CORPUS}/fit/fitparse__2013-02-06-12-11-14.fit`;

test.describe.serial('records', () => {
  let problems: string[] = [];

  test.beforeAll(() => addAthlete(ATHLETE));

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('an empty log has no records yet and points to the upload page', async ({ page }) => {
    await signInAs(page, ATHLETE);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Records' }).click();
    await expect(page.getByRole('heading', { name: 'Records', level: 1 })).toBeVisible();
    await expect(page.getByText('No records yet.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Upload workouts' })).toBeVisible();
  });

  test("a run's fastest kilometre links to its workout with the effort marked", async ({ page }) => {
    test.setTimeout(120_000);
    await signInAs(page, ATHLETE);
    await page.goto('/upload');
    await hydrated(page);
    await page.getByLabel('Workout files').setInputFiles(RUN);
    await expect(page.getByRole('list', { name: 'Uploads' })).toContainText('Imported', { timeout: 90_000 });

    await page.goto('/records');
    const running = page.getByRole('region', { name: 'Running' });
    const times = running.getByRole('table', { name: 'Fastest times' });
    const km = times.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '1 km' }) });
    await expect(km).toContainText('/km');
    await expect(km).toContainText('2013-02-06');
    await expect(running.getByRole('table', { name: 'Highest heart rate' })).toContainText('bpm');

    // The year filter works as a plain form.
    await page.getByLabel('Period').selectOption('2013');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/year=2013/);
    await expect(km).toBeVisible();

    // So does a chosen range of days: the run's week keeps it, the next week has nothing,
    // and a backwards range is refused in words.
    await page.getByLabel('From').fill('2013-02-01');
    await page.getByLabel('To').fill('2013-02-07');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/from=2013-02-01&to=2013-02-07/);
    await expect(km).toBeVisible();
    await page.getByLabel('From').fill('2013-02-07');
    await page.getByLabel('To').fill('2013-02-14');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByText('No records here.')).toBeVisible();
    await page.goto('/records?from=2013-03-01&to=2013-02-01');
    await expect(page.getByText('The first day (2013-03-01) is after the last (2013-02-01).')).toBeVisible();
    await page.goto('/records?from=2013-02-01&to=2013-02-07');

    await km.getByRole('link').click();
    await expect(page).toHaveURL(/\/workouts\/\d+\?from=\d+&to=\d+/);
    await expect(page.getByText('Marked: the effort from')).toBeVisible();
    const mark = page.locator('.chart-segment').first();
    await expect(mark).toBeVisible();
    const box = (await mark.boundingBox())!;
    const chart = (await page.locator('.chart-box').first().boundingBox())!;
    expect(box.width).toBeGreaterThan(1);
    expect(box.width).toBeLessThan(chart.width);
  });

  test('curves and fitness draw from the same workouts, and FTP is a setting', async ({ page }) => {
    await signInAs(page, ATHLETE);
    await page.goto('/records');
    await page.getByRole('navigation', { name: 'Answers' }).getByRole('link', { name: 'Curves' }).click();
    await expect(page.getByRole('heading', { name: 'Curves', level: 1 })).toBeVisible();
    // The run has no power: its pace curve, with the table of bests under it.
    await page.getByLabel('Curve').selectOption('pace');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/kind=pace/);
    const picture = page.locator('img.chart-picture');
    await expect(picture).toBeVisible();
    expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: 'Best for each duration' });
    await expect(table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '1 min' }) })).toContainText('/km');
    // The readout follows the keyboard.
    await page.getByRole('group', { name: /Pace curve/ }).focus();
    await page.keyboard.press('Home');
    await expect(page.locator('.chart-readout')).toContainText('/km');

    await page.getByRole('navigation', { name: 'Answers' }).getByRole('link', { name: 'Fitness' }).click();
    await expect(page.getByRole('heading', { name: 'Fitness', level: 1 })).toBeVisible();
    // The run was in 2013: nothing in the last year, and the page says how loads are counted.
    await expect(page.getByText('No training load in the last year.')).toBeVisible();
    await expect(page.getByText(/Set your FTP/)).toBeVisible();

    await page.goto('/settings');
    await hydrated(page);
    // The browser itself refuses an FTP no one has (the server refuses it too: see the API tests).
    await page.getByLabel('FTP (W)').fill('5');
    expect(await page.getByLabel('FTP (W)').evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(false);
    await page.getByLabel('FTP (W)').fill('260');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await page.goto('/fitness');
    await expect(page.getByText(/count their training stress from your FTP/)).toBeVisible();
  });
});
