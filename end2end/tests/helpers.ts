import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

/** Fails the test on any console error or uncaught exception: CSP violations, hydration
 * mismatches and panics in the WebAssembly all surface there. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    // A refused form answers 4xx on purpose, and the browser logs every 4xx; 5xx stay errors.
    const expectedRefusal = /Failed to load resource: the server responded with a status of 4\d\d/;
    if (message.type() === 'error' && !expectedRefusal.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

/** Waits until the WebAssembly has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

export async function fillAndSubmit(page: Page, fields: Record<string, string>, button: string) {
  for (const [label, value] of Object.entries(fields)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByRole('button', { name: button }).click();
}

export async function signOut(page: Page) {
  await page.locator('.user-menu summary').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
}

/** Says that the running test makes the server log an ERROR line matching `pattern` on purpose:
 * the check after the run (`server-log.ts`) lets such lines pass. */
export function expectServerError(pattern: RegExp) {
  appendFileSync(process.env.LAPS_E2E_EXPECTED_ERRORS!, `${pattern.source}\n`);
}

/** An athlete a spec makes for itself with `laps user add`, on the database the server uses. */
export interface Athlete {
  name: string;
  password: string;
}

/** Adds the athlete from the command line (the binary the specs run against); `admin` makes
 * them an administrator. */
export function addAthlete(athlete: Athlete, admin = false) {
  const flags = admin ? ['--admin'] : [];
  execFileSync(process.env.LAPS_BIN ?? '../target/debug/laps', ['user', 'add', athlete.name, ...flags, '--data-dir', '../target/e2e-data'], {
    input: `${athlete.password}\n`,
  });
}

/** Signs the athlete in on the sign-in page and waits for the home page. */
export async function signInAs(page: Page, athlete: Athlete) {
  await page.goto('/signin');
  await hydrated(page);
  await page.getByLabel('Username', { exact: true }).fill(athlete.name);
  await page.getByLabel('Password', { exact: true }).fill(athlete.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Every page an athlete reaches, for an athlete whose workouts (in February 2013 among others)
 * have these ids: the specs that go through all of them (phone widths, languages). */
export function athletePages(ids: number[]): string[] {
  return [
    '/',
    '/calendar',
    '/calendar/2013/02',
    '/calendar/2013',
    '/workouts',
    ...ids.map((id) => `/workouts/${id}`),
    ...ids.map((id) => `/workouts/${id}?x=distance`),
    '/stats',
    '/stats?year=2013',
    '/records',
    '/curves',
    '/fitness',
    '/map',
    '/upload',
    '/record',
    '/gear',
    '/settings',
    '/settings/tokens',
    '/settings/connections',
    '/settings/password',
    '/activity/2013-02-06',
  ];
}
