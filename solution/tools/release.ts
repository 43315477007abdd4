/**
 * `npm run release`: Dataverse does not support editing a managed zip, so the managed package is made the way
 * Microsoft recommends: import the unmanaged zip into a build environment, publish, export as managed.
 * Credentials come from the environment only (DATAVERSE_URL + DATAVERSE_TOKEN, or a client-credentials app).
 */
import * as fs from 'fs';
import * as path from 'path';
import { randomUUID } from 'crypto';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { checkSolutionZip } from './check';

export interface ReleaseEnv {
  DATAVERSE_URL?: string;
  DATAVERSE_TOKEN?: string;
  DATAVERSE_TENANT_ID?: string;
  DATAVERSE_CLIENT_ID?: string;
  DATAVERSE_CLIENT_SECRET?: string;
}

export async function tokenFor(env: ReleaseEnv): Promise<string> {
  if (env.DATAVERSE_TOKEN) return env.DATAVERSE_TOKEN;
  const missing = (['DATAVERSE_TENANT_ID', 'DATAVERSE_CLIENT_ID', 'DATAVERSE_CLIENT_SECRET'] as const).filter((k) => !env[k]);
  if (missing.length) throw new Error(`Set DATAVERSE_TOKEN, or ${missing.join(', ')} for an application user of the build environment (client credentials).`);
  const app = new ConfidentialClientApplication({
    auth: { clientId: env.DATAVERSE_CLIENT_ID!, authority: `https://login.microsoftonline.com/${env.DATAVERSE_TENANT_ID}`, clientSecret: env.DATAVERSE_CLIENT_SECRET! },
  });
  const r = await app.acquireTokenByClientCredential({ scopes: [`${new URL(env.DATAVERSE_URL!).origin}/.default`] });
  if (!r?.accessToken) throw new Error('Microsoft Entra ID returned no access token for the build environment. Check the app registration and its application user.');
  return r.accessToken;
}

async function callAction(baseUrl: string, token: string, action: string, body: unknown, timeoutMs: number): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}/api/data/v9.2/${action}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json', 'OData-Version': '4.0', 'OData-MaxVersion': '4.0' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      /* not JSON: keep the raw text */
    }
    throw new Error(`${action} failed with HTTP ${res.status}: ${message}`);
  }
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export interface ReleaseResult {
  managedZip: string;
  version: string;
}

export async function release(unmanagedZip: string, env: ReleaseEnv, outDir = path.dirname(unmanagedZip), log = console.log): Promise<ReleaseResult> {
  if (!env.DATAVERSE_URL) throw new Error('Set DATAVERSE_URL to the build environment, e.g. https://contoso-build.crm4.dynamics.com');
  const bytes = fs.readFileSync(unmanagedZip);
  const check = await checkSolutionZip(bytes);
  const errors = check.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`${unmanagedZip} has ${errors.length} problem(s); run npm run solution:check -- ${unmanagedZip}`);
  if (check.managed) throw new Error(`${unmanagedZip} is already managed; give the unmanaged zip from npm run build.`);
  const token = await tokenFor(env);
  log(`Importing ${path.basename(unmanagedZip)} into ${env.DATAVERSE_URL} …`);
  await callAction(env.DATAVERSE_URL, token, 'ImportSolution', { CustomizationFile: bytes.toString('base64'), OverwriteUnmanagedCustomizations: true, PublishWorkflows: true, ImportJobId: randomUUID() }, 20 * 60_000);
  log('Publishing customizations …');
  await callAction(env.DATAVERSE_URL, token, 'PublishAllXml', {}, 10 * 60_000);
  log(`Exporting ${check.uniqueName} as managed …`);
  const exported = await callAction(env.DATAVERSE_URL, token, 'ExportSolution', { SolutionName: check.uniqueName, Managed: true }, 20 * 60_000);
  const managed = Buffer.from(String(exported.ExportSolutionFile ?? ''), 'base64');
  const managedCheck = await checkSolutionZip(managed);
  if (!managedCheck.managed) throw new Error('ExportSolution did not return a managed solution (solution.xml <Managed> is not 1).');
  if (managedCheck.version !== check.version) throw new Error(`The exported solution has version ${managedCheck.version}, expected ${check.version}: another version is installed in the build environment.`);
  const managedZip = path.join(outDir, `${check.uniqueName}_${check.version!.replace(/\./g, '_')}_managed.zip`);
  fs.writeFileSync(managedZip, managed);
  log(`Wrote ${managedZip} (${managed.length} bytes)`);
  return { managedZip, version: check.version! };
}

if (require.main === module) {
  require('dotenv').config();
  const bin = path.resolve(__dirname, '../bin');
  const zip = process.argv[2] ?? (fs.existsSync(bin) ? fs.readdirSync(bin).filter((f) => f.endsWith('.zip') && !f.includes('_managed')).map((f) => path.join(bin, f)).sort().pop() : undefined);
  if (!zip) {
    console.error('No unmanaged zip: run npm run build first, or pass the zip path.');
    process.exit(2);
  }
  release(zip, process.env as ReleaseEnv).catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
