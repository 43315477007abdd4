/**
 * The lines subgrid of an order, quote or invoice. Each line can show the real Item Availability control bound to
 * that line's product and quantity (what the order product form shows), so a salesperson sees availability per line
 * without leaving the order. Lines are added (existing or write-in product), edited and removed here through the
 * Web API, as on the Sales form's editable grid; on a read-only record (Submitted, closed, in the ERP) none of that
 * is offered, rather than failing at Save.
 */
import * as React from 'react';
import { Badge, Button, Link, Spinner, Toolbar, ToolbarButton, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, shorthands, tokens, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { AddRegular, ChevronDownRegular, ChevronRightRegular, DeleteRegular, EditRegular, TextAddRegular } from '@fluentui/react-icons';
import type { FormControl } from '../../shared/model';
import { useServices } from '../app/services';
import { hrefFor } from '../app/router';
import { displayValue } from '../data/format';
import type { EntityRecord } from '../data/webApi';
import { label, t } from '../i18n';
import { PcfControl } from '../pcf/PcfControl';
import { FormModel } from './formModel';
import { dialogs } from '../host/dialogs';
import { canCreate, canDelete, canWriteTable } from '../app/permissions';
import { formattedName } from '../data/webApi';
import { LineEditorForm } from './LineEditorForm';
import { changedLineBody, draftOf, newLineBody, type LineDraft } from './lineEditor';

type SubgridDef = Extract<FormControl, { kind: 'subgrid' }>;

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  table: { minWidth: '760px' },
  availability: { ...shorthands.padding(tokens.spacingVerticalS, tokens.spacingHorizontalL, tokens.spacingVerticalM, '44px'), backgroundColor: tokens.colorNeutralBackground2 },
  empty: { color: tokens.colorNeutralForeground3, ...shorthands.padding(tokens.spacingVerticalM) },
  headerCell: { fontWeight: tokens.fontWeightSemibold },
  editor: { backgroundColor: tokens.colorNeutralBackground2, ...shorthands.padding(tokens.spacingVerticalM, tokens.spacingHorizontalL) },
  writeIn: { marginLeft: tokens.spacingHorizontalS },
  rowActions: { display: 'flex', columnGap: '2px' },
});

const EMPTY_DRAFT = (kind: LineDraft['kind']): LineDraft => ({ kind, product: null, description: '', quantity: 1, unit: null, price: null });

/** A line with no catalogue product: its description is its name, and it has no ERP availability. */
const isWriteIn = (r: EntityRecord) => !r._productid_value && (r.isproductoverridden === true || typeof r.productdescription === 'string');

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
        .update(def.entity, model.id, model.changes())
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

export interface SubgridProps {
  def: SubgridDef;
  parentEntity: string;
  parentId: string;
  reloadKey: number;
  registerRefresh: (name: string, fn: () => void) => void;
  readOnly?: boolean;
  /** After a line was added, changed or removed (the header's totals changed on the server). */
  onLinesChanged?: () => void;
}

export function Subgrid({ def, parentEntity, parentId, reloadKey, registerRefresh, readOnly = false, onLinesChanged }: SubgridProps): React.ReactElement {
  const s = useStyles();
  const services = useServices();
  const { meta, client } = services;
  const [editing, setEditing] = React.useState<{ id: string | null; draft: LineDraft } | null>(null);
  const [saving, setSaving] = React.useState(false);
  const [editError, setEditError] = React.useState<string | null>(null);
  const addButton = React.useRef<HTMLButtonElement>(null);
  // Lines change with the parent: Write on the parent table, and Create / Write / Delete on the lines' table.
  const mayChange = !readOnly && canWriteTable(services, parentEntity);
  const mayAdd = mayChange && canCreate(services, def.entity);
  const mayEdit = mayChange && canWriteTable(services, def.entity);
  const mayRemove = mayChange && canDelete(services, def.entity);
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
    const select = [info.primaryId, ...[...def.columns, ...bound].map((c) => (meta.isLookup(def.entity, c) ? `_${c}_value` : c)), '_productid_value', '_uomid_value', 'quantity', 'productdescription', 'priceperunit', 'isproductoverridden', 'ispriceoverridden'].filter((c) => c === info.primaryId || !!meta.attribute(def.entity, c.replace(/^_(.+)_value$/, '$1')));
    const order = meta.attribute(def.entity, 'sequencenumber') ? '&$orderby=sequencenumber asc' : '';
    client
      .retrieveMultiple(def.entity, `?$select=${[...new Set(select)].join(',')}&$filter=_${def.relationshipAttribute}_value eq ${parentId}${order}`)
      .then((page) => alive && (setRows(page.entities), setError(null)))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [def, parentId, reloadKey, tick, client, meta, info.primaryId]);

  const finishEdit = () => {
    setEditing(null);
    setEditError(null);
    setTimeout(() => addButton.current?.focus());
  };

  const saveLine = async (draft: LineDraft) => {
    if (!editing) return;
    setSaving(true);
    setEditError(null);
    try {
      if (editing.id === null) {
        const parent = { id: parentId, name: '', entityType: parentEntity };
        await client.create(def.entity, newLineBody(meta, def.entity, def.relationshipAttribute, parent, draft));
      } else {
        const body = changedLineBody(meta, def.entity, editing.draft, draft);
        if (Object.keys(body).length) await client.update(def.entity, editing.id, body);
      }
      finishEdit();
      reload();
      onLinesChanged?.();
    } catch (e) {
      setEditError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  const removeLine = async (r: EntityRecord, name: string) => {
    const ok = await dialogs.confirm({ text: t('subgrid.confirmRemove', name), confirmLabel: t('subgrid.remove'), cancelLabel: t('subgrid.cancel') });
    if (!ok) return;
    try {
      await client.remove(def.entity, String(r[info.primaryId]));
      reload();
      onLinesChanged?.();
    } catch (e) {
      await dialogs.error({ message: t('subgrid.removeError', e instanceof Error ? e.message : String(e)) });
    }
  };

  const editorRow = (key: string, colSpan: number) =>
    editing && (
      <TableRow key={key}>
        <TableCell colSpan={colSpan} className={s.editor}>
          <LineEditorForm idPrefix={`${def.id}-${editing.id ?? 'new'}`} initial={editing.draft} saving={saving} error={editError} onSave={(d) => void saveLine(d)} onCancel={finishEdit} />
        </TableCell>
      </TableRow>
    );

  const commands = mayAdd && (
    <Toolbar aria-label={label(def.labels)} size="small" data-testid={`subgrid-${def.id}-commands`}>
      <ToolbarButton ref={addButton} icon={<AddRegular />} disabled={editing !== null} onClick={() => setEditing({ id: null, draft: EMPTY_DRAFT('product') })} data-testid="line-add-product">
        {t('subgrid.addProduct')}
      </ToolbarButton>
      <ToolbarButton icon={<TextAddRegular />} disabled={editing !== null} onClick={() => setEditing({ id: null, draft: EMPTY_DRAFT('writein') })} data-testid="line-add-writein">
        {t('subgrid.addWriteIn')}
      </ToolbarButton>
    </Toolbar>
  );

  if (error) {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>{t('grid.error', error)}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!rows) return <Spinner size="tiny" label={t('app.loading')} />;
  const withActions = mayEdit || mayRemove;
  const colCount = def.columns.length + (def.lineControl ? 1 : 0) + (withActions ? 1 : 0);
  if (rows.length === 0 && !editing) {
    return (
      <div>
        {commands}
        <Text className={s.empty}>{t('subgrid.empty')}</Text>
      </div>
    );
  }
  const nameOf = (r: EntityRecord) => displayValue(meta, def.entity, 'productid', r) || String(r.productdescription ?? '') || String(r[info.primaryId]);
  return (
    <div className={s.wrap}>
      {commands}
      <Table className={s.table} size="small" aria-label={label(def.labels)} data-testid={`subgrid-${def.id}`}>
        <TableHeader>
          <TableRow>
            {def.lineControl && <TableHeaderCell style={{ width: '36px' }} aria-label={t('subgrid.showAvailability')} />}
            {def.columns.map((c) => (
              <TableHeaderCell key={c} className={s.headerCell}>
                {meta.attributeLabel(def.entity, c)}
              </TableHeaderCell>
            ))}
            {withActions && <TableHeaderCell style={{ width: '84px' }}>{t('subgrid.actions')}</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => {
            const id = String(r[info.primaryId]);
            const open = !collapsed.has(id);
            const writeIn = isWriteIn(r);
            const name = nameOf(r);
            if (editing?.id === id) return editorRow(id, colCount);
            return (
              <React.Fragment key={id}>
                <TableRow data-testid="subgrid-row" data-line-kind={writeIn ? 'writein' : 'product'}>
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
                    <TableCell key={c}>
                      {i === 0 ? (
                        <>
                          <Link href={hrefFor.form(def.entity, id)}>{name}</Link>
                          {writeIn && (
                            <Badge className={s.writeIn} appearance="tint" color="informative" size="small">
                              {t('subgrid.writeIn')}
                            </Badge>
                          )}
                        </>
                      ) : writeIn && c === 'productdescription' ? null : (
                        displayValue(meta, def.entity, c, r)
                      )}
                    </TableCell>
                  ))}
                  {withActions && (
                    <TableCell>
                      <div className={s.rowActions} role="group" aria-label={t('subgrid.actions')}>
                        {mayEdit && (
                          <Button appearance="subtle" size="small" icon={<EditRegular />} aria-label={t('subgrid.editLine', name)} disabled={editing !== null} onClick={() => setEditing({ id, draft: draftOf(r, (k) => r[formattedName(k)] as string | undefined) })} data-testid="line-edit" />
                        )}
                        {mayRemove && <Button appearance="subtle" size="small" icon={<DeleteRegular />} aria-label={t('subgrid.removeLine', name)} disabled={editing !== null} onClick={() => void removeLine(r, name)} data-testid="line-remove" />}
                      </div>
                    </TableCell>
                  )}
                </TableRow>
                {def.lineControl && open && (
                  <TableRow>
                    <TableCell colSpan={colCount} className={s.availability}>
                      {writeIn ? <Text data-testid="line-writein-note">{t('subgrid.writeInNoAvailability')}</Text> : <LineAvailability def={def} line={r} readOnly={readOnly} onSaved={reload} />}
                    </TableCell>
                  </TableRow>
                )}
              </React.Fragment>
            );
          })}
          {editing?.id === null && editorRow('new', colCount)}
        </TableBody>
      </Table>
    </div>
  );
}
