/**
 * `npm run bench -- chaos`: the chaos run of tests/connector/chaos.ts at scale (500 orders, connectors dying after
 * ERP creates at least 30 times), printing one line:
 *   chaos: <orders> orders, <kills> kills, <d> duplicate ERP orders, <l> lost, <s> stuck, <p> duplicate posts
 */
import { chaosLine, runChaos } from '../tests/connector/chaos';

export async function run(): Promise<void> {
  const orders = Number(process.env.CHAOS_ORDERS ?? 500);
  const r = await runChaos({ orders, killRate: 0.1, connectors: 3, seed: Number(process.env.CHAOS_SEED ?? 1), timeoutMs: 15 * 60_000, lateWindowMs: 20_000 });
  console.log(chaosLine(r));
  console.log(`(${r.requests} requests, ${(r.ms / 1000).toFixed(0)} s)`);
}
