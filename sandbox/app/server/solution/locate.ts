/** Where the packer writes the solution zip: solution/bin/ErpLink_<major>_<minor>_<patch>_<build>.zip. */
import * as fs from 'fs';
import * as path from 'path';

export function latestSolutionZip(repoRoot: string): string {
  const dir = path.join(repoRoot, 'solution/bin');
  const zips = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^ErpLink_[\d_]+\.zip$/.test(f)) : [];
  if (zips.length === 0) throw new Error(`No solution zip in ${dir}. Build it with npm run build (or drop --no-build).`);
  const newest = zips
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t)[0].f;
  return path.join(dir, newest);
}
