// Draws images/icon.png (128x128): a shield with a check mark on a rounded square.
// Pure pixels and zlib, so it needs no image tools.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const S = 4; // supersampling per axis
const px = new Float64Array(N * N * 4);

const navy = [35, 47, 62];
const orange = [255, 153, 0];
const white = [255, 255, 255];

function inRoundedSquare(x, y) {
  const r = 22;
  const cx = Math.min(Math.max(x, r), N - r);
  const cy = Math.min(Math.max(y, r), N - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
function inShield(x, y) {
  const top = 22, bottom = 110, cx = 64;
  if (y < top || y > bottom) return false;
  const t = (y - top) / (bottom - top);
  const half = t < 0.45 ? 38 : 38 * Math.cos(((t - 0.45) / 0.55) * (Math.PI / 2));
  return Math.abs(x - cx) <= half;
}
function nearSegment(x, y, [x1, y1], [x2, y2], w) {
  const dx = x2 - x1, dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2 <= w * w;
}
function colourAt(x, y) {
  if (!inRoundedSquare(x, y)) return null;
  if (nearSegment(x, y, [44, 64], [58, 80], 7) || nearSegment(x, y, [58, 80], [86, 46], 7)) return white;
  if (inShield(x, y)) return orange;
  return navy;
}

for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < S; sy++) {
      for (let sx = 0; sx < S; sx++) {
        const c = colourAt(x + (sx + 0.5) / S, y + (sy + 0.5) / S);
        if (c) { acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255; }
      }
    }
    const n = S * S;
    const covered = acc[3] / 255;
    const i = (y * N + x) * 4;
    px[i] = covered ? acc[0] / covered : 0;
    px[i + 1] = covered ? acc[1] / covered : 0;
    px[i + 2] = covered ? acc[2] / covered : 0;
    px[i + 3] = acc[3] / n;
  }
}

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  for (let x = 0; x < N * 4; x++) raw[y * (N * 4 + 1) + 1 + x] = Math.round(px[y * N * 4 + x]);
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('images', { recursive: true });
writeFileSync('images/icon.png', png);
console.log(`images/icon.png ${png.length} bytes`);
