import * as React from 'react';
import { render, type RenderResult } from '@testing-library/react';
import type { Theme } from '@fluentui/react-components';
import type { AccountStatisticsFigures } from '../../../domain/accountStatistics';
import { AccountStatisticsApp, type AccountStatisticsServices } from '../../../controls/AccountStatistics/components/AccountStatisticsApp';
import { accountStatisticsProps } from '../../../controls/AccountStatistics/controlProps';
import type { IInputs } from '../../../controls/AccountStatistics/ManifestConstants';
import type { AccountStatisticsData, AccountStatisticsRecord } from '../../../controls/AccountStatistics/services/StatisticsReader';
import type { RefreshOutcome, RefreshRequester } from '../../../controls/shared/integrationRequests';
import { createContext, lookupProperty, numberProperty, textProperty, type Security } from '../support/mockContext';
import { loadResx } from '../support/resx';
import { NOW, minutesAgo } from './itemAvailability';
import { BroadcastRefreshSignal } from '../../../controls/shared/refreshSignal';
import { FakeBroadcastHub } from '../support/fakeBroadcast';

export { NOW, minutesAgo };
export const ACCOUNT_ID = '2a7e4b10-5c3d-4e2f-8a9b-0c1d2e3f4a5b';

export function figures(overrides: Partial<AccountStatisticsFigures> = {}): AccountStatisticsFigures {
  return {
    currencyCode: 'EUR',
    balance: 12345.67,
    outstandingOrders: 5000,
    shippedNotInvoiced: 1500,
    outstandingInvoices: 654.33,
    outstandingServiceOrders: 0,
    serviceShippedNotInvoiced: 0,
    outstandingServiceInvoices: 0,
    total: 19500,
    creditLimit: 50000,
    overdueAmount: 3200,
    overdueAsOf: '2025-03-09',
    totalSales: 250000,
    invoicedPrepayments: 1000,
    agingCurrent: 9145.67,
    aging1To30: 2000,
    aging31To60: 800,
    aging61To90: 400,
    agingOver90: 0,
    lastPaymentDate: '2025-02-28',
    lastPaymentAmount: 4200,
    refreshedOn: minutesAgo(15),
    ...overrides,
  };
}

export const linked = (overrides: Partial<AccountStatisticsFigures> = {}): AccountStatisticsRecord => ({ enabled: true, customerNumber: 'C10000', statistics: figures(overrides) });

export interface RenderOptions {
  languageId: number;
  data?: () => Promise<AccountStatisticsData>;
  refresh?: (...args: Parameters<RefreshRequester['refresh']>) => Promise<RefreshOutcome>;
  binding?: 'accountForm' | 'unsavedAccountForm' | 'accountLookup' | 'emptyLookup' | 'contactLookup';
  security?: Security;
  disabled?: boolean;
  offline?: boolean;
  allocatedWidth?: number;
  formFactor?: number;
  maxAgeMinutes?: number | null;
  creditWarningPercent?: number | null;
  theme?: Theme;
}

export interface Rendered extends RenderResult {
  services: AccountStatisticsServices & { reader: { read: jest.Mock }; requester: { refresh: jest.Mock } };
  strings: Record<string, string>;
  /** The page's BroadcastChannels: post to it as a command or another tab would. */
  broadcast: FakeBroadcastHub;
  rerenderWith(o: Partial<RenderOptions>): void;
}

export function renderAccountStatistics(options: RenderOptions): Rendered {
  const broadcast = new FakeBroadcastHub();
  const services = {
    reader: { read: jest.fn(options.data ?? (() => Promise.resolve(linked()))) },
    requester: { refresh: jest.fn(options.refresh ?? (() => new Promise<RefreshOutcome>(() => undefined))) },
    refreshSignal: new BroadcastRefreshSignal(broadcast.open),
    timeoutSeconds: 60,
  };
  const element = (o: RenderOptions) => {
    const binding = o.binding ?? 'accountForm';
    const account =
      binding === 'accountLookup'
        ? lookupProperty({ id: ACCOUNT_ID, entityType: 'account', name: 'Fabrikam' }, o.security)
        : binding === 'contactLookup'
          ? lookupProperty({ id: ACCOUNT_ID, entityType: 'contact', name: 'Ann' }, o.security)
          : binding === 'emptyLookup'
            ? lookupProperty(null, o.security)
            : textProperty('C10000', o.security);
    const context = createContext<IInputs>({
      control: 'AccountStatistics',
      languageId: o.languageId,
      parameters: { account, maxAgeMinutes: numberProperty(o.maxAgeMinutes ?? null), creditWarningPercent: numberProperty(o.creditWarningPercent ?? null) },
      disabled: o.disabled,
      offline: o.offline,
      allocatedWidth: o.allocatedWidth,
      formFactor: o.formFactor,
      theme: o.theme,
      host:
        binding === 'accountForm'
          ? { entityTypeName: 'account', entityId: `{${ACCOUNT_ID.toUpperCase()}}` }
          : binding === 'unsavedAccountForm'
            ? { entityTypeName: 'account', entityId: '' }
            : { entityTypeName: 'salesorder', entityId: '0b9c2f8e-0000-4000-8000-000000000002' },
    });
    return <AccountStatisticsApp {...accountStatisticsProps(context, services, 'as-test-')} now={() => NOW} />;
  };
  let current = options;
  const result = render(element(options));
  return {
    ...result,
    services,
    broadcast,
    strings: loadResx('AccountStatistics', options.languageId),
    rerenderWith(o) {
      current = { ...current, ...o };
      result.rerender(element(current));
    },
  };
}
