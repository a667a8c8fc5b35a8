import { test, expect } from '@playwright/test';
import { fillAndSubmit, watchConsole } from './helpers';
import { readFileSync } from 'node:fs';

// Runs after accounts.spec.ts (Ada, whose password it changed).
const OWNER = { name: 'Ada', password: 'a much better passphrase' };
const RIDE = '../../shared/corpus/fit/fitparse__garmin-edge-820-bike.fit';

test('an access token is made in the settings, shown once, uploads for a phone app, and is revoked', async ({ page, request }) => {
  const problems = watchConsole(page);
  await page.goto('/signin');
  await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Access tokens' }).click();
  await expect(page.getByText('No tokens yet.')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Phone uploader');
  await page.getByRole('button', { name: 'Make token' }).click();
  await expect(page.getByText('Copy the token “Phone uploader” now')).toBeVisible();
  const token = (await page.locator('.new-token').textContent())!.trim();
  expect(token).toMatch(/^lpt_/);

  // A phone app with nothing but the token (no cookie, no CSRF token) uploads a ride.
  const upload = await request.post(`/api/v1/uploads?access_token=${token}`, {
    headers: { Cookie: '' },
    multipart: { file: { name: 'ride.fit', mimeType: 'application/octet-stream', buffer: readFileSync(RIDE) } },
  });
  expect(upload.status()).toBe(200);
  expect((await upload.json()).files[0].status).toMatch(/imported|duplicate/);

  await page.reload();
  await expect(page.getByText('Copy the token')).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'upload', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: /^\d{4}-\d\d-\d\d \d\d:\d\d$/ })).toHaveCount(2);
  await page.getByRole('button', { name: 'Revoke Phone uploader' }).click();
  await expect(page.getByText('Revoked. Apps using that token are refused from now on.')).toBeVisible();
  await expect(page.getByText('No tokens yet.')).toBeVisible();
  const refused = await request.get('/api/v1/workouts', { headers: { Authorization: `Bearer ${token}`, Cookie: '' } });
  expect(refused.status()).toBe(401);
  expect(problems).toEqual([]);
});
