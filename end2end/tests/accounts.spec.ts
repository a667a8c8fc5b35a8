import { test, expect } from '@playwright/test';
import { fillAndSubmit, hydrated, signOut, watchConsole } from './helpers';

const OWNER = { name: 'Ada', password: 'correct horse battery' };
const NEW_PASSWORD = 'a much better passphrase';

test.describe.serial('accounts', () => {
  let problems: string[] = [];

  test.beforeEach(({ page }) => {
    problems = watchConsole(page);
  });

  test.afterEach(() => {
    expect(problems, 'no console errors, CSP violations or panics').toEqual([]);
  });

  test('the first visitor signs up, gets field errors for bad input, and becomes admin', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/signin$/);
    await hydrated(page);
    // A fresh instance says who becomes its administrator.
    await expect(page.getByText('The first account you create becomes its administrator')).toBeVisible();
    await page.getByRole('link', { name: 'Create the first account' }).click();
    await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible();
    await expect(page.getByText('You are the first: this account becomes the administrator')).toBeVisible();

    await fillAndSubmit(page, { Username: 'ada lovelace', Password: 'short' }, 'Create account');
    const username = page.getByLabel('Username', { exact: true });
    await expect(page.locator('#field-username-error')).toHaveText(
      "Use only letters, digits, '.', '-' and '_' in a username.",
    );
    await expect(username).toHaveAttribute('aria-invalid', 'true');

    await fillAndSubmit(page, { Username: OWNER.name, Password: 'short' }, 'Create account');
    await expect(page.locator('#field-password-error')).toHaveText('Passwords need at least 10 characters.');

    await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Create account');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: `Hello, ${OWNER.name}` })).toBeVisible();
    await page.locator('.user-menu summary').click();
    await expect(page.getByRole('link', { name: 'Administration' })).toBeVisible();
  });

  test('signing out ends the session; the home page then asks to sign in', async ({ page }) => {
    await page.goto('/signin');
    await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
    await expect(page.getByRole('heading', { name: `Hello, ${OWNER.name}` })).toBeVisible();
    await hydrated(page);
    await signOut(page);
    await page.goto('/');
    await expect(page).toHaveURL(/\/signin$/);
  });

  test('sign-in says when the password is wrong, then lets the right one in', async ({ page }) => {
    await page.goto('/signin');
    await hydrated(page);
    await fillAndSubmit(page, { Username: 'ada', Password: 'not my password' }, 'Sign in');
    await expect(page.getByText('Wrong username or password.')).toBeVisible();
    await fillAndSubmit(page, { Username: 'ada', Password: OWNER.password }, 'Sign in');
    await expect(page.getByRole('heading', { name: `Hello, ${OWNER.name}` })).toBeVisible();
  });

  test('changing the password needs the current one and takes effect', async ({ page }) => {
    await page.goto('/signin');
    await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
    await expect(page.getByRole('heading', { name: `Hello, ${OWNER.name}` })).toBeVisible();
    await hydrated(page);
    await page.locator('.user-menu summary').click();
    await page.getByRole('link', { name: 'Change password' }).click();
    await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();

    await fillAndSubmit(page, { 'Current password': 'wrong wrong wrong', 'New password': NEW_PASSWORD }, 'Change password');
    await expect(page.locator('#field-current_password-error')).toHaveText('That is not your current password.');

    await fillAndSubmit(page, { 'Current password': OWNER.password, 'New password': NEW_PASSWORD }, 'Change password');
    await expect(page.getByText('Your password has been changed.')).toBeVisible();

    // This session survives the change; the old password no longer works.
    await page.goto('/');
    await expect(page.getByRole('heading', { name: `Hello, ${OWNER.name}` })).toBeVisible();
    await signOut(page);
    await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
    await expect(page.getByText('Wrong username or password.')).toBeVisible();
    await fillAndSubmit(page, { Username: OWNER.name, Password: NEW_PASSWORD }, 'Sign in');
    await expect(page.getByRole('heading', { name: `Hello, ${OWNER.name}` })).toBeVisible();
  });

  test('an administrator opens sign-up and a second athlete joins without admin rights', async ({ page, browser }) => {
    await page.goto('/signin');
    await fillAndSubmit(page, { Username: OWNER.name, Password: NEW_PASSWORD }, 'Sign in');
    await expect(page.getByRole('heading', { name: `Hello, ${OWNER.name}` })).toBeVisible();
    await page.goto('/admin');
    await hydrated(page);
    await page.getByLabel('Anyone who can reach this Laps may create an account').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();

    // A browser in São Paulo: the new account takes its time zone.
    const other = await browser.newContext({ timezoneId: 'America/Sao_Paulo' });
    const guest = await other.newPage();
    const guestProblems = watchConsole(guest);
    await guest.goto('/signup');
    await hydrated(guest);
    await expect(guest.getByText('Time zone: America/Sao_Paulo (from this browser')).toBeVisible();
    await fillAndSubmit(guest, { Username: 'bob', Password: 'bobs own passphrase' }, 'Create account');
    await expect(guest.getByRole('heading', { name: 'Hello, bob' })).toBeVisible();
    await guest.goto('/settings');
    await expect(guest.getByLabel('Time zone')).toHaveValue('America/Sao_Paulo');
    await guest.locator('.user-menu summary').click();
    await expect(guest.getByRole('link', { name: 'Administration' })).toHaveCount(0);
    await guest.goto('/admin');
    await expect(guest.getByText('Only an administrator can do that.')).toBeVisible();
    expect(guestProblems).toEqual([]);
    await other.close();

    await page.goto('/admin/users');
    await expect(page.locator('.account-card', { hasText: 'bob' })).toContainText('Athlete');
  });

  test('the account menu closes on Escape and on a click outside it', async ({ page }) => {
    await page.goto('/signin');
    await fillAndSubmit(page, { Username: OWNER.name, Password: NEW_PASSWORD }, 'Sign in');
    await hydrated(page);
    const menu = page.locator('.user-menu');
    await menu.locator('summary').click();
    await expect(menu).toHaveAttribute('open', '');
    await page.keyboard.press('Escape');
    await expect(menu).not.toHaveAttribute('open');
    await expect(menu.locator('summary')).toBeFocused();
    await menu.locator('summary').click();
    await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible();
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await expect(menu).not.toHaveAttribute('open');
  });

  test('an administrator adds, disables, resets and deletes an account on the Users page', async ({ page, browser }) => {
    await page.goto('/signin');
    await fillAndSubmit(page, { Username: OWNER.name, Password: NEW_PASSWORD }, 'Sign in');
    await hydrated(page);
    await page.locator('.user-menu summary').click();
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible();
    await expect(page.locator('.account-card', { hasText: '(you)' })).toContainText('Administrator');

    await fillAndSubmit(page, { Username: 'carol', 'First password': 'carols first passphrase' }, 'Add account');
    await expect(page.getByText('Added carol.')).toBeVisible();
    const carol = page.locator('.account-card', { hasText: 'carol' });
    await expect(carol).toContainText('0 workouts');

    await carol.getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByText('carol is disabled')).toBeVisible();
    await expect(carol).toContainText('Disabled');
    const other = await browser.newContext();
    const guest = await other.newPage();
    await guest.goto('/signin');
    await fillAndSubmit(guest, { Username: 'carol', Password: 'carols first passphrase' }, 'Sign in');
    await expect(guest.getByText('This account is disabled. Ask the administrator of this Laps.')).toBeVisible();

    await carol.getByRole('button', { name: 'Enable' }).click();
    await expect(page.getByText('carol can sign in again.')).toBeVisible();
    await carol.getByRole('button', { name: 'Set a temporary password for carol' }).click();
    const temporary = await page.locator('.temporary-password').innerText();
    expect(temporary).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    await fillAndSubmit(guest, { Username: 'carol', Password: temporary }, 'Sign in');
    await expect(guest.getByRole('heading', { name: 'Hello, carol' })).toBeVisible();

    await carol.getByText('Delete carol…').click();
    await carol.getByLabel('Type carol to delete the account and its 0 workouts for good').fill('karol');
    await carol.getByRole('button', { name: 'Delete carol and their data' }).click();
    await expect(page.locator('#confirm-' + (await carol.locator('input[name=id]').first().getAttribute('value')) + '-error'))
      .toHaveText("Type the account's username exactly to confirm.");
    // The page's own URL: no error pairs in it, and no success note left over from before.
    await expect(page).toHaveURL(/\/admin\/users(\?user=carol)?$/);
    await expect(page.getByText('carol has a temporary password')).toHaveCount(0);
    await carol.getByLabel('Type carol to delete the account and its 0 workouts for good').fill('carol');
    await carol.getByRole('button', { name: 'Delete carol and their data' }).click();
    await expect(page.getByText('carol and all their data were deleted.')).toBeVisible();
    await expect(page.locator('.account-card', { hasText: 'carol' })).toHaveCount(0);
    await guest.reload();
    await expect(guest).toHaveURL(/\/signin/);
    await other.close();
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the sign-in form works as a plain HTML form', async ({ page }) => {
    await page.goto('/signin');
    await fillAndSubmit(page, { Username: OWNER.name, Password: 'not my password' }, 'Sign in');
    await expect(page.getByText('Wrong username or password.')).toBeVisible();
    // Back on a clean URL, with the username as typed and the password empty.
    await expect(page).toHaveURL(/\/signin$/);
    await expect(page.getByLabel('Username', { exact: true })).toHaveValue(OWNER.name);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await fillAndSubmit(page, { Username: OWNER.name, Password: NEW_PASSWORD }, 'Sign in');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: `Hello, ${OWNER.name}` })).toBeVisible();
    // Sign out is a form too.
    await page.locator('.user-menu summary').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin$/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/signin$/);
  });
});
