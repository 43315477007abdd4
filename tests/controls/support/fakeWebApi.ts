/// <reference types="powerapps-component-framework" />
/**
 * A ComponentFramework.WebApi that records every call and answers from handlers the test sets, so tests can
 * assert the exact requests (table, id, OData options) and their number.
 */

export type Call =
  | { op: 'retrieveRecord'; table: string; id: string; options?: string }
  | { op: 'retrieveMultipleRecords'; table: string; options?: string; maxPageSize?: number }
  | { op: 'createRecord'; table: string; data: ComponentFramework.WebApi.Entity }
  | { op: 'updateRecord'; table: string; id: string; data: ComponentFramework.WebApi.Entity }
  | { op: 'deleteRecord'; table: string; id: string };

type Handler = (call: Call) => unknown | Promise<unknown>;

export class FakeWebApi implements ComponentFramework.WebApi {
  readonly calls: Call[] = [];
  private readonly handlers: Handler[] = [];

  /** Handlers are tried last-registered first; the first that returns something other than undefined answers. */
  on(handler: Handler): this {
    this.handlers.unshift(handler);
    return this;
  }

  private async answer<T>(call: Call): Promise<T> {
    this.calls.push(call);
    for (const h of this.handlers) {
      const r = await h(call);
      if (r !== undefined) return r as T;
    }
    throw new Error(`FakeWebApi: no handler for ${call.op} ${call.table}`);
  }

  callsOf(op: Call['op'], table?: string): Call[] {
    return this.calls.filter((c) => c.op === op && (!table || c.table === table));
  }

  retrieveRecord(table: string, id: string, options?: string): Promise<ComponentFramework.WebApi.Entity> {
    return this.answer({ op: 'retrieveRecord', table, id, options });
  }

  retrieveMultipleRecords(table: string, options?: string, maxPageSize?: number): Promise<ComponentFramework.WebApi.RetrieveMultipleResponse> {
    return this.answer({ op: 'retrieveMultipleRecords', table, options, maxPageSize });
  }

  createRecord(table: string, data: ComponentFramework.WebApi.Entity): Promise<ComponentFramework.LookupValue> {
    return this.answer({ op: 'createRecord', table, data });
  }

  updateRecord(table: string, id: string, data: ComponentFramework.WebApi.Entity): Promise<ComponentFramework.LookupValue> {
    return this.answer({ op: 'updateRecord', table, id, data });
  }

  deleteRecord(table: string, id: string): Promise<ComponentFramework.LookupValue> {
    return this.answer({ op: 'deleteRecord', table, id });
  }
}

/** The error shape the model-driven host rejects with when Dataverse answers 403 (missing privilege). */
export const privilegeError = () => ({
  errorCode: -2147220960,
  message: 'Principal user (Id=5b2c…, type=8) is missing prvReaderp_itemavailability privilege (Id=…)\n    at Object.retrieveRecord (https://host/uclient/scripts/app.js:1:1)',
  code: 0x80040220,
});
