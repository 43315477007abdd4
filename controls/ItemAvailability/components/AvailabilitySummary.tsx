import * as React from 'react';
import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { AvailabilityStatus } from '../../../domain/availability';
import type { Formatter } from '../../../domain/format';
import type { Translate } from '../../shared/pcfContext';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  line: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
});

const badgeColor: Record<AvailabilityStatus, 'success' | 'warning' | 'danger' | 'informative'> = {
  inStock: 'success',
  partial: 'warning',
  outOfStock: 'danger',
  notStocked: 'informative',
};

export interface AvailabilitySummaryProps {
  t: Translate;
  fmt: Formatter;
  itemNumber: string | null;
  status: AvailabilityStatus;
  available: number;
  requested: number | null;
  unit: string | null;
  earliest: 'now' | string | null;
}

/** The answer first: status in words (never colour alone), available vs requested, and when it will be there. */
export function AvailabilitySummary({ t, fmt, itemNumber, status, available, requested, unit, earliest }: AvailabilitySummaryProps): React.ReactElement {
  const styles = useStyles();
  const withUnit = (q: string) => (unit ? `${q} ${unit}` : q);
  return (
    <div className={styles.root}>
      <div className={styles.line}>
        <Badge appearance="filled" color={badgeColor[status]} data-status={status}>
          {t(`Status_${status}`)}
        </Badge>
        {status !== 'notStocked' ? (
          <Text weight="semibold">
            {requested && requested > 0
              ? t('AvailableOfRequested', withUnit(fmt.quantity(available)), withUnit(fmt.quantity(requested)))
              : t('AvailableTotal', withUnit(fmt.quantity(available)))}
          </Text>
        ) : null}
        {itemNumber ? <Text className={styles.muted}>{t('ItemNumber', itemNumber)}</Text> : null}
      </div>
      {status === 'notStocked' ? <Text>{t('NotStockedDetail')}</Text> : null}
      {status !== 'notStocked' && earliest !== 'now' ? (
        <Text data-state="earliest">{earliest ? t('EarliestDate', fmt.dateOnly(earliest)) : t('EarliestNever')}</Text>
      ) : null}
    </div>
  );
}
