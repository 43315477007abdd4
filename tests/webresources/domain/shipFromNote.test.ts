/**
 * A stock line without a ship-from location (issue 19, finding 11): Business Central gives it the order's location
 * (customer card, else the responsibility center's, else Company Information's, else none: BCApps UserSetupManagement.GetLocation). The pre-submit check says so once for all such lines,
 * in English and French, and points at where to choose; lines with a location, services and write-ins are not named.
 */
import { formatMessage } from '../../../domain/messages';
import { orderSnapshotQuery, ProblemCode, validateOrderForSubmission, validateQuoteForProcessing, type Problem } from '../../../domain/orderValidation';
import { ids, line, order, quote, settings } from '../support/fixtures';

const note = (problems: Problem[]) => problems.filter((p) => p.code === ProblemCode.locationFromErp);
const service = { productid: { productid: ids.bike, name: 'Installation', productnumber: 'R-1', statecode: 0, producttypecode: 3, erp_itemnumber: 'R-1' } };

describe('ship-from location the ERP will use', () => {
  it('names every stock line without a location, once, as information that does not block', () => {
    const o = order({
      order_details: [
        line({ erp_locationcode: null }),
        line({ salesorderdetailid: ids.line2, sequencenumber: 2, erp_locationcode: 'EAST' }),
        line({ salesorderdetailid: 'aaaaaaaa-0000-0000-0000-000000000003', sequencenumber: 3, erp_locationcode: '  ' }),
        line({ salesorderdetailid: 'aaaaaaaa-0000-0000-0000-000000000004', sequencenumber: 4, erp_locationcode: null, ...service }),
      ],
    });
    const problems = validateOrderForSubmission(o, settings());
    expect(note(problems)).toEqual([
      { code: 'LOCATION_FROM_ERP', severity: 'info', params: { lines: '1, 3', count: 2, source: 'rule', location: '' }, field: 'erp_locationcode', recordRef: { table: 'salesorderdetail', id: ids.line1.toLowerCase() } },
    ]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('nothing when every stock line has its location, and nothing on quotes (they ship nothing)', () => {
    expect(note(validateOrderForSubmission(order(), settings()))).toEqual([]);
    expect(note(validateQuoteForProcessing(quote({ quote_details: [{ ...line({ erp_locationcode: null }), quotedetailid: ids.line1 }] }), settings()))).toEqual([]);
  });

  it('says which location the ERP takes, and how to choose, in English and French', () => {
    const [one] = note(validateOrderForSubmission(order({ order_details: [line({ erp_locationcode: null })] }), settings()));
    expect(formatMessage(one.code, one.params, 1033)).toBe(
      'Line 1 has no ship-from location. The ERP will ship it from the order’s location, which Business Central takes from the customer card, else from the responsibility center, else from the company information; if none is set, from no location, and the stock shows under “No location”. Once the order is in the ERP, the line shows the location used. To choose, press Ship from here on a location in the line’s availability.',
    );
    expect(formatMessage(one.code, one.params, 1036)).toMatch(/^La ligne 1 n’a pas de magasin d’expédition\. L’ERP l’expédiera depuis le magasin de la commande, que Business Central reprend de la fiche client, à défaut du centre de gestion, .*« Sans magasin »\. Une fois la commande dans l’ERP, la ligne indique le magasin utilisé\. Pour choisir, appuyez sur Expédier d’ici/);
    expect(formatMessage(one.code, { lines: '1, 3', count: 2 }, 1033)).toMatch(/^Lines 1, 3 have no ship-from location\. The ERP will ship them from/);
    expect(formatMessage(one.code, { lines: '1, 3', count: 2 }, 1036)).toMatch(/^Les lignes 1, 3 n’ont pas de magasin d’expédition\. L’ERP les expédiera depuis/);
  });

  it('names the customer’s ERP location when the account holds it (page 22 via the connector), EN and FR', () => {
    const account = { accountid: ids.account, name: 'Fabrikam', accountnumber: 'C-10000', customertypecode: 3, statecode: 0, erp_customernumber: '10000', erp_erplocationcode: ' paris ' };
    const [one] = note(validateOrderForSubmission(order({ customerid_account: account, order_details: [line({ erp_locationcode: null })] }), settings()));
    expect(one.params).toEqual({ lines: '1', count: 1, source: 'customer', location: 'PARIS' });
    expect(one.severity).toBe('info');
    expect(formatMessage(one.code, one.params, 1033)).toBe(
      'Line 1 has no ship-from location. The ERP will ship it from PARIS, the customer’s location in the ERP (customer card). Once the order is in the ERP, the line shows the location used. To choose, press Ship from here on a location in the line’s availability.',
    );
    expect(formatMessage(one.code, { ...one.params, lines: '1, 2', count: 2 }, 1036)).toBe(
      'Les lignes 1, 2 n’ont pas de magasin d’expédition. L’ERP les expédiera depuis PARIS, le magasin du client dans l’ERP (fiche client). Une fois la commande dans l’ERP, la ligne indique le magasin utilisé. Pour choisir, appuyez sur Expédier d’ici sur un magasin dans la disponibilité de la ligne.',
    );
    // The customer may be a contact: its parent account's location counts.
    const viaContact = order({
      customerid_account: null,
      customerid_contact: { contactid: 'cccccccc-0000-0000-0000-000000000001', fullname: 'Ann', _parentcustomerid_value: ids.account, parentcustomerid_account: { ...account, erp_erplocationcode: 'GENEVA' } },
      order_details: [line({ erp_locationcode: null })],
    });
    expect(note(validateOrderForSubmission(viaContact, settings()))[0].params.location).toBe('GENEVA');
    // An empty or blank column is the rule text again.
    const blankLoc = order({ customerid_account: { ...account, erp_erplocationcode: '  ' }, order_details: [line({ erp_locationcode: null })] });
    expect(note(validateOrderForSubmission(blankLoc, settings()))[0].params).toMatchObject({ source: 'rule', location: '' });
    expect(formatMessage('LOCATION_FROM_ERP', { lines: '1', count: 1, source: 'rule', location: '' }, 1033)).toContain('from the order’s location, which Business Central takes from the customer card');
    // A location coded like a branch of the text's select (NONE, OTHER) is still named as a location.
    for (const code of ['NONE', 'OTHER']) {
      const coded = order({ customerid_account: { ...account, erp_erplocationcode: code.toLowerCase() }, order_details: [line({ erp_locationcode: null })] });
      const params = note(validateOrderForSubmission(coded, settings()))[0].params;
      expect(params).toMatchObject({ source: 'customer', location: code });
      expect(formatMessage('LOCATION_FROM_ERP', params, 1033)).toContain(`The ERP will ship it from ${code}, the customer’s location in the ERP`);
      expect(formatMessage('LOCATION_FROM_ERP', params, 1036)).toContain(`L’ERP l’expédiera depuis ${code}, le magasin du client dans l’ERP`);
    }
  });

  it('the snapshot query both sides read with selects the account’s ERP location (direct and through a contact)', () => {
    const q = orderSnapshotQuery();
    expect(q.match(/erp_erplocationcode/g)).toHaveLength(2);
    expect(q).toContain('customerid_account($select=accountid,name,accountnumber,customertypecode,statecode,erp_customernumber,erp_erplocationcode)');
  });
});

