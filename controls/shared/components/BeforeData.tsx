import * as React from 'react';
import type { ClassifiedError } from '../errors';
import type { FormState, Translate } from '../pcfContext';
import { LoadingShimmer } from './LoadingShimmer';
import { LoadProblem } from './LoadProblem';
import { Notice } from './Notice';

export interface BeforeDataProps {
  form: FormState;
  target: 'record' | 'unsaved' | 'empty';
  /** The state and text shown when the form has no record to read (no product on the line, no account). */
  empty: { state: string; textKey: string };
  hasData: boolean;
  error?: ClassifiedError | null;
  reload: () => void;
  shimmerRows?: number;
  t: Translate;
}

/**
 * The states both controls share before there is data to show: masked, not saved, nothing to read, load problem
 * (offline wins over other errors except a missing privilege, which stays actionable), loading. Null once data is there.
 */
export function beforeData({ form, target, empty, hasData, error, reload, shimmerRows, t }: BeforeDataProps): React.ReactNode | null {
  if (form.masked) return <Notice intent="info" state="masked">{t('Masked')}</Notice>;
  if (target === 'unsaved') return <Notice intent="info" state="notSaved">{t('NotSaved')}</Notice>;
  if (target === 'empty') return <Notice intent="info" state={empty.state}>{t(empty.textKey)}</Notice>;
  if (hasData) return null;
  if (!error) return <LoadingShimmer label={t('Loading')} rows={shimmerRows} />;
  return <LoadProblem error={form.offline && error.kind !== 'privilege' ? { ...error, kind: 'offline' } : error} t={t} onRetry={reload} />;
}

/** A failed reload while data is shown: said above the last data, except offline, which the freshness notice covers. */
export function reloadProblem(form: FormState, error: ClassifiedError | null | undefined, reload: () => void, t: Translate): React.ReactNode {
  return error && !form.offline ? <LoadProblem error={error} t={t} onRetry={reload} /> : null;
}
