import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { hydrated, watchConsole } from './helpers';

// An athlete of their own, added from the command line on the same database the server uses.
const RUNNER = { name: 'runner', password: 'a long enough passphrase' };
const LAPS = process.env.LAPS_BIN ?? '../target/debug/laps';
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
const RUN = `${CORPUS}/fit/fitparse__2013-02-06-12-11-14.fit`;
const HRM = `${CORPUS}/hrm/hrmtrackmerger__sample.hrm`;
const GPX = `${CORPUS}/gpx/hrmtrackmerger__sample.gpx`;
const BROKEN = `${CORPUS}/invalid/fitparse__activity-unexpected-eof.fit`;
const TCX = `${CORPUS}/tcx/sportstracker__Edge705-Running-Heartrate-2Laps.tcx`;
const CADENCE = `${CORPUS}/tcx/sportstracker__Forerunner405-Running_CadenceSensor.tcx`;

async function signIn(page: Page, script = true) {
  await page.goto('/signin');
  if (script) await hydrated(page);
  await page.getByLabel('Username', { exact: true }).fill(RUNNER.name);
  await page.getByLabel('Password', { exact: true }).fill(RUNNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Drops real files on the drop zone, the way a file manager does (a DataTransfer). */
async function dropFiles(page: Page, paths: string[]) {
  const files = paths.map((p) => ({ name: basename(p), data: readFileSync(p).toString('base64') }));
  const transfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    return dt;
  }, files);
  const zone = page.locator('.drop-zone');
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(zone).toHaveClass(/dragging/);
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

function validate(files: string[]) {
  // Official XSDs (xmllint) and Garmin's FIT SDK; throws with the tool's report on failure.
  execFileSync(`${CORPUS}/../tools/validate-export`, files, { stdio: 'pipe' });
}

test.describe.serial('workouts', () => {
  let problems: string[] = [];

  test.beforeAll(() => {
    execFileSync(LAPS, ['user', 'add', RUNNER.name, '--data-dir', '../target/e2e-data'], {
      input: `${RUNNER.password}\n`,
    });
  });

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('an empty log points to the upload page', async ({ page }) => {
    await signIn(page);
    await expect(page.getByText('Your training log is empty.')).toBeVisible();
    await page.getByRole('link', { name: 'Upload workouts' }).click();
    await expect(page.getByRole('heading', { name: 'Upload workouts' })).toBeVisible();
  });

  test('dropped files upload with progress and a result each', async ({ page }) => {
    await signIn(page);
    await page.goto('/upload');
    await hydrated(page);
    await dropFiles(page, [RUN, HRM, GPX, BROKEN]);
    const uploads = page.getByRole('list', { name: 'Uploads' }).locator('> li');
    // The HRM and its GPX travel together: three requests, three progress bars.
    await expect(uploads).toHaveCount(3);
    await expect(uploads.locator('progress')).toHaveCount(3);
    await expect(uploads.nth(0)).toContainText('Imported');
    await expect(uploads.nth(1)).toContainText('hrmtrackmerger__sample.hrm + hrmtrackmerger__sample.gpx');
    await expect(uploads.nth(1)).toContainText('Imported');
    await expect(uploads.nth(2)).toContainText('Refused');
    await expect(uploads.nth(2)).toContainText('cut short');
    for (let i = 0; i < 3; i++) {
      await expect(uploads.nth(i).locator('progress')).toHaveAttribute('value', '100');
    }
    // The same file again is recognised.
    await page.getByLabel('Workout files').setInputFiles(RUN);
    await expect(uploads).toHaveCount(4);
    await expect(uploads.nth(3)).toContainText('Already there');
  });

  test('the calendar shows the workout on its local day and opens it', async ({ page }) => {
    await signIn(page);
    await page.goto('/calendar/2013/02');
    await hydrated(page);
    await expect(page.getByRole('heading', { name: 'February 2013' })).toBeVisible();
    const day = page.locator('td[data-date="2013-02-06"]');
    await expect(day.getByRole('link')).toHaveCount(1);
    // The month links go back and forth (plain links: each month is its own server-rendered page).
    await page.getByRole('link', { name: 'Next month' }).click();
    await expect(page.getByRole('heading', { name: 'March 2013' })).toBeVisible();
    await page.getByRole('link', { name: 'Previous month' }).click();
    await day.getByRole('link').click();
    await expect(page.getByRole('heading', { name: 'Afternoon run' })).toBeVisible();
  });

  test('the workout page has charts with a readout, laps, zones and a route', async ({ page }) => {
    await signIn(page);
    await page.goto('/workouts');
    // The charts' pictures come inside the page: opening it asks for no picture of its own.
    const pictureRequests: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/charts/')) pictureRequests.push(r.url()); });
    await page.getByRole('link', { name: 'Afternoon run' }).click();
    await hydrated(page);
    const charts = page.locator('figure.chart');
    await expect(charts).toHaveCount(3);
    expect(pictureRequests).toEqual([]);
    // Each drawn, the wide one shown (4:1), described for screen readers.
    await expect(page.getByRole('img', { name: /^Heart rate chart/ })).toBeVisible();
    for (const figure of await charts.all()) {
      await expect(figure.locator('.chart-narrow svg')).toBeHidden();
      const wide = (await figure.locator('.chart-wide svg').boundingBox())!;
      expect(wide.width).toBeGreaterThan(300);
      expect(Math.abs(wide.width / wide.height - 4)).toBeLessThan(0.1);
      expect(await figure.locator('.chart-wide svg polyline').count()).toBeGreaterThan(2);
    }
    const box = page.locator('figure[data-chart="heart_rate"] .chart-box');
    await box.hover();
    await expect(box.locator('.chart-readout')).toContainText('bpm');
    // One cursor for the page: every chart shows its value at the same moment.
    await expect(page.locator('.chart-readout')).toHaveCount(3);
    await box.focus();
    await page.keyboard.press('End');
    await expect(box.locator('.chart-readout')).toContainText('43:');
    await expect(page.locator('table.laps tbody tr')).toHaveCount(5);
    await expect(page.locator('ol.zones > li')).toHaveCount(5);
    // With script the route is on the map (tiles from the stub; its SVG is the fallback).
    await expect(page.getByRole('region', { name: /Route on a map/ })).toBeVisible();
    await page.getByRole('link', { name: 'By distance' }).click();
    await expect(page).toHaveURL(/x=distance/);
    const byDistance = page.locator('figure[data-chart="heart_rate"] .chart-box');
    const width = (await byDistance.boundingBox())!.width;
    await byDistance.hover({ position: { x: width - 20, y: 40 } });
    await expect(byDistance.locator('.chart-readout')).toContainText('km');
  });

  test('TCX and GPX downloads are valid files with local-time names', async ({ page }) => {
    await signIn(page);
    await page.goto('/workouts');
    await page.getByRole('link', { name: 'Afternoon run' }).click();
    await hydrated(page);
    const dir = mkdtempSync(join(tmpdir(), 'laps-e2e-'));
    const saved: string[] = [];
    for (const format of ['TCX', 'GPX', 'FIT']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: format, exact: true }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`2013-02-06_1211_Running.${format.toLowerCase()}`);
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      saved.push(path);
    }
    validate(saved);
  });

  test('title and sport can be edited, and a workout deleted', async ({ page }) => {
    await signIn(page);
    await page.goto('/upload');
    await hydrated(page);
    await page.getByLabel('Workout files').setInputFiles(TCX);
    // The result links the workout by its title.
    await page.getByRole('list', { name: 'Uploads' }).getByRole('link').first().click();
    await hydrated(page);
    await page.getByLabel('Title', { exact: true }).fill('Hill repeats');
    await page.getByLabel('Sport', { exact: true }).selectOption('walking');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: 'Hill repeats' })).toBeVisible();
    await expect(page.locator('.sport-badge')).toHaveText('Walking');
    await page.getByText('Delete this workout…').click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await expect(page).toHaveURL(/\/calendar$/);
    await page.goto('/workouts');
    await expect(page.getByRole('link', { name: 'Hill repeats' })).toHaveCount(0);
  });

  test('settings change units, and pages follow', async ({ page }) => {
    await signIn(page);
    await page.goto('/settings');
    await hydrated(page);
    await page.getByLabel(/Imperial/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await page.goto('/workouts');
    await expect(page.getByRole('cell', { name: /mi$/ }).first()).toBeVisible();
    await page.goto('/settings');
    await page.getByLabel(/Metric/).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
  });
});

test.describe('upload without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the upload form posts the files and the list shows the counts', async ({ page }) => {
    await signIn(page, false);
    await page.goto('/upload');
    await page.getByLabel('Workout files').setInputFiles([CADENCE, BROKEN]);
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page).toHaveURL(/\/workouts\?imported=1&duplicates=0&refused=1/);
    await expect(page.getByText('Upload finished: 1 imported, 0 already there, 1 refused.')).toBeVisible();
  });
});
