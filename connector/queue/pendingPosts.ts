/**
 * Timeline posts never share a change set with a write-back (issue 13, item 2). A post Dataverse refuses (e.g. the
 * table's activity feed is not configured) used to roll back the ERP number, the coupling and the request's
 * success after the ERP document was created: Sales showed Failed while the ERP had the document.
 *
 * Now the write-back commits in its own change set and records the posts still to write on the request
 * (erp_pendingposts); the posts follow in a second change set of the same $batch, which clears that column, so
 * the usual path still costs one Dataverse request. A refused post leaves the column set (visible on the request,
 * with a log line) and a later pass writes it once: posts have stable ids, so "already exists" counts as written.
 */
import { IntegrationRequestColumns as C, Tables } from '../../domain/schema';
import { isDuplicateKeyAnswer } from '../../domain/liveRequest';
import type { BatchOperation, BatchPart, BatchResult } from '../dataverse/batch';
import type { DataverseApi } from '../dataverse/client';
import { appendLog, logLine } from './requestRow';

export const isPostCreate = (o: BatchOperation): boolean => o.method === 'POST' && o.url === 'posts';

export function splitPosts(ops: readonly BatchOperation[]): { writes: BatchOperation[]; posts: BatchOperation[] } {
  return { writes: ops.filter((o) => !isPostCreate(o)), posts: ops.filter(isPostCreate) };
}

const requestUrl = (requestId: string): string => `${Tables.integrationRequest.entitySet}(${requestId})`;

/** The posts and the clearing of erp_pendingposts: one transaction, so the column is cleared only if they landed. */
export function postsChangeSet(requestId: string, posts: readonly BatchOperation[]): BatchPart {
  return { changeSet: [...posts, { method: 'PATCH', url: requestUrl(requestId), body: { [C.pendingPosts]: null } }] };
}

const isDuplicate = (r: BatchResult): boolean => isDuplicateKeyAnswer(r.status, (r.body as { error?: { code?: string } } | null)?.error?.code);

export function parsePending(text: string | null | undefined): BatchOperation[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as BatchOperation[]).filter((o) => o && isPostCreate(o)) : [];
  } catch {
    return [];
  }
}

/**
 * Writes the posts still pending on up to `limit` requests, each once: a post that lands or already exists is done,
 * one refused again stays pending. Returns how many were written and how many are still missing.
 */
export async function retryPendingPosts(dv: DataverseApi, instanceId: string, now: Date, limit = 20): Promise<{ written: number; missing: number }> {
  const rows = await dv.list<{ erp_integrationrequestid: string; erp_pendingposts?: string | null; erp_log?: string | null; erp_attempts?: number | null }>(
    `${Tables.integrationRequest.entitySet}?$select=${Tables.integrationRequest.primaryId},${C.pendingPosts},${C.log},${C.attempts}&$filter=${encodeURIComponent(`${C.pendingPosts} ne null`)}&$top=${limit}`,
    1,
  );
  let written = 0;
  let missing = 0;
  for (const row of rows) {
    const remaining: BatchOperation[] = [];
    const done: string[] = [];
    for (const post of parsePending(row.erp_pendingposts)) {
      const [r] = await dv.batch([{ changeSet: [post] }]);
      if (r && (r.status < 400 || isDuplicate(r))) done.push(String((post.body as { postid?: string } | undefined)?.postid ?? ''));
      else remaining.push(post);
    }
    written += done.length;
    missing += remaining.length;
    const line = remaining.length ? `timeline post(s) still refused; retried later` : `timeline post(s) written later (${done.length})`;
    await dv.batch([
      {
        changeSet: [
          {
            method: 'PATCH',
            url: requestUrl(row.erp_integrationrequestid),
            body: { [C.pendingPosts]: remaining.length ? JSON.stringify(remaining) : null, [C.log]: appendLog(row.erp_log, [logLine(now, instanceId, row.erp_attempts ?? 0, line)]) },
          },
        ],
      },
    ]);
  }
  return { written, missing };
}
