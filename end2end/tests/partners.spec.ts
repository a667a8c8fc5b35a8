import { test, expect } from '@playwright/test';
import { fillAndSubmit, watchConsole } from './helpers';

// Runs after accounts.spec.ts, which created the administrator Ada.
// (which ends with the password changed).
const OWNER = { name: 'Ada', password: 'a much better passphrase' };

test.describe.serial('partner apps', () => {
  let problems: string[] = [];
  let clientId = '';
  let clientSecret = '';

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('an administrator registers a partner app and sees its secret once', async ({ page, baseURL }) => {
    await page.goto('/signin');
    await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
    await page.goto('/admin/partners');
    await expect(page.getByText('No partner apps yet.')).toBeVisible();
    await page.getByLabel('Name', { exact: true }).fill('Coach Portal');
    await page.getByLabel('Homepage').fill('https://coach.example');
    // Another origin than Laps' own (localhost, not 127.0.0.1): the consent form's answer must
    // be allowed to lead there by the page's Content-Security-Policy.
    const redirect = baseURL!.replace('127.0.0.1', 'localhost') + '/healthz';
    await page.getByLabel('Redirect URIs, one per line (matched exactly)').fill(redirect);
    await page.getByLabel(/AccessLink-compatible/).check();
    await page.getByLabel(/Approved: anyone/).check();
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByText('Copy the client secret now')).toBeVisible();
    clientId = (await page.locator('.client-id').textContent())!.trim();
    clientSecret = (await page.locator('.client-secret').textContent())!.trim();
    expect(clientSecret).toMatch(/^lps_/);
    await expect(page.getByRole('cell', { name: /Coach Portal/ })).toBeVisible();
    await page.reload();
    await expect(page.getByText('Copy the client secret now')).toHaveCount(0);
  });

  test('the athlete connects it on the consent page and disconnects it from Connected apps', async ({ page, baseURL, request }) => {
    await page.goto('/signin');
    await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
    await page.goto(`/oauth2/authorization?response_type=code&client_id=${clientId}&state=xyz`);
    await expect(page.getByRole('heading', { name: 'Connect Coach Portal to your Laps?' })).toBeVisible();
    await expect(page.getByText('Read all your training data')).toBeVisible();
    await expect(page.locator('.redirect-host')).toHaveText(/^localhost:\d+$/);
    await page.getByRole('button', { name: 'Allow Coach Portal' }).click();
    await page.waitForURL(/\/healthz\?/);
    const back = new URL(page.url());
    expect(back.hostname).toBe('localhost');
    expect(back.searchParams.get('state')).toBe('xyz');
    const code = back.searchParams.get('code')!;
    expect(code).toMatch(/^lpc_/);

    const basic = 'Basic ' + Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const token = await request.post('/v2/oauth2/token', {
      headers: { Authorization: basic },
      form: { grant_type: 'authorization_code', code },
    });
    expect(token.status()).toBe(200);
    const { access_token: accessToken, x_user_id: userId } = await token.json();
    const bearer = { Authorization: `Bearer ${accessToken}` };
    expect((await request.post('/v3/users', { headers: bearer, data: { 'member-id': 'e2e' } })).status()).toBe(200);

    await page.goto('/settings');
    await page.getByRole('link', { name: 'Connected apps' }).click();
    await expect(page.getByRole('heading', { name: 'Coach Portal' })).toBeVisible();
    await expect(page.getByText(/Connected \d{4}-\d\d-\d\d \d\d:\d\d · last used \d{4}/)).toBeVisible();
    await page.getByRole('button', { name: 'Disconnect Coach Portal' }).click();
    await expect(page.getByText('Disconnected. The app can no longer read your data.')).toBeVisible();
    await expect(page.getByText('No apps are connected.')).toBeVisible();
    expect((await request.get(`/v3/users/${userId}`, { headers: bearer })).status()).toBe(401);
  });
});
