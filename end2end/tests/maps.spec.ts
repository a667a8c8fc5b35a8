import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { hydrated, watchConsole } from './helpers';

// Maps, against the tile stub (playwright.config.ts): the workout's route on tiles, the chart
// and map cursors following each other, a record's effort marked, the map of all routes; and a
// second server started with `--map-tiles none`, whose pages keep their SVG and load no Leaflet.
const ATHLETE = { name: 'mapper', password: 'a long enough passphrase' };
const LAPS = process.env.LAPS_BIN ?? '../target/debug/laps';
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
const RUN = `${CORPUS}/fit/fitparse__2013-02-06-12-11-14.fit`;
const OTHER_RUN = `${CORPUS}/gpx/hrmparser__gps-flat-run.gpx`;
const NO_TILES = process.env.LAPS_E2E_NO_TILES_URL!;
const TILES = process.env.LAPS_E2E_TILES!;

// The athlete, with two runs, on each server's data folder (from the command line, as an
// operator would).
function athleteOn(dataDir: string) {
  execFileSync(LAPS, ['user', 'add', ATHLETE.name, '--data-dir', dataDir], {
    input: `${ATHLETE.password}\n`,
  });
  execFileSync(LAPS, ['import', '--user', ATHLETE.name, '--data-dir', dataDir, RUN, OTHER_RUN]);
}

async function signIn(page: Page, base = '') {
  await page.goto(`${base}/signin`);
  await hydrated(page);
  await page.getByLabel('Username', { exact: true }).fill(ATHLETE.name);
  await page.getByLabel('Password', { exact: true }).fill(ATHLETE.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** The id of the FIT run (device laps, heart rate, GPS), from the routes API. */
async function runId(page: Page, base = ''): Promise<number> {
  const response = await page.request.get(`${base}/api/v1/routes?from=2013-02-06&to=2013-02-06`);
  expect(response.ok()).toBe(true);
  const body = await response.json();
  return body.routes[0].workout_id;
}

/** Where on the screen a point `share` of the way along the first `selector` path is. */
async function along(page: Page, selector: string, share: number) {
  return page.evaluate(([selector, share]) => {
    const path = document.querySelector(selector as string) as SVGPathElement;
    const p = path.getPointAtLength(path.getTotalLength() * (share as number));
    const m = path.getScreenCTM()!;
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  }, [selector, share]);
}

const alongRoute = (page: Page, share: number) => along(page, '.route-map path.laps-map-hit', share);

test.describe.serial('maps', () => {
  let problems: string[] = [];

  test.beforeAll(() => {
    athleteOn('../target/e2e-data');
    athleteOn('../target/e2e-data-no-tiles');
  });

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('the workout page shows its route on map tiles, laps in turn', async ({ page }) => {
    const tiles: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${TILES}/`)) tiles.push(request.url());
    });
    await signIn(page);
    const id = await runId(page);
    await page.goto(`/workouts/${id}`);
    const map = page.locator('.route-map');
    await expect(map).toBeVisible();
    await expect(page.locator('#route-svg'), 'the SVG gives way to the map').toBeHidden();
    await expect(map.locator('img.leaflet-tile-loaded').first()).toBeVisible();
    expect(tiles.length, 'tiles came from the stub').toBeGreaterThan(0);
    expect(tiles.every((url) => /\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
    await expect(map.locator('path.laps-map-route')).toHaveCount(1);
    // Five device laps: the second and the fourth in the other colour.
    await expect(map.locator('path.laps-map-lap')).toHaveCount(2);
    await expect(map.locator('.leaflet-control-attribution')).toContainText('Test tiles');

    // Pointing at a lap in the table picks it out on the map.
    await page.locator('table.laps tr[data-lap="2"]').hover();
    await expect(map.locator('path.laps-map-chosen-lap')).toHaveCount(1);
  });

  test('the charts and the map follow each other', async ({ page }) => {
    await signIn(page);
    await page.goto(`/workouts/${await runId(page)}`);
    await hydrated(page);
    const map = page.locator('.route-map');
    await expect(map.locator('path.laps-map-route')).toHaveCount(1);
    const marker = map.locator('path.laps-map-cursor');
    await expect(marker).toHaveCount(0);

    // The chart's cursor puts a marker on the route, and moves it.
    await page.locator('.chart-box').first().scrollIntoViewIfNeeded();
    const chart = (await page.locator('.chart-box').first().boundingBox())!;
    await page.mouse.move(chart.x + chart.width * 0.25, chart.y + chart.height / 2);
    await expect(marker).toHaveCount(1);
    const first = (await marker.boundingBox())!;
    await page.mouse.move(chart.x + chart.width * 0.8, chart.y + chart.height / 2);
    await expect
      .poll(async () => {
        const now = (await marker.boundingBox())!;
        return Math.hypot(now.x - first.x, now.y - first.y);
      }, { message: 'the marker moved along the route' })
      .toBeGreaterThan(5);
    await page.mouse.move(1, 1);
    await expect(marker, 'gone when the pointer leaves the chart').toHaveCount(0);

    // The route under the pointer moves every chart's cursor, and the marker.
    await expect(page.locator('.chart-cursor')).toHaveCount(0);
    await map.scrollIntoViewIfNeeded();
    const early = await alongRoute(page, 0.2);
    await page.mouse.move(early.x, early.y);
    await expect(marker).toHaveCount(1);
    const charts = await page.locator('.chart-box').count();
    await expect(page.locator('.chart-cursor')).toHaveCount(charts);
    const readout = page.locator('.chart-readout').first();
    const earlyText = await readout.textContent();
    const earlyLeft = (await page.locator('.chart-cursor').first().boundingBox())!.x;
    const late = await alongRoute(page, 0.8);
    await page.mouse.move(late.x, late.y);
    await expect.poll(async () => (await page.locator('.chart-cursor').first().boundingBox())!.x).toBeGreaterThan(earlyLeft);
    await expect(readout).not.toHaveText(earlyText!);
    await page.mouse.move(1, 1);
    await expect(page.locator('.chart-cursor')).toHaveCount(0);
  });

  test("a record's effort is marked on the map", async ({ page }) => {
    await signIn(page);
    const id = await runId(page);
    await page.goto(`/workouts/${id}?from=600&to=900`);
    await expect(page.getByText('Marked: the effort from')).toBeVisible();
    const segment = page.locator('.route-map path.laps-map-segment');
    await expect(segment).toHaveCount(1);
    const box = (await segment.boundingBox())!;
    expect(box.width + box.height).toBeGreaterThan(20);
    await page.goto(`/workouts/${id}`);
    await expect(page.locator('.route-map path.laps-map-route')).toHaveCount(1);
    await expect(page.locator('.route-map path.laps-map-segment')).toHaveCount(0);
  });

  test('the map page draws every route', async ({ page }) => {
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map' }).click();
    await expect(page.getByRole('heading', { name: 'Map', level: 1 })).toBeVisible();
    await expect(page.getByText('2 routes.')).toBeVisible();
    const map = page.locator('.heat-map');
    await expect(map).toBeVisible();
    await expect(map.locator('path.laps-map-heat')).toHaveCount(2);
    await expect(map.locator('img.leaflet-tile-loaded').first()).toBeVisible();

    // The filters work as a plain form; a route leads to its workout.
    await page.getByLabel('Period').selectOption('2013');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/year=2013/);
    await expect(page.getByText('1 route.')).toBeVisible();
    await expect(map.locator('path.laps-map-heat')).toHaveCount(1);
    await map.scrollIntoViewIfNeeded();
    const middle = await along(page, '.heat-map path.laps-map-heat', 0.5);
    await page.mouse.click(middle.x, middle.y);
    await expect(page).toHaveURL(/\/workouts\/\d+$/);
  });

  test('with --map-tiles none, every page works and none loads Leaflet', async ({ page }) => {
    const leaflet: string[] = [];
    page.on('request', (request) => {
      if (/leaflet|\/pkg\/map\./.test(request.url()) || !request.url().startsWith(NO_TILES)) {
        leaflet.push(request.url());
      }
    });
    await signIn(page, NO_TILES);
    const id = await runId(page, NO_TILES);
    await page.goto(`${NO_TILES}/workouts/${id}?from=600&to=900`);
    await hydrated(page);
    await expect(page.locator('.route svg.route-svg')).toBeVisible();
    await expect(page.locator('.route-map')).toHaveCount(0);
    await expect(page.locator('.chart-segment').first()).toBeVisible();
    // The charts' readout still works on its own.
    await page.locator('.chart-box').first().scrollIntoViewIfNeeded();
    const chart = (await page.locator('.chart-box').first().boundingBox())!;
    await page.mouse.move(chart.x + chart.width / 2, chart.y + chart.height / 2);
    await expect(page.locator('.chart-readout').first()).toBeVisible();

    await page.goto(`${NO_TILES}/map`);
    const picture = page.locator('img.heat-picture');
    await expect(picture).toBeVisible();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await expect(page.locator('.heat-map')).toHaveCount(0);

    for (const path of ['/', '/calendar', '/workouts', '/records', '/upload', '/gear', '/settings', '/record']) {
      const response = await page.goto(`${NO_TILES}${path}`);
      expect(response?.status(), path).toBe(200);
    }
    expect(leaflet, 'no map files and nothing from elsewhere').toEqual([]);
  });
});
