import * as React from 'react';
import { makeStyles, mergeClasses, shorthands, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  list: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) auto', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS, ...shorthands.margin(0) },
  term: { color: tokens.colorNeutralForeground2 },
  value: { ...shorthands.margin(0), textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  strong: { fontWeight: tokens.fontWeightSemibold },
  note: { display: 'block', color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  alert: { color: tokens.colorPaletteRedForeground1 },
});

export interface AmountLine {
  key: string;
  label: string;
  value: string;
  note?: string;
  strong?: boolean;
  alert?: boolean;
}

/** Label/amount pairs as a description list, so screen readers read each amount with its name. */
export function AmountList({ lines, label }: { lines: AmountLine[]; label: string }): React.ReactElement {
  const styles = useStyles();
  return (
    <dl className={styles.list} aria-label={label}>
      {lines.map((l) => (
        <React.Fragment key={l.key}>
          <dt className={mergeClasses(styles.term, l.strong && styles.strong)}>{l.label}</dt>
          <dd className={mergeClasses(styles.value, l.strong && styles.strong, l.alert && styles.alert)} data-amount={l.key}>
            {l.value}
            {l.note ? <span className={styles.note}>{l.note}</span> : null}
          </dd>
        </React.Fragment>
      ))}
    </dl>
  );
}
