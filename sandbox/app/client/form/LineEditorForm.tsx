/**
 * The inline editor of one line in the lines subgrid: an existing product (product lookup, then its unit group's
 * units, its default unit chosen as Sales does) or a write-in product (description and price), and the quantity.
 * Enter in a field saves, Escape cancels; focus starts on the first field. The caller sends what `onSave` gets.
 */
import * as React from 'react';
import { Button, Input, Label, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useServices } from '../app/services';
import { t, type StringKey } from '../i18n';
import { LookupField } from './LookupField';
import { LocaleNumberInput } from './LocaleInputs';
import { lineProblems, type LineDraft, type LineProblem } from './lineEditor';

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  field: { display: 'flex', flexDirection: 'column', rowGap: '2px', minWidth: 0 },
  actions: { display: 'flex', columnGap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const PROBLEM_TEXT: Record<LineProblem, StringKey> = {
  chooseProduct: 'subgrid.chooseProduct',
  describeProduct: 'subgrid.describeProduct',
  quantity: 'subgrid.quantityRequired',
  price: 'subgrid.priceRequired',
};

export interface LineEditorFormProps {
  idPrefix: string;
  initial: LineDraft;
  saving: boolean;
  error: string | null;
  onSave: (draft: LineDraft) => void;
  onCancel: () => void;
}

export function LineEditorForm({ idPrefix, initial, saving, error, onSave, onCancel }: LineEditorFormProps): React.ReactElement {
  const s = useStyles();
  const { client } = useServices();
  const [draft, setDraft] = React.useState<LineDraft>(initial);
  // The latest draft, for a save triggered by Enter right after a field committed its value.
  const latest = React.useRef<LineDraft>(initial);
  const [problems, setProblems] = React.useState<LineProblem[]>([]);
  const [unitSchedule, setUnitSchedule] = React.useState<string | undefined>(undefined);
  const first = React.useRef<HTMLDivElement>(null);
  const set = (patch: Partial<LineDraft>) => {
    latest.current = { ...latest.current, ...patch };
    setDraft(latest.current);
  };

  React.useEffect(() => {
    first.current?.querySelector<HTMLElement>('input')?.focus();
  }, []);

  // The product's unit group limits the units; a newly chosen product brings its default unit.
  const productId = draft.product?.id;
  React.useEffect(() => {
    if (!productId) return;
    let alive = true;
    client
      .retrieve('product', productId, '?$select=_defaultuomid_value,_defaultuomscheduleid_value')
      .then((p) => {
        if (!alive) return;
        setUnitSchedule((p._defaultuomscheduleid_value as string | undefined) ?? undefined);
        const unitId = p._defaultuomid_value as string | undefined;
        if (unitId && productId !== initial.product?.id) {
          set({ unit: { id: unitId, name: String(p['_defaultuomid_value@OData.Community.Display.V1.FormattedValue'] ?? ''), entityType: 'uom' } });
        }
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [productId, client, initial.product?.id]);

  const submit = () => {
    const found = lineProblems(latest.current);
    setProblems(found);
    if (!found.length) onSave(latest.current);
  };
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onCancel();
    }
  };
  const id = (name: string) => `${idPrefix}-${name}`;
  const unitFilters = React.useMemo(() => ({ uom: unitSchedule ? `_uomscheduleid_value eq ${unitSchedule}` : undefined }), [unitSchedule]);
  const productFilters = React.useMemo(() => ({ product: 'statecode eq 0' }), []);

  return (
    <div role="group" aria-label={t('subgrid.lineEditor')} onKeyDown={keys} data-testid="line-editor" data-kind={draft.kind}>
      {(error || problems.length > 0) && (
        <MessageBar intent="error" role="alert" data-testid="line-editor-error">
          <MessageBarBody>{error ? t('subgrid.lineError', error) : problems.map((p) => t(PROBLEM_TEXT[p])).join(' ')}</MessageBarBody>
        </MessageBar>
      )}
      <div className={s.form}>
        <div className={s.field} ref={first}>
          {draft.kind === 'product' ? (
            <>
              <Label htmlFor={id('product')} required>
                {t('subgrid.product')}
              </Label>
              <LookupField id={id('product')} targets={['product']} value={draft.product ? [draft.product] : null} onChange={(v) => set({ product: v?.[0] ?? null, unit: null })} required filters={productFilters} testId="line-product" />
            </>
          ) : (
            <>
              <Label htmlFor={id('description')} required>
                {t('subgrid.description')}
              </Label>
              <Input id={id('description')} value={draft.description} maxLength={500} onChange={(_, d) => set({ description: d.value })} onKeyDown={(e) => e.key === 'Enter' && submit()} aria-required data-testid="line-description" />
            </>
          )}
        </div>
        <div className={s.field} onKeyDown={(e) => e.key === 'Enter' && setTimeout(submit)}>
          <Label htmlFor={id('quantity')} required>
            {t('subgrid.quantity')}
          </Label>
          <LocaleNumberInput id={id('quantity')} value={draft.quantity} onCommit={(v) => set({ quantity: v })} required testId="line-quantity" />
        </div>
        {draft.kind === 'product' && (
          <div className={s.field}>
            <Label htmlFor={id('unit')}>{t('subgrid.unit')}</Label>
            <LookupField id={id('unit')} targets={['uom']} value={draft.unit ? [draft.unit] : null} onChange={(v) => set({ unit: v?.[0] ?? null })} filters={unitFilters} disabled={!draft.product} testId="line-unit" />
          </div>
        )}
        <div className={s.field} onKeyDown={(e) => e.key === 'Enter' && setTimeout(submit)}>
          <Label htmlFor={id('price')} required={draft.kind === 'writein'}>
            {draft.kind === 'product' ? t('subgrid.priceOverride') : t('subgrid.price')}
          </Label>
          <LocaleNumberInput id={id('price')} value={draft.price} fractionDigits={2} onCommit={(v) => set({ price: v })} required={draft.kind === 'writein'} testId="line-price" />
        </div>
        <div className={s.actions}>
          <Button appearance="primary" onClick={submit} disabled={saving} data-testid="line-save">
            {t('subgrid.saveLine')}
          </Button>
          <Button onClick={onCancel} disabled={saving} data-testid="line-cancel">
            {t('subgrid.cancel')}
          </Button>
        </div>
      </div>
    </div>
  );
}
