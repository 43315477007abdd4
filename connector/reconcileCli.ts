/**
 * `npm run reconcile -- [--days 30] [--json]`: the Sales orders submitted in the last days against the ERP
 * (connector/reconcile.ts), one line per disagreement with what to do. Read-only on both sides; same environment as
 * the connector (docs/connector.md). Exit codes: 0 Sales and the ERP agree (amount differences are listed, not
 * failed), 1 disagreements found, 2 bad arguments or configuration.
 */
import { parseCli } from './cliArgs';
import { cliServices } from './cliServices';
import { DEFAULT_RECONCILE_DAYS, reconcileOrders, reconcileSince } from './reconcile';

export const USAGE = `Usage: npm run reconcile -- [--days N (1–366, default ${DEFAULT_RECONCILE_DAYS})] [--json]`;

export function parseArgs(argv: readonly string[]): { days: unknown; json: boolean; help: boolean; unknown: string[] } {
  const parsed = parseCli(argv, { days: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  const a = { days: DEFAULT_RECONCILE_DAYS as unknown, json: false, help: false, unknown: [...parsed.unknown, ...parsed.positionals] };
  for (const { name, value } of parsed.tokens) {
    if (name === 'days') a.days = value;
    else if (name === 'json') a.json = true;
    else a.help = true;
  }
  return a;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: NodeJS.WritableStream = process.stdout, now: Date = new Date()): Promise<number> {
  const say = (s: string): void => void out.write(`${s}\n`);
  const args = parseArgs(argv);
  if (args.help) {
    say(USAGE);
    return 0;
  }
  if (args.unknown.length) {
    process.stderr.write(`Unknown argument(s): ${args.unknown.join(' ')}. ${USAGE}\n`);
    return 2;
  }
  let since: Date;
  try {
    since = reconcileSince({ days: args.days }, now);
  } catch (e) {
    process.stderr.write(`${(e as Error).message} ${USAGE}\n`);
    return 2;
  }
  const s = cliServices(env);
  if (!s) return 2;
  const report = await reconcileOrders(s, since, now);
  if (args.json) say(JSON.stringify(report, null, 2));
  else {
    say(`Sales orders submitted since ${report.since.slice(0, 10)}: ${report.salesOrders}; in the ERP once and linked: ${report.matched}; ERP documents read: ${report.erpDocuments}.`);
    for (const f of report.findings) say(`${f.severity === 'error' ? 'DISAGREES' : 'AMOUNT   '}  ${f.orderNumber}  ${f.text}`);
    say(report.findings.length ? `${report.disagreements} disagreement(s), ${report.amountDifferences} amount difference(s).` : 'Sales and the ERP agree.');
    say(`(${report.requests.dataverse} Dataverse and ${report.requests.erp} ERP request(s))`);
  }
  return report.disagreements ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`The reconciliation stopped: ${e.message}\n`);
      process.exit(1);
    },
  );
}
