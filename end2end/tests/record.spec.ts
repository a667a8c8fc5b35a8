import { test, expect, type Page } from '@playwright/test';
import { fillAndSubmit, hydrated, watchConsole } from './helpers';

// Runs after accounts.spec.ts (Ada, whose password it changed).
const OWNER = { name: 'Ada', password: 'a much better passphrase' };

/**
 * A scripted stand-in for a heart-rate strap, documented as such: Chromium's
 * BluetoothEmulation (DevTools protocol) can simulate a peripheral but not deliver GATT
 * notifications to the page here, so `navigator.bluetooth` is replaced by an object with the
 * same shape whose characteristic is fed real payload bytes captured from a Polar H7
 * (`16 3c 11 04`, `16 3c f5 03`: 60 bpm with one RR interval each), every 200 ms. Everything
 * after the bytes — decoding (the gatt crate in WebAssembly), the live figures, laps, pause,
 * reconnection, saving through the sync API — is the real code.
 */
function fakeStrap() {
  const payloads = [[0x16, 0x3c, 0x11, 0x04], [0x16, 0x3c, 0xf5, 0x03], [0x16, 0x3e, 0x00, 0x04]];
  let i = 0;
  class Characteristic extends EventTarget {
    value: DataView | undefined;
    async startNotifications() {
      setInterval(() => {
        const bytes = new Uint8Array(payloads[i++ % payloads.length]);
        this.value = new DataView(bytes.buffer);
        this.dispatchEvent(new Event('characteristicvaluechanged'));
      }, 200);
      return this;
    }
  }
  const device = Object.assign(new EventTarget(), {
    name: 'Polar H7 2A4F',
    gatt: {
      connect: async () => ({
        getPrimaryService: async (service: string) => {
          if (service !== 'heart_rate') throw new Error('no such service');
          return { getCharacteristic: async () => new Characteristic() };
        },
      }),
    },
  });
  (window as any).__strap = device;
  Object.defineProperty(navigator, 'bluetooth', {
    configurable: true,
    value: { requestDevice: async () => device },
  });
}

async function signIn(page: Page) {
  await page.goto('/signin');
  await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
}

test('a run is recorded live from a heart-rate strap, survives a dropped link, and is saved', async ({ page }) => {
  const problems = watchConsole(page);
  await page.addInitScript(fakeStrap);
  await signIn(page);
  await page.getByRole('link', { name: 'Record' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Connect heart-rate strap' }).click();
  await expect(page.getByText('Connected: Polar H7 2A4F.')).toBeVisible();
  await expect(page.locator('.live-hr')).toHaveText(/^6[02]$/);
  await expect(page.locator('.live-hrv')).toHaveText(/^\d+ ms$/);

  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.locator('.live-time')).toHaveText('0:00:02', { timeout: 5000 });
  await page.getByRole('button', { name: 'Lap' }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Resume' }).click();
  // The link drops; the page reconnects and carries on.
  await page.evaluate(() => (window as any).__strap.dispatchEvent(new Event('gattserverdisconnected')));
  await expect(page.getByText('The heart-rate strap is back.')).toBeVisible();
  await expect(page.locator('.live-time')).toHaveText('0:00:04', { timeout: 5000 });
  await page.getByRole('button', { name: 'Save' }).click();

  await page.waitForURL(/\/workouts\/\d+$/);
  await expect(page.getByText(/^6\d bpm$/).first()).toBeVisible();
  const id = page.url().split('/').pop();
  const saved = await (await page.request.get(`/api/v1/workouts/${id}`)).json();
  expect(saved.workout.avg_hr).toBeGreaterThanOrEqual(60);
  expect(saved.laps.length, 'the lap pressed while recording').toBe(2);
  await page.goto('/calendar');
  await expect(page.locator('td.today .day-workouts li')).not.toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a browser without Web Bluetooth gets an explanation, not a broken page', async ({ page }) => {
  const problems = watchConsole(page);
  await page.addInitScript(() => Object.defineProperty(navigator, 'bluetooth', { configurable: true, value: undefined }));
  await signIn(page);
  await page.goto('/record');
  await hydrated(page);
  await expect(page.getByText('This browser cannot talk to Bluetooth sensors.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connect heart-rate strap' })).toHaveCount(0);
  expect(problems).toEqual([]);
});
