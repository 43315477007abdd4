/**
 * @jest-environment jsdom
 */
/**
 * The sandbox form's lookup and line editor in a DOM (issue 19): the lookup searches with contains and $top and is
 * picked with the keyboard from an ARIA listbox, and cleared; the line editor refuses an incomplete line before any
 * request, reads French numbers, and a catalogue line brings its product's default unit.
 */
import '@testing-library/jest-dom';
import * as React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { ServicesContext, type AppServices } from '../../sandbox/app/client/app/services';
import { Metadata } from '../../sandbox/app/client/data/metadata';
import { setLanguage } from '../../sandbox/app/client/i18n';
import { LookupField, lookupQuery } from '../../sandbox/app/client/form/LookupField';
import { LineEditorForm } from '../../sandbox/app/client/form/LineEditorForm';
import { draftOf, lineProblems, type LineDraft } from '../../sandbox/app/client/form/lineEditor';
import type { LookupRef } from '../../sandbox/app/client/form/formModel';
import type { EntityInfo } from '../../sandbox/app/shared/model';

const entity = (logicalName: string, primaryId: string, primaryName: string, label: string): EntityInfo => ({
  logicalName, entitySetName: `${logicalName}s`, primaryId, primaryName, labels: { 1033: label, 1036: label }, collectionLabels: {}, attributes: {},
});
const meta = new Metadata([entity('account', 'accountid', 'name', 'Account'), entity('contact', 'contactid', 'fullname', 'Contact'), entity('product', 'productid', 'name', 'Product'), entity('uom', 'uomid', 'name', 'Unit')]);

const ROWS: Record<string, Record<string, unknown>[]> = {
  account: [{ accountid: 'a1', name: 'Plomberie Guerin SA' }, { accountid: 'a2', name: 'Plomberie Martin' }],
  contact: [{ contactid: 'c1', fullname: 'Paul Plombier' }],
  product: [{ productid: 'p1', name: 'Safety helmet yellow' }],
  uom: [{ uomid: 'u1', name: 'PCS' }],
};

function fakeClient() {
  const queries: string[] = [];
  return {
    queries,
    retrieveMultiple: jest.fn(async (table: string, q: string) => {
      queries.push(`${table}${q}`);
      const text = /contains\(\w+,'([^']*)'\)/.exec(q)?.[1]?.toLowerCase() ?? '';
      return { entities: (ROWS[table] ?? []).filter((r) => Object.values(r).some((v) => String(v).toLowerCase().includes(text))) };
    }),
    retrieve: jest.fn(async () => ({ _defaultuomid_value: 'u1', '_defaultuomid_value@OData.Community.Display.V1.FormattedValue': 'PCS', _defaultuomscheduleid_value: 's1' })),
  };
}

function withServices(client: ReturnType<typeof fakeClient>, ui: React.ReactElement) {
  const services = { meta, client, manifest: { forms: {} }, session: {} } as unknown as AppServices;
  return render(
    <FluentProvider theme={webLightTheme}>
      <ServicesContext.Provider value={services}>{ui}</ServicesContext.Provider>
    </FluentProvider>,
  );
}

beforeEach(() => setLanguage(1036));
afterAll(() => setLanguage(1033));

describe('lookup editor', () => {
  it('builds a bounded contains query, quoting the text as an OData literal', () => {
    expect(lookupQuery('accountid', 'name', "L'Atelier")).toBe("?$select=accountid,name&$filter=contains(name,'L''Atelier')&$orderby=name asc&$top=10");
    expect(lookupQuery('uomid', 'name', '', '_uomscheduleid_value eq s1')).toBe('?$select=uomid,name&$filter=_uomscheduleid_value eq s1&$orderby=name asc&$top=10');
  });

  it('searches every target as the user types and offers the matches in an ARIA listbox', async () => {
    const client = fakeClient();
    const picked: (LookupRef[] | null)[] = [];
    withServices(client, <LookupField id="customer" targets={['account', 'contact']} value={null} onChange={(v) => picked.push(v)} ariaLabel="Client" />);
    const input = document.getElementById('customer') as HTMLInputElement;
    expect(input).toHaveAttribute('role', 'combobox');
    expect(input).toHaveAttribute('aria-label', 'Client');
    const user = userEvent.setup();
    await user.click(input);
    await user.keyboard('Plomb');
    await waitFor(() => expect(client.queries.some((q) => q.startsWith('contact') && q.includes("contains(fullname,'Plomb')"))).toBe(true));
    expect(client.queries.some((q) => q.startsWith('account') && q.includes("contains(name,'Plomb')") && q.includes('$top=10'))).toBe(true);
    // Several targets: each result says its table.
    const option = (await screen.findByText('Paul Plombier (Contact)')).closest('[role=option]') as HTMLElement;
    expect(option.closest('[role=listbox]')).not.toBeNull();
    expect(screen.getByText('Plomberie Guerin SA (Account)').closest('[role=option]')).not.toBeNull();
    // The arrow keys and Enter are exercised in Chromium (tests/e2e/orderEditing.test.ts); jsdom picks by click.
    await user.click(option);
    expect(picked).toEqual([[{ id: 'c1', name: 'Paul Plombier', entityType: 'contact' }]]);
  });

  it('clears its value with a labelled button, and is a link when read-only', async () => {
    const client = fakeClient();
    const changes: (LookupRef[] | null)[] = [];
    const value = [{ id: 'a1', name: 'Plomberie Guerin SA', entityType: 'account' }];
    const { rerender } = withServices(client, <LookupField id="customer" targets={['account']} value={value} onChange={(v) => changes.push(v)} ariaLabel="Client" />);
    fireEvent.click(screen.getByLabelText('Effacer Client'));
    expect(changes).toEqual([null]);
    rerender(
      <FluentProvider theme={webLightTheme}>
        <ServicesContext.Provider value={{ meta, client, manifest: { forms: {} }, session: {} } as unknown as AppServices}>
          <LookupField id="customer" targets={['account']} value={value} onChange={() => undefined} ariaLabel="Client" disabled />
        </ServicesContext.Provider>
      </FluentProvider>,
    );
    expect(screen.getByText('Plomberie Guerin SA').closest('a')).toHaveAttribute('href', '#/form/account/a1');
    expect(document.querySelector('[role=combobox]')).toBeNull();
  });
});

describe('line editor', () => {
  const empty: LineDraft = { kind: 'writein', product: null, description: '', quantity: 1, unit: null, price: null };

  it('names what is missing before sending anything', () => {
    expect(lineProblems(empty)).toEqual(['describeProduct', 'price']);
    expect(lineProblems({ ...empty, kind: 'product', quantity: 0 })).toEqual(['chooseProduct', 'quantity']);
    expect(lineProblems({ ...empty, description: 'Sur mesure', price: 10 })).toEqual([]);
  });

  it('reads a saved write-in line as a write-in, with its own price', () => {
    expect(draftOf({ productdescription: 'Support', isproductoverridden: true, quantity: 2, priceperunit: 149 }, () => undefined)).toMatchObject({ kind: 'writein', description: 'Support', price: 149 });
    expect(draftOf({ _productid_value: 'p1', _uomid_value: 'u1', quantity: 2, priceperunit: 26.87 }, (k) => (k === '_productid_value' ? 'Helmet' : 'PCS'))).toMatchObject({ kind: 'product', product: { id: 'p1', name: 'Helmet' }, unit: { id: 'u1', name: 'PCS' }, price: null });
  });

  it('refuses an incomplete write-in in French, then saves the French number typed', async () => {
    const client = fakeClient();
    const saved: LineDraft[] = [];
    withServices(client, <LineEditorForm idPrefix="l" initial={empty} saving={false} error={null} onSave={(d) => saved.push(d)} onCancel={() => undefined} />);
    const user = userEvent.setup();
    expect(screen.getByTestId('line-description')).toHaveFocus();
    await user.click(screen.getByTestId('line-save'));
    expect(screen.getByTestId('line-editor-error')).toHaveTextContent('Décrivez le produit hors catalogue.');
    expect(saved).toHaveLength(0);
    await user.type(screen.getByTestId('line-description'), 'Support mural');
    await user.type(screen.getByTestId('line-price'), '1 049,5');
    await user.tab();
    expect((screen.getByTestId('line-price') as HTMLInputElement).value.replace(/[\u00a0\u202f]/g, ' ')).toBe('1 049,50');
    await user.click(screen.getByTestId('line-save'));
    expect(saved).toEqual([{ ...empty, description: 'Support mural', price: 1049.5 }]);
  });

  it('Escape cancels the line (the default unit of a catalogue line is checked in Chromium, orderEditing.test.ts)', () => {
    const cancel = jest.fn();
    withServices(fakeClient(), <LineEditorForm idPrefix="l" initial={empty} saving={false} error={null} onSave={() => undefined} onCancel={cancel} />);
    act(() => {
      fireEvent.keyDown(screen.getByTestId('line-description'), { key: 'Escape' });
    });
    expect(cancel).toHaveBeenCalledTimes(1);
  });
});
