/**
 * Dataverse's error shape: `{"error":{"code":"0x8004....","message":"..."}}` with the HTTP status Dataverse uses.
 * Codes and texts come from Microsoft's "Web service error codes" list and the Web API docs; the few texts we could
 * not find verbatim are marked APPROX in docs/dataverse-standin.md.
 */
export class DataverseError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export const Codes = {
  objectDoesNotExist: '0x80040217',
  privilegeDenied: '0x80040220',
  invalidArgument: '0x80040203',
  readOnly: '0x8004022e',
  duplicateRecord: '0x80040237',
  concurrencyMismatch: '0x80060882',
  odataQuery: '0x80060888',
  payload: '0x80048d19',
  invalidStateStatus: '0x80048408',
  optionOutOfRange: '0x8004431a',
  integerOutOfRange: '0x8004432f',
  maxLength: '0x80044331',
  requiredField: '0x80040200',
  requestTooLarge: '0x8004418a',
  requestCount: '0x80072322',
  executionTime: '0x80072321',
  concurrency: '0x80072326',
  cannotSetState: '0x80100005',
  productAndDescription: '0x80043afb',
  importBadZip: '0x80048060',
  importInvalidFile: '0x80048000',
  importNotWellFormed: '0x80048013',
  importMissingComponent: '0x8004801f',
  importMissingDependencies: '0x8004801d',
  importMissingRoot: '0x8004803a',
  importManagedMismatch: '0x80048040',
  unexpected: '0x80040216',
  serviceUnavailable: '0x80044182',
} as const;

export const notFoundRecord = (logicalName: string, id: string): DataverseError =>
  new DataverseError(404, Codes.objectDoesNotExist, `Entity '${logicalName}' With Id = ${id} Does Not Exist`);

export const segmentNotFound = (segment: string): DataverseError =>
  new DataverseError(404, Codes.odataQuery, `Resource not found for the segment '${segment}'.`);

export const propertyNotFound = (property: string, logicalName: string): DataverseError =>
  new DataverseError(400, Codes.odataQuery, `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${logicalName}'.`);

export const queryError = (message: string): DataverseError => new DataverseError(400, Codes.odataQuery, message);

/** Payload errors wrap an ODataException the way Dataverse does, so clients that match on the inner text still work. */
export const payloadError = (entitySet: string, inner: string): DataverseError =>
  new DataverseError(
    400,
    Codes.payload,
    `Error identified in Payload provided by the user for Entity :'${entitySet}', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: ${inner}`,
  );
