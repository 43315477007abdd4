/** Drives the Business Central stand-in over HTTP with fetch, as the connector does. */
import { startBusinessCentral, BusinessCentralOptions, BusinessCentralServer } from '../../sandbox/businesscentral';

/** A parsed JSON payload, inspected field by field by the tests (the shapes are what is under test). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Api {
  bc: BusinessCentralServer;
  /** Request relative to the company URL (or absolute). Returns status, headers and parsed JSON (or text). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: Json; text: string }>;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: Json; text: string }>;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json; text: string }>;
}

export async function startApi(options: BusinessCentralOptions = {}): Promise<Api> {
  const bc = await startBusinessCentral(options);
  const call: Api['call'] = async (method, path, body, headers = {}) => {
    const url = /^https?:/.test(path) ? path : `${bc.companyUrl}${path.startsWith('/') || path.startsWith('?') ? '' : '/'}${path}`;
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${bc.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
  const admin: Api['admin'] = async (method, path, body) => {
    const res = await fetch(`${bc.adminUrl}${path}`, { method, headers: bc.adminToken ? { Authorization: `Bearer ${bc.adminToken}` } : {}, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
  };
  return { bc, call, get: (p, h) => call('GET', p, undefined, h), admin };
}

/** Asserts Business Central's error body shape and returns the error. */
export function bcError(r: { status: number; json: Json }, status: number, code: string): { code: string; message: string } {
  expect({ status: r.status, code: r.json?.error?.code }).toEqual({ status, code });
  expect(typeof r.json.error.message).toBe('string');
  expect(r.json.error.message.length).toBeGreaterThan(10);
  return r.json.error;
}

export const enc = (s: string): string => encodeURIComponent(s);
