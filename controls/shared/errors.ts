/**
 * Sorts the errors context.webAPI rejects with into what the user can act on. The host rejects with an
 * ErrorResponse-like object ({ errorCode, message, … }); a fetch-based host may add an HTTP status.
 */
import { isDuplicateKeyCode } from '../../domain/duplicateKey';

export type ErrorKind = 'privilege' | 'offline' | 'notFound' | 'duplicateKey' | 'other';

export interface ClassifiedError {
  kind: ErrorKind;
  /** One line, never a stack trace: safe to show. */
  message: string;
}

/** 0x80040220: "Principal user is missing privilege" (the 403 Dataverse returns). */
const PRIVILEGE_DENIED = 0x80040220;
/** 0x80040217: record does not exist. */
const NOT_FOUND = 0x80040217;

const asUnsigned = (code: number): number => (code < 0 ? code + 0x1_0000_0000 : code);

function errorCode(e: Record<string, unknown>): number | null {
  for (const key of ['errorCode', 'code']) {
    const v = e[key];
    if (typeof v === 'number') return asUnsigned(v);
    if (typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v)) return parseInt(v, 16);
  }
  return null;
}

function httpStatus(e: Record<string, unknown>): number | null {
  for (const key of ['status', 'statusCode', 'httpStatusCode']) if (typeof e[key] === 'number') return e[key] as number;
  return null;
}

export function firstLine(text: string): string {
  return text.split(/\r?\n/)[0].replace(/\s+at\s.*$/, '').trim().slice(0, 300);
}

export function classifyError(error: unknown): ClassifiedError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const rawMessage = typeof e.message === 'string' ? e.message : typeof error === 'string' ? error : '';
  const message = firstLine(rawMessage);
  const code = errorCode(e);
  const status = httpStatus(e);
  if (code === PRIVILEGE_DENIED || status === 403 || /0x80040220|missing prv/i.test(rawMessage)) return { kind: 'privilege', message };
  if (isDuplicateKeyCode(code) || /0x80060892|0x80040237/i.test(rawMessage)) return { kind: 'duplicateKey', message };
  if (code === NOT_FOUND || status === 404) return { kind: 'notFound', message };
  if ((typeof navigator !== 'undefined' && navigator.onLine === false) || /offline|failed to fetch|network ?error|networkerror/i.test(rawMessage)) {
    return { kind: 'offline', message };
  }
  return { kind: 'other', message };
}
