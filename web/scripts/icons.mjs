// Draws the app icons (web/public/icons/icon-192.png, icon-512.png, maskable-512.png): the
// favicon's white heart on the primary blue, as PNG with node's zlib only (no dependency).
// Run once after changing the design: node web/scripts/icons.mjs. The PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons')

const CRC = new Int32Array(256).map((_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c
})
function crc32(buf) {
  let c = -1
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ -1) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5)
      const o = y * (size * 4 + 1) + 1 + x * 4
      raw[o] = r
      raw[o + 1] = g
      raw[o + 2] = b
      raw[o + 3] = a
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// Heart: two circles and a triangle, in a unit square (0..1), centre (0.5, 0.5).
function inHeart(u, v) {
  const r = 0.16
  const c1 = (u - 0.34) ** 2 + (v - 0.42) ** 2 <= r * r
  const c2 = (u - 0.66) ** 2 + (v - 0.42) ** 2 <= r * r
  // triangle below the circles: from (0.19, 0.47) and (0.81, 0.47) to (0.5, 0.8)
  const tri = v >= 0.42 && v <= 0.8 && Math.abs(u - 0.5) <= 0.31 * (0.8 - v) / 0.38
  return c1 || c2 || tri
}
const BLUE = [0x40, 0x9e, 0xff, 255]
const WHITE = [255, 255, 255, 255]
const CLEAR = [0, 0, 0, 0]

// rounded square (radius 22 % of the side), or full bleed for the maskable icon
function icon(size, maskable) {
  const scale = maskable ? 0.7 : 1 // the heart inside the maskable safe zone
  return png(size, (x, y) => {
    const u = x / size
    const v = y / size
    if (!maskable) {
      const rr = 0.22
      const dx = Math.max(rr - u, 0, u - (1 - rr))
      const dy = Math.max(rr - v, 0, v - (1 - rr))
      if (dx * dx + dy * dy > rr * rr) return CLEAR
    }
    const hu = 0.5 + (u - 0.5) / scale
    const hv = 0.5 + (v - 0.5) / scale
    return inHeart(hu, hv) ? WHITE : BLUE
  })
}

mkdirSync(out, { recursive: true })
writeFileSync(join(out, 'icon-192.png'), icon(192, false))
writeFileSync(join(out, 'icon-512.png'), icon(512, false))
writeFileSync(join(out, 'maskable-512.png'), icon(512, true))
console.log(`icons written to ${out}`)
