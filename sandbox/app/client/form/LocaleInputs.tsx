/**
 * Number and date editors in the user's locale (issue 19, finding 14): a French user sees and types "60 000,00" and
 * "24/12/2026", never the browser's raw 60000 or an mm/dd/yyyy picker. What cannot be read is said under the field
 * (with the expected pattern) and not saved. The date field also opens the browser's calendar for a mouse user.
 */
import * as React from 'react';
import { Button, Input, makeStyles, tokens, Text } from '@fluentui/react-components';
import { CalendarRegular } from '@fluentui/react-icons';
import { dateForInput, datePattern, numberForInput, parseLocaleDate, parseLocaleNumber } from '../../../../domain/localeInput';
import { locale, t } from '../i18n';

const useStyles = makeStyles({
  wrap: { display: 'flex', flexDirection: 'column', rowGap: '2px', minWidth: 0 },
  row: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalXS },
  full: { width: '100%' },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  hiddenPicker: { position: 'absolute', width: '1px', height: '1px', opacity: 0, pointerEvents: 'none', border: 0 },
});

interface Common {
  id: string;
  required?: boolean;
  ariaLabel?: string;
  testId?: string;
  disabled?: boolean;
}

/** Commits on blur and on Enter; shows the value formatted for the locale when not being typed. */
export function LocaleNumberInput({ id, value, fractionDigits, onCommit, required, ariaLabel, testId, disabled }: Common & { value: number | null; fractionDigits?: number; onCommit: (v: number | null) => void }): React.ReactElement {
  const s = useStyles();
  const [draft, setDraft] = React.useState<string | null>(null);
  const [invalid, setInvalid] = React.useState(false);
  const lang = locale();
  const commit = () => {
    if (draft === null) return;
    const parsed = parseLocaleNumber(draft, lang);
    if (!parsed.ok) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setDraft(null);
    const v = parsed.value === null || fractionDigits === undefined ? parsed.value : Math.round(parsed.value * 10 ** fractionDigits) / 10 ** fractionDigits;
    if (v !== value) onCommit(v);
  };
  return (
    <div className={s.wrap}>
      <Input
        id={id}
        className={s.full}
        inputMode="decimal"
        value={draft ?? numberForInput(value, lang, fractionDigits)}
        onChange={(_, d) => setDraft(d.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        aria-required={required}
        aria-invalid={invalid}
        aria-label={ariaLabel}
        aria-describedby={invalid ? `${id}-error` : undefined}
        disabled={disabled}
        data-testid={testId}
      />
      {invalid && (
        <Text id={`${id}-error`} className={s.error} role="alert">
          {t('field.invalidNumber', numberForInput(1234.5, lang, 2))}
        </Text>
      )}
    </div>
  );
}

const isoDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** A date typed in the locale's order (its pattern as the placeholder), or picked from the calendar. */
export function LocaleDateInput({ id, value, onCommit, required, ariaLabel, testId, disabled }: Common & { value: Date | null; onCommit: (v: Date | null) => void }): React.ReactElement {
  const s = useStyles();
  const [draft, setDraft] = React.useState<string | null>(null);
  const [invalid, setInvalid] = React.useState(false);
  const picker = React.useRef<HTMLInputElement>(null);
  const lang = locale();
  const pattern = datePattern(lang);
  const commitDate = (d: Date | null) => {
    setInvalid(false);
    setDraft(null);
    if ((d?.getTime() ?? null) !== (value?.getTime() ?? null)) onCommit(d);
  };
  const commit = () => {
    if (draft === null) return;
    const parsed = parseLocaleDate(draft, lang);
    if (!parsed.ok) {
      setInvalid(true);
      return;
    }
    commitDate(parsed.value);
  };
  return (
    <div className={s.wrap}>
      <div className={s.row}>
        <Input
          id={id}
          className={s.full}
          placeholder={pattern}
          value={draft ?? dateForInput(value, lang)}
          onChange={(_, d) => setDraft(d.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
          aria-required={required}
          aria-invalid={invalid}
          aria-label={ariaLabel}
          aria-describedby={`${id}-pattern${invalid ? ` ${id}-error` : ''}`}
          disabled={disabled}
          data-testid={testId}
        />
        <span id={`${id}-pattern`} hidden>
          {t('field.datePattern', pattern)}
        </span>
        <Button
          appearance="subtle"
          icon={<CalendarRegular />}
          aria-label={t('field.openCalendar')}
          disabled={disabled}
          onClick={() => {
            const el = picker.current as (HTMLInputElement & { showPicker?: () => void }) | null;
            if (el?.showPicker) el.showPicker();
            else el?.focus();
          }}
        />
        <input
          ref={picker}
          type="date"
          tabIndex={-1}
          aria-hidden
          className={s.hiddenPicker}
          value={value ? isoDate(value) : ''}
          onChange={(e) => commitDate(e.target.value ? new Date(`${e.target.value}T00:00:00`) : null)}
        />
      </div>
      {invalid && (
        <Text id={`${id}-error`} className={s.error} role="alert">
          {t('field.invalidDate', pattern)}
        </Text>
      )}
    </div>
  );
}
