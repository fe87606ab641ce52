// Draws the app icon (a rounded tile with a waveform) without image tools, so it can be regenerated anywhere:
// node scripts/make-icon.mjs  ->  resources/icon.png (512 px) and src/renderer/public/favicon.png (64 px).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

function draw(size) {
  const rows = [];
  const radius = size * 0.22;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      // Rounded-rectangle mask with a 1px soft edge.
      const dx = Math.max(radius - x, 0, x - (size - 1 - radius));
      const dy = Math.max(radius - y, 0, y - (size - 1 - radius));
      const inside = Math.min(1, Math.max(0, radius - Math.hypot(dx, dy) + 0.5));
      const t = y / size;
      let [r, g, b] = [Math.round(30 + 20 * t), Math.round(60 + 40 * t), Math.round(140 + 60 * t)];
      // Waveform bars: a wake word's envelope.
      const u = x / size;
      const bar = Math.floor(u * 9);
      const inBar = u > 0.14 && u < 0.86 && (u * 9) % 1 > 0.3;
      const height = [0.12, 0.22, 0.34, 0.5, 0.62, 0.5, 0.34, 0.22, 0.12][bar] ?? 0;
      if (inBar && Math.abs(y / size - 0.5) < height / 2) [r, g, b] = [235, 245, 255];
      row.writeUInt32BE(((r << 24) | (g << 16) | (b << 8) | Math.round(255 * inside)) >>> 0, 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const root = path.resolve(import.meta.dirname, '..');
mkdirSync(path.join(root, 'resources'), { recursive: true });
mkdirSync(path.join(root, 'src/renderer/public'), { recursive: true });
writeFileSync(path.join(root, 'resources/icon.png'), draw(512));
writeFileSync(path.join(root, 'src/renderer/public/favicon.png'), draw(64));
