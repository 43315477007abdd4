/// <reference types="powerapps-component-framework" />
import { webLightTheme, type Theme } from '@fluentui/react-components';
import { AccountTable, DEFAULT_CREDIT_WARNING_PERCENT, DEFAULT_STATISTICS_MAX_AGE_MINUTES } from '../../domain/accountStatistics';
import { formState, hostRecord, lookupRecord, translator } from '../shared/pcfContext';
import type { IInputs } from './ManifestConstants';
import type { AccountStatisticsProps, AccountStatisticsServices, AccountTarget } from './components/AccountStatisticsApp';

/**
 * Which account: the bound lookup when it points to an account (e.g. an order's customer), otherwise the form's
 * own record on the account form (where the control is bound to a text column such as the ERP customer number).
 */
export function accountTarget(context: ComponentFramework.Context<IInputs>): AccountTarget {
  const bound = context.parameters.account;
  if (bound?.type?.startsWith('Lookup') || Array.isArray(bound?.raw)) {
    const ref = lookupRecord(bound.raw as ComponentFramework.LookupValue[] | null);
    return ref && ref.table === AccountTable.logicalName ? { kind: 'record', account: ref } : { kind: 'empty' };
  }
  const host = hostRecord(context);
  if (!host) return { kind: 'unsaved' };
  return host.table === AccountTable.logicalName ? { kind: 'record', account: host } : { kind: 'empty' };
}

const positive = (v: number | null | undefined, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);

/** Everything the component needs, derived afresh on every updateView. */
export function accountStatisticsProps(context: ComponentFramework.Context<IInputs>, services: AccountStatisticsServices, idPrefix: string): AccountStatisticsProps {
  return {
    services,
    target: accountTarget(context),
    maxAgeMinutes: positive(context.parameters.maxAgeMinutes?.raw, DEFAULT_STATISTICS_MAX_AGE_MINUTES),
    creditWarningPercent: positive(context.parameters.creditWarningPercent?.raw, DEFAULT_CREDIT_WARNING_PERCENT),
    form: formState(context, context.parameters.account),
    t: translator(context.resources),
    theme: (context.fluentDesignLanguage?.tokenTheme as Theme | undefined) ?? webLightTheme,
    idPrefix,
  };
}
