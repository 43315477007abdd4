/** What went wrong in a Web API call, in terms the handlers act on. */
import { isDuplicateKeyCode } from '../../domain/duplicateKey';

/** Xrm.WebApi rejects with { errorCode, message }; fetch failures surface as TypeError or an error without code. */
export interface XrmError {
  errorCode?: number;
  message?: string;
  code?: number;
  raw?: string;
}

/** 0x80040220 PrivilegeDenied / missing privilege; 0x80042f09 PrincipalPrivilegeDenied. */
const PRIVILEGE_CODES = [-2147220960, -2147209463, 0x80040220, 0x80042f09];

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error && typeof (error as XrmError).message === 'string') return (error as XrmError).message as string;
  return String(error);
}

function codeOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as XrmError;
  return typeof e.errorCode === 'number' ? e.errorCode : typeof e.code === 'number' ? e.code : undefined;
}

/** The row already exists (domain/duplicateKey.ts): by the code Xrm.WebApi reports, never by the message's words. */
export function isDuplicateKeyError(error: unknown): boolean {
  return isDuplicateKeyCode(codeOf(error));
}

export function isPrivilegeError(error: unknown): boolean {
  const code = codeOf(error);
  return (code !== undefined && PRIVILEGE_CODES.includes(code)) || /privilege|access is denied|not have permission/i.test(errorMessage(error));
}

/** No answer from the server at all (offline, DNS, CORS, aborted): nothing was changed on the server by that call. */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  const message = errorMessage(error);
  return codeOf(error) === undefined && /network|failed to fetch|timeout|timed out|offline|load failed/i.test(message);
}
