/**
 * What the Sales order and quote forms fill in by themselves while a user types, reproduced for the sandbox form:
 * choosing a customer brings the account's (or contact's) default price list when none is chosen yet, and a price
 * list brings its currency (a Sales record's currency must be its price list's). Only empty fields are filled, so
 * nothing the user chose is overwritten. Form logic, not a platform rule: the server still checks what is saved.
 */
import type { DataverseClient, EntityRecord } from '../data/webApi';
import { formattedName } from '../data/webApi';
import type { FormModel, LookupRef } from './formModel';

const SALES_HEADERS = new Set(['salesorder', 'quote', 'invoice', 'opportunity']);

const refOf = (record: EntityRecord, attribute: string, entityType: string): LookupRef[] | null => {
  const id = record[`_${attribute}_value`];
  return typeof id === 'string' && id ? [{ id, name: String(record[formattedName(`_${attribute}_value`)] ?? ''), entityType }] : null;
};

export function attachSalesDefaults(model: FormModel, client: Pick<DataverseClient, 'retrieve'>): void {
  if (!SALES_HEADERS.has(model.entity)) return;
  const first = (a: string) => (model.get(a) as LookupRef[] | null)?.[0] ?? null;
  model.addOnChange('customerid', () => {
    const customer = first('customerid');
    if (!customer || first('pricelevelid')) return;
    void client
      .retrieve(customer.entityType, customer.id, '?$select=_defaultpricelevelid_value')
      .then((r) => {
        const list = refOf(r, 'defaultpricelevelid', 'pricelevel');
        if (list && !first('pricelevelid')) model.set('pricelevelid', list, true);
      })
      .catch(() => undefined);
  });
  model.addOnChange('pricelevelid', () => {
    const list = first('pricelevelid');
    if (!list || first('transactioncurrencyid')) return;
    void client
      .retrieve('pricelevel', list.id, '?$select=_transactioncurrencyid_value')
      .then((r) => {
        const currency = refOf(r, 'transactioncurrencyid', 'transactioncurrency');
        if (currency && !first('transactioncurrencyid')) model.set('transactioncurrencyid', currency, true);
      })
      .catch(() => undefined);
  });
}
