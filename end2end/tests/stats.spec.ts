import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hydrated, watchConsole } from './helpers';

// An athlete of their own, added from the command line on the same database the server uses.
const ATHLETE = { name: 'statistician', password: 'a long enough passphrase' };
const LAPS = process.env.LAPS_BIN ?? '../target/debug/laps';
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
// A run on 2013-02-06.
const RUN = `${CORPUS}/fit/fitparse__2013-02-06-12-11-14.fit`;

async function signIn(page: Page) {
  await page.goto('/signin');
  await hydrated(page);
  await page.getByLabel('Username', { exact: true }).fill(ATHLETE.name);
  await page.getByLabel('Password', { exact: true }).fill(ATHLETE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** A five-minute run that ended a minute ago, as a GPX track in Reykjavik (UTC all year, as the
 * athlete's default zone is): a workout of today, this week and this month. Only in the first
 * minutes after midnight UTC would it fall on yesterday. */
function runOfToday(): FilePayload {
  const end = Date.now() - 60_000;
  const points: string[] = [];
  for (let s = 0; s <= 300; s += 10) {
    const time = new Date(end - 300_000 + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    // About 3 m/s northwards.
    const lat = (64.1466 + s * 0.000027).toFixed(6);
    points.push(`<trkpt lat="${lat}" lon="-21.942600"><time>${time}</time></trkpt>`);
  }
  const gpx =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<gpx version="1.1" creator="laps end2end" xmlns="http://www.topografix.com/GPX/1/1">' +
    `<trk><name>Harbour jog</name><type>running</type><trkseg>${points.join('')}</trkseg></trk></gpx>`;
  return { name: 'today.gpx', mimeType: 'application/gpx+xml', buffer: Buffer.from(gpx) };
}

/** A file to give an input, by name and content. */
type FilePayload = { name: string; mimeType: string; buffer: Buffer };

/** Today in UTC, `YYYY-MM-DD`. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

test.describe.serial('statistics', () => {
  let problems: string[] = [];

  test.beforeAll(() => {
    execFileSync(LAPS, ['user', 'add', ATHLETE.name, '--data-dir', '../target/e2e-data'], {
      input: `${ATHLETE.password}\n`,
    });
  });

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('an empty log has no statistics yet and says what to do', async ({ page }) => {
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stats' }).click();
    await expect(page).toHaveURL(/\/stats$/);
    await expect(page.getByRole('heading', { name: 'Statistics', level: 1 })).toBeVisible();
    await expect(page.getByText('Your training log is empty.')).toBeVisible();
  });

  test('a year of days, the streaks and the totals against a year earlier', async ({ page }) => {
    // The first import of a server run loads the time-zone polygons, which the unoptimised
    // test build takes long for on a busy machine.
    test.setTimeout(150_000);
    await signIn(page);
    await page.goto('/upload');
    await hydrated(page);
    const corpusRun = { name: 'run.fit', mimeType: 'application/octet-stream', buffer: readFileSync(RUN) };
    await page.getByLabel('Workout files').setInputFiles([corpusRun, runOfToday()]);
    const uploads = page.getByRole('list', { name: 'Uploads' });
    await expect(uploads.locator('li.result.imported')).toHaveCount(2, { timeout: 120_000 });

    // The home page: this week and this month so far.
    await page.goto('/');
    const week = page.locator('.recent-totals .tile', { hasText: 'This week' });
    const month = page.locator('.recent-totals .tile', { hasText: 'This month' });
    await expect(week).toContainText('1 workout');
    await expect(week).toContainText('5 min');
    await expect(month).toContainText('1 workout');
    await expect(month).toContainText(' km');
    await page.getByRole('link', { name: 'Statistics ›' }).click();

    // This year: today's run in the heatmap and a current streak of one day.
    const year = today().slice(0, 4);
    await expect(page.getByRole('heading', { name: `Statistics ${year}`, level: 1 })).toBeVisible();
    const current = page.locator('.stats-streaks .tile', { hasText: 'Current streak' });
    await expect(current).toContainText('1 day');
    const heatmap = page.getByRole('region', { name: `Days of ${year}` });
    const todays = heatmap.getByRole('link', { name: new RegExp(`^${today()}: 1 workout, 5:00, 0\\.\\d\\d km$`) });
    await expect(todays).toBeVisible();
    const totals = page.getByRole('region', { name: 'Totals by month' });
    // This month's run, and none in the same month a year earlier.
    const isNew = page.getByRole('cell', { name: 'new', exact: true });
    await expect(totals.getByRole('row').filter({ has: isNew })).toHaveCount(2);

    // 2013 through the plain form: the corpus run's day, labelled in words, links its month.
    await page.getByLabel('Year', { exact: true }).fill('2013');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/\/stats\?period=month&sport=&year=2013$/);
    await expect(page.getByRole('heading', { name: 'Statistics 2013', level: 1 })).toBeVisible();
    const longest = page.locator('.stats-streaks .tile', { hasText: 'Longest streak' });
    await expect(longest).toContainText('1 day');
    const run = page
      .getByRole('region', { name: 'Days of 2013' })
      .getByRole('link', { name: /^2013-02-06: 1 workout, \d+:\d\d(:\d\d)?, \d+\.\d\d km$/ });
    await expect(run).toBeVisible();
    await expect(run).toHaveAttribute('title', /^2013-02-06: 1 workout, /);
    await expect(page.getByTitle('2013-02-07: no workouts')).toBeAttached();
    const february = totals.getByRole('row', { name: /^February 2013/ });
    await expect(february).toContainText('1');
    await expect(february).toContainText('new');
    const bySport = page.getByRole('region', { name: 'By sport' });
    await expect(bySport.getByRole('row', { name: /^Running/ })).toBeVisible();

    // By keyboard, the day is a link like any other; it opens its month in the calendar.
    await run.focus();
    await expect(run).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/calendar\/2013\/02$/);

    // Weeks, then one sport.
    await page.goto('/stats?period=week&year=2013');
    await expect(page.getByRole('heading', { name: 'Totals by week' })).toBeVisible();
    await expect(page.getByRole('row', { name: /^4–10 Feb/ })).toContainText('new');
    await page.getByLabel('Sport', { exact: true }).selectOption('running');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/\/stats\?period=week&sport=running&year=2013$/);
    await expect(page.getByLabel('Sport', { exact: true })).toHaveValue('running');
    await expect(
      page.getByRole('region', { name: 'Days of 2013' }).getByRole('link', { name: /^2013-02-06: 1 workout/ }),
    ).toBeVisible();
  });

  test('on a phone the heatmap scrolls sideways inside its own region', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await signIn(page);
    await page.goto('/stats?year=2013');
    const region = page.getByRole('region', { name: 'Days of 2013' });
    await expect(region).toBeVisible();
    const { scroll, client, page: pageWidth } = await region.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      page: document.documentElement.scrollWidth,
    }));
    expect(scroll, 'the year is wider than the phone').toBeGreaterThan(client);
    expect(pageWidth, 'the page itself does not scroll sideways').toBeLessThanOrEqual(375);
    // The region takes the keyboard's focus, so arrow keys scroll it.
    await region.focus();
    await expect(region).toBeFocused();
  });
});
