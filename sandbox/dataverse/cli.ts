/**
 * `npm run sandbox:dataverse`: starts the Dataverse stand-in alone and prints its URL and the users' tokens.
 * Options: --port <n> (default 5555, 0 = free), --data <dir> (persist; default .sandbox-data/dataverse), --no-seed,
 * --no-solution (standard tables only: import the built zip to add ours), --bc <url> (erp_connection API base URL).
 */
import * as path from 'path';
import { startDataverse, REPO_ROOT } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.DATAVERSE_PORT ?? 5555);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number (0-65535), got "${arg('port')}".`);
  const dataDir = flag('no-data') ? undefined : path.resolve(arg('data') ?? path.join(REPO_ROOT, '.sandbox-data/dataverse'));
  const dv = await startDataverse({
    port,
    dataDir,
    seed: !flag('no-seed'),
    solutionSource: flag('no-solution') ? false : undefined,
    connection: arg('bc') ? { apiBaseUrl: arg('bc') } : undefined,
  });
  console.log(`Dataverse stand-in listening on ${dv.baseUrl}`);
  console.log(`Web API: ${dv.apiUrl}${dataDir ? `   (data: ${dataDir})` : ''}`);
  console.log('Bearer tokens (Authorization: Bearer <token>):');
  for (const u of Object.values(dv.users)) console.log(`  ${u.key.padEnd(13)} ${u.token.padEnd(26)} ${u.fullName}${u.isIntegrationUser ? ' (integration user)' : ''}`);
  if (dv.warnings.length) console.log(`Warnings:\n  ${dv.warnings.join('\n  ')}`);
  console.log(`Try: curl -H "Authorization: Bearer ${dv.tokens.admin}" ${dv.apiUrl}WhoAmI`);
  const stop = async () => {
    await dv.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
