import { test, expect, type Browser, type CDPSession, type Page } from '@playwright/test';
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
  const browserCdp = await adapterSession(page);
  const cdp = await page.context().newCDPSession(page);
  const address = '09:09:09:09:09:09';
  let served = false;
  // The emulated adapter lasts as long as the document that used it: after a reload or another
  // page the test plugs it in again (as a phone's Bluetooth stays on), with the strap unserved.
  const plugIn = async () => {
    await browserCdp.send('BluetoothEmulation.disable').catch(() => {});
    await browserCdp.send('BluetoothEmulation.enable', { state: 'powered-on', leSupported: true });
    served = false;
  };
  await plugIn();
  await cdp.send('DeviceAccess.enable');
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
  return { plugIn };
}

/** The browser's DevTools session that owns the emulated adapter: one per browser, since only
 * the session that enabled the emulation may disable it (tests share the browser). */
const adapters = new WeakMap<Browser, CDPSession>();
async function adapterSession(page: Page): Promise<CDPSession> {
  const browser = page.context().browser()!;
  let session = adapters.get(browser);
  if (!session) {
    const cdp = await browser.newBrowserCDPSession();
    cdp.on('BluetoothEmulation.gattOperationReceived', (e) =>
      cdp.send('BluetoothEmulation.simulateGATTOperationResponse', { address: e.address, type: e.type, code: 0 }));
    cdp.on('BluetoothEmulation.characteristicOperationReceived', (e) =>
      cdp.send('BluetoothEmulation.simulateCharacteristicOperationResponse', { characteristicId: e.characteristicId, type: e.type, code: 0 }));
    adapters.set(browser, cdp);
    session = cdp;
  }
  return session;
}

/**
 * Stands in for `navigator.wakeLock` (headless Chromium has no screen to keep on): records
 * every request in `window.__wakeRequests`, and either grants a sentinel that behaves like the
 * browser's (`released`, `release()`, a `release` event; in `window.__wakeSentinels`) or
 * refuses as a browser does without permission.
 */
async function spyWakeLock(page: Page, answer: 'grant' | 'refuse') {
  await page.addInitScript((answer: string) => {
    const w = window as any;
    w.__wakeRequests = [];
    w.__wakeSentinels = [];
    const request = async (type: string) => {
      w.__wakeRequests.push(type);
      if (answer === 'refuse') throw new DOMException('Wake Lock permission request denied', 'NotAllowedError');
      const sentinel = new EventTarget() as any;
      sentinel.released = false;
      sentinel.type = type;
      sentinel.release = async () => {
        sentinel.released = true;
        sentinel.dispatchEvent(new Event('release'));
      };
      w.__wakeSentinels.push(sentinel);
      return sentinel;
    };
    Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: { request } });
  }, answer);
}

async function signIn(page: Page) {
  await page.goto('/signin');
  await fillAndSubmit(page, { Username: OWNER.name, Password: OWNER.password }, 'Sign in');
}

type Strap = Awaited<ReturnType<typeof emulateStrap>>;

/** Connects the strap as the athlete does, on a freshly plugged-in adapter. */
async function connectStrap(page: Page, strap: Strap) {
  await strap.plugIn();
  await page.getByRole('button', { name: 'Connect heart-rate strap' }).click();
  await expect(page.getByText(/^Connected: /)).toBeVisible();
}

/** Presses Start; the id of the sync session the page opens on the server. */
async function start(page: Page): Promise<number> {
  const opened = page.waitForResponse((r) => r.url().endsWith('/api/v1/sync/sessions') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Start' }).click();
  return (await (await opened).json()).id;
}

/** The server's view of a sync session. */
async function session(page: Page, id: number) {
  return (await page.request.get(`/api/v1/sync/sessions/${id}`)).json();
}

async function workoutCount(page: Page): Promise<number> {
  return (await (await page.request.get('/api/v1/workouts')).json()).total;
}

/** Waits until the clock shows `seconds` more than it does now. */
async function recordFor(page: Page, seconds: number) {
  const [h, m, s] = (await page.locator('.live-time').textContent())!.split(':').map(Number);
  const until = h * 3600 + m * 60 + s + seconds;
  const text = `${Math.floor(until / 3600)}:${String(Math.floor(until / 60) % 60).padStart(2, '0')}:${String(until % 60).padStart(2, '0')}`;
  await expect(page.locator('.live-time')).toHaveText(text, { timeout: (seconds + 3) * 1000 });
}

const wakeRequests = (page: Page) => page.evaluate(() => (window as any).__wakeRequests as string[]);

/** A reload while recording: the browser asks first (the page's beforeunload warning). */
async function reloadAnyway(page: Page) {
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.type();
    void dialog.accept();
  });
  await page.reload();
  expect(asked, 'the page warned before it was left').toBe('beforeunload');
  await hydrated(page);
}

test('a run is recorded live from a heart-rate strap, sent as it is recorded, survives a dropped link, and is saved', async ({ page }) => {
  // Batches are cut every 5 s: these rides last a few of them.
  test.slow();
  const problems = watchConsole(page);
  const strap = await emulateStrap(page);
  await spyWakeLock(page, 'grant');
  await signIn(page);
  await page.getByRole('link', { name: 'Record', exact: true }).click();
  await hydrated(page);
  await connectStrap(page, strap);
  await expect(page.locator('.live-hr')).toHaveText(/^6[02]$/);
  await expect(page.locator('.live-hrv')).toHaveText(/^\d+ ms$/);
  expect(await wakeRequests(page), 'no wake lock before recording').toEqual([]);

  const id = await start(page);
  await expect.poll(() => wakeRequests(page), 'the screen is kept on while recording').toEqual(['screen']);
  await expect(page.locator('.live-time')).toHaveText('0:00:02', { timeout: 5000 });
  await page.getByRole('button', { name: 'Lap' }).click();
  // Sent as it is recorded: the server has batches long before Save.
  await expect.poll(async () => (await session(page, id)).batches, { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(page.locator('.record-sync')).toHaveText(/^On the server: [1-9]\d* parts\. Waiting on this device: 0\.$/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => page.evaluate(() => (window as any).__wakeSentinels[0].released), 'paused: the screen may sleep').toBe(true);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => wakeRequests(page)).toHaveLength(2);
  // The browser drops the lock when the page is hidden; shown again, the page asks again.
  await page.evaluate(() => {
    (window as any).__wakeSentinels[1].release();
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await expect.poll(() => wakeRequests(page)).toHaveLength(3);
  // The link drops; the page reconnects and carries on.
  await page.evaluate(() => (window as any).__strap.dispatchEvent(new Event('gattserverdisconnected')));
  await expect(page.getByText('The heart-rate strap is back.')).toBeVisible();
  await recordFor(page, 2);
  await page.getByRole('button', { name: 'Save' }).click();

  await page.waitForURL(/\/workouts\/\d+$/);
  await expect(page.getByText(/^6\d bpm$/).first()).toBeVisible();
  const workout = Number(page.url().split('/').pop());
  const saved = await (await page.request.get(`/api/v1/workouts/${workout}`)).json();
  expect(saved.workout.avg_hr).toBeGreaterThanOrEqual(60);
  expect(saved.laps.length, 'the lap pressed while recording').toBe(2);
  expect(await session(page, id), 'Save closed the session the page opened at Start').toMatchObject({ closed: true, workout_id: workout, missing: [] });
  await page.goto('/calendar');
  await expect(page.locator('td.today .day-workouts li')).not.toHaveCount(0);
  expect(problems).toEqual([]);
});

test('a reload mid-ride offers to continue; batches sent before it and batches kept on the device make one workout', async ({ page }) => {
  // Batches are cut every 5 s: these rides last a few of them.
  test.slow();
  const problems = watchConsole(page);
  const strap = await emulateStrap(page);
  // A browser that will not keep the screen on: the page says so and records anyway.
  await spyWakeLock(page, 'refuse');
  await signIn(page);
  await page.goto('/record');
  await hydrated(page);
  const workoutsBefore = await workoutCount(page);
  await connectStrap(page, strap);
  const id = await start(page);
  await expect(page.locator('.record-screen')).toContainText('The screen may turn off while you record');
  expect(await wakeRequests(page)).toEqual(['screen']);
  await expect.poll(async () => (await session(page, id)).batches, { timeout: 10_000 }).toBeGreaterThan(0);

  // The network to the server fails: what is recorded now waits on the device.
  const batches = '**/api/v1/sync/sessions/*/batches';
  await page.route(batches, (route) => route.abort('internetdisconnected'));
  await expect(page.locator('.record-sync')).toContainText(/Waiting on this device: [1-9]\d*\. The server could not be reached/, { timeout: 10_000 });
  const onServer = (await session(page, id)).batches;

  const reloadedAt = Date.now();
  await reloadAnyway(page);
  await expect(page.getByText('An unfinished recording was found.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start' })).toBeHidden();
  // Kept on the device through the reload, and sent once the server can be reached.
  await expect(page.locator('.record-sync')).toContainText(/Waiting on this device: [1-9]/);
  expect((await session(page, id)).batches).toBe(onServer);
  await page.unroute(batches);
  await expect(page.locator('.record-sync')).toContainText('Waiting on this device: 0.', { timeout: 10_000 });
  expect((await session(page, id)).batches).toBeGreaterThan(onServer);

  await page.getByRole('button', { name: 'Continue recording' }).click();
  await expect(page.getByText('An unfinished recording was found.')).toBeHidden();
  await expect(page.locator('.live-time'), 'the clock carries on from where it was').not.toHaveText('0:00:00');
  await connectStrap(page, strap);
  const resumedAt = Date.now();
  await page.getByRole('button', { name: 'Resume' }).click();
  await recordFor(page, 2);
  await page.getByRole('button', { name: 'Save' }).click();

  await page.waitForURL(/\/workouts\/\d+$/);
  const workout = Number(page.url().split('/').pop());
  const saved = (await (await page.request.get(`/api/v1/workouts/${workout}`)).json()).workout;
  expect(saved.start_ms, 'the ride before the reload is in it').toBeLessThan(reloadedAt);
  expect(saved.start_ms + saved.elapsed_ms, 'and the ride after it').toBeGreaterThan(resumedAt);
  expect(await session(page, id)).toMatchObject({ closed: true, workout_id: workout, missing: [] });
  expect(await workoutCount(page), 'one workout').toBe(workoutsBefore + 1);
  // Only the requests the test cut off failed.
  expect(problems.filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
});

test('after a reload an unfinished recording can be finished as it is, or discarded', async ({ page }) => {
  // Batches are cut every 5 s: these rides last a few of them.
  test.slow();
  const problems = watchConsole(page);
  const strap = await emulateStrap(page);
  await spyWakeLock(page, 'grant');
  await signIn(page);
  await page.goto('/record');
  await hydrated(page);
  const workoutsBefore = await workoutCount(page);

  // Finished as it is: Save's work, through the sync API.
  await connectStrap(page, strap);
  const id = await start(page);
  await expect.poll(async () => (await session(page, id)).batches, { timeout: 10_000 }).toBeGreaterThan(0);
  await reloadAnyway(page);
  await page.getByRole('button', { name: 'Finish and save' }).click();
  await page.waitForURL(/\/workouts\/\d+$/);
  const workout = Number(page.url().split('/').pop());
  expect(await session(page, id)).toMatchObject({ closed: true, workout_id: workout });
  expect(await workoutCount(page)).toBe(workoutsBefore + 1);

  // Discarded: nothing saved, nothing offered again.
  await page.goto('/record');
  await hydrated(page);
  await connectStrap(page, strap);
  const other = await start(page);
  await recordFor(page, 2);
  await reloadAnyway(page);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByText('The recording was discarded.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled();
  await expect(page.getByText('An unfinished recording was found.')).toHaveCount(0);
  expect((await session(page, other)).closed).toBe(false);
  expect(await workoutCount(page)).toBe(workoutsBefore + 1);
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
