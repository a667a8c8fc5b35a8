import { test, expect, type Page } from '@playwright/test';
import { fillAndSubmit, hydrated, watchConsole } from './helpers';

// Runs after accounts.spec.ts (Ada, whose password it changed).
const OWNER = { name: 'Ada', password: 'a much better passphrase' };

const PAYLOADS = [[0x16, 0x3c, 0x11, 0x04], [0x16, 0x3c, 0xf5, 0x03], [0x16, 0x3e, 0x00, 0x04]];
const HEART_RATE = '0000180d-0000-1000-8000-00805f9b34fb';
const MEASUREMENT = '00002a37-0000-1000-8000-00805f9b34fb';

/**
 * A heart-rate strap emulated by Chromium's BluetoothEmulation (DevTools protocol): the browser's
 * device chooser finds it by its advertisement and the test picks it (DeviceAccess), the GATT
 * connection, service discovery and the notification subscription are answered by the emulated
 * peripheral, and a dropped link is reconnected through it. The one thing the protocol cannot
 * do is deliver notifications, so once the page has subscribed, a scripted stand-in feeds the
 * real characteristic object real payload bytes captured from a Polar H7 (`16 3c 11 04`,
 * `16 3c f5 03`: 60 bpm with an RR interval each) every 200 ms. Everything after the bytes
 * (decoding with the gatt crate in WebAssembly, live figures, laps, pause, saving through the
 * sync API) is the real code.
 */
async function emulateStrap(page: Page) {
  const browserCdp = await page.context().browser()!.newBrowserCDPSession();
  const cdp = await page.context().newCDPSession(page);
  await browserCdp.send('BluetoothEmulation.enable', { state: 'powered-on', leSupported: true });
  const address = '09:09:09:09:09:09';
  browserCdp.on('BluetoothEmulation.gattOperationReceived', (e) =>
    browserCdp.send('BluetoothEmulation.simulateGATTOperationResponse', { address: e.address, type: e.type, code: 0 }));
  browserCdp.on('BluetoothEmulation.characteristicOperationReceived', (e) =>
    browserCdp.send('BluetoothEmulation.simulateCharacteristicOperationResponse', { characteristicId: e.characteristicId, type: e.type, code: 0 }));
  await cdp.send('DeviceAccess.enable');
  let served = false;
  cdp.on('DeviceAccess.deviceRequestPrompted', async (e) => {
    if (e.devices.length === 0) {
      // The chooser scans: the strap advertises its heart-rate service.
      await browserCdp.send('BluetoothEmulation.simulateAdvertisement', {
        entry: { deviceAddress: address, rssi: -50, scanRecord: { name: 'Polar H7', uuids: [HEART_RATE], appearance: 0, txPower: 0, manufacturerData: [] } },
      });
      return;
    }
    if (!served) {
      served = true;
      const { serviceId } = await browserCdp.send('BluetoothEmulation.addService', { address, serviceUuid: HEART_RATE });
      const { characteristicId } = await browserCdp.send('BluetoothEmulation.addCharacteristic', { serviceId, characteristicUuid: MEASUREMENT, properties: { notify: true } });
      // Client Characteristic Configuration: what a subscription writes to.
      await browserCdp.send('BluetoothEmulation.addDescriptor', { characteristicId, descriptorUuid: '00002902-0000-1000-8000-00805f9b34fb' });
    }
    await cdp.send('DeviceAccess.selectPrompt', { id: e.id, deviceId: e.devices[0].id });
  });
  await page.addInitScript((payloads: number[][]) => {
    const proto = (window as any).BluetoothRemoteGATTCharacteristic?.prototype;
    if (!proto) return;
    const subscribe = proto.startNotifications;
    proto.startNotifications = async function () {
      const result = await subscribe.call(this);
      let i = 0;
      let value: DataView | undefined;
      Object.defineProperty(this, 'value', { configurable: true, get: () => value });
      setInterval(() => {
        value = new DataView(new Uint8Array(payloads[i++ % payloads.length]).buffer);
        this.dispatchEvent(new Event('characteristicvaluechanged'));
      }, 200);
      return result;
    };
    // The page's device, for the test to drop its link.
    const request = (navigator as any).bluetooth.requestDevice.bind((navigator as any).bluetooth);
    (navigator as any).bluetooth.requestDevice = async (options: unknown) => ((window as any).__strap = await request(options));
  }, PAYLOADS);
}

async function signIn(page: Page) {
  await page.goto('/signin');
  await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
}

test('a run is recorded live from a heart-rate strap, survives a dropped link, and is saved', async ({ page }) => {
  const problems = watchConsole(page);
  await emulateStrap(page);
  await signIn(page);
  await page.getByRole('link', { name: 'Record' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Connect heart-rate strap' }).click();
  await expect(page.getByText(/^Connected: /)).toBeVisible();
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
