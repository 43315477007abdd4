import * as React from 'react';
import { Button } from '@fluentui/react-components';
import type { ClassifiedError } from '../errors';
import type { Translate } from '../pcfContext';
import { Notice } from './Notice';

/** Why nothing can be shown, in words the user can act on; the technical message only where it helps. */
export function LoadProblem({ error, t, onRetry }: { error: ClassifiedError; t: Translate; onRetry: () => void }): React.ReactElement {
  switch (error.kind) {
    case 'privilege':
      return (
        <Notice intent="error" state="noPrivilege">
          {t('NoPrivilege')}
        </Notice>
      );
    case 'offline':
      return (
        <Notice intent="warning" state="offline">
          {t('OfflineNoData')}
        </Notice>
      );
    case 'notFound':
      return (
        <Notice intent="error" state="notFound">
          {t('NotFound')}
        </Notice>
      );
    default:
      return (
        <Notice intent="error" state="loadFailed" action={<Button onClick={onRetry}>{t('Retry')}</Button>}>
          {t('LoadFailed', error.message || '—')}
        </Notice>
      );
  }
}
