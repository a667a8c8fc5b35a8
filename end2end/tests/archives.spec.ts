import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hydrated, watchConsole } from './helpers';

// An athlete moving in with a Strava archive: the real export in the corpus, with more rows
// (more activities with their files, manual entries, a broken file), zipped as Strava hands
// it out. The upload page shows each item as it is imported, then the summary, and the
// workouts by their Strava titles.
const ATHLETE = { name: 'mover', password: 'a long enough passphrase' };
const LAPS = process.env.LAPS_BIN ?? '../target/debug/laps';
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
const EXPORT = `${CORPUS}/archives/strava-export`;
const REAL_FILE = 'activities/12866632127.fit.gz';

/** Rows added to the export's activities.csv: its real row with id, name and file replaced
 * (no file: a manual entry), and the corpus file each row's activity file is. */
const EXTRA: { id: string; name: string; file: string; from?: string }[] = [
  { id: '90001', name: 'Tempo along the river', file: 'activities/90001.fit', from: 'fit/fitparse__garmin-fenix-5-run.fit' },
  { id: '90002', name: 'Treadmill by hand', file: '' },
  { id: '90003', name: 'Intervals at the track', file: 'activities/90003.fit', from: 'fit/fitdecode__garmin-fr935-cr.fit' },
  { id: '90004', name: 'Broken upload', file: 'activities/90004.fit', from: 'invalid/fitparse__activity-unexpected-eof.fit' },
  { id: '90005', name: 'Hill repeats by hand', file: '' },
  { id: '90006', name: 'Long ride to the lake', file: 'activities/90006.fit', from: 'fit/fitparse__2019-02-17-062644-ELEMNT-297E-195-0.fit' },
];

/** Assembles the archive in a temporary folder (Python's zipfile writes the zip) and returns
 * its path. */
function stravaArchive(): string {
  const dir = mkdtempSync(join(tmpdir(), 'laps-strava-'));
  const csv = readFileSync(`${EXPORT}/activities.csv`, 'utf8').trimEnd();
  const cut = csv.indexOf('\n');
  const [header, row] = [csv.slice(0, cut), csv.slice(cut + 1)];
  const rows = EXTRA.map(({ id, name, file }) =>
    row.replaceAll('12070555079', id).replaceAll('Laufen Landal Park', name).replaceAll(REAL_FILE, file),
  );
  writeFileSync(join(dir, 'activities.csv'), [header, row, ...rows].join('\n') + '\n');
  const entries: [string, string][] = [
    ['export_1/activities.csv', join(dir, 'activities.csv')],
    ['export_1/profile.csv', `${EXPORT}/profile.csv`],
    ['export_1/bikes.csv', `${EXPORT}/bikes.csv`],
    ['export_1/shoes.csv', `${EXPORT}/shoes.csv`],
    [`export_1/${REAL_FILE}`, `${EXPORT}/${REAL_FILE}`],
    ...EXTRA.filter((e) => e.from).map((e): [string, string] => [`export_1/${e.file}`, `${CORPUS}/${e.from}`]),
  ];
  const zip = join(dir, 'export_48151623.zip');
  const script = [
    'import json, sys, zipfile',
    'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
    '    for name, path in json.loads(sys.argv[2]):',
    '        z.write(path, name)',
  ].join('\n');
  execFileSync('python3', ['-c', script, zip, JSON.stringify(entries)]);
  return zip;
}

async function signIn(page: Page) {
  await page.goto('/signin');
  await hydrated(page);
  await page.getByLabel('Username', { exact: true }).fill(ATHLETE.name);
  await page.getByLabel('Password', { exact: true }).fill(ATHLETE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

test.describe.serial('account archives', () => {
  let problems: string[] = [];
  let archive = '';

  test.beforeAll(() => {
    execFileSync(LAPS, ['user', 'add', ATHLETE.name, '--data-dir', '../target/e2e-data'], {
      input: `${ATHLETE.password}\n`,
    });
    archive = stravaArchive();
  });

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('a dropped Strava archive shows its items as they import, then the summary', async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page);
    // Phone-first: a phone's width.
    await page.setViewportSize({ width: 390, height: 1600 });
    await page.goto('/upload');
    await hydrated(page);
    // Every "n of N items" the page shows, recorded as it changes.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('.uploads')?.textContent ?? '';
        const found = text.match(/Importing: \d+ of \d+ items/);
        if (found && seen.at(-1) !== found[0]) seen.push(found[0]);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const data = readFileSync(archive).toString('base64');
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], 'export_48151623.zip'));
      return dt;
    }, data);
    const zone = page.locator('.drop-zone');
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });

    const upload = page.getByRole('list', { name: 'Uploads' }).locator('> li');
    await expect(upload).toHaveCount(1);
    await expect(upload).toContainText('export_48151623.zip');
    const summary = upload.locator('.upload-summary');
    await expect(summary).toHaveText('6 workouts, 2 manual entries, 1 refused', { timeout: 90_000 });
    // The screen reader's status says the same, once.
    await expect(upload.getByRole('status')).toHaveText(
      'export_48151623.zip: 6 workouts, 2 manual entries, 1 refused',
    );
    await expect(upload.locator('progress')).toHaveAttribute('value', '100');
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    // Items were counted while the archive was imported (how many steps show depends on how
    // the answer's lines arrive together; the first comes before the last item).
    expect(seen.every((s) => /^Importing: [0-7] of 7 items$/.test(s)), seen.join(' | ')).toBe(true);
    expect(seen.some((s) => /^Importing: [0-6] of 7 items$/.test(s)), seen.join(' | ')).toBe(true);

    // The refusal is named, with why; the workouts are listed by their Strava titles.
    const refused = upload.locator('details.refused');
    await expect(refused.locator('summary')).toHaveText('Refused (1)');
    await expect(refused).toContainText('90004.fit');
    await expect(refused).toContainText('cut short');
    const imported = upload.locator('details.imported');
    await expect(imported.locator('summary')).toHaveText('Imported (6 workouts)');
    for (const title of ['Laufen Landal Park', 'Tempo along the river', 'Long ride to the lake', 'Treadmill by hand']) {
      await expect(imported.getByRole('link', { name: title })).toBeVisible();
    }
    await expect(imported.locator('li', { hasText: 'Treadmill by hand' })).toContainText('(manual entry)');
    await expect(imported.locator('li', { hasText: 'Laufen Landal Park' })).toContainText(
      /2022-05-29 · Running · \d+\.\d\d km · (\d+:)?\d\d:\d\d/,
    );

    // The calendar opens on the month of the latest workout imported.
    const calendar = upload.getByRole('link', { name: /^See \w+ \d{4} in the calendar$/ });
    await expect(calendar).toHaveAttribute('href', /^\/calendar\/\d{4}\/\d{2}$/);
    const month = ((await calendar.textContent()) ?? '').replace(/^See | in the calendar$/g, '');

    await imported.getByRole('link', { name: 'Long ride to the lake' }).click();
    await expect(page.getByRole('heading', { name: 'Long ride to the lake' })).toBeVisible();

    // The picker reaches that month from the calendar (this month has none).
    await page.goto('/calendar');
    await page.getByLabel('Month', { exact: true }).selectOption({ label: month.split(' ')[0] });
    await page.getByLabel('Year', { exact: true }).selectOption(month.split(' ')[1]);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(month);
    // A phone's width: the month is an agenda (the grid is for wider screens).
    await expect(page.locator('.calendar-agenda a[href^="/workouts/"]').first()).toBeVisible();
    await expect(page.getByText(/^No workouts in/)).toHaveCount(0);
  });

  test('the same archive again adds nothing and says so', async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page);
    await page.goto('/upload');
    await hydrated(page);
    await page.getByLabel('Workout files').setInputFiles(archive);
    const upload = page.getByRole('list', { name: 'Uploads' }).locator('> li');
    await expect(upload.locator('.upload-summary')).toHaveText('6 already imported, 1 refused', { timeout: 90_000 });
    await expect(upload.locator('details.duplicate summary')).toHaveText('Already there (6)');
    await expect(upload.locator('details.duplicate').getByRole('link', { name: 'Tempo along the river' })).toBeVisible();
    await expect(upload.getByRole('link', { name: /in the calendar$/ })).toHaveCount(0);
  });
});
