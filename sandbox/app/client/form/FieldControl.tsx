/**
 * One column on a form: label on the left (as Unified Interface lays out fields), an editor chosen by the column
 * type, or read-only text when the form, a script (setDisabled) or the layout locks it. Lookups are searchable
 * editors (links when locked); numbers and dates are typed and shown in the user's locale.
 */
import * as React from 'react';
import { Input, Link, Select, Switch, Textarea, makeStyles, tokens, Text, shorthands, mergeClasses } from '@fluentui/react-components';
import { LockClosedRegular } from '@fluentui/react-icons';
import type { FormModel, FieldValue, LookupRef } from './formModel';
import { hrefFor } from '../app/router';
import { formatDate, formatNumber } from '../data/format';
import { label, t } from '../i18n';
import { LookupField } from './LookupField';
import { LocaleDateInput, LocaleNumberInput } from './LocaleInputs';

const useStyles = makeStyles({
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, 34%) 1fr',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    minHeight: '36px',
    ...shorthands.padding(tokens.spacingVerticalXXS, 0),
  },
  label: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase300, display: 'flex', alignItems: 'center', columnGap: '2px' },
  required: { color: tokens.colorPaletteRedForeground1 },
  value: { minWidth: 0 },
  readOnly: {
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
    minHeight: '32px',
    ...shorthands.padding(0, tokens.spacingHorizontalS),
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    wordBreak: 'break-word',
    whiteSpace: 'pre-wrap',
  },
  lock: { color: tokens.colorNeutralForeground3, flexShrink: 0 },
  empty: { color: tokens.colorNeutralForeground3 },
  full: { width: '100%' },
});

function text(model: FormModel, attribute: string, value: FieldValue): string {
  if (value === null || value === undefined || value === '') return '';
  const info = model.meta.attribute(model.entity, attribute);
  if (Array.isArray(value)) return value.map((v) => v.name).join('; ');
  switch (info?.type) {
    case 'picklist':
    case 'state':
    case 'status':
      return model.meta.optionLabel(model.entity, attribute, value as number);
    case 'boolean':
      return model.formatted.get(attribute) ?? (value ? '✓' : '—');
    case 'datetime':
      return formatDate(value as Date, (value as Date).getHours?.() === 0 && (value as Date).getMinutes?.() === 0);
    case 'money':
      return model.formatted.get(attribute) ?? formatNumber(value as number, 2);
    case 'decimal':
    case 'double':
    case 'integer':
      return formatNumber(value as number);
    default:
      return String(value);
  }
}

export interface FieldControlProps {
  model: FormModel;
  attribute: string;
  labelText?: string;
  disabled: boolean;
  required?: boolean;
  version: number;
}

export function FieldControl({ model, attribute, labelText, disabled, required }: FieldControlProps): React.ReactElement | null {
  const s = useStyles();
  const info = model.meta.attribute(model.entity, attribute);
  const id = `field-${attribute}`;
  const value = model.get(attribute);
  const caption = labelText || model.meta.attributeLabel(model.entity, attribute);
  const [draft, setDraft] = React.useState<string | null>(null);
  if (model.hiddenControls.has(attribute)) return null;
  const locked = disabled || model.disabledControls.get(attribute) === true || !info;
  const isRequired = required || model.requiredLevels.get(attribute) === 'required';

  const commit = (v: FieldValue) => {
    setDraft(null);
    model.set(attribute, v, true);
  };

  let editor: React.ReactNode;
  if (Array.isArray(value) || info?.type === 'lookup' || info?.type === 'customer' || info?.type === 'owner') {
    const refs = (value ?? []) as LookupRef[];
    const editable = !locked && info?.type !== 'owner' && !!info?.targets?.length;
    editor = editable ? (
      <LookupField id={id} targets={info!.targets!} value={refs.length ? refs : null} onChange={(v) => commit(v)} required={isRequired} testId={`field-${attribute}`} />
    ) : (
      <div className={s.readOnly} id={id} aria-labelledby={`${id}-label`} role="group" data-testid={`field-${attribute}`}>
        {refs.length ? refs.map((r) => <Link key={r.id} href={hrefFor.form(r.entityType, r.id)}>{r.name || r.id}</Link>) : <span className={s.empty}>{t('form.lookupNone')}</span>}
      </div>
    );
  } else if (locked) {
    const shown = text(model, attribute, value);
    editor = (
      <div className={s.readOnly} id={id} aria-labelledby={`${id}-label`} aria-readonly="true" role="textbox" tabIndex={0} data-testid={`field-${attribute}`}>
        <LockClosedRegular className={s.lock} aria-hidden />
        {shown ? <span>{shown}</span> : <span className={s.empty}>{t('form.lookupNone')}</span>}
      </div>
    );
  } else {
    switch (info?.type) {
      case 'picklist':
      case 'state':
      case 'status':
        editor = (
          <Select id={id} className={s.full} value={value === null ? '' : String(value)} onChange={(_, d) => commit(d.value === '' ? null : Number(d.value))} aria-required={isRequired} data-testid={`field-${attribute}`}>
            <option value="">{t('form.selectNone')}</option>
            {(info.options ?? []).map((o) => (
              <option key={o.value} value={String(o.value)}>
                {label(o.labels, String(o.value))}
              </option>
            ))}
          </Select>
        );
        break;
      case 'boolean':
        editor = <Switch id={id} checked={value === true} onChange={(_, d) => commit(d.checked)} data-testid={`field-${attribute}`} />;
        break;
      case 'memo':
        editor = (
          <Textarea id={id} className={s.full} resize="vertical" value={draft ?? (value === null ? '' : String(value))} onChange={(_, d) => setDraft(d.value)} onBlur={() => draft !== null && commit(draft === '' ? null : draft)} aria-required={isRequired} data-testid={`field-${attribute}`} />
        );
        break;
      case 'integer':
      case 'decimal':
      case 'double':
      case 'money':
        editor = (
          <LocaleNumberInput
            id={id}
            value={typeof value === 'number' ? value : null}
            fractionDigits={info.type === 'money' ? 2 : info.type === 'integer' ? 0 : undefined}
            onCommit={(v) => commit(v)}
            required={isRequired}
            testId={`field-${attribute}`}
          />
        );
        break;
      case 'datetime':
        editor = <LocaleDateInput id={id} value={value instanceof Date ? value : null} onCommit={(v) => commit(v)} required={isRequired} testId={`field-${attribute}`} />;
        break;
      default:
        editor = (
          <Input
            id={id}
            className={s.full}
            value={draft ?? (value === null ? '' : String(value))}
            maxLength={info?.maxLength}
            onChange={(_, d) => setDraft(d.value)}
            onBlur={() => draft !== null && commit(draft === '' ? null : draft)}
            onKeyDown={(e) => e.key === 'Enter' && draft !== null && commit(draft === '' ? null : draft)}
            aria-required={isRequired}
            data-testid={`field-${attribute}`}
          />
        );
    }
  }
  return (
    <div className={s.row}>
      <label id={`${id}-label`} htmlFor={id} className={s.label}>
        <Text>{caption}</Text>
        {isRequired && !locked && (
          <span className={s.required} aria-hidden>
            *
          </span>
        )}
      </label>
      <div className={mergeClasses(s.value)}>{editor}</div>
    </div>
  );
}
