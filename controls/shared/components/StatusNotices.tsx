import * as React from 'react';
import type { Formatter } from '../../../domain/format';
import type { Translate } from '../pcfContext';
import type { RefreshState } from '../useRefresh';
import { Notice } from './Notice';

export interface StatusNoticesProps {
  t: Translate;
  fmt: Formatter;
  refresh: RefreshState;
  /** When the figures shown were written by the connector. */
  asOf: string | null;
  /** True when asOf is older than the configured maximum age. */
  stale: boolean;
  offline: boolean;
  timeoutSeconds: number;
  now: number;
}

/**
 * Everything that qualifies the figures on screen: a refresh in progress or its outcome, data older than it
 * should be (connector or ERP not answering), offline. Rendered in a polite live region so screen readers
 * hear the outcome of a refresh without losing their place.
 */
export function StatusNotices({ t, fmt, refresh, asOf, stale, offline, timeoutSeconds, now }: StatusNoticesProps): React.ReactElement {
  const age = fmt.age(asOf, now);
  const notices: React.ReactNode[] = [];
  if (offline) {
    notices.push(
      <Notice key="offline" intent="warning" state="offline">
        {t('Offline', age)}
      </Notice>,
    );
  }
  switch (refresh.phase) {
    case 'running':
      notices.push(
        <Notice key="refresh" intent="info" state="refreshing">
          {t('Refreshing')}
        </Notice>,
      );
      break;
    case 'succeeded':
      notices.push(
        <Notice key="refresh" intent="success" state="refreshed">
          {t('RefreshSucceeded')}
        </Notice>,
      );
      break;
    case 'failed':
      notices.push(
        <Notice key="refresh" intent="warning" state="stale" title={t('RefreshFailed')}>
          {refresh.error ? <div>{refresh.error}</div> : null}
          {refresh.fixHint ? <div>{t('FixHint', refresh.fixHint)}</div> : null}
          <div>{t('StaleData', age)}</div>
        </Notice>,
      );
      break;
    case 'timedOut':
      notices.push(
        <Notice key="refresh" intent="warning" state="stale" title={t('RefreshTimedOut', timeoutSeconds)}>
          {t('StaleData', age)}
        </Notice>,
      );
      break;
    case 'alreadyRequested':
      notices.push(
        <Notice key="refresh" intent="info" state="alreadyRequested">
          {t('RefreshAlreadyRequested')}
        </Notice>,
      );
      break;
    case 'denied':
      notices.push(
        <Notice key="refresh" intent="error" state="refreshDenied">
          {t('RefreshDenied')}
        </Notice>,
      );
      break;
    case 'error':
      notices.push(
        <Notice key="refresh" intent="error" state="refreshError">
          {t('RefreshError', refresh.message)}
        </Notice>,
      );
      break;
    case 'idle':
      break;
  }
  if (stale && asOf && !offline && refresh.phase !== 'failed' && refresh.phase !== 'timedOut' && refresh.phase !== 'running') {
    notices.push(
      <Notice key="stale" intent="warning" state="stale">
        {t('StaleData', age)}
      </Notice>,
    );
  }
  return <div role="status" aria-live="polite">{notices}</div>;
}
