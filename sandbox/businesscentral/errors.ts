/**
 * Business Central's OData error body: {"error":{"code":"…","message":"…"}} with the status and code
 * BC uses (codes from the public "Error Codes" table of the API reference; a stale ETag is
 * 409 Request_EntityChanged as in BC, not 412).
 */
export class BcError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export const errors = {
  /** Unknown entity set, navigation property or action in the URL. */
  segmentNotFound: (segment: string): BcError => new BcError(404, 'BadRequest_ResourceNotFound', `Resource not found for the segment '${segment}'.`),
  /** A key that matches no record. */
  recordNotFound: (table: string, key: string): BcError =>
    new BcError(404, 'BadRequest_NotFound', `The ${table} does not exist. Identification fields and values: ${key}`),
  /** A related record named in the body does not exist (table relation). */
  relatedNotFound: (table: string, key: string): BcError =>
    new BcError(400, 'Internal_RecordNotFound', `The ${table} does not exist. Identification fields and values: ${key}`),
  querySyntax: (detail?: string): BcError => new BcError(400, 'BadRequest_NotFound', `Bad Request - Error in query syntax.${detail ? ` ${detail}` : ''}`),
  unknownProperty: (property: string, entityName: string): BcError =>
    new BcError(400, 'BadRequest_NotFound', `Could not find a property named '${property}' on type 'Microsoft.NAV.${entityName}'.`),
  unknownBodyProperty: (property: string, entityName: string): BcError =>
    new BcError(
      400,
      'BadRequest',
      `The property '${property}' does not exist on type 'Microsoft.NAV.${entityName}'. Make sure to only use property names that are defined by the type.`,
    ),
  readOnly: (property: string): BcError => new BcError(400, 'BadRequest_InvalidOperation', `Control '${property}' is read-only.`),
  invalidBody: (detail?: string): BcError => new BcError(400, 'BadRequest', `Invalid Request Body${detail ? `: ${detail}` : ''}`),
  convert: (value: unknown, edm: string, property: string): BcError =>
    new BcError(400, 'BadRequest', `Cannot convert the literal '${String(value)}' to the expected type '${edm}' for the property '${property}'.`),
  stringTooLong: (value: string, max: number): BcError =>
    new BcError(400, 'Application_StringExceededLength', `The length of the string is ${value.length}, but it must be less than or equal to ${max} characters. Value: ${value}`),
  dialog: (message: string): BcError => new BcError(400, 'Application_DialogException', message),
  fieldValidation: (message: string): BcError => new BcError(400, 'Application_FieldValidationException', message),
  missingEtag: (): BcError =>
    new BcError(400, 'BadRequest_InvalidToken', 'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.'),
  entityChanged: (status = 409): BcError => new BcError(status, 'Request_EntityChanged', 'Another user has already changed the record.'),
  duplicateKey: (table: string, key: string): BcError =>
    new BcError(409, 'Internal_EntityWithSameKeyExists', `The ${table} already exists. Identification fields and values: ${key}`),
  methodNotAllowed: (method: string, entitySet: string): BcError =>
    new BcError(405, 'BadRequest_MethodNotAllowed', `'${method}' requests for '${entitySet}' of EdmType 'Entity' are not allowed within Microsoft Dynamics 365 Business Central OData web services.`),
  notImplemented: (what: string): BcError =>
    new BcError(501, 'BadRequest_MethodNotImplemented', `${what} is not implemented by the Business Central stand-in (sandbox/businesscentral). See docs/businesscentral-standin.md for what it serves.`),
  unauthorized: (): BcError =>
    new BcError(401, 'Authentication_InvalidCredentials', 'The server has rejected the client credentials.', {
      'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"',
    }),
  tooManyRequests: (retryAfterSeconds: number, actual: number, maximum: number): BcError =>
    new BcError(429, 'Application_TooManyRequests', `Too many requests reached.  Actual (${actual}).  Maximum (${maximum}).`, { 'Retry-After': String(retryAfterSeconds) }),
  bodyTooLarge: (limit: number): BcError =>
    new BcError(413, 'BadRequest_RequestEntityTooLarge', `The request body is larger than the maximum allowed size of ${limit} bytes.`),
  internal: (message: string): BcError => new BcError(500, 'Internal_ServerError', message),
};

export function correlationSuffix(id: string): string {
  return `  CorrelationId:  ${id}.`;
}
