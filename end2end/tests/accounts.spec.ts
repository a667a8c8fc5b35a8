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
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible();

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

    const other = await browser.newContext();
    const guest = await other.newPage();
    const guestProblems = watchConsole(guest);
    await guest.goto('/signup');
    await hydrated(guest);
    await fillAndSubmit(guest, { Username: 'bob', Password: 'bobs own passphrase' }, 'Create account');
    await expect(guest.getByRole('heading', { name: 'Hello, bob' })).toBeVisible();
    await guest.locator('.user-menu summary').click();
    await expect(guest.getByRole('link', { name: 'Administration' })).toHaveCount(0);
    await guest.goto('/admin');
    await expect(guest.getByText('Only an administrator can do that.')).toBeVisible();
    expect(guestProblems).toEqual([]);
    await other.close();

    await page.reload();
    await expect(page.getByRole('cell', { name: 'bob' })).toBeVisible();
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the sign-in form works as a plain HTML form', async ({ page }) => {
    await page.goto('/signin');
    await fillAndSubmit(page, { Username: OWNER.name, Password: 'not my password' }, 'Sign in');
    await expect(page.getByText('Wrong username or password.')).toBeVisible();
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
