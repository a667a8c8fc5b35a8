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

test('a day synced by a wearable app shows its steps in the calendar and by the hour', async ({ page, request }) => {
  const problems = watchConsole(page);
  await page.goto('/signin');
  await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
  await page.goto('/settings/tokens');
  await page.getByLabel('Name', { exact: true }).fill('Watch app');
  await page.getByLabel('Upload workout files').uncheck();
  await page.getByLabel('Sync sensor data').check();
  await page.getByRole('button', { name: 'Make token' }).click();
  const token = (await page.locator('.new-token').textContent())!.trim();
  const synced = await request.post('/api/v1/sync/activity', {
    headers: { Authorization: `Bearer ${token}`, Cookie: '' },
    data: { days: [{ date: '2026-10-14', steps: 8421, active_calories: 412, active_seconds: 5400,
      hours: [{ hour: 7, steps: 2100 }, { hour: 18, steps: 4000 }] }] },
  });
  expect(synced.status()).toBe(200);

  await page.goto('/calendar/2026/10');
  await page.getByRole('link', { name: '8,421 steps' }).click();
  await expect(page.getByRole('heading', { name: 'Activity on 2026-10-14' })).toBeVisible();
  await expect(page.getByText('412 kcal')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Steps by the hour' }).locator('li')).toHaveCount(24);
  await expect(page.getByLabel('18:00, 4000 steps')).toBeVisible();
  await expect(page.getByText('Figures from your device.')).toBeVisible();
  await page.goto('/activity/2026-10-15');
  await expect(page.getByText('No activity is known for this day.')).toBeVisible();
  expect(problems).toEqual([]);
});

test('a password change revokes the access tokens only when asked, and always when compromised', async ({ page, request }) => {
  const problems = watchConsole(page);
  await page.goto('/signin');
  await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
  await page.goto('/settings/tokens');
  await page.getByLabel('Name', { exact: true }).fill('Laptop script');
  await page.getByLabel('Read workouts and exports').check();
  await page.getByRole('button', { name: 'Make token' }).click();
  const token = (await page.locator('.new-token').textContent())!.trim();
  const works = async () =>
    (await request.get('/api/v1/workouts', { headers: { Authorization: `Bearer ${token}`, Cookie: '' } })).status();
  expect(await works()).toBe(200);

  // The password stays the same here, so that the later specs still sign in with it.
  await page.goto('/settings/password');
  await fillAndSubmit(page, { 'Current password': OWNER.password, 'New password': OWNER.password }, 'Change password');
  await expect(page.getByText('Your password has been changed.')).toBeVisible();
  expect(await works(), 'nothing ticked: the token keeps working').toBe(200);

  await page.goto('/settings/password');
  await page.getByLabel('Current password', { exact: true }).fill(OWNER.password);
  await page.getByLabel('New password', { exact: true }).fill(OWNER.password);
  await page.getByLabel(/I think my password was compromised/).check();
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password has been changed.')).toBeVisible();
  expect(await works(), 'compromised: every token is revoked').toBe(401);
  await page.goto('/settings/tokens');
  await expect(page.getByText('No tokens yet.')).toBeVisible();
  expect(problems).toEqual([]);
});
