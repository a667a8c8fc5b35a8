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
