import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { addAthlete, athletePages, hydrated, signInAs, watchConsole } from './helpers';

// An athlete of their own, with a run, a ride with power and a GPS track from the corpus.
const ATHLETE = { name: 'pocket', password: 'a long enough passphrase' };
// An administrator, for the administration pages.
const ADMIN = { name: 'pocket_admin', password: 'a long enough passphrase' };
const LAPS = process.env.LAPS_BIN ?? '../target/debug/laps';
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
const FILES = [
  `${CORPUS}/fit/fitparse__2013-02-06-12-11-14.fit`,
  `${CORPUS}/fit/pyfitness__athlete_indoor_climb_107m_distance_26.785km_power5_402.fit`,
  `${CORPUS}/gpx/goldencheetah__1292585194-20906.gpx`,
  `${CORPUS}/tcx/dblock-tcx__brighton-beach.tcx`,
];
const PHONE = { width: 390, height: 844 };

/** The pages that are wider than the window (so the whole page scrolls sideways). */
async function tooWide(page: import('@playwright/test').Page, paths: string[]): Promise<string[]> {
  const wide: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await page.waitForLoadState('load');
    const { scroll, inner } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    if (scroll > inner) wide.push(`${path}: ${scroll} px in ${inner}`);
  }
  return wide;
}

test.describe.serial('on a phone', () => {
  let problems: string[] = [];
  let ids: number[] = [];

  test.beforeAll(() => {
    addAthlete(ATHLETE);
    addAthlete(ADMIN, true);
    execFileSync(LAPS, ['import', '--user', ATHLETE.name, '--data-dir', '../target/e2e-data', ...FILES]);
  });

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('no page scrolls sideways at 390 px', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(PHONE);
    expect(await tooWide(page, ['/signin', '/signup'])).toEqual([]);
    await signInAs(page, ATHLETE);
    const list = await (await page.request.get('/api/v1/workouts?per_page=10')).json();
    ids = list.workouts.map((w: { id: number }) => w.id);
    expect(ids.length).toBe(FILES.length);
    const pages = athletePages(ids);
    expect(await tooWide(page, pages)).toEqual([]);
    await page.context().clearCookies();
    await signInAs(page, ADMIN);
    expect(await tooWide(page, ['/admin', '/admin/users', '/admin/partners'])).toEqual([]);
  });

  test('a tap on a chart shows the values there on every chart, and they stay', async ({ browser }) => {
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const phoneProblems = watchConsole(page);
    await signInAs(page, ATHLETE);
    let charts = 0;
    for (const id of ids) {
      await page.goto(`/workouts/${id}`);
      charts = await page.locator('figure.chart').count();
      if (charts > 1) break;
    }
    expect(charts, 'a workout with several charts').toBeGreaterThan(1);
    await hydrated(page);
    // The phone's own picture: taller than a shrunk wide one (about 90 px), labels readable.
    await expect(page.locator('.chart-wide svg').first()).toBeHidden();
    const picture = page.locator('.chart-narrow svg').first();
    await expect(picture).toBeVisible();
    expect(await picture.getAttribute('width')).toBe('400');
    expect((await picture.boundingBox())!.height).toBeGreaterThanOrEqual(180);
    const box = page.locator('figure.chart .chart-box').first();
    await box.tap({ position: { x: 200, y: 40 } });
    await expect(box.locator('.chart-readout')).toBeVisible();
    await expect(page.locator('.chart-readout')).toHaveCount(charts);
    expect(phoneProblems).toEqual([]);
    await context.close();
  });

  test('the workout list and the laps are cards with every value labelled on a phone', async ({ page }) => {
    await page.setViewportSize(PHONE);
    await signInAs(page, ATHLETE);
    await page.goto('/workouts');
    const row = page.locator('table.workouts tbody tr').first();
    for (const label of ['Duration', 'Distance']) {
      await expect(row.locator(`td[data-label="${label}"]`)).toBeVisible();
    }
    let box = await row.boundingBox();
    expect(box!.x + box!.width, 'the card fits the screen').toBeLessThanOrEqual(PHONE.width);
    let lapsSeen = false;
    for (const id of ids) {
      await page.goto(`/workouts/${id}`);
      const lap = page.locator('table.laps tbody tr').first();
      if ((await lap.count()) === 0) continue;
      await expect(lap.locator('td[data-label="Time"]')).toBeVisible();
      // Heart rate where the recording has it (worked out from the samples if need be).
      if (await lap.locator('td[data-label="Avg HR"]').isVisible()) lapsSeen = true;
      box = await lap.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    }
    expect(lapsSeen, 'a workout whose laps show heart rate').toBe(true);
  });

  test('the calendar is an agenda on a phone and a grid on a wider screen', async ({ page }) => {
    await page.setViewportSize(PHONE);
    await signInAs(page, ATHLETE);
    await page.goto('/calendar/2013/02');
    const agenda = page.locator('.calendar-agenda');
    await expect(agenda).toBeVisible();
    await expect(page.locator('.calendar-grid')).toBeHidden();
    // The week's heading carries its totals; the row names the day, the time and the sport.
    await expect(agenda.getByRole('heading', { level: 2 }).first()).toHaveText(/^Week of \d+ Feb · [\d:]+/);
    const row = agenda.getByRole('link').first();
    await expect(row).toHaveAttribute('href', /^\/workouts\/\d+$/);
    await expect(row).toContainText(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+\d\d:\d\d/);
    const box = await row.boundingBox();
    expect(box!.height, 'a row is a comfortable target').toBeGreaterThanOrEqual(44);

    await page.setViewportSize({ width: 1200, height: 900 });
    await expect(page.locator('.calendar-grid')).toBeVisible();
    await expect(agenda).toBeHidden();
  });

  test('a web app manifest names Laps and icons of the sizes phones install', async ({ page }) => {
    await page.goto('/signin');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const response = await page.request.get(href!);
    expect(response.headers()['content-type']).toContain('application/manifest+json');
    const manifest = await response.json();
    expect(manifest).toMatchObject({ name: 'Laps', start_url: '/', display: 'standalone' });
    const icons: { src: string; sizes: string }[] = manifest.icons;
    for (const size of [192, 512]) {
      const icon = icons.find((i) => i.sizes === `${size}x${size}`);
      expect(icon, `a ${size} px icon`).toBeDefined();
      const natural = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        return [img.naturalWidth, img.naturalHeight];
      }, icon!.src);
      expect(natural).toEqual([size, size]);
    }
    const touch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    expect((await page.request.get(touch!)).ok()).toBe(true);
  });
});
