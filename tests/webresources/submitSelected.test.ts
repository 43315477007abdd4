/**
 * Submit to ERP from the orders grid: every selected order checked as the form checks it, those with a blocking
 * problem listed with their first problem and left alone, one confirmation for the rest, each queued once with its
 * own idempotency key, at most 50 at a time, nothing done when cancelled.
 */
import { submitSelectedToErp } from '../../webresources/salesorder/commands';
import { orderSubmissionKey } from '../../domain/idempotency';
import { RequestKind, SubmissionStatus } from '../../domain/schema';
import { en, fr } from '../../domain/messages';
import { alertText, confirmText, setup, teardown, type Harness } from './support/harness';
import { ids, line, order } from './support/fixtures';
import type { OrderSnapshot } from '../../domain/orderValidation';

const SECOND = '11111111-1111-1111-1111-000000000002';
const THIRD = '11111111-1111-1111-1111-000000000003';

function grid(orders: OrderSnapshot[], opts: { lcid?: number; confirm?: boolean } = {}): Harness {
  const h = setup({ entityName: 'salesorder', id: ids.order, ...opts });
  for (const o of orders) h.dv.put('salesorder', o.salesorderid, o as unknown as Record<string, unknown>);
  h.dv.put('erp_connection', 'conn', { erp_connectionid: 'conn', erp_name: 'CRONUS', erp_writeinproducttype: 719250000, erp_writeinproductnumber: 'WRITE-IN', erp_isdefault: true });
  h.dv.put('erp_coupling', 'c1', { erp_crmtable: 'systemuser', erp_crmid: ids.user, erp_erpnumber: 'AW', statecode: 0 });
  return h;
}

const clean = order();
const second = order({ salesorderid: SECOND, ordernumber: 'ORD-01002-AAAAAA' });
const broken = order({ salesorderid: THIRD, ordernumber: 'ORD-01003-BBBBBB', order_details: [line({ quantity: 0 }), line({ salesorderdetailid: ids.line2, sequencenumber: 2, quantity: -1 })] });

afterEach(teardown);

describe('Submit to ERP for the selected orders', () => {
  it('sends the orders without problems, lists the others with their first problem, and says how many went', async () => {
    const h = grid([clean, second, broken]);
    const refresh = jest.fn();
    await submitSelectedToErp([`{${ids.order.toUpperCase()}}`, SECOND, THIRD], { refresh });
    const question = confirmText(h);
    expect(question).toContain(en['Dialog.SubmitSelected.Text'].replace('{ready}', '2').replace('{count}', '3'));
    expect(question).toContain('ORD-01003-BBBBBB: Line 1 has quantity 0. Enter a quantity greater than 0. (+1 more problem on this order)');
    const created = h.dv.callsOf('createRecord', 'erp_integrationrequest').map((c) => c.data as Record<string, unknown>);
    expect(created.map((r) => r.erp_idempotencykey).sort()).toEqual([orderSubmissionKey(clean), orderSubmissionKey(second)].sort());
    expect(created.every((r) => r.erp_kind === RequestKind.submitOrder)).toBe(true);
    const updated = h.dv.callsOf('updateRecord', 'salesorder').map((c) => [c.id, (c.data as Record<string, unknown>).erp_submissionstatus]);
    expect(updated).toEqual([[ids.order, SubmissionStatus.queued], [SECOND, SubmissionStatus.queued]]);
    expect(h.dv.rows('post')).toHaveLength(2);
    expect(alertText(h)).toBe('2 orders sent to the ERP; their ERP numbers and posts appear as the connector creates them. All were queued.');
    expect(refresh).toHaveBeenCalled();
  });

  it('a selection where nothing can go: the problems, and nothing written; in French for a French user', async () => {
    const h = grid([broken], { lcid: 1036 });
    await submitSelectedToErp([THIRD], null);
    expect(h.confirm).not.toHaveBeenCalled();
    expect(alertText(h)).toContain(fr['Dialog.SubmitSelected.None'].replace('{count}', '1'));
    expect(alertText(h)).toContain('ORD-01003-BBBBBB : ');
    expect(h.dv.callsOf('createRecord')).toEqual([]);
    expect(h.dv.callsOf('updateRecord')).toEqual([]);
  });

  it('cancelled: nothing written; more than 50: refused before reading anything', async () => {
    const h = grid([clean], { confirm: false });
    await submitSelectedToErp([ids.order], null);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
    expect(h.dv.callsOf('updateRecord')).toEqual([]);
    teardown();
    const many = grid([clean]);
    await submitSelectedToErp(Array.from({ length: 51 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`), null);
    expect(alertText(many)).toBe(en['Error.TooManySelected'].replace('{count}', '51').replace('{max}', '50'));
    expect(many.dv.calls.filter((c) => c.entity === 'salesorder')).toEqual([]);
  });
});
