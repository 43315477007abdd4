/**
 * Health: a heartbeat on erp_connection (erp_lastheartbeat, erp_connectorversion), so a stopped or failing connector
 * shows in Dataverse within minutes (the connection form and views read it), and the state /healthz reports.
 */
import { ConnectionColumns as CC, Tables } from '../domain/schema';
import type { Services } from './services';

export interface HealthState {
  startedAt: string;
  lastHeartbeatAt: string | null;
  lastHeartbeatError: string | null;
  lastJobErrors: Record<string, string | null>;
}

export async function heartbeat(s: Services, state: HealthState): Promise<void> {
  try {
    await s.ref.ensureFresh();
    const id = s.ref.connectionId;
    if (!id) throw new Error('no erp_connection row');
    const now = s.now();
    await s.dv.update(Tables.connection.entitySet, id, { [CC.lastHeartbeat]: now.toISOString(), [CC.connectorVersion]: `${s.config.version} (${s.config.instanceId})`.slice(0, 50) });
    state.lastHeartbeatAt = now.toISOString();
    state.lastHeartbeatError = null;
  } catch (e) {
    state.lastHeartbeatError = (e as Error).message;
    s.log.error('heartbeat failed', { error: (e as Error).message });
  }
}
