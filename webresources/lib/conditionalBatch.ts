/**
 * A change set with If-Match: writes that land only if the rows have not changed since they were read, all together
 * or not at all. Used where a race decides what is true (cancelling a request the connector may be claiming: the
 * connector claims with If-Match on the same ETag, so exactly one of the two writes wins).
 *
 * Xrm.WebApi has no way to send If-Match, so this posts the OData $batch itself to the organisation's Web API
 * (`getClientUrl()/api/data/v9.2/$batch`, same origin, the user's session; no token in the page). Format: Microsoft
 * Learn, "Execute batch operations using the Web API" (multipart/mixed, one change set, Content-ID per part); a
 * change set that fails answers with the one failed part (e.g. 412 Precondition Failed) and nothing of it is written.
 */
import { normalizeId } from '../../domain/orderValidation';
import { newId } from './changeSet';

export interface ConditionalUpdate {
  /** The entity set (erp_integrationrequests, salesorders): named by the caller, no lookup table in the bundle. */
  entitySet: string;
  id: string;
  data: Record<string, unknown>;
  /** The row's @odata.etag as read; absent = write whatever the row's version. */
  ifMatch?: string;
}

export type ConditionalResult = { ok: true } | { ok: false; status: number; errorCode?: number; message: string };

/** The organisation's Web API root, e.g. https://contoso.crm4.dynamics.com/api/data/v9.2/. */
export function apiRoot(): string {
  return `${Xrm.Utility.getGlobalContext().getClientUrl()}/api/data/v9.2/`;
}

/** What a $batch answer says: ok, or the first failed part's status and error (code as a number, message). */
export function batchAnswer(text: string, httpStatus: number): ConditionalResult {
  const failed = /HTTP\/1\.1 ([45]\d\d)/.exec(text);
  if (!failed && httpStatus < 400) return { ok: true };
  const error = /"code"\s*:\s*"([^"]*)"[\s\S]*?"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  const status = failed ? Number(failed[1]) : httpStatus;
  return {
    ok: false,
    status,
    // Dataverse error codes are hex text ("0x80060882"); anything else gives no code.
    errorCode: (error && parseInt(error[1], 16)) || undefined,
    message: error ? error[2] : `HTTP ${status}`,
  };
}

/** Sends the updates as one change set with their If-Match; resolves with what Dataverse answered. */
export async function updateTogetherIfUnchanged(updates: readonly ConditionalUpdate[]): Promise<ConditionalResult> {
  const root = apiRoot();
  const batch = `batch_${newId()}`;
  const changeSet = `changeset_${newId()}`;
  const parts = updates.flatMap((u, i) => [
    `--${changeSet}`,
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    `Content-ID: ${i + 1}`,
    '',
    `PATCH ${root}${u.entitySet}(${normalizeId(u.id)}) HTTP/1.1`,
    'Content-Type: application/json',
    ...(u.ifMatch ? [`If-Match: ${u.ifMatch}`] : []),
    '',
    JSON.stringify(u.data),
  ]);
  const response = await fetch(`${root}$batch`, {
    method: 'POST',
    // Same origin: the user's session cookie goes with it (fetch's default credentials).
    headers: { 'OData-Version': '4.0', 'Content-Type': `multipart/mixed; boundary=${batch}` },
    body: [`--${batch}`, `Content-Type: multipart/mixed; boundary=${changeSet}`, '', ...parts, `--${changeSet}--`, `--${batch}--`, ''].join('\r\n'),
  });
  return batchAnswer(await response.text(), response.status);
}
