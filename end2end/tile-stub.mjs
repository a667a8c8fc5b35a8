// A stand-in tile server for the browser tests, so that no test reaches the internet: every
// /{z}/{x}/{y}.png answers the same small PNG (a pale square), and /hits says how many tiles
// were asked for. Started by playwright.config.ts; the laps server under test gets
// --map-tiles http://127.0.0.1:PORT/{z}/{x}/{y}.png.
import { createServer } from 'node:http';
import { deflateSync } from 'node:zlib';

const port = Number(process.argv[2] ?? 3212);

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// A 256x256 PNG of one pale grey (RGB #e8ecef), as a tile server would send.
function tile() {
  const size = 256;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, no interlace
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x++) row.set([0xe8, 0xec, 0xef], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const png = tile();
let hits = 0;

createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://stub');
  if (/^\/\d+\/\d+\/\d+\.png$/.test(url.pathname)) {
    hits += 1;
    response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
    response.end(png);
  } else if (url.pathname === '/hits') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ hits }));
  } else {
    response.writeHead(404);
    response.end();
  }
}).listen(port, '127.0.0.1');
