/**
 * Figures refreshed elsewhere (the form's "Update ERP statistics" / "Refresh availability" command, or the same
 * control in another tab) reload the control without the page being reloaded (issue 19, finding 3).
 */
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { isRefreshOf, refreshedMessage } from '../../domain/refreshSignal';
import { text } from './support/resx';
import * as ia from './harness/itemAvailability';
import * as as from './harness/accountStatistics';

const flush = () => act(() => new Promise((r) => setTimeout(r, 5)));

describe('domain: the refreshed message', () => {
  it('matches its record whatever the id casing and braces, and nothing else', () => {
    const message = refreshedMessage('account', '{ABCDEF00-0000-0000-0000-000000000001}');
    expect(message).toEqual({ type: 'erp-refreshed', table: 'account', id: 'abcdef00-0000-0000-0000-000000000001' });
    expect(isRefreshOf(message, 'account', 'ABCDEF00-0000-0000-0000-000000000001')).toBe(true);
    expect(isRefreshOf(message, 'product', 'abcdef00-0000-0000-0000-000000000001')).toBe(false);
    expect(isRefreshOf(message, 'account', 'abcdef00-0000-0000-0000-000000000002')).toBe(false);
    for (const junk of [null, 'erp-refreshed', 42, {}, { type: 'erp-refreshed', table: 'account' }, { ...message, type: 'other' }]) {
      expect(isRefreshOf(junk, 'account', 'abcdef00-0000-0000-0000-000000000001')).toBe(false);
    }
  });
});

describe('Account Statistics', () => {
  it('reloads and shows the new figures when a command refreshed this account', async () => {
    let balance = 1111.11;
    const r = as.renderAccountStatistics({ languageId: 1033, data: () => Promise.resolve(as.linked({ balance })) });
    expect(await screen.findByText('€1,111.11')).toBeInTheDocument();
    balance = 2222.22;
    // The command posts from its own frame: a channel of the same name, not the control's.
    r.broadcast.deliver(null, refreshedMessage('account', as.ACCOUNT_ID.toUpperCase()));
    await flush();
    expect(r.services.reader.read).toHaveBeenCalledTimes(2);
    expect(await screen.findByText('€2,222.22')).toBeInTheDocument();
  });

  it('ignores refreshes of other accounts, other tables and foreign messages', async () => {
    const r = as.renderAccountStatistics({ languageId: 1033, data: () => Promise.resolve(as.linked()) });
    await waitFor(() => expect(r.services.reader.read).toHaveBeenCalledTimes(1));
    r.broadcast.deliver(null, refreshedMessage('account', '00000000-0000-0000-0000-0000000000ff'));
    r.broadcast.deliver(null, refreshedMessage('product', as.ACCOUNT_ID));
    r.broadcast.deliver(null, { hello: 'world' });
    await flush();
    expect(r.services.reader.read).toHaveBeenCalledTimes(1);
  });

  it("its own refresh tells the other tabs once and reloads itself once", async () => {
    const r = as.renderAccountStatistics({ languageId: 1036, data: () => Promise.resolve(as.linked()), refresh: () => Promise.resolve({ status: 'succeeded' }) });
    await act(async () => {
      await userEvent.click(await screen.findByRole('button', { name: text(r.strings, 'Refresh') }));
    });
    await flush();
    expect(r.broadcast.posted).toEqual([refreshedMessage('account', as.ACCOUNT_ID)]);
    expect(r.services.reader.read).toHaveBeenCalledTimes(2);
  });

  it('frees its channel when unmounted', async () => {
    const r = as.renderAccountStatistics({ languageId: 1033, data: () => Promise.resolve(as.linked()) });
    await waitFor(() => expect(r.broadcast.openCount).toBe(1));
    r.unmount();
    expect(r.broadcast.openCount).toBe(0);
  });
});

describe('Item Availability', () => {
  it('reloads when "Refresh availability" refreshed its product, not for another product', async () => {
    const r = ia.renderItemAvailability({ languageId: 1033, data: () => Promise.resolve(ia.inStock) });
    await waitFor(() => expect(r.services.reader.read).toHaveBeenCalledTimes(1));
    r.broadcast.deliver(null, refreshedMessage('product', '00000000-0000-0000-0000-0000000000ff'));
    await flush();
    expect(r.services.reader.read).toHaveBeenCalledTimes(1);
    r.broadcast.deliver(null, refreshedMessage('product', ia.PRODUCT_ID));
    await flush();
    expect(r.services.reader.read).toHaveBeenCalledTimes(2);
  });
});
