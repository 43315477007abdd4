/**
 * What the e2e tests check behind the page: the Dataverse stand-in's Web API (as the administrator unless told) and
 * the Business Central stand-in's admin overview, read over HTTP as any client would.
 */
import type { Sandbox } from '../../../sandbox/app/sandbox';

export type DvGet = <T = Record<string, unknown>>(path: string, user?: string) => Promise<T>;

/**
 * A GET on the Dataverse Web API with a sandbox user's token (`sandbox` is read at call time: it starts in beforeAll).
 * With `annotations`, formatted values and lookup names come with the rows (`…@OData.Community.Display.V1.FormattedValue`).
 */
export function dataverseReader(sandbox: () => Sandbox, { annotations = false } = {}): DvGet {
  return async <T>(path: string, user = 'admin'): Promise<T> => {
    const s = sandbox();
    const headers: Record<string, string> = { Authorization: `Bearer ${s.dataverse.tokens[user]}`, Accept: 'application/json' };
    if (annotations) headers.Prefer = 'odata.include-annotations="*"';
    const r = await fetch(`${s.dataverse.apiUrl}${path}`, { headers });
    if (!r.ok) throw new Error(`GET ${path} → ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
}

/** A write on the Dataverse Web API; returns the response (the caller checks its status). */
export async function dataverseWrite(sandbox: Sandbox, method: 'POST' | 'PATCH', path: string, body: unknown, user = 'admin'): Promise<Response> {
  return fetch(`${sandbox.dataverse.apiUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${sandbox.dataverse.tokens[user]}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

export interface ErpOverview {
  orders: { number: string; externalDocumentNumber: string; status: string }[];
  invoices: { number: string; orderNumber?: string; remainingAmount?: number }[];
}

/** The ERP stand-in's own view of its orders and invoices (what its console shows). */
export async function erpOverview(sandbox: Sandbox): Promise<ErpOverview> {
  return (await fetch(`${sandbox.bc.adminUrl}/overview`)).json() as Promise<ErpOverview>;
}
