import * as React from 'react';
import { Text, makeStyles, mergeClasses, shorthands, tokens, useId } from '@fluentui/react-components';
import type { AgingBucket } from '../../../domain/accountStatistics';
import type { Formatter } from '../../../domain/format';
import type { Translate } from '../../shared/pcfContext';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS },
  list: { listStyleType: 'none', ...shorthands.margin(0), ...shorthands.padding(0), display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  item: { display: 'grid', gridTemplateColumns: '7.5em minmax(0, 1fr) auto', alignItems: 'center', columnGap: tokens.spacingHorizontalS },
  narrowItem: { gridTemplateColumns: 'minmax(0, 1fr) auto', rowGap: '2px' },
  track: { height: '8px', backgroundColor: tokens.colorNeutralBackground3, ...shorthands.borderRadius(tokens.borderRadiusSmall), overflow: 'hidden' },
  narrowTrack: { gridColumn: '1 / span 2', gridRow: 2 },
  bar: {
    height: '100%',
    backgroundColor: tokens.colorBrandBackground,
    // In Windows high contrast the background colour is dropped: draw the bar with the text colour instead.
    '@media (forced-colors: active)': { backgroundColor: 'CanvasText', forcedColorAdjust: 'none' },
  },
  overdue: { backgroundColor: tokens.colorPaletteDarkOrangeBackground3 },
  amount: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
});

/**
 * A small horizontal bar chart that is a list underneath: each bucket reads as "label, amount"; the bars are
 * decoration (aria-hidden) scaled to the largest bucket.
 */
export function AgingChart({ t, fmt, buckets, currencyCode, narrow }: { t: Translate; fmt: Formatter; buckets: AgingBucket[]; currencyCode: string | null; narrow: boolean }): React.ReactElement {
  const styles = useStyles();
  const titleId = useId('aging-');
  return (
    <div className={styles.root} role="group" aria-labelledby={titleId}>
      <Text weight="semibold" id={titleId}>
        {t('AgingTitle')}
      </Text>
      <ul className={styles.list}>
        {buckets.map((b) => (
          <li key={b.key} className={mergeClasses(styles.item, narrow && styles.narrowItem)} data-bucket={b.key}>
            <span>{t(`Aging_${b.key}`)}</span>
            <span className={mergeClasses(styles.track, narrow && styles.narrowTrack)} aria-hidden="true">
              <span className={mergeClasses(styles.bar, b.key !== 'current' && styles.overdue)} style={{ display: 'block', width: `${Math.round(b.share * 100)}%` }} />
            </span>
            <span className={styles.amount}>{fmt.amount(b.amount, currencyCode)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
