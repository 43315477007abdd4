import {
  hasBlockingProblems,
  nameCommentLines,
  orderSnapshotQuery,
  ProblemCode,
  problemSeverity,
  quoteSnapshotQuery,
  splitIntoCommentLines,
  validateOrderForSubmission,
  validateQuoteForProcessing,
  type Problem,
} from '../../../domain/orderValidation';
import { SubmissionStatus } from '../../../domain/schema';
import { ids, line, order, quote, settings } from '../support/fixtures';

const codes = (problems: Problem[]): string[] => problems.map((p) => p.code);

describe('validateOrderForSubmission', () => {
  it('finds nothing wrong with a clean order', () => {
    expect(validateOrderForSubmission(order(), settings())).toEqual([]);
  });

  it('reports ALL problems at once, not the first one only', () => {
    const problems = validateOrderForSubmission(
      order({
        customerid_account: { accountid: ids.account, name: 'Fabrikam', customertypecode: 1, statecode: 0, erp_customernumber: null },
        _transactioncurrencyid_value: null,
        transactioncurrencyid: null,
        order_details: [
          line({ productid: { productid: ids.bike, name: 'Bike 500', productnumber: 'BK-500', statecode: 0, producttypecode: 1, erp_itemnumber: null } }),
          line({ salesorderdetailid: ids.line2, sequencenumber: 2, quantity: 0 }),
        ],
      }),
      settings(),
    );
    expect(codes(problems)).toEqual(
      expect.arrayContaining([ProblemCode.accountNotCustomer, ProblemCode.accountNotCoupled, ProblemCode.currencyMissing, ProblemCode.productNotCoupled, ProblemCode.quantityNotPositive]),
    );
    expect(problems).toHaveLength(5);
  });

  it('names the product and the line of an uncoupled product, and points at the product', () => {
    const problems = validateOrderForSubmission(
      order({
        order_details: [
          line(),
          line({ salesorderdetailid: ids.line2, sequencenumber: 2, _productid_value: ids.helmet, productid: { productid: ids.helmet, name: 'Helmet', productnumber: 'HL-1', statecode: 0, producttypecode: 1, erp_itemnumber: '' } }),
        ],
      }),
      settings(),
    );
    expect(problems).toEqual([
      { code: 'PRODUCT_NOT_COUPLED', severity: 'error', field: 'productid', recordRef: { table: 'product', id: ids.helmet }, params: { line: 2, product: 'Helmet (HL-1)' } },
    ]);
  });

  it('numbers lines by sequence number, whatever order they arrive in', () => {
    const problems = validateOrderForSubmission(
      order({ order_details: [line({ salesorderdetailid: ids.line2, sequencenumber: 20, quantity: -1 }), line({ sequencenumber: 10 })] }),
      settings(),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'QUANTITY_NOT_POSITIVE', params: { line: 2, quantity: -1 }, recordRef: { table: 'salesorderdetail', id: ids.line2 } })]);
  });

  it('a product coupled only through an erp_coupling row counts as coupled', () => {
    const o = order({ order_details: [line({ productid: { productid: ids.bike, name: 'Bike 500', statecode: 0, producttypecode: 1, erp_itemnumber: null } })] });
    expect(codes(validateOrderForSubmission(o, settings()))).toEqual(['PRODUCT_NOT_COUPLED']);
    expect(validateOrderForSubmission(o, settings({ couplings: { systemuser: { [ids.user]: 'AW' }, product: { [ids.bike]: '1000' } } }))).toEqual([]);
  });

  it.each([
    ['no customer', { _customerid_value: null, customerid_account: null }, 'CUSTOMER_MISSING'],
    ['unreadable customer', { customerid_account: null }, 'CUSTOMER_MISSING'],
    ['inactive account', { customerid_account: { accountid: ids.account, name: 'Fabrikam', customertypecode: 3, statecode: 1, erp_customernumber: '10000' } }, 'ACCOUNT_INACTIVE'],
    ['account not a customer', { customerid_account: { accountid: ids.account, name: 'Fabrikam', customertypecode: 11, statecode: 0, erp_customernumber: '10000' } }, 'ACCOUNT_NOT_CUSTOMER'],
    ['account not coupled', { customerid_account: { accountid: ids.account, name: 'Fabrikam', customertypecode: 3, statecode: 0, erp_customernumber: null } }, 'ACCOUNT_NOT_COUPLED'],
    ['no lines', { order_details: [] }, 'NO_LINES'],
    ['lines not readable', { order_details: null }, 'NO_LINES'],
    ['no currency', { _transactioncurrencyid_value: null, transactioncurrencyid: null }, 'CURRENCY_MISSING'],
    ['no number', { ordernumber: '  ' }, 'DOCUMENT_NUMBER_MISSING'],
    ['number too long', { ordernumber: 'ORD-' + 'X'.repeat(32) }, 'DOCUMENT_NUMBER_TOO_LONG'],
    ['already in the ERP', { erp_erpordernumber: 'SO-1001' }, 'ORDER_ALREADY_IN_ERP'],
    ['canceled order', { statecode: 2, statuscode: 4 }, 'ORDER_NOT_ACTIVE'],
    ['submitted order not failed', { statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.inErp }, 'ORDER_NOT_ACTIVE'],
    ['team-owned', { _owninguser_value: null, _owningteam_value: ids.team, _ownerid_value: ids.team, owninguser: null }, 'OWNER_NOT_USER'],
    ['owner not coupled', { _owninguser_value: '12345678-0000-0000-0000-000000000000', _ownerid_value: '12345678-0000-0000-0000-000000000000', owninguser: { systemuserid: '12345678-0000-0000-0000-000000000000', fullname: 'Sam Lee' } }, 'OWNER_NOT_COUPLED'],
  ])('%s → %s', (_title, overrides, code) => {
    expect(codes(validateOrderForSubmission(order(overrides as never), settings()))).toEqual([code]);
  });

  it.each([
    ['retired product', { productid: { productid: ids.bike, name: 'Bike 500', statecode: 1, producttypecode: 1, erp_itemnumber: '1000' } }, 'PRODUCT_INACTIVE'],
    ['draft product', { productid: { productid: ids.bike, name: 'Bike 500', statecode: 2, producttypecode: 1, erp_itemnumber: '1000' } }, 'PRODUCT_INACTIVE'],
    ['flat-fee product', { productid: { productid: ids.bike, name: 'Bike 500', statecode: 0, producttypecode: 4, erp_itemnumber: '1000' } }, 'PRODUCT_TYPE_UNSUPPORTED'],
    ['misc. charge product', { productid: { productid: ids.bike, name: 'Bike 500', statecode: 0, producttypecode: 2, erp_itemnumber: '1000' } }, 'PRODUCT_TYPE_UNSUPPORTED'],
    ['deleted product', { productid: null }, 'PRODUCT_NOT_FOUND'],
    ['no unit', { _uomid_value: null, uomid: null }, 'UNIT_MISSING'],
    ['zero quantity', { quantity: 0 }, 'QUANTITY_NOT_POSITIVE'],
    ['negative quantity', { quantity: -3 }, 'QUANTITY_NOT_POSITIVE'],
    ['no quantity', { quantity: null }, 'QUANTITY_NOT_POSITIVE'],
  ])('line with %s → %s', (_title, overrides, code) => {
    expect(codes(validateOrderForSubmission(order({ order_details: [line(overrides as never)] }), settings()))).toEqual([code]);
  });

  it('a services product is accepted (ERP resource)', () => {
    const o = order({ order_details: [line({ productid: { productid: ids.bike, name: 'Install', statecode: 0, producttypecode: 3, erp_itemnumber: 'R-1' } })] });
    expect(validateOrderForSubmission(o, settings())).toEqual([]);
  });

  it('checks unit couplings only when the caller loaded them (unit-group mode)', () => {
    expect(validateOrderForSubmission(order(), settings())).toEqual([]);
    const problems = validateOrderForSubmission(order(), settings({ couplings: { systemuser: { [ids.user]: 'AW' }, uom: {} } }));
    expect(problems).toEqual([expect.objectContaining({ code: 'UNIT_NOT_COUPLED', params: { line: 1, product: 'Bike 500 (BK-500)', unit: 'Piece' } })]);
  });

  it('skips the owner check when user couplings were not loaded', () => {
    expect(validateOrderForSubmission(order(), settings({ couplings: {} }))).toEqual([]);
  });

  describe('write-in lines', () => {
    const writeIn = line({ isproductoverridden: true, _productid_value: null, productid: null, productdescription: 'Custom paint job' });
    it('need the write-in setup on the connection', () => {
      expect(validateOrderForSubmission(order({ order_details: [writeIn] }), settings())).toEqual([]);
      const problems = validateOrderForSubmission(order({ order_details: [writeIn] }), settings({ connection: { erp_writeinproducttype: null, erp_writeinproductnumber: null } }));
      expect(problems).toEqual([expect.objectContaining({ code: 'WRITE_IN_SETUP_MISSING', severity: 'error', params: { line: 1, product: 'Custom paint job' } })]);
    });
    it('without any text get a warning only', () => {
      const problems = validateOrderForSubmission(order({ order_details: [{ ...writeIn, productdescription: '' }] }), settings());
      expect(problems).toEqual([expect.objectContaining({ code: 'WRITE_IN_DESCRIPTION_MISSING', severity: 'warning' })]);
      expect(hasBlockingProblems(problems)).toBe(false);
    });
    it('do not need a unit or a coupled product', () => {
      const problems = validateOrderForSubmission(order({ order_details: [{ ...writeIn, _uomid_value: null, uomid: null }] }), settings({ couplings: { uom: {}, product: {} } }));
      expect(problems).toEqual([]);
    });
  });

  it('a long description becomes comment lines (info, never blocking)', () => {
    const problems = validateOrderForSubmission(order({ order_details: [line({ description: 'word '.repeat(1000).trim() })] }), settings());
    expect(problems).toEqual([expect.objectContaining({ code: 'DESCRIPTION_SPLIT', severity: 'info', params: { line: 1, length: 4999, count: 50, max: 100 } })]);
    expect(hasBlockingProblems(problems)).toBe(false);
  });

  it('a 5,000-character name is fine: it travels whole as comment lines, never cut', () => {
    const name = 'N'.repeat(5000);
    expect(validateOrderForSubmission(order({ name }), settings())).toEqual([]);
    expect(nameCommentLines(name).join('')).toBe(name);
  });

  it('a contact customer resolves to its company; a contact without one is an error', () => {
    const account = order().customerid_account;
    const viaContact = order({ customerid_account: null, _customerid_value: ids.contact, customerid_contact: { contactid: ids.contact, fullname: 'Pat Kim', parentcustomerid_account: account } });
    expect(validateOrderForSubmission(viaContact, settings())).toEqual([]);
    const orphan = order({ customerid_account: null, _customerid_value: ids.contact, customerid_contact: { contactid: ids.contact, fullname: 'Pat Kim', parentcustomerid_account: null } });
    expect(validateOrderForSubmission(orphan, settings())).toEqual([
      { code: 'CONTACT_WITHOUT_ACCOUNT', severity: 'error', field: 'customerid', recordRef: { table: 'contact', id: ids.contact }, params: { contact: 'Pat Kim' } },
    ]);
  });

  it('checks the currency against the ERP currencies when they are known', () => {
    expect(validateOrderForSubmission(order(), settings({ erpCurrencyCodes: ['eur', 'USD'] }))).toEqual([]);
    expect(codes(validateOrderForSubmission(order(), settings({ erpCurrencyCodes: ['USD'] })))).toEqual(['CURRENCY_UNSUPPORTED']);
  });

  it('requires an ERP connection', () => {
    expect(codes(validateOrderForSubmission(order(), settings({ connection: null })))).toEqual(['NO_CONNECTION']);
  });

  it('refuses unsaved forms on the client', () => {
    expect(codes(validateOrderForSubmission(order(), settings({ hasUnsavedChanges: true })))).toEqual(['ORDER_UNSAVED']);
  });

  it('lets a failed or stuck submission be retried on the client', () => {
    expect(validateOrderForSubmission(order({ statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.failed }), settings())).toEqual([]);
    expect(validateOrderForSubmission(order({ statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued }), settings())).toEqual([]);
  });

  it('on the connector, the order must be Submitted', () => {
    expect(codes(validateOrderForSubmission(order(), settings({ stage: 'connector' })))).toEqual(['ORDER_NOT_SUBMITTED']);
    expect(validateOrderForSubmission(order({ statecode: 1, statuscode: 3 }), settings({ stage: 'connector' }))).toEqual([]);
  });

  it('gives every code a severity and only warnings/infos as non-blocking', () => {
    for (const code of Object.values(ProblemCode)) expect(['error', 'warning', 'info']).toContain(problemSeverity[code]);
    expect(problemSeverity.OWNER_NOT_COUPLED).toBe('warning');
    expect(problemSeverity.DOCUMENT_NUMBER_TOO_LONG).toBe('error');
  });
});

describe('validateQuoteForProcessing', () => {
  it('accepts an activated quote and a won quote', () => {
    expect(validateQuoteForProcessing(quote(), settings())).toEqual([]);
    expect(validateQuoteForProcessing(quote({ statecode: 2, statuscode: 4 }), settings())).toEqual([]);
  });
  it('refuses a draft quote, and still lists every other problem', () => {
    const problems = validateQuoteForProcessing(quote({ statecode: 0, statuscode: 1, quote_details: [] }), settings());
    expect(codes(problems)).toEqual(['QUOTE_NOT_ACTIVE', 'NO_LINES']);
  });
  it('points at quote lines', () => {
    const problems = validateQuoteForProcessing(quote({ quote_details: [{ ...line({ quantity: 0 }), quotedetailid: ids.line2 }] }), settings());
    expect(problems).toEqual([expect.objectContaining({ code: 'QUANTITY_NOT_POSITIVE', recordRef: { table: 'quotedetail', id: ids.line2 } })]);
  });
  it('refuses unsaved quotes and over-long quote numbers', () => {
    expect(codes(validateQuoteForProcessing(quote({ quotenumber: 'Q'.repeat(36) }), settings({ hasUnsavedChanges: true })))).toEqual(['QUOTE_UNSAVED', 'DOCUMENT_NUMBER_TOO_LONG']);
  });
});

describe('helpers', () => {
  it('splits text into ≤ 100-character comment lines at word boundaries, keeping every word', () => {
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitIntoCommentLines(text);
    expect(pieces.every((p) => p.length <= 100)).toBe(true);
    expect(pieces.join(' ')).toBe(text);
    expect(splitIntoCommentLines('a\nb\r\n\nc')).toEqual(['a', 'b', 'c']);
    expect(splitIntoCommentLines('x'.repeat(250))).toEqual(['x'.repeat(100), 'x'.repeat(100), 'x'.repeat(50)]);
  });
  it('builds one read with every column the rules use', () => {
    const q = orderSnapshotQuery();
    for (const col of ['erp_customernumber', 'erp_itemnumber', 'customertypecode', 'producttypecode', 'isocurrencycode', 'order_details', 'parentcustomerid_account', '_owninguser_value']) {
      expect(q).toContain(col);
    }
    expect(quoteSnapshotQuery()).toContain('quote_details(');
  });
});
