// Draws the app icon from one shape list into build/icon.svg, build/icon.png (512) and build/icon.ico
// (16–256, PNG-compressed entries, as Windows Vista+ reads them). No dependencies, no network:
// shapes are rasterised with signed distances (antialiased edges), PNG is written with node:zlib.
// Usage: node build/make-icon.mjs [outDir]   (default: this folder)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = resolve(process.argv[2] ?? dirname(fileURLToPath(import.meta.url)));

// The design, in a 256×256 box: a blue tile; an endpoint (left) whose traffic goes through a proxy
// (amber, centre) before it fans out to two peers (right) — what an L4WFPPROXY policy does.
const BLUE = '#1565c0';
const WHITE = '#ffffff';
const AMBER = '#ffb300';
const SHAPES = [
  { kind: 'rect', x: 16, y: 16, w: 224, h: 224, r: 52, fill: BLUE },
  { kind: 'line', x1: 66, y1: 128, x2: 128, y2: 128, width: 16, fill: WHITE },
  { kind: 'line', x1: 128, y1: 128, x2: 190, y2: 76, width: 16, fill: WHITE },
  { kind: 'line', x1: 128, y1: 128, x2: 190, y2: 180, width: 16, fill: WHITE },
  { kind: 'circle', cx: 66, cy: 128, r: 24, fill: WHITE },
  { kind: 'circle', cx: 190, cy: 76, r: 22, fill: WHITE },
  { kind: 'circle', cx: 190, cy: 180, r: 22, fill: WHITE },
  { kind: 'circle', cx: 128, cy: 128, r: 34, fill: AMBER },
  { kind: 'circle', cx: 128, cy: 128, r: 14, fill: BLUE },
];

function svg() {
  const el = SHAPES.map((s) => {
    if (s.kind === 'rect')
      return `<rect x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" rx="${s.r}" fill="${s.fill}"/>`;
    if (s.kind === 'line')
      return `<line x1="${s.x1}" y1="${s.y1}" x2="${s.x2}" y2="${s.y2}" stroke="${s.fill}" stroke-width="${s.width}" stroke-linecap="round"/>`;
    return `<circle cx="${s.cx}" cy="${s.cy}" r="${s.r}" fill="${s.fill}"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">\n  <title>HCN Proxy Control</title>\n  ${el.join('\n  ')}\n</svg>\n`;
}

/** Signed distance (negative inside) from (px,py) to a shape, in design units. */
function distance(s, px, py) {
  if (s.kind === 'circle') return Math.hypot(px - s.cx, py - s.cy) - s.r;
  if (s.kind === 'line') {
    const dx = s.x2 - s.x1;
    const dy = s.y2 - s.y1;
    const t = Math.max(0, Math.min(1, ((px - s.x1) * dx + (py - s.y1) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - (s.x1 + t * dx), py - (s.y1 + t * dy)) - s.width / 2;
  }
  const hx = s.w / 2 - s.r;
  const hy = s.h / 2 - s.r;
  const qx = Math.abs(px - (s.x + s.w / 2)) - hx;
  const qy = Math.abs(py - (s.y + s.h / 2)) - hy;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - s.r;
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** RGBA pixels, straight alpha, painter's order; coverage from the distance at the pixel centre. */
function raster(size) {
  const px = Buffer.alloc(size * size * 4);
  const unit = 256 / size; // design units per pixel
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const ux = (x + 0.5) * unit;
      const uy = (y + 0.5) * unit;
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (const s of SHAPES) {
        const cov = Math.max(0, Math.min(1, 0.5 - distance(s, ux, uy) / unit));
        if (cov === 0) continue;
        const [sr, sg, sb] = rgb(s.fill);
        const na = cov + a * (1 - cov);
        r = (sr * cov + r * a * (1 - cov)) / na;
        g = (sg * cov + g * a * (1 - cov)) / na;
        b = (sb * cov + b * a * (1 - cov)) / na;
        a = na;
      }
      const o = (y * size + x) * 4;
      px[o] = Math.round(r);
      px[o + 1] = Math.round(g);
      px[o + 2] = Math.round(b);
      px[o + 3] = Math.round(a * 255);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size) {
  const rgba = raster(size);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter 0
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function ico(sizes) {
  const images = sizes.map((s) => png(s));
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((s, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(s >= 256 ? 0 : s, e); // 0 means 256
    header.writeUInt8(s >= 256 ? 0 : s, e + 1);
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(images[i].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, ...images]);
}

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'icon.svg'), svg());
writeFileSync(join(outDir, 'icon.png'), png(512));
writeFileSync(join(outDir, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));
console.log(`icon.svg, icon.png (512), icon.ico (16–256) written to ${outDir}`);
