/**
 * What the command-line tools (npm run sync, npm run reconcile) share with the service: the .env file, the
 * validated configuration and the clients, with quiet logs. Null when the configuration is invalid: the problems,
 * each with its fix, are on stderr and the tool exits 2.
 */
import * as dotenv from 'dotenv';
import * as path from 'path';
import { formatConfigProblems, loadConfig } from './config';
import { createServices } from './connector';
import { createLogger } from './log';
import type { Services } from './services';

export function cliServices(env: NodeJS.ProcessEnv): Services | null {
  dotenv.config({ quiet: true, path: env.DOTENV_PATH ?? path.resolve(process.cwd(), '.env') });
  const { config, problems } = loadConfig(env);
  if (problems.length) {
    process.stderr.write(formatConfigProblems(problems) + '\n');
    return null;
  }
  return createServices(config, { log: createLogger({ level: config.logLevel === 'debug' ? 'debug' : 'warn' }) });
}
