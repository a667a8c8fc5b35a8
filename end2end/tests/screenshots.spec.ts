import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { addAthlete, signInAs, watchConsole } from './helpers';

// Pictures of the pages people look at most, on a phone and a wide screen, light and dark,
// attached to the test report. With LAPS_SCREENSHOTS=DIR they are also written there (that is
// how the README's phone screenshots are made: `LAPS_SCREENSHOTS=../docs/screenshots`).
const ATHLETE = { name: 'pictures', password: 'a long enough passphrase' };
const LAPS = process.env.LAPS_BIN ?? '../target/debug/laps';
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
const SIZES = { phone: { width: 390, height: 844 }, wide: { width: 1280, height: 900 } };
const SCHEMES = ['light', 'dark'] as const;

test.describe.serial('screenshots', () => {
  let workout = 0;

  test.beforeAll(() => {
    addAthlete(ATHLETE);
    execFileSync(LAPS, [
      'import', '--user', ATHLETE.name, '--data-dir', '../target/e2e-data',
      `${CORPUS}/fit/fitparse__2013-02-06-12-11-14.fit`,
    ]);
  });

  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const colorScheme of SCHEMES) {
      test(`calendar, workout and upload pages (${size}, ${colorScheme})`, async ({ browser }, testInfo) => {
        const context = await browser.newContext({ viewport, colorScheme });
        const page = await context.newPage();
        const problems = watchConsole(page);
        await signInAs(page, ATHLETE);
        if (!workout) {
          const list = await (await page.request.get('/api/v1/workouts')).json();
          workout = list.workouts[0].id;
        }
        const pages: [string, string][] = [
          ['calendar', '/calendar/2013/02'],
          ['workout', `/workouts/${workout}`],
          ['upload', '/upload'],
        ];
        for (const [name, url] of pages) {
          await page.goto(url);
          await page.waitForLoadState('networkidle');
          await expect(page.locator('main h1').first()).toBeVisible();
          const body = await page.screenshot({ fullPage: size === 'phone' });
          const file = `${name}-${size}-${colorScheme}.png`;
          await testInfo.attach(file, { body, contentType: 'image/png' });
          const dir = process.env.LAPS_SCREENSHOTS;
          if (dir) {
            mkdirSync(dir, { recursive: true });
            await page.screenshot({ path: path.join(dir, file), fullPage: size === 'phone' });
          }
        }
        expect(problems).toEqual([]);
        await context.close();
      });
    }
  }
});
