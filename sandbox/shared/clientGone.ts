/**
 * A client that goes away before its request body was read: Node then emits neither 'end' nor 'error' on the
 * request (it is destroyed, its 'close' already fired), so a body reader waiting for 'end' would wait for ever and
 * the request would keep its concurrency slot. Both stand-ins read the body through this guard, so the request ends
 * and its slot is freed, as the real services free the slot of an abandoned request (issue 15, item 6).
 */
import type http from 'node:http';

export class ClientGone extends Error {
  constructor() {
    super('The client closed the connection before its request was read.');
    this.name = 'ClientGone';
  }
}

/** Calls `reject` with ClientGone now if the client is gone already, or when it goes before the body has ended. */
export function rejectWhenClientGone(req: http.IncomingMessage, reject: (e: Error) => void): boolean {
  if (req.destroyed && !req.readableEnded) {
    reject(new ClientGone());
    return true;
  }
  req.on('close', () => {
    if (!req.readableEnded) reject(new ClientGone());
  });
  return false;
}
