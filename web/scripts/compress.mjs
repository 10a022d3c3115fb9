// Writes a gzip (level 9) sibling "<file>.gz" next to every .js/.css/.html/.svg/.json
// file in dist/ larger than 1 KiB, so the server can send precompressed assets.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs'
import { join, dirname, extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync, constants } from 'node:zlib'

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const EXT = new Set(['.js', '.css', '.html', '.svg', '.json'])
const MIN = 1024

function walk(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...walk(p))
    else out.push(p)
  }
  return out
}

let count = 0
let raw = 0
let packed = 0
for (const file of walk(dist)) {
  if (!EXT.has(extname(file))) continue
  const data = readFileSync(file)
  if (data.length <= MIN) continue
  const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION })
  writeFileSync(file + '.gz', gz)
  count++
  raw += data.length
  packed += gz.length
}
console.log(`compress: ${count} files, ${(raw / 1024).toFixed(1)} KiB -> ${(packed / 1024).toFixed(1)} KiB gzip`)
