/**
 * Bundles the page (TypeScript + React 16 + Fluent 9) with esbuild, in memory, once per server start. The same
 * bundle exposes React, ReactDOM and Fluent as the platform-library globals the controls' production bundles
 * expect (read from pcf-scripts' PlatformLibraryVersions.json, so a pcf-scripts upgrade that renames them is seen).
 */
import * as fs from 'fs';
import * as path from 'path';
import { build } from 'esbuild';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
const ENTRY = path.resolve(__dirname, '../client/main.tsx');

interface LibraryVersion {
  minVersion: string;
  maxVersion: string;
  libAlias: string;
}

const versionParts = (v: string) => v.split('.').map((n) => parseInt(n, 10) || 0);
function inRange(version: string, min: string, max: string): boolean {
  const cmp = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const v = versionParts(version);
  return cmp(v, versionParts(min)) >= 0 && cmp(v, versionParts(max)) <= 0;
}

export interface PlatformAliases {
  react: string;
  reactDom: string;
  fluent: string;
}

/** The global names pcf-scripts compiled into the bundles for our React and Fluent versions. */
export function platformAliases(root = REPO_ROOT): PlatformAliases {
  const file = path.join(root, 'node_modules/pcf-scripts/PlatformLibraryVersions.json');
  const table = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, LibraryVersion[]>;
  const version = (pkg: string) => (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const pick = (lib: string, v: string): string => {
    const hit = (table[lib] ?? []).find((e) => inRange(v, e.minVersion, e.maxVersion));
    if (!hit) throw new Error(`pcf-scripts has no platform library "${lib}" for version ${v}; check ${file}.`);
    return hit.libAlias;
  };
  return {
    react: pick('react', version('react')),
    reactDom: pick('react_dom', version('react-dom')),
    fluent: pick('fluent', version('@fluentui/react-components')),
  };
}

export async function bundlePage(options: { minify?: boolean } = {}): Promise<{ js: string; aliases: PlatformAliases; ms: number }> {
  const started = Date.now();
  const aliases = platformAliases();
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome100'],
    minify: options.minify ?? true,
    sourcemap: false,
    jsx: 'transform',
    define: {
      'process.env.NODE_ENV': '"production"',
      __PLATFORM_ALIASES__: JSON.stringify(aliases),
    },
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
  });
  return { js: result.outputFiles[0].text, aliases, ms: Date.now() - started };
}
