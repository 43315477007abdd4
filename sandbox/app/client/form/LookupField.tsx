/**
 * A lookup editor as Unified Interface has one: type to search the target tables by their primary name (Web API
 * `contains` with `$top`, so a large table is never read whole), pick with the keyboard from an ARIA listbox (Fluent
 * Combobox), clear the value with its own button. Several targets (customer → account, contact) are searched together
 * and each result says its table. Read-only lookups stay links that open the record.
 */
import * as React from 'react';
import { Button, Combobox, Link, Option, makeStyles, tokens, shorthands } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { odataString } from '../../../../domain/idempotency';
import { useServices } from '../app/services';
import { hrefFor } from '../app/router';
import type { LookupRef } from './formModel';
import { t } from '../i18n';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalXS, minWidth: 0 },
  box: { flexGrow: 1, minWidth: 0 },
  readOnly: { display: 'flex', alignItems: 'center', minHeight: '32px', ...shorthands.padding(0, tokens.spacingHorizontalS), backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium },
  empty: { color: tokens.colorNeutralForeground3 },
  hint: { color: tokens.colorNeutralForeground3 },
});

/** How many matches a search shows per table (Unified Interface shows a short list and "Advanced lookup"). */
export const LOOKUP_PAGE = 10;

/** The Web API query one lookup search sends to one target table. */
export function lookupQuery(primaryId: string, primaryName: string, text: string, extraFilter?: string): string {
  const filters = [text.trim() ? `contains(${primaryName},${odataString(text.trim())})` : '', extraFilter ?? ''].filter(Boolean);
  return `?$select=${primaryId},${primaryName}${filters.length ? `&$filter=${filters.map((f) => (filters.length > 1 ? `(${f})` : f)).join(' and ')}` : ''}&$orderby=${primaryName} asc&$top=${LOOKUP_PAGE}`;
}

export interface LookupFieldProps {
  id: string;
  targets: string[];
  value: LookupRef[] | null;
  onChange: (value: LookupRef[] | null) => void;
  disabled?: boolean;
  required?: boolean;
  /** Accessible name when no visible <label for> names the input (a subgrid cell). */
  ariaLabel?: string;
  /** An extra $filter per target table (units of the product's unit group, active price lists …). */
  filters?: Record<string, string | undefined>;
  testId?: string;
}

export function LookupField({ id, targets, value, onChange, disabled, required, ariaLabel, filters, testId }: LookupFieldProps): React.ReactElement {
  const s = useStyles();
  const { meta, client } = useServices();
  const current = value?.[0] ?? null;
  const [text, setText] = React.useState<string | null>(null);
  const [results, setResults] = React.useState<LookupRef[]>([]);
  const [searching, setSearching] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const query = React.useRef(0);
  // A search answering after the editor closed (the line saved, the form left) is dropped.
  React.useEffect(() => () => void (query.current = -1), []);

  const search = React.useCallback(
    (term: string) => {
      const n = ++query.current;
      setSearching(true);
      Promise.all(
        targets.filter((tg) => meta.has(tg)).map(async (tg) => {
          const info = meta.entity(tg);
          const page = await client.retrieveMultiple(tg, lookupQuery(info.primaryId, info.primaryName, term, filters?.[tg]));
          return page.entities.map((r): LookupRef => ({ id: String(r[info.primaryId]), name: String(r[info.primaryName] ?? ''), entityType: tg }));
        }),
      )
        .then((lists) => {
          if (n !== query.current) return;
          setResults(lists.flat());
          setError(null);
        })
        .catch((e: unknown) => n === query.current && setError(e instanceof Error ? e.message : String(e)))
        .finally(() => n === query.current && setSearching(false));
    },
    [targets, meta, client, filters],
  );

  // A short pause while typing, so each key does not send a query.
  React.useEffect(() => {
    if (text === null) return;
    const timer = setTimeout(() => search(text), 200);
    return () => clearTimeout(timer);
  }, [text, search]);

  if (disabled) {
    return (
      <div className={s.readOnly} id={id} role="group" aria-label={ariaLabel} data-testid={testId}>
        {current ? <Link href={hrefFor.form(current.entityType, current.id)}>{current.name || current.id}</Link> : <span className={s.empty}>{t('form.lookupNone')}</span>}
      </div>
    );
  }

  const several = targets.length > 1;
  const optionText = (r: LookupRef) => (several ? `${r.name} (${meta.entityLabel(r.entityType)})` : r.name);
  const key = (r: LookupRef) => `${r.entityType}:${r.id}`;
  return (
    <div className={s.row}>
      <Combobox
        id={id}
        className={s.box}
        freeform
        aria-label={ariaLabel}
        aria-required={required}
        aria-busy={searching}
        placeholder={t('lookup.placeholder')}
        value={text ?? current?.name ?? ''}
        selectedOptions={current ? [key(current)] : []}
        onOpenChange={(_, d) => {
          if (d.open && text === null) search('');
        }}
        onInput={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)}
        onOptionSelect={(_, d) => {
          const picked = results.find((r) => key(r) === d.optionValue);
          setText(null);
          if (picked) onChange([picked]);
        }}
        onBlur={() => setText(null)}
        data-testid={testId}
      >
        {error ? (
          <Option key="error" value="" disabled text={error}>
            {t('lookup.error', error)}
          </Option>
        ) : results.length === 0 ? (
          <Option key="none" value="" disabled text={t('lookup.noResults')}>
            {searching ? t('app.loading') : t('lookup.noResults')}
          </Option>
        ) : (
          results.map((r) => (
            <Option key={key(r)} value={key(r)} text={optionText(r)}>
              {optionText(r)}
            </Option>
          ))
        )}
      </Combobox>
      {current && (
        <Button
          appearance="subtle"
          size="small"
          icon={<DismissRegular />}
          aria-label={t('lookup.clear', ariaLabel ?? current.name)}
          onClick={() => {
            setText(null);
            onChange(null);
          }}
          data-testid={testId ? `${testId}-clear` : undefined}
        />
      )}
    </div>
  );
}
