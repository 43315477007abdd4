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
import { entitySetOf } from './webApi';

export interface ConditionalUpdate {
  entity: string;
  id: string;
  data: Record<string, unknown>;
  /** The row's @odata.etag as read; absent = write whatever the row's version. */
  ifMatch?: string;
}

export type ConditionalResult = { ok: true } | { ok: false; status: number; errorCode?: number; message: string };

const API_PATH = '/api/data/v9.2/';

export function apiRoot(): string {
  return `${Xrm.Utility.getGlobalContext().getClientUrl().replace(/\/$/, '')}${API_PATH}`;
}

/** The multipart body of one change set holding these updates (pure, for the tests too). */
export function changeSetBody(root: string, updates: readonly ConditionalUpdate[], batch: string, changeSet: string): string {
  const parts = updates.map((u, i) =>
    [
      `--${changeSet}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      `Content-ID: ${i + 1}`,
      '',
      `PATCH ${root}${entitySetOf(u.entity)}(${normalizeId(u.id)}) HTTP/1.1`,
      'Content-Type: application/json; charset=utf-8',
      ...(u.ifMatch ? [`If-Match: ${u.ifMatch}`] : []),
      '',
      JSON.stringify(u.data),
    ].join('\r\n'),
  );
  return [`--${batch}`, `Content-Type: multipart/mixed; boundary=${changeSet}`, '', ...parts, `--${changeSet}--`, `--${batch}--`, ''].join('\r\n');
}

/** The first failed part of a $batch answer, or null when every part succeeded. */
export function failedPart(responseText: string): { status: number; errorCode?: number; message: string } | null {
  const re = /HTTP\/1\.1 (\d{3})[^\r\n]*/g;
  for (let m = re.exec(responseText); m; m = re.exec(responseText)) {
    const status = Number(m[1]);
    if (status < 400) continue;
    const rest = responseText.slice(m.index);
    const json = /\{[\s\S]*?\}\s*\}/.exec(rest)?.[0];
    let errorCode: number | undefined;
    let message = `HTTP ${status}`;
    try {
      const error = (JSON.parse(json ?? '') as { error?: { code?: string; message?: string } }).error;
      if (error?.code && /^0x[0-9a-f]+$/i.test(error.code)) errorCode = parseInt(error.code, 16);
      if (error?.message) message = error.message;
    } catch {
      // No JSON body: the status says enough.
    }
    return { status, errorCode, message };
  }
  return null;
}

/** Sends the updates as one change set with their If-Match; resolves with what Dataverse answered. */
export async function updateTogetherIfUnchanged(updates: readonly ConditionalUpdate[]): Promise<ConditionalResult> {
  const root = apiRoot();
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const batch = `batch_${stamp}`;
  const changeSet = `changeset_${stamp}`;
  const response = await fetch(`${root}$batch`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', 'Content-Type': `multipart/mixed; boundary=${batch}` },
    body: changeSetBody(root, updates, batch, changeSet),
  });
  const text = await response.text();
  const failed = failedPart(text) ?? (response.status >= 400 ? { status: response.status, message: text.slice(0, 300) || `HTTP ${response.status}` } : null);
  return failed ? { ok: false, ...failed } : { ok: true };
}
