/**
 * Health: a heartbeat on erp_connection (erp_lastheartbeat, erp_connectorversion), so a stopped or failing connector
 * shows in Dataverse within minutes (the connection form and views read it), a probe of the Business Central
 * company, and the state /healthz reports. The public listener shows each dependency's state only (ok / failing /
 * unknown): error texts name hosts, users and tables, so they stay on the loopback health listener and in the log.
 */
import { ConnectionColumns as CC, Tables } from '../domain/schema';
import type { DependencyState } from './server';
import type { Services } from './services';

export interface HealthState {
  startedAt: string;
  lastHeartbeatAt: string | null;
  lastHeartbeatError: string | null;
  lastJobErrors: Record<string, string | null>;
  /** The last Business Central probe: null before the first one. */
  bcOk?: boolean | null;
  lastBcError?: string | null;
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
  try {
    await s.bc.getAbsolute(`${s.config.bc.apiUrl.replace(/\/+$/, '')}/companies(${s.config.bc.companyId})?$select=id`);
    state.bcOk = true;
    state.lastBcError = null;
  } catch (e) {
    state.bcOk = false;
    state.lastBcError = (e as Error).message;
    s.log.warn('Business Central probe failed', { error: (e as Error).message });
  }
}

/** Each dependency's state from the heartbeat, the queue poll and the BC probe. */
export function dependencyStates(state: HealthState, queuePollError: string | null, heartbeatStale: boolean): Record<string, DependencyState> {
  const dataverse: DependencyState = state.lastHeartbeatError || queuePollError || heartbeatStale ? 'failing' : state.lastHeartbeatAt ? 'ok' : 'unknown';
  const businessCentral: DependencyState = state.bcOk === true ? 'ok' : state.bcOk === false ? 'failing' : 'unknown';
  return { dataverse, businessCentral };
}

/** Prometheus text exposition (version 0.0.4) of counters the operator graphs. */
export function metricsText(values: Array<{ name: string; help: string; type: 'counter' | 'gauge'; value: number; labels?: Record<string, string> }>): string {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    if (!seen.has(v.name)) {
      out.push(`# HELP ${v.name} ${v.help}`, `# TYPE ${v.name} ${v.type}`);
      seen.add(v.name);
    }
    const labels = v.labels ? `{${Object.entries(v.labels).map(([k, x]) => `${k}="${x.replace(/["\\\n]/g, '_')}"`).join(',')}}` : '';
    out.push(`${v.name}${labels} ${Number.isFinite(v.value) ? v.value : 0}`);
  }
  return out.join('\n') + '\n';
}
