import * as React from 'react';
import type { Translate } from '../pcfContext';
import { Notice } from './Notice';

/**
 * The administrator turned this feature off for the ERP connection: a calm note in place of the figures (which the
 * connector no longer refreshes) and of the Refresh action (which it would refuse). The title names the group for
 * screen readers; the hint says who can turn it back on.
 */
export function SwitchedOffNotice({ t }: { t: Translate }): React.ReactElement {
  return (
    <Notice intent="info" state="switchedOff" title={t('SwitchedOff')}>
      {t('SwitchedOffHint')}
    </Notice>
  );
}
