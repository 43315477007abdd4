/**
 * The order form as the order tests open it: the order's row and its Xrm attributes, the default ERP connection
 * (with its web client address, for Open in ERP), the owner coupled to an ERP salesperson, and a 30 s submission
 * timeout. `privileges` as setup() takes them.
 */
import { XrmMockGenerator } from 'xrm-mock';
import { SubmissionStatus } from '../../../domain/schema';
import type { OrderSnapshot } from '../../../domain/orderValidation';
import { setup, type Harness } from './harness';
import { ids, order } from './fixtures';

export const CONNECTION_ID = 'cccccccc-0000-0000-0000-000000000001';

export function openOrderForm(snapshot: OrderSnapshot = order(), opts: { lcid?: number; privileges?: string[] | null; confirm?: boolean; formType?: number } = {}): Harness {
  const h = setup({ entityName: 'salesorder', id: ids.order, ...opts });
  (XrmMockGenerator.context as unknown as Record<string, unknown>).getClientUrl = () => 'https://contoso.crm4.dynamics.com';
  h.dv.put('salesorder', ids.order, snapshot as unknown as Record<string, unknown>);
  h.dv.put('erp_connection', CONNECTION_ID, { erp_connectionid: CONNECTION_ID, erp_name: 'CRONUS', erp_webclienturl: 'https://businesscentral.dynamics.com/tenant/Production/?company=CRONUS%20International', erp_writeinproducttype: 719250000, erp_writeinproductnumber: 'WRITE-IN', erp_isdefault: true });
  h.dv.put('erp_coupling', 'c1', { erp_crmtable: 'systemuser', erp_crmid: ids.user, erp_erpnumber: 'AW', statecode: 0 });
  h.dv.environment.erp_SubmissionTimeoutSeconds = '30';
  const A = XrmMockGenerator.Attribute;
  A.createNumber('statecode', snapshot.statecode ?? 0);
  A.createNumber('erp_submissionstatus', snapshot.erp_submissionstatus ?? SubmissionStatus.notSubmitted);
  A.createString('erp_erpordernumber', snapshot.erp_erpordernumber ?? (null as unknown as string));
  A.createString('erp_lastsubmissionerror', null as unknown as string);
  A.createDate('erp_submittedon', null as unknown as Date);
  A.createString('name', snapshot.name ?? '');
  A.createString('ordernumber', snapshot.ordernumber ?? '');
  A.createLookup('customerid', { id: ids.account, entityType: 'account', name: 'Fabrikam' });
  return h;
}
