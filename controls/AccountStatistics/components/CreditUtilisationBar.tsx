import * as React from 'react';
import { Field, ProgressBar, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CreditUtilisation } from '../../../domain/accountStatistics';
import type { Formatter } from '../../../domain/format';
import type { Translate } from '../../shared/pcfContext';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXXS },
  note: { color: tokens.colorNeutralForeground3 },
  // Windows high contrast replaces the track's and the bar's colours by the same system colour, so 1 % looked
  // like a full bar. Track: the window colour with a text-coloured outline; bar: the highlight colour.
  track: { '@media (forced-colors: active)': { backgroundColor: 'Canvas', outline: '1px solid CanvasText', forcedColorAdjust: 'none' } },
  bar: { '@media (forced-colors: active)': { backgroundColor: 'Highlight', forcedColorAdjust: 'none' } },
});

const barColor = { ok: 'success', warning: 'warning', alert: 'error', none: 'brand' } as const;
const validation = { ok: 'success', warning: 'warning', alert: 'error', none: 'none' } as const;

/**
 * Exposure against the credit limit. The level is said in words (and by the field's validation icon), not
 * only by the bar's colour; the bar itself is a progressbar with its value for assistive technology.
 */
export function CreditUtilisationBar({ t, fmt, utilisation, currencyCode }: { t: Translate; fmt: Formatter; utilisation: CreditUtilisation; currencyCode: string | null }): React.ReactElement {
  const styles = useStyles();
  if (utilisation.percent === null) {
    return (
      <div className={styles.root} data-credit="none">
        <Text weight="semibold">{t('CreditUtilisation')}</Text>
        <Text>{t('NoCreditLimit')}</Text>
      </div>
    );
  }
  const used = t('CreditUsed', fmt.percent(utilisation.percent), fmt.amount(utilisation.exposure, currencyCode));
  return (
    <div className={styles.root} data-credit={utilisation.level}>
      <Field label={t('CreditUtilisation')} validationState={validation[utilisation.level]} validationMessage={t(`Credit_${utilisation.level}`)}>
        <ProgressBar
          className={styles.track}
          bar={{ className: styles.bar }}
          value={Math.min(utilisation.percent, 100)}
          max={100}
          thickness="large"
          color={barColor[utilisation.level]}
          aria-valuetext={used}
        />
      </Field>
      <Text>{used}</Text>
      <Text size={200} className={styles.note}>
        {t('CreditExposureNote')}
      </Text>
    </div>
  );
}
