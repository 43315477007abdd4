/**
 * Regenerates reference.generated.json from Microsoft's table reference pages:
 *   npx tsx sandbox/dataverse/metadata/generateReference.ts [../shared/reference/dataverse-tables]
 * The JSON is committed so the stand-in starts without parsing Markdown; a test checks it still matches the pages.
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseReferencePage, type RefTable } from './referenceParser';

export const DEFAULT_REFERENCE_DIR = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'reference', 'dataverse-tables');
export const GENERATED_FILE = join(__dirname, 'reference.generated.json');

export function generateReference(dir: string): Record<string, RefTable> {
  const out: Record<string, RefTable> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md') && n !== 'README.md').sort()) {
    const t = parseReferencePage(readFileSync(join(dir, f), 'utf8'));
    out[t.logicalName] = t;
  }
  // Keep the relationships between the tables described here (systemuser alone has a thousand others).
  for (const t of Object.values(out)) t.relationships = t.relationships.filter((r) => out[r.referencedEntity] && out[r.referencingEntity]);
  return out;
}

export const serialize = (tables: Record<string, RefTable>): string => `${JSON.stringify(tables)}\n`;

if (require.main === module) {
  const dir = process.argv[2] ?? process.env.DATAVERSE_REFERENCE_DIR ?? DEFAULT_REFERENCE_DIR;
  const tables = generateReference(dir);
  writeFileSync(GENERATED_FILE, serialize(tables));
  process.stdout.write(`${Object.keys(tables).length} tables written to ${GENERATED_FILE}\n`);
}
