/** Prints the size of the solution zip and of each part in it, as built by npm run build. */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import JSZip from 'jszip';

export async function run(): Promise<void> {
  const bin = path.resolve(__dirname, '../solution/bin');
  const zips = fs.existsSync(bin) ? fs.readdirSync(bin).filter((f) => f.endsWith('.zip') && !f.includes('managed')) : [];
  if (!zips.length) {
    console.log('no solution zip in solution/bin: run npm run build first');
    return;
  }
  const file = path.join(bin, zips.sort().pop()!);
  const bytes = fs.readFileSync(file);
  const zip = await JSZip.loadAsync(bytes);
  console.log(`${path.basename(file)}: ${bytes.length} bytes`);
  const rows: [string, number, number][] = [];
  for (const name of Object.keys(zip.files).sort()) {
    if (zip.files[name].dir) continue;
    const content = await zip.files[name].async('nodebuffer');
    rows.push([name, content.length, zlib.gzipSync(content, { level: 9 }).length]);
  }
  for (const [n, raw, gz] of rows) console.log(`${String(raw).padStart(9)} B  ${String(gz).padStart(8)} B gzip  ${n}`);
}
