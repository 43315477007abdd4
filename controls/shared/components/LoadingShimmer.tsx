import * as React from 'react';
import { Skeleton, SkeletonItem, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  row: { display: 'grid', gridTemplateColumns: '2fr 1fr 1fr', columnGap: tokens.spacingHorizontalM },
});

/** First load only: a later reload keeps the data on screen and marks it busy instead. */
export function LoadingShimmer({ label, rows = 3 }: { label: string; rows?: number }): React.ReactElement {
  const styles = useStyles();
  return (
    <Skeleton aria-label={label} className={styles.root} data-state="loading">
      <SkeletonItem size={16} style={{ width: '40%' }} />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={styles.row}>
          <SkeletonItem size={12} />
          <SkeletonItem size={12} />
          <SkeletonItem size={12} />
        </div>
      ))}
    </Skeleton>
  );
}
