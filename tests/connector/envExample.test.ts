import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');

test('every setting in connector/.env.example is documented in docs/connector.md, and no value is a secret', () => {
  const lines = fs.readFileSync(path.join(root, 'connector/.env.example'), 'utf8').split('\n');
  const settings = lines.map((l) => /^#?\s*([A-Z][A-Z0-9_]+)=(.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m);
  expect(settings.length).toBeGreaterThan(10);
  const doc = fs.readFileSync(path.join(root, 'docs/connector.md'), 'utf8');
  expect(settings.map((m) => m[1]).filter((k) => !doc.includes(k))).toEqual([]);
  expect(settings.filter((m) => /SECRET|TOKEN|KEY/.test(m[1]) && m[2].trim() !== '').map((m) => m[1])).toEqual([]);
});
