import { test, expect, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { addAthlete, athletePages, hydrated, watchConsole } from './helpers';

// Every page in German and in French, as a browser asking for those languages sees it: the
// page says its language, and no message key shows where its text should be (a key the
// catalogues lack is shown as itself). The Rust catalogue test checks each language has every
// key; this checks what the pages really render, islands included after hydration.
const ATHLETE = { name: 'polyglot', password: 'a long enough passphrase' };
const ADMIN = { name: 'polyglot_admin', password: 'a long enough passphrase' };
const LAPS = process.env.LAPS_BIN ?? '../target/debug/laps';
const CORPUS = process.env.LAPS_CORPUS ?? '../../shared/corpus';
const FILES = [
  `${CORPUS}/fit/fitparse__2013-02-06-12-11-14.fit`,
  `${CORPUS}/fit/pyfitness__athlete_indoor_climb_107m_distance_26.785km_power5_402.fit`,
  `${CORPUS}/gpx/goldencheetah__1292585194-20906.gpx`,
];

/** Every message key, read from the English catalogues. */
function catalogueKeys(): Set<string> {
  const dir = '../crates/i18n/locales/en';
  const keys = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ftl'))) {
    for (const line of readFileSync(`${dir}/${file}`, 'utf8').split('\n')) {
      const match = /^([a-z][a-z0-9_-]*)\s*=/.exec(line);
      if (match) keys.add(match[1]);
    }
  }
  return keys;
}
const KEYS = catalogueKeys();

/** The page's text and the attributes people hear or see (labels, titles, placeholders). */
async function visibleWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = ['aria-label', 'title', 'placeholder', 'alt', 'data-label'];
    const values = [...document.querySelectorAll('*')].flatMap((e) =>
      attributes.map((a) => e.getAttribute(a) ?? ''),
    );
    return [document.title, document.body.innerText, ...values].join('\n');
  });
}

/** The message keys found in the page instead of their text. */
async function keysShown(page: Page): Promise<string[]> {
  const words = (await visibleWords(page)).match(/[a-z][a-z0-9_]*(?:-[a-z0-9_]+)+/g) ?? [];
  return [...new Set(words.filter((w) => KEYS.has(w)))];
}

async function signIn(page: Page, athlete: { name: string; password: string }) {
  await page.goto('/signin');
  await hydrated(page);
  // By field name: the labels are in the page's language.
  await page.locator('input[name="username"]').fill(athlete.name);
  await page.locator('input[name="password"]').fill(athlete.password);
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/$/);
}

async function inLanguage(browser: Browser, locale: string) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  return { context, page, problems: watchConsole(page) };
}

const LANGUAGES = [
  { locale: 'de-DE', code: 'de', calendar: 'Kalender', decimal: /\d,\d+\s?km\b/ },
  { locale: 'fr-FR', code: 'fr', calendar: 'Calendrier', decimal: /\d,\d+\s?km\b/ },
];

test.describe.serial('in German and French', () => {
  let ids: number[] = [];

  test.beforeAll(() => {
    addAthlete(ATHLETE);
    addAthlete(ADMIN, true);
    execFileSync(LAPS, ['import', '--user', ATHLETE.name, '--data-dir', '../target/e2e-data', ...FILES]);
  });

  for (const language of LANGUAGES) {
    test(`every page renders in ${language.code} with no missing key`, async ({ browser }) => {
      test.setTimeout(120_000);
      const { context, page, problems } = await inLanguage(browser, language.locale);
      const missing: string[] = [];
      const check = async (path: string) => {
        await page.goto(path);
        await hydrated(page);
        await expect(page.locator('html')).toHaveAttribute('lang', language.code);
        for (const key of await keysShown(page)) missing.push(`${path}: ${key}`);
      };
      for (const path of ['/signin', '/signup', '/no-such-page']) await check(path);
      await signIn(page, ATHLETE);
      await expect(page.locator('nav.main-nav').getByRole('link', { name: language.calendar, exact: true })).toBeVisible();
      if (ids.length === 0) {
        const list = await (await page.request.get('/api/v1/workouts?per_page=10')).json();
        ids = list.workouts.map((w: { id: number }) => w.id);
      }
      expect(ids.length).toBe(FILES.length);
      const pages = [...athletePages(ids), '/stats?period=year', '/settings/time-zone?from=UTC'];
      for (const path of pages) await check(path);
      // Numbers in the language's format: a distance with a decimal comma.
      await page.goto('/workouts');
      expect(await visibleWords(page)).toMatch(language.decimal);
      await context.clearCookies();
      await signIn(page, ADMIN);
      for (const path of ['/admin', '/admin/users', '/admin/partners']) await check(path);
      expect(missing, 'message keys shown instead of text').toEqual([]);
      expect(problems, 'no console errors or hydration problems').toEqual([]);
      await context.close();
    });
  }

  test('the language chosen in Settings wins over the browser’s, and Automatic gives it back', async ({ browser }) => {
    const { context, page, problems } = await inLanguage(browser, 'de-DE');
    await signIn(page, ATHLETE);
    await page.goto('/settings');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await page.locator('select[name="language"]').selectOption('fr');
    await page.locator('select[name="language"]').evaluate((s: HTMLSelectElement) => s.form!.requestSubmit());
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('nav.main-nav').getByRole('link', { name: 'Calendrier', exact: true })).toBeVisible();
    await page.goto('/calendar');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.goto('/settings');
    await expect(page.locator('select[name="language"]')).toHaveValue('fr');
    await page.locator('select[name="language"]').selectOption('');
    await page.locator('select[name="language"]').evaluate((s: HTMLSelectElement) => s.form!.requestSubmit());
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    expect(problems).toEqual([]);
    await context.close();
  });
});
