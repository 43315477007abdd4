/**
 * The connector's HTTP endpoint:
 *   GET  /healthz             JSON health (200 healthy, 503 when the heartbeat or the queue poll is failing)
 *   POST /webhook/dataverse   Dataverse webhook (header x-erp-link-key, or ?code= for the Webhook Key auth type);
 *                             401 without the right key; wakes the queue / pick-up
 *   POST /bc/notifications    Business Central webhooks: echoes ?validationToken=, checks clientState, wakes the
 *                             ERP events job
 */
import * as http from 'http';
import { timingSafeEqual } from 'crypto';
import type { AddressInfo } from 'net';
import { clientStateFor, NOTIFICATION_PATH } from './bcSubscriptions';
import type { Logger } from './log';
import { WEBHOOK_HEADER, WEBHOOK_PATH } from './register';

export interface ServerHooks {
  webhookKey: string;
  log: Logger;
  health(): { healthy: boolean; body: Record<string, unknown> };
  onDataverseEvent(entity: string | null, message: string | null, id: string | null): void;
  onBcNotification(resources: string[]): void;
}

const MAX_BODY = 1024 * 1024;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
  res.end(text);
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(host: string, port: number, hooks: ServerHooks): Promise<RunningServer> {
  const bcState = clientStateFor(hooks.webhookKey);
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        if (req.method === 'GET' && url.pathname === '/healthz') {
          const h = hooks.health();
          send(res, h.healthy ? 200 : 503, h.body);
          return;
        }
        if (req.method === 'POST' && url.pathname === WEBHOOK_PATH) {
          const given = String(req.headers[WEBHOOK_HEADER] ?? url.searchParams.get('code') ?? '');
          if (!given || !sameSecret(given, hooks.webhookKey)) {
            hooks.log.warn('webhook call refused: missing or wrong key', { remote: req.socket.remoteAddress });
            await readBody(req).catch(() => '');
            send(res, 401, { error: { code: 'Unauthorized', message: `Missing or wrong ${WEBHOOK_HEADER} header.` } });
            return;
          }
          const text = await readBody(req);
          let entity: string | null = null;
          let message: string | null = null;
          let id: string | null = null;
          try {
            const ctx = JSON.parse(text) as { PrimaryEntityName?: string; MessageName?: string; PrimaryEntityId?: string };
            entity = ctx.PrimaryEntityName ?? null;
            message = ctx.MessageName ?? null;
            id = ctx.PrimaryEntityId ?? null;
          } catch {
            /* a wake-up without a body is fine */
          }
          hooks.onDataverseEvent(entity, message, id);
          send(res, 202, { accepted: true });
          return;
        }
        if (req.method === 'POST' && url.pathname === NOTIFICATION_PATH) {
          const token = url.searchParams.get('validationToken');
          if (token !== null) {
            await readBody(req).catch(() => '');
            send(res, 200, token, 'text/plain');
            return;
          }
          const text = await readBody(req);
          let value: Array<{ clientState?: string; resource?: string }> = [];
          try {
            value = (JSON.parse(text) as { value?: typeof value }).value ?? [];
          } catch {
            send(res, 400, { error: { code: 'BadRequest', message: 'The notification body is not JSON.' } });
            return;
          }
          const mine = value.filter((v) => typeof v.clientState === 'string' && sameSecret(v.clientState, bcState));
          if (value.length && !mine.length) {
            hooks.log.warn('Business Central notification refused: wrong clientState', {});
            send(res, 401, { error: { code: 'Unauthorized', message: 'Unknown clientState.' } });
            return;
          }
          hooks.onBcNotification(mine.map((v) => String(v.resource ?? '')));
          send(res, 202, { accepted: mine.length });
          return;
        }
        send(res, 404, { error: { code: 'NotFound', message: `No route ${req.method} ${url.pathname}. Routes: GET /healthz, POST ${WEBHOOK_PATH}, POST ${NOTIFICATION_PATH}.` } });
      } catch (e) {
        hooks.log.error('http handler failed', { error: (e as Error).message, path: url.pathname });
        if (!res.headersSent) send(res, 500, { error: { code: 'InternalError', message: 'The connector could not handle the request; see its log.' } });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
