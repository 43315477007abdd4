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

/**
 * What both editors share: the text being typed (null when none: the field shows the value formatted), parsed on
 * commit; what cannot be read marks the field invalid and is not passed on; what can is handed to `onValue`.
 */
function useDraft<T>(parse: (text: string) => { ok: true; value: T } | { ok: false }, onValue: (v: T) => void) {
  const [draft, setDraft] = React.useState<string | null>(null);
  const [invalid, setInvalid] = React.useState(false);
  const accept = (v: T) => {
    setInvalid(false);
    setDraft(null);
    onValue(v);
  };
  const commit = () => {
    if (draft === null) return;
    const parsed = parse(draft);
    if (parsed.ok) accept(parsed.value);
    else setInvalid(true);
  };
  /** The Input's props for this draft: shows `formatted` unless the user is typing; commits on blur and on Enter. */
  const inputProps = (formatted: string, c: Common) => ({
    id: c.id,
    value: draft ?? formatted,
    onChange: (_: unknown, d: { value: string }) => setDraft(d.value),
    onBlur: commit,
    onKeyDown: (e: React.KeyboardEvent) => e.key === 'Enter' && commit(),
    'aria-required': c.required,
    'aria-invalid': invalid,
    'aria-label': c.ariaLabel,
    disabled: c.disabled,
    'data-testid': c.testId,
  });
  return { invalid, accept, inputProps };
}

/** Commits on blur and on Enter; shows the value formatted for the locale when not being typed. */
export function LocaleNumberInput({ value, fractionDigits, onCommit, ...common }: Common & { value: number | null; fractionDigits?: number; onCommit: (v: number | null) => void }): React.ReactElement {
  const { id } = common;
  const s = useStyles();
  const lang = locale();
  const { invalid, inputProps } = useDraft(
    (text) => parseLocaleNumber(text, lang),
    (parsed) => {
      const v = parsed === null || fractionDigits === undefined ? parsed : Math.round(parsed * 10 ** fractionDigits) / 10 ** fractionDigits;
      if (v !== value) onCommit(v);
    },
  );
  return (
    <div className={s.wrap}>
      <Input className={s.full} inputMode="decimal" {...inputProps(numberForInput(value, lang, fractionDigits), common)} aria-describedby={invalid ? `${id}-error` : undefined} />
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
export function LocaleDateInput({ value, onCommit, ...common }: Common & { value: Date | null; onCommit: (v: Date | null) => void }): React.ReactElement {
  const { id, disabled } = common;
  const s = useStyles();
  const picker = React.useRef<HTMLInputElement>(null);
  const lang = locale();
  const pattern = datePattern(lang);
  const { invalid, inputProps, accept } = useDraft(
    (text) => parseLocaleDate(text, lang),
    (d) => {
      if ((d?.getTime() ?? null) !== (value?.getTime() ?? null)) onCommit(d);
    },
  );
  return (
    <div className={s.wrap}>
      <div className={s.row}>
        <Input className={s.full} placeholder={pattern} {...inputProps(dateForInput(value, lang), common)} aria-describedby={`${id}-pattern${invalid ? ` ${id}-error` : ''}`} />
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
          onChange={(e) => accept(e.target.value ? new Date(`${e.target.value}T00:00:00`) : null)}
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
