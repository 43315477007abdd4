/** One decoder for Business Central enum values, whichever form the tenant sends (domain/bcEnums.ts). */
import { decodeBcEnum, encodeBcEnum, isBcEnum, isPostedInvoiceStatus } from '../../domain/bcEnums';
import { invoiceStateFromErp, isReleasedStatus } from '../../domain/erpMapping';
import { InvoiceState, InvoiceStatus } from '../../domain/dataverseCodes';

test('decodes XML-encoded member names and leaves plain ones', () => {
  expect(decodeBcEnum('In_x0020_Review')).toBe('In Review');
  expect(decodeBcEnum('_x0020_')).toBe(' ');
  expect(decodeBcEnum('Charge_x0020__x0028_Item_x0029_')).toBe('Charge (Item)');
  expect(decodeBcEnum('Expired_x0020_')).toBe('Expired ');
  expect(decodeBcEnum('Open')).toBe('Open');
  expect(decodeBcEnum(null)).toBe('');
});

test('encodes as XmlConvert.EncodeName does, and round-trips', () => {
  for (const [plain, wire] of [['In Review', 'In_x0020_Review'], [' ', '_x0020_'], ['G/L Account', 'G_x002F_L_x0020_Account'], ['Positive Adjmt.', 'Positive_x0020_Adjmt.'], ['Open', 'Open']]) {
    expect(encodeBcEnum(plain)).toBe(wire);
    expect(decodeBcEnum(wire)).toBe(plain);
  }
});

test('the product decides on either form', () => {
  expect(isBcEnum('In_x0020_Review', 'In Review')).toBe(true);
  expect(isBcEnum('In Review', 'In Review')).toBe(true);
  expect(isBcEnum('_x0020_', ' ')).toBe(true);
  expect(isBcEnum('Open', 'In Review')).toBe(false);
  expect(isPostedInvoiceStatus('In_x0020_Review')).toBe(false);
  expect(isPostedInvoiceStatus('Draft')).toBe(false);
  expect(isPostedInvoiceStatus('Open')).toBe(true);
  expect(isReleasedStatus('Open')).toBe(true);
  expect(isReleasedStatus('In_x0020_Review')).toBe(false);
  expect(invoiceStateFromErp({ status: 'Canceled', remainingAmount: 10, totalAmountIncludingTax: 10 })).toEqual({ statecode: InvoiceState.canceled, statuscode: InvoiceStatus.canceled });
});
