/**
 * The lines subgrid of an order, quote or invoice. Each line can show the real Item Availability control bound to
 * that line's product and quantity (what the order product form shows), so a salesperson sees availability per line
 * without leaving the order.
 */
import * as React from 'react';
import { Button, Link, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, shorthands, tokens, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { ChevronDownRegular, ChevronRightRegular } from '@fluentui/react-icons';
import type { FormControl } from '../../shared/model';
import { useServices } from '../app/services';
import { hrefFor } from '../app/router';
import { displayValue } from '../data/format';
import type { EntityRecord } from '../data/webApi';
import { label, t } from '../i18n';
import { PcfControl } from '../pcf/PcfControl';
import { FormModel } from './formModel';

type SubgridDef = Extract<FormControl, { kind: 'subgrid' }>;

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  table: { minWidth: '760px' },
  availability: { ...shorthands.padding(tokens.spacingVerticalS, tokens.spacingHorizontalL, tokens.spacingVerticalM, '44px'), backgroundColor: tokens.colorNeutralBackground2 },
  empty: { color: tokens.colorNeutralForeground3, ...shorthands.padding(tokens.spacingVerticalM) },
  headerCell: { fontWeight: tokens.fontWeightSemibold },
});

/**
 * A line's Item Availability. What the control writes back (its ship-from location) is saved on the line at once,
 * as the order product form would on save, and the subgrid reloads to show it; a refused save is shown here.
 */
function LineAvailability({ def, line, readOnly, onSaved }: { def: SubgridDef; line: EntityRecord; readOnly: boolean; onSaved: () => void }) {
  const services = useServices();
  const [saveError, setSaveError] = React.useState<string | null>(null);
  const control = services.manifest.controls.find((c) => c.name === def.lineControl?.control || c.solutionName === def.lineControl?.control);
  const model = React.useMemo(() => {
    const m = new FormModel(def.entity, null, services.meta);
    m.load(line);
    return m;
  }, [def.entity, line, services.meta]);
  React.useEffect(() => {
    let saving = false;
    return model.subscribe(() => {
      if (saving || !model.isDirty() || !model.id) return;
      saving = true;
      services.client
        .update(def.entity, model.id, model.changes(() => undefined))
        .then(() => {
          setSaveError(null);
          onSaved();
        })
        .catch((e: unknown) => {
          setSaveError(e instanceof Error ? e.message : String(e));
          model.load(line);
        })
        .finally(() => {
          saving = false;
        });
    });
  }, [model, def.entity, line, onSaved, services.client]);
  if (!control || !def.lineControl) return null;
  const productName = displayValue(services.meta, def.entity, 'productid', line) || displayValue(services.meta, def.entity, 'productdescription', line);
  return (
    <section aria-label={t('subgrid.availability', productName)} data-testid="line-availability">
      {saveError && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{saveError}</MessageBarBody>
        </MessageBar>
      )}
      <PcfControl def={control} bindings={def.lineControl.bindings} form={model} meta={services.meta} client={services.client} session={services.session} disabled={readOnly} label={t('subgrid.availability', productName)} version={model.version} />
    </section>
  );
}

export function Subgrid({ def, parentId, reloadKey, registerRefresh, readOnly = false }: { def: SubgridDef; parentId: string; reloadKey: number; registerRefresh: (name: string, fn: () => void) => void; readOnly?: boolean }): React.ReactElement {
  const s = useStyles();
  const { meta, client } = useServices();
  const [rows, setRows] = React.useState<EntityRecord[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [collapsed, setCollapsed] = React.useState<Set<string>>(new Set());
  const [tick, setTick] = React.useState(0);
  const info = meta.entity(def.entity);

  const reload = React.useCallback(() => setTick((n) => n + 1), []);
  React.useEffect(() => registerRefresh(def.id, reload), [def.id, registerRefresh, reload]);

  React.useEffect(() => {
    let alive = true;
    // The line control's bound columns too (its ship-from location may not be a column of the subgrid).
    const bound = Object.values(def.lineControl?.bindings ?? {}).map((b) => b.attribute).filter((a): a is string => !!a && !!meta.attribute(def.entity, a));
    const select = [info.primaryId, ...[...def.columns, ...bound].map((c) => (meta.isLookup(def.entity, c) ? `_${c}_value` : c)), '_productid_value', 'quantity'];
    const order = meta.attribute(def.entity, 'sequencenumber') ? '&$orderby=sequencenumber asc' : '';
    client
      .retrieveMultiple(def.entity, `?$select=${[...new Set(select)].join(',')}&$filter=_${def.relationshipAttribute}_value eq ${parentId}${order}`)
      .then((page) => alive && (setRows(page.entities), setError(null)))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [def, parentId, reloadKey, tick, client, meta, info.primaryId]);

  if (error) {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>{t('grid.error', error)}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!rows) return <Spinner size="tiny" label={t('app.loading')} />;
  if (rows.length === 0) return <Text className={s.empty}>{t('subgrid.empty')}</Text>;
  const colCount = def.columns.length + (def.lineControl ? 1 : 0);
  return (
    <div className={s.wrap}>
      <Table className={s.table} size="small" aria-label={label(def.labels)} data-testid={`subgrid-${def.id}`}>
        <TableHeader>
          <TableRow>
            {def.lineControl && <TableHeaderCell style={{ width: '36px' }} aria-label={t('subgrid.showAvailability')} />}
            {def.columns.map((c) => (
              <TableHeaderCell key={c} className={s.headerCell}>
                {meta.attributeLabel(def.entity, c)}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => {
            const id = String(r[info.primaryId]);
            const open = !collapsed.has(id);
            return (
              <React.Fragment key={id}>
                <TableRow data-testid="subgrid-row">
                  {def.lineControl && (
                    <TableCell>
                      <Button
                        appearance="subtle"
                        size="small"
                        icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
                        aria-expanded={open}
                        aria-label={open ? t('subgrid.hideAvailability') : t('subgrid.showAvailability')}
                        onClick={() => setCollapsed((c) => {
                          const n = new Set(c);
                          if (n.has(id)) n.delete(id);
                          else n.add(id);
                          return n;
                        })}
                      />
                    </TableCell>
                  )}
                  {def.columns.map((c, i) => (
                    <TableCell key={c}>{i === 0 ? <Link href={hrefFor.form(def.entity, id)}>{displayValue(meta, def.entity, c, r) || displayValue(meta, def.entity, 'productdescription', r) || id}</Link> : displayValue(meta, def.entity, c, r)}</TableCell>
                  ))}
                </TableRow>
                {def.lineControl && open && (
                  <TableRow>
                    <TableCell colSpan={colCount} className={s.availability}>
                      <LineAvailability def={def} line={r} readOnly={readOnly} onSaved={reload} />
                    </TableCell>
                  </TableRow>
                )}
              </React.Fragment>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
