/**
 * `npm run connector`                 start the connector (environment variables or .env)
 * `npm run connector -- register`     create/update the Dataverse webhook endpoint and its steps, then exit
 * `npm run connector -- check`        validate the configuration and exit (0 = fine)
 * `npm run connector -- couple`       run the basic coupling by number once, then exit
 * Exit codes: 0 done, 1 runtime failure, 2 configuration problems (each printed with its fix).
 */
import * as dotenv from 'dotenv';
import * as path from 'path';
import { parseCli } from './cliArgs';
import { formatConfigProblems, loadConfig } from './config';
import { createServices, startConnector } from './connector';
import { runCoupling } from './flows/coupling';
import { registerWebhook } from './register';
import { checkWalls } from './setup/checks';

const USAGE = 'Usage: npm run connector [-- register | check | couple | help]';

function version(): string {
  try {
    return (require(path.join(__dirname, '..', 'package.json')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseCli(argv, { help: { type: 'boolean', short: 'h' } });
  const [command = 'start', ...extra] = args.positionals;
  if (args.tokens.length || command === 'help') {
    process.stdout.write(`${USAGE}\nSee docs/connector.md for the environment variables.\n`);
    return 0;
  }
  if (!['start', 'register', 'check', 'couple'].includes(command)) {
    process.stderr.write(`Unknown command "${command}". ${USAGE}\n`);
    return 2;
  }
  if (args.unknown.length || extra.length) {
    process.stderr.write(`Unknown argument(s): ${[...args.unknown, ...extra].join(' ')}. ${USAGE}\n`);
    return 2;
  }
  dotenv.config({ quiet: true, path: env.DOTENV_PATH ?? path.resolve(process.cwd(), '.env') });
  const { config, problems } = loadConfig(env, { version: version() });
  if (command === 'register' && !config.server.publicUrl) {
    problems.push({ variable: 'CONNECTOR_PUBLIC_URL', problem: 'is not set (register needs it)', fix: 'Set CONNECTOR_PUBLIC_URL to the https address Dataverse can reach this connector at, e.g. https://erp-link.contoso.com.' });
  }
  if (problems.length) {
    process.stderr.write(formatConfigProblems(problems) + '\n');
    return 2;
  }
  if (command === 'check') {
    process.stdout.write('Configuration is complete.\n');
    return 0;
  }
  if (command === 'register') {
    const s = createServices(config);
    const r = await registerWebhook(s.dv, { publicUrl: config.server.publicUrl as string, webhookKey: config.server.webhookKey, log: s.log });
    process.stdout.write(`Service endpoint ${r.endpoint} (${r.endpointId}); steps: ${r.steps.map((x) => `${x.name} ${x.action}`).join('; ')}${r.removed.length ? `; removed: ${r.removed.join(', ')}` : ''}\n`);
    // Each wall read back: what is on, or what to do (Dataverse refuses posts on a table whose wall is off).
    const walls = checkWalls(r.walls);
    for (const w of walls) process.stdout.write(`${w.ok ? 'OK' : 'PROBLEM'}: ${w.en}\n`);
    return walls.every((w) => w.ok) ? 0 : 1;
  }
  if (command === 'couple') {
    const s = createServices(config);
    const r = await runCoupling(s);
    process.stdout.write(`Coupled: ${JSON.stringify(r.coupled)}; ${r.written} write(s), ${r.failed} failed.\n`);
    return r.failed ? 1 : 0;
  }
  const connector = await startConnector(config);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      connector.services.log.info('stopping', { signal });
      void connector.close().then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`The connector stopped: ${e.message}\n`);
      process.exit(1);
    },
  );
}
