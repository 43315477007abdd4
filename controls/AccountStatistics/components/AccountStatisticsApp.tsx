import * as React from 'react';
import { Text, makeStyles, mergeClasses, tokens, type Theme } from '@fluentui/react-components';
import { RequestKind } from '../../../domain/schema';
import { agingBuckets, creditUtilisation, overdueAmount, paymentPromise, type AccountStatisticsFigures } from '../../../domain/accountStatistics';
import { ControlShell } from '../../shared/components/ControlShell';
import { FreshnessBar } from '../../shared/components/FreshnessBar';
import { beforeData, reloadProblem } from '../../shared/components/BeforeData';
import { Notice } from '../../shared/components/Notice';
import { StatusNotices } from '../../shared/components/StatusNotices';
import { SwitchedOffNotice } from '../../shared/components/SwitchedOffNotice';
import { Formatter } from '../../../domain/format';
import { isStale } from '../../shared/freshness';
import type { RefreshRequester } from '../../shared/integrationRequests';
import type { RefreshSignal } from '../../shared/refreshSignal';
import type { FormState, RecordRef, Translate } from '../../shared/pcfContext';
import { useRefresh, type RefreshState } from '../../shared/useRefresh';
import { useAccountStatistics } from '../hooks/useAccountStatistics';
import type { AccountStatisticsRecord, StatisticsReader } from '../services/StatisticsReader';
import { AgingChart } from './AgingChart';
import { AmountList, type AmountLine } from './AmountList';
import { CreditUtilisationBar } from './CreditUtilisationBar';

export interface AccountStatisticsServices {
  reader: StatisticsReader;
  requester: RefreshRequester;
  /** Reloads the figures when a command or another tab refreshed them. */
  refreshSignal: RefreshSignal;
  timeoutSeconds: number;
}

/** Which account to show: a saved record, a create form not saved yet, or an empty lookup. */
export type AccountTarget = { kind: 'record'; account: RecordRef } | { kind: 'unsaved' } | { kind: 'empty' };

export interface AccountStatisticsProps {
  services: AccountStatisticsServices;
  target: AccountTarget;
  maxAgeMinutes: number;
  creditWarningPercent: number;
  form: FormState;
  t: Translate;
  theme: Theme;
  idPrefix: string;
  now?: () => number;
}

export function AccountStatisticsApp(props: AccountStatisticsProps): React.ReactElement {
  const { services, target, form, t } = props;
  const fmt = React.useMemo(() => new Formatter(form.languageId), [form.languageId]);
  const account = target.kind === 'record' && !form.masked ? target.account : null;
  const state = useAccountStatistics(services.reader, account);
  const refresh = useRefresh(services.requester, RequestKind.refreshStatistics, account, state.reload, services.refreshSignal);
  const busy = state.isLoading || refresh.state.phase === 'running';

  const body =
    beforeData({ form, target: target.kind, empty: { state: 'noAccount', textKey: 'NoAccount' }, hasData: !!state.data, error: state.error, reload: state.reload, shimmerRows: 5, t }) ??
    (state.data &&
      (state.data.enabled ? (
        <StatisticsView
          {...props}
          fmt={fmt}
          data={state.data}
          refreshState={refresh.state}
          onRefresh={refresh.start}
          reloadProblem={reloadProblem(form, state.error, state.reload, t)}
        />
      ) : (
        <SwitchedOffNotice t={t} />
      )));
  return (
    <ControlShell theme={props.theme} idPrefix={props.idPrefix} narrow={form.narrow} label={t('ControlLabel')} busy={busy}>
      {body}
    </ControlShell>
  );
}

const useStyles = makeStyles({
  header: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', columnGap: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground3 },
  // Two columns only when each gets room for a label and an amount side by side; otherwise they stack.
  columns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 300px), 1fr))', columnGap: tokens.spacingHorizontalXXL, rowGap: tokens.spacingVerticalM },
  oneColumn: { gridTemplateColumns: 'minmax(0, 1fr)' },
  side: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
});

interface StatisticsViewProps extends AccountStatisticsProps {
  fmt: Formatter;
  data: AccountStatisticsRecord;
  refreshState: RefreshState;
  onRefresh: () => void;
  reloadProblem: React.ReactNode;
}

/** The user's calendar date (YYYY-MM-DD), against which a promised date has passed or not. */
const localDate = (at: number): string => {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

function amountLines(t: Translate, fmt: Formatter, s: AccountStatisticsFigures, overLimit: boolean, today: string): AmountLine[] {
  const money = (v: number | null | undefined) => fmt.amount(v, s.currencyCode);
  const overdue = overdueAmount(s);
  // A promise to pay recorded in the ERP; a date gone by without payment is a promise missed.
  const promise = paymentPromise(s, today);
  const promised: AmountLine[] = promise
    ? [{ key: 'promised', label: t('Promised'), value: money(promise.amount), note: t(promise.missed ? 'PromiseMissed' : 'PromisedBy', fmt.dateOnly(promise.date)), alert: promise.missed }]
    : [];
  return [
    { key: 'balance', label: t('Balance'), value: money(s.balance), strong: true },
    { key: 'overdue', label: t('Overdue'), value: money(overdue), note: s.overdueAsOf ? t('OverdueAsOf', fmt.dateOnly(s.overdueAsOf)) : undefined, alert: overdue > 0 },
    ...promised,
    { key: 'creditLimit', label: t('CreditLimit'), value: s.creditLimit && s.creditLimit > 0 ? money(s.creditLimit) : t('NoCreditLimit'), alert: overLimit },
    { key: 'outstandingOrders', label: t('OutstandingOrders'), value: money(s.outstandingOrders) },
    { key: 'shippedNotInvoiced', label: t('ShippedNotInvoiced'), value: money(s.shippedNotInvoiced) },
    { key: 'outstandingInvoices', label: t('OutstandingInvoices'), value: money(s.outstandingInvoices) },
    { key: 'total', label: t('Total'), value: money(s.total), strong: true },
    { key: 'totalSales', label: t('TotalSales'), value: money(s.totalSales) },
    { key: 'invoicedPrepayments', label: t('InvoicedPrepayments'), value: money(s.invoicedPrepayments) },
    {
      key: 'lastPayment',
      label: t('LastPayment'),
      value: s.lastPaymentDate || s.lastPaymentAmount ? t('LastPaymentValue', money(s.lastPaymentAmount), fmt.dateOnly(s.lastPaymentDate)) : t('NoPayment'),
    },
  ];
}

function StatisticsView({ t, fmt, form, data, maxAgeMinutes, creditWarningPercent, services, refreshState, onRefresh, reloadProblem, now }: StatisticsViewProps): React.ReactElement {
  const styles = useStyles();
  const at = (now ?? Date.now)();
  const s = data.statistics;
  const asOf = s?.refreshedOn ?? null;
  const freshness = (
    <>
      <FreshnessBar
        asOfText={asOf ? t('AsOf', fmt.dateTime(asOf)) : null}
        refreshLabel={t('Refresh')}
        busy={refreshState.phase === 'running'}
        disabled={form.disabled || form.offline}
        onRefresh={onRefresh}
      />
      <StatusNotices t={t} fmt={fmt} refresh={refreshState} asOf={asOf} stale={isStale(asOf, at, maxAgeMinutes)} offline={form.offline} timeoutSeconds={services.timeoutSeconds} now={at} />
      {reloadProblem}
    </>
  );
  if (!s) {
    if (!data.customerNumber) return <Notice intent="info" state="notLinked">{t('NotLinked')}</Notice>;
    return (
      <>
        <Notice intent="info" state="noData">{t('NoData')}</Notice>
        {freshness}
      </>
    );
  }
  const utilisation = creditUtilisation(s, creditWarningPercent);
  return (
    <>
      <div className={styles.header}>
        {data.customerNumber ? <Text>{t('CustomerNumber', data.customerNumber)}</Text> : <span />}
        {s.currencyCode ? <Text>{t('Currency', s.currencyCode)}</Text> : null}
      </div>
      <div className={mergeClasses(styles.columns, form.narrow && styles.oneColumn)}>
        <AmountList label={t('ControlLabel')} lines={amountLines(t, fmt, s, utilisation.level === 'alert', localDate(at))} />
        <div className={styles.side}>
          <CreditUtilisationBar t={t} fmt={fmt} utilisation={utilisation} currencyCode={s.currencyCode} />
          <AgingChart t={t} fmt={fmt} buckets={agingBuckets(s)} currencyCode={s.currencyCode} narrow={form.narrow} />
        </div>
      </div>
      {freshness}
    </>
  );
}
