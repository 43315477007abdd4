/**
 * The states both controls share (issue 6), for each control in English and French: loading, no data yet,
 * not linked, no privilege, load failure, offline, stale, refresh (running, succeeded, failed, timed out,
 * denied), switched off by the administrator, masked, disabled, unsaved record, keyboard, host theme.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { webDarkTheme, type Theme } from '@fluentui/react-components';
import { RequestKind } from '../../domain/schema';
import type { RefreshOutcome } from '../../controls/shared/integrationRequests';
import { privilegeError } from './support/fakeWebApi';
import { text } from './support/resx';
import type { Security } from './support/mockContext';
import * as ia from './harness/itemAvailability';
import * as as from './harness/accountStatistics';

interface CommonOptions {
  languageId: number;
  data?: () => Promise<unknown>;
  refresh?: () => Promise<RefreshOutcome>;
  security?: Security;
  disabled?: boolean;
  offline?: boolean;
  unsaved?: boolean;
  theme?: Theme;
}

interface Rendered {
  services: { reader: { read: jest.Mock }; requester: { refresh: jest.Mock } };
  strings: Record<string, string>;
  container: HTMLElement;
  rerenderWith(o: Partial<CommonOptions>): void;
}

interface ControlCase {
  name: string;
  render(o: CommonOptions): Rendered;
  fresh(): unknown;
  /** Data older than the control's default maximum age. */
  stale(): unknown;
  staleAge: Record<number, string>;
  freshAge: Record<number, string>;
  notLinked(): unknown;
  noData(): unknown;
  kind: number;
  target: { table: string; id: string };
}

const controls: ControlCase[] = [
  {
    name: 'ItemAvailability',
    render: (o) => {
      const r = ia.renderItemAvailability({ ...o, product: o.unsaved ? 'unsavedProductForm' : 'lookup' } as ia.RenderOptions);
      return { ...r, rerenderWith: (x) => r.rerenderWith(x as Partial<ia.RenderOptions>) };
    },
    fresh: () => ia.inStock,
    stale: () => ({ ...ia.inStock, locations: ia.inStock.locations.map((l) => ({ ...l, refreshedOn: ia.minutesAgo(300) })) }),
    staleAge: { 1033: '5 hours ago', 1036: 'il y a 5 heures' },
    freshAge: { 1033: '10 minutes ago', 1036: 'il y a 10 minutes' },
    notLinked: () => ({ enabled: true, itemNumber: null, productType: 1, locations: [] }),
    noData: () => ({ enabled: true, itemNumber: '1896-S', productType: 1, locations: [] }),
    kind: RequestKind.refreshAvailability,
    target: { table: 'product', id: ia.PRODUCT_ID },
  },
  {
    name: 'AccountStatistics',
    render: (o) => {
      const r = as.renderAccountStatistics({ ...o, binding: o.unsaved ? 'unsavedAccountForm' : 'accountForm' } as as.RenderOptions);
      return { ...r, rerenderWith: (x) => r.rerenderWith(x as Partial<as.RenderOptions>) };
    },
    fresh: () => as.linked(),
    stale: () => as.linked({ refreshedOn: as.minutesAgo(300) }),
    staleAge: { 1033: '5 hours ago', 1036: 'il y a 5 heures' },
    freshAge: { 1033: '15 minutes ago', 1036: 'il y a 15 minutes' },
    notLinked: () => ({ enabled: true, customerNumber: null, statistics: null }),
    noData: () => ({ enabled: true, customerNumber: 'C10000', statistics: null }),
    kind: RequestKind.refreshStatistics,
    target: { table: 'account', id: as.ACCOUNT_ID },
  },
];

/** A click whose consequences (a refresh outcome already settled, a reload) are flushed inside act. */
async function click(element: HTMLElement): Promise<void> {
  await act(async () => {
    await userEvent.click(element);
  });
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const refreshButton = (strings: Record<string, string>) => screen.getByRole('button', { name: text(strings, 'Refresh') });
const section = (strings: Record<string, string>) => screen.getByRole('region', { name: text(strings, 'ControlLabel') });

describe.each(controls)('$name', (c) => {
  describe.each([1033, 1036])('language %i', (languageId) => {
    test('loading: a shimmer labelled for screen readers while the first read is pending, and nothing else', async () => {
      const r = c.render({ languageId, data: () => new Promise(() => undefined) });
      const shimmer = screen.getByLabelText(text(r.strings, 'Loading'));
      expect(shimmer).toHaveAttribute('data-state', 'loading');
      expect(section(r.strings)).toHaveAttribute('aria-busy', 'true');
      expect(screen.queryByRole('button')).toBeNull();
    });

    test('data: shows the figures, the "as of" time and a refresh action; one read only', async () => {
      const r = c.render({ languageId, data: () => Promise.resolve(c.fresh()) });
      expect(await screen.findByText(new RegExp(`^${escape(text(r.strings, 'AsOf', ''))}`))).toBeInTheDocument();
      expect(refreshButton(r.strings)).toBeEnabled();
      expect(section(r.strings)).not.toHaveAttribute('aria-busy');
      expect(r.services.reader.read).toHaveBeenCalledTimes(1);
      expect(r.services.reader.read).toHaveBeenCalledWith(c.target);
      expect(screen.queryByText(text(r.strings, 'StaleData', c.freshAge[languageId]))).toBeNull();
    });

    test('no data yet: says so and offers a refresh', async () => {
      const r = c.render({ languageId, data: () => Promise.resolve(c.noData()) });
      expect(await screen.findByText(text(r.strings, 'NoData'))).toBeInTheDocument();
      expect(refreshButton(r.strings)).toBeEnabled();
    });

    test('record not linked to the ERP: says so, no refresh (there is nothing to refresh)', async () => {
      const r = c.render({ languageId, data: () => Promise.resolve(c.notLinked()) });
      expect(await screen.findByText(text(r.strings, 'NotLinked'))).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: text(r.strings, 'Refresh') })).toBeNull();
    });

    test('no privilege (403, 0x80040220): a plain explanation, never the server message or a stack trace', async () => {
      const r = c.render({ languageId, data: () => Promise.reject(privilegeError()) });
      expect(await screen.findByText(text(r.strings, 'NoPrivilege'))).toBeInTheDocument();
      expect(r.container.textContent).not.toMatch(/prvRead|at Object|0x8004/);
    });

    test('load failure: the reason in one line and a "try again" button that reads again', async () => {
      let attempt = 0;
      const r = c.render({
        languageId,
        data: () => (++attempt === 1 ? Promise.reject(new Error('Service unavailable\n    at fetch (app.js:1:1)')) : Promise.resolve(c.fresh())),
      });
      expect(await screen.findByText(text(r.strings, 'LoadFailed', 'Service unavailable'))).toBeInTheDocument();
      expect(r.container.textContent).not.toContain('app.js');
      await click(screen.getByRole('button', { name: text(r.strings, 'Retry') }));
      expect(await screen.findByRole('button', { name: text(r.strings, 'Refresh') })).toBeInTheDocument();
      expect(r.services.reader.read).toHaveBeenCalledTimes(2);
    });

    test('offline with data (offline store): the figures with their age, refresh disabled', async () => {
      const r = c.render({ languageId, offline: true, data: () => Promise.resolve(c.fresh()) });
      expect(await screen.findByText(text(r.strings, 'Offline', c.freshAge[languageId]))).toBeInTheDocument();
      expect(refreshButton(r.strings)).toBeDisabled();
    });

    test('offline without data: says the figures are not available on this device', async () => {
      const r = c.render({ languageId, offline: true, data: () => Promise.reject(new TypeError('Failed to fetch')) });
      expect(await screen.findByText(text(r.strings, 'OfflineNoData'))).toBeInTheDocument();
    });

    test('connector silent (figures older than the maximum age): last data with a stale warning and its age', async () => {
      const r = c.render({ languageId, data: () => Promise.resolve(c.stale()) });
      expect(await screen.findByText(text(r.strings, 'StaleData', c.staleAge[languageId]))).toBeInTheDocument();
      expect(refreshButton(r.strings)).toBeEnabled();
    });

    test('refresh: creates a request for this record, shows "refreshing", then reloads when the connector succeeds', async () => {
      const outcome = deferred<RefreshOutcome>();
      const r = c.render({ languageId, refresh: () => outcome.promise, data: () => Promise.resolve(c.fresh()) });
      await click(await screen.findByRole('button', { name: text(r.strings, 'Refresh') }));
      expect(r.services.requester.refresh).toHaveBeenCalledWith(c.kind, c.target, expect.objectContaining({ cancelled: false }));
      expect(screen.getByText(text(r.strings, 'Refreshing'))).toBeInTheDocument();
      expect(section(r.strings)).toHaveAttribute('aria-busy', 'true');
      // A second click while running asks nothing more.
      fireEvent.click(refreshButton(r.strings));
      expect(r.services.requester.refresh).toHaveBeenCalledTimes(1);
      await act(async () => outcome.resolve({ status: 'succeeded' }));
      expect(await screen.findByText(text(r.strings, 'RefreshSucceeded'))).toBeInTheDocument();
      expect(r.services.reader.read).toHaveBeenCalledTimes(2);
      expect(within(screen.getByRole('status')).queryByText(text(r.strings, 'Refreshing'))).toBeNull();
    });

    test('refresh failed in the ERP: the error, its fix hint, and the age of the figures still shown', async () => {
      const r = c.render({
        languageId,
        data: () => Promise.resolve(c.fresh()),
        refresh: () => Promise.resolve({ status: 'failed', error: 'Business Central returned 503.', fixHint: 'Check the ERP service.' }),
      });
      await click(await screen.findByRole('button', { name: text(r.strings, 'Refresh') }));
      expect(await screen.findByText(text(r.strings, 'RefreshFailed'))).toBeInTheDocument();
      expect(screen.getByText('Business Central returned 503.')).toBeInTheDocument();
      expect(screen.getByText(text(r.strings, 'FixHint', 'Check the ERP service.'))).toBeInTheDocument();
      expect(screen.getByText(text(r.strings, 'StaleData', c.freshAge[languageId]))).toBeInTheDocument();
      expect(r.services.reader.read).toHaveBeenCalledTimes(1);
    });

    test('refresh timed out: a timeout message, the last figures and their age', async () => {
      const r = c.render({ languageId, data: () => Promise.resolve(c.fresh()), refresh: () => Promise.resolve({ status: 'timedOut' }) });
      await click(await screen.findByRole('button', { name: text(r.strings, 'Refresh') }));
      expect(await screen.findByText(text(r.strings, 'RefreshTimedOut', 60))).toBeInTheDocument();
      expect(screen.getByText(text(r.strings, 'StaleData', c.freshAge[languageId]))).toBeInTheDocument();
      expect(refreshButton(r.strings)).toBeEnabled();
    });

    test('refresh without the privilege to create requests: says so', async () => {
      const r = c.render({ languageId, data: () => Promise.resolve(c.fresh()), refresh: () => Promise.reject(privilegeError()) });
      await click(await screen.findByRole('button', { name: text(r.strings, 'Refresh') }));
      expect(await screen.findByText(text(r.strings, 'RefreshDenied'))).toBeInTheDocument();
    });

    test('refresh already asked for by someone else this minute: says so, no error', async () => {
      const r = c.render({ languageId, data: () => Promise.resolve(c.fresh()), refresh: () => Promise.resolve({ status: 'alreadyRequested' }) });
      await click(await screen.findByRole('button', { name: text(r.strings, 'Refresh') }));
      expect(await screen.findByText(text(r.strings, 'RefreshAlreadyRequested'))).toBeInTheDocument();
      expect(refreshButton(r.strings)).toBeEnabled();
    });

    test('switched off by the administrator: a calm note (info, a group named by its title) in place of the figures and of Refresh', async () => {
      const r = c.render({ languageId, data: () => Promise.resolve({ enabled: false }) });
      const note = await screen.findByRole('group', { name: text(r.strings, 'SwitchedOff') });
      expect(note).toHaveAttribute('data-state', 'switchedOff');
      expect(note).toHaveAttribute('data-intent', 'info');
      expect(note).toHaveTextContent(`${text(r.strings, 'SwitchedOff')}${text(r.strings, 'SwitchedOffHint')}`);
      expect(within(section(r.strings)).getByRole('group')).toBe(note);
      expect(section(r.strings)).not.toHaveAttribute('aria-busy');
      expect(screen.queryByRole('button')).toBeNull();
      expect(screen.queryByRole('status')).toBeNull();
      expect(r.container.textContent).not.toMatch(new RegExp(escape(text(r.strings, 'AsOf', '').trim())));
      expect(r.services.reader.read).toHaveBeenCalledTimes(1);
    });

    test('masked by field security: says so and reads nothing', async () => {
      const r = c.render({ languageId, security: { readable: false, editable: false, secured: true } });
      expect(screen.getByText(text(r.strings, 'Masked'))).toBeInTheDocument();
      expect(r.services.reader.read).not.toHaveBeenCalled();
      r.rerenderWith({ security: { readable: true, editable: true, secured: true } });
      expect(await screen.findByRole('button', { name: text(r.strings, 'Refresh') })).toBeInTheDocument();
    });

    test('disabled: refresh is disabled, and re-enabled by the next updateView', async () => {
      const r = c.render({ languageId, disabled: true, data: () => Promise.resolve(c.fresh()) });
      expect(await screen.findByRole('button', { name: text(r.strings, 'Refresh') })).toBeDisabled();
      r.rerenderWith({ disabled: false });
      expect(refreshButton(r.strings)).toBeEnabled();
      r.rerenderWith({ disabled: true });
      expect(refreshButton(r.strings)).toBeDisabled();
      expect(r.services.reader.read).toHaveBeenCalledTimes(1);
    });

    test('record not saved yet: asks to save it first', () => {
      const r = c.render({ languageId, unsaved: true });
      expect(screen.getByText(text(r.strings, 'NotSaved'))).toBeInTheDocument();
      expect(r.services.reader.read).not.toHaveBeenCalled();
    });

    test('keyboard: Tab reaches the refresh action and Enter runs it', async () => {
      const r = c.render({ languageId, data: () => Promise.resolve(c.fresh()) });
      await screen.findByRole('button', { name: text(r.strings, 'Refresh') });
      const user = userEvent.setup();
      await user.tab();
      expect(refreshButton(r.strings)).toHaveFocus();
      await user.keyboard('{Enter}');
      await waitFor(() => expect(r.services.requester.refresh).toHaveBeenCalledTimes(1));
    });
  });

  test('follows the host theme (dark) through FluentProvider', async () => {
    const r = c.render({ languageId: 1033, theme: webDarkTheme, data: () => Promise.resolve(c.fresh()) });
    await screen.findByRole('button', { name: text(r.strings, 'Refresh') });
    // FluentProvider scopes the theme's CSS variables to a class of its own, inserted through the CSSOM.
    const providerClass = Array.from(r.container.querySelector('.fui-FluentProvider')!.classList).find((k) => /FluentProvider\d+$/.test(k))!;
    const rule = Array.from(document.styleSheets)
      .flatMap((sheet) => Array.from(sheet.cssRules))
      .find((x) => (x as CSSStyleRule).selectorText === `.${providerClass}`);
    expect(rule?.cssText).toContain(`--colorNeutralBackground1: ${webDarkTheme.colorNeutralBackground1}`);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
