/**
 * `npm run sandbox:bc`: starts the Business Central stand-in alone and prints how to reach it.
 * Environment: BC_PORT (default 7048), BC_DATA_DIR (persistence, default none), BC_SEED, BC_WORK_DATE,
 * BC_TOKEN (bearer token, default bc-standin-token), BC_ADMIN_TOKEN, BC_WEBHOOK_DELAY_MS.
 */
import { startBusinessCentral } from './index';

async function main(): Promise<void> {
  const env = process.env;
  const num = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) {
      console.error(`${name} must be a non-negative integer, got "${v}".`);
      process.exit(2);
    }
    return n;
  };
  const bc = await startBusinessCentral({
    port: num('BC_PORT') ?? 7048,
    dataDir: env.BC_DATA_DIR || undefined,
    seed: num('BC_SEED'),
    workDate: env.BC_WORK_DATE || undefined,
    tokens: env.BC_TOKEN ? [env.BC_TOKEN] : undefined,
    adminToken: env.BC_ADMIN_TOKEN || undefined,
    webhooks: num('BC_WEBHOOK_DELAY_MS') !== undefined ? { notificationDelayMs: num('BC_WEBHOOK_DELAY_MS') } : undefined,
    // BC_PUBLISHED_PAGES=1 publishes the standard pages the stand-in models (docs/businesscentral-standin.md).
    publishedPages: env.BC_PUBLISHED_PAGES === '1' || env.BC_PUBLISHED_PAGES === 'true',
  });
  console.log(`Business Central stand-in (${bc.companyName}) is listening.
  API v2.0     ${bc.apiUrl}
  Company      ${bc.companyId}
  Company URL  ${bc.companyUrl}
  Analytics    ${bc.analyticsUrl}
  OData V4     ${bc.odataV4Url} (published pages)
  Admin        ${bc.adminUrl}${bc.adminToken ? ' (Bearer admin token)' : ''}
  Token        Authorization: Bearer ${bc.token}
  Data         ${env.BC_DATA_DIR ? `${env.BC_DATA_DIR} (${bc.loadedFromDisk ? 'loaded' : 'new'})` : 'in memory (set BC_DATA_DIR to keep it)'}
Try: curl -H "Authorization: Bearer ${bc.token}" "${bc.companyUrl}/customers?\\$top=3"
Ctrl-C stops it.`);
  const stop = (): void => {
    void bc.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
