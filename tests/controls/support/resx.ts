import * as fs from 'fs';
import * as path from 'path';
import { DOMParser } from '@xmldom/xmldom';

export const CONTROLS_DIR = path.resolve(__dirname, '../../../controls');
export const LANGUAGES = [1033, 1036] as const;
export type Lcid = (typeof LANGUAGES)[number];

export function resxPath(control: string, lcid: number): string {
  return path.join(CONTROLS_DIR, control, 'strings', `${control}.${lcid}.resx`);
}

/** The name → value table of a control's resx file, as the platform's resources.getString would serve it. */
export function loadResx(control: string, lcid: number): Record<string, string> {
  const doc = new DOMParser().parseFromString(fs.readFileSync(resxPath(control, lcid), 'utf8'), 'text/xml');
  const table: Record<string, string> = {};
  const data = doc.getElementsByTagName('data');
  for (let i = 0; i < data.length; i++) {
    const name = data[i].getAttribute('name')!;
    const value = data[i].getElementsByTagName('value')[0]?.textContent ?? '';
    table[name] = value;
  }
  return table;
}

/** Text as the control renders it: resx value with {0}, {1}… replaced. */
export function text(strings: Record<string, string>, key: string, ...args: (string | number)[]): string {
  const value = strings[key];
  if (value === undefined) throw new Error(`No resx key ${key}`);
  return args.reduce<string>((s, a, i) => s.split(`{${i}}`).join(String(a)), value);
}
