/**
 * docs/hosting.md names every setting: each environment variable the connector reads (config, sign-in, health check,
 * CLIs) and each the Dockerfile sets appears in the guide, so a reader can deploy from the guide alone.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const read = (f: string): string => fs.readFileSync(path.join(root, f), 'utf8');

/** Environment variable names a source file reads. */
function variablesRead(file: string): string[] {
  const src = read(file);
  const names = new Set<string>();
  for (const m of src.matchAll(/\b(?:raw|int|url|guid|required|seconds)\('([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]);
  for (const m of src.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1]);
  for (const m of src.matchAll(/\benv\[`\$\{service\}_([A-Z0-9_]+)`\]/g)) for (const s of ['DATAVERSE', 'BC']) names.add(`${s}_${m[1]}`);
  // get('X'): <SERVICE>_X, else AZURE_X
  for (const m of src.matchAll(/\bget\('([A-Z][A-Z0-9_]+)'\)/g)) for (const s of ['DATAVERSE', 'BC', 'AZURE']) names.add(`${s}_${m[1]}`);
  return [...names];
}

test('every variable the connector reads and the Dockerfile sets is named in docs/hosting.md', () => {
  const doc = read('docs/hosting.md');
  const files = ['connector/config.ts', 'connector/authConfig.ts', 'connector/healthcheck.ts', 'connector/main.ts', 'connector/sync/context.ts'];
  const names = new Set(files.flatMap(variablesRead));
  for (const m of read('Dockerfile').matchAll(/^ENV\s+([A-Z][A-Z0-9_]+)=/gm)) names.add(m[1]);
  names.delete('PP_TOOLS_TELEMETRY_OPTOUT'); // build stage only
  names.delete('NODE_ENV');
  expect(names.size).toBeGreaterThan(50);
  expect([...names].filter((n) => !doc.includes(`\`${n}\``) && !doc.includes(`${n}=`)).sort()).toEqual([]);
});

test('the guide states the HTTPS ingress on 443, who holds the certificate, Key Vault references and scaling', () => {
  const doc = read('docs/hosting.md');
  expect(doc).toMatch(/443/);
  expect(doc).toMatch(/## 2\. Who holds the certificate/);
  expect(doc).toContain('keyvaultref:');
  expect(doc).toContain('@Microsoft.KeyVault(SecretUri=');
  expect(doc).toMatch(/Scaling/);
  // The Dockerfile's instructions the guide describes are the ones in the file.
  const dockerfile = read('Dockerfile');
  expect(dockerfile).toMatch(/^USER node$/m);
  expect(doc).toContain('HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]');
  expect(dockerfile).toContain('HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]');
});
