/**
 * A record's main form: command bar (form commands + the solution's ribbon), header, form notifications, tabs with
 * sections of fields, the real PCF controls, line subgrids and the timeline. Form scripts registered for the table
 * run on load (initial, after save, after refresh, with the data load state) and on change of their column, with an
 * execution context, exactly as the platform calls them.
 */
import * as React from 'react';
import {
  MessageBar, MessageBarBody, MessageBarTitle, Spinner, Tab, TabList, Text, makeStyles, mergeClasses, shorthands, tokens, Badge,
} from '@fluentui/react-components';
import type { FormControl, FormDef, FormEventRegistration, FormSection } from '../../shared/model';
import { useServices } from '../app/services';
import { navigate, hrefFor, hasNavigatedInApp } from '../app/router';
import { dialogs } from '../host/dialogs';
import { label, t } from '../i18n';
import { PcfControl } from '../pcf/PcfControl';
import { CommandBar } from '../ribbon/CommandBar';
import { loadWebResource, resolveFunction, type CommandContext } from '../ribbon/commands';
import { createFormContext, eventContext, type FormHost } from '../xrm/formContext';
import { FieldControl } from './FieldControl';
import { FormModel } from './formModel';
import { Subgrid } from './Subgrid';
import { attachSalesDefaults } from './salesDefaults';
import { Timeline } from './Timeline';
import { displayValue } from '../data/format';
import { canCreate } from '../app/permissions';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 },
  scroll: { overflowY: 'auto', flexGrow: 1, ...shorthands.padding(0, tokens.spacingHorizontalL, tokens.spacingVerticalXXL) },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    alignItems: 'center',
    rowGap: tokens.spacingVerticalS,
    ...shorthands.padding(tokens.spacingVerticalM, 0, tokens.spacingVerticalS),
  },
  titleBlock: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  title: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase600, ...shorthands.margin(0) },
  subtitle: { color: tokens.colorNeutralForeground3, display: 'flex', alignItems: 'center', columnGap: tokens.spacingHorizontalS },
  headerFields: { display: 'flex', columnGap: tokens.spacingHorizontalXXL, flexWrap: 'wrap' },
  headerField: { display: 'flex', flexDirection: 'column', ...shorthands.borderLeft('1px', 'solid', tokens.colorNeutralStroke2), ...shorthands.padding(0, 0, 0, tokens.spacingHorizontalM) },
  headerValue: { fontWeight: tokens.fontWeightSemibold },
  headerLabel: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  notifications: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalXS, marginBottom: tokens.spacingVerticalS },
  tabs: { marginBottom: tokens.spacingVerticalM },
  sections: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(440px, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
    borderRadius: tokens.borderRadiusMedium,
    ...shorthands.padding(tokens.spacingVerticalM, tokens.spacingHorizontalL),
    minWidth: 0,
  },
  wide: { gridColumn: '1 / -1' },
  sectionTitle: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, ...shorthands.margin(0, 0, tokens.spacingVerticalS) },
  twoCols: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))', columnGap: tokens.spacingHorizontalXXL },
  center: { ...shorthands.padding(tokens.spacingVerticalXXL), display: 'flex', justifyContent: 'center' },
});

const LOAD_STATE = { initial: 1, save: 2, refresh: 3 } as const;

/**
 * A line has no state of its own: it is read-only when its order, quote or invoice is (Submitted, closed, in the
 * ERP), as the platform refuses to change it then. The form reads the parent's state so it opens read-only instead
 * of failing at Save.
 */
const LINE_PARENT: Record<string, string> = { salesorderdetail: 'salesorder', quotedetail: 'quote', invoicedetail: 'invoice' };

async function parentIsActive(client: { retrieve: (e: string, id: string, q?: string) => Promise<Record<string, unknown>> }, entity: string, record: Record<string, unknown>): Promise<boolean> {
  const parent = LINE_PARENT[entity];
  const parentId = parent ? record[`_${parent}id_value`] : undefined;
  if (!parent || typeof parentId !== 'string') return true;
  const row = await client.retrieve(parent, parentId, '?$select=statecode');
  return Number(row.statecode ?? 0) === 0;
}

function isWide(section: FormSection): boolean {
  return section.controls.some((c) => c.kind === 'subgrid' || c.kind === 'timeline');
}

async function callHandler(reg: FormEventRegistration, formContext: Xrm.FormContext, source: unknown, args: unknown, hasLibrary: (n: string) => boolean): Promise<void> {
  try {
    await loadWebResource(reg.library, hasLibrary);
    const fn = resolveFunction(reg.functionName);
    if (!fn) throw new Error(`${reg.functionName} is not defined by ${reg.library}.`);
    await fn(...(reg.passExecutionContext ? [eventContext(formContext, source, args)] : []));
  } catch (e) {
    // The platform shows a script error dialog and keeps the form usable.
    await dialogs.error({ message: t('command.failed', e instanceof Error ? e.message : String(e)), details: `${reg.event} ${reg.library} ${reg.functionName}` });
  }
}

const FIRST_FIELD = 'input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [role=combobox]:not([aria-disabled=true])';

/** A record's form; `id` null opens it in create mode (Save creates the row, then the form opens it). */
export function FormPage({ entity, id }: { entity: string; id: string | null }): React.ReactElement {
  const s = useStyles();
  const sections = React.useRef<HTMLDivElement>(null);
  const focused = React.useRef(false);
  const services = useServices();
  const { meta, client, manifest, session } = services;
  const formDef: FormDef | undefined = manifest.forms[entity];
  const [model, setModel] = React.useState<FormModel | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [, setVersion] = React.useState(0);
  const [tab, setTab] = React.useState<string>(formDef?.tabs[0]?.id ?? '');
  const [reloadKey, setReloadKey] = React.useState(0);
  const [ribbonTick, setRibbonTick] = React.useState(0);
  const [parentActive, setParentActive] = React.useState(true);
  const subgridRefresh = React.useRef(new Map<string, () => void>());
  const registerRefresh = React.useCallback((name: string, fn: () => void) => void subgridRefresh.current.set(name, fn), []);
  const hasLibrary = React.useCallback((name: string) => manifest.webResources.some((w) => w.name === name), [manifest]);
  const events = React.useMemo(() => manifest.formEvents.filter((e) => e.entity === entity), [manifest, entity]);

  const holder = React.useRef<{ model: FormModel; formContext: Xrm.FormContext } | null>(null);

  const load = React.useCallback(
    async (state: number) => {
      const record = id ? await client.retrieve(entity, id) : {};
      setParentActive(await parentIsActive(client, entity, record));
      let current = holder.current;
      if (!current) {
        const m = new FormModel(entity, id, meta);
        const host: FormHost = {
          model: m,
          save: () => save(),
          reload: () => load(LOAD_STATE.refresh),
          refreshRibbon: () => setRibbonTick((n) => n + 1),
          close: () => window.history.back(),
          controlNames: () => (formDef ? formDef.tabs.flatMap((tb) => tb.sections.flatMap((sc) => sc.controls.map((c) => (c.kind === 'field' ? c.attribute : c.id)))) : []),
          refreshSubgrid: (name: string) => subgridRefresh.current.get(name)?.(),
        };
        const formContext = createFormContext(host);
        current = { model: m, formContext };
        holder.current = current;
        m.subscribe(() => setVersion(m.version));
        attachSalesDefaults(m, client);
        for (const reg of events.filter((e) => e.event === 'onchange' && e.attribute)) {
          m.addOnChange(reg.attribute!, () => void callHandler(reg, formContext, (formContext.getAttribute as (n: string) => unknown)(reg.attribute!), null, hasLibrary));
        }
      }
      current.model.load(record);
      setModel(current.model);
      setReloadKey((n) => n + 1);
      for (const reg of events.filter((e) => e.event === 'onload')) {
        await callHandler(reg, current.formContext, null, { getDataLoadState: () => state }, hasLibrary);
      }
    },
    [client, entity, id, meta, events, formDef, hasLibrary],
  );

  const save = React.useCallback(async () => {
    const current = holder.current;
    if (!current) return;
    const { model: m, formContext } = current;
    const saveHandlers = (formContext as unknown as { __saveHandlers: ((c: Xrm.Events.EventContext) => void)[] }).__saveHandlers;
    let prevented = false;
    const args = { preventDefault: () => (prevented = true), isDefaultPrevented: () => prevented, getSaveMode: () => 1 };
    for (const h of saveHandlers) h(eventContext(formContext, null, args));
    for (const reg of events.filter((e) => e.event === 'onsave')) await callHandler(reg, formContext, null, args, hasLibrary);
    if (prevented) return;
    if (m.isNew()) {
      // Create mode: POST the row, then open it (Sales opens the saved record's form with its new id).
      let newId: string;
      try {
        newId = await client.create(entity, m.changes());
      } catch (e) {
        await dialogs.error({ message: t('form.createError', e instanceof Error ? e.message : String(e)) });
        return;
      }
      window.location.replace(hrefFor.form(entity, newId));
      return;
    }
    if (m.isDirty()) {
      try {
        await client.update(entity, m.id!, m.changes());
      } catch (e) {
        await dialogs.error({ message: t('form.saveError', e instanceof Error ? e.message : String(e)) });
        return;
      }
    }
    await load(LOAD_STATE.save);
  }, [client, entity, id, events, hasLibrary, load]);

  React.useEffect(() => {
    holder.current = null;
    setModel(null);
    setError(null);
    setTab(formDef?.tabs[0]?.id ?? '');
    load(LOAD_STATE.initial).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [entity, id]);

  // Opened from inside the app: focus lands on the form's first field (its title when every field is read-only).
  React.useEffect(() => {
    if (focused.current || !model || !sections.current || !hasNavigatedInApp()) return;
    focused.current = true;
    const first = sections.current.querySelector<HTMLElement>(FIRST_FIELD);
    (first ?? document.querySelector<HTMLElement>('[data-testid=form-title]'))?.focus();
  }, [model]);

  const commandCtx: CommandContext | null = React.useMemo(
    () => (holder.current && model ? { form: model, formContext: holder.current.formContext, session, hasLibrary, privileges: services.privileges } : null),
    [model, session, hasLibrary, services.privileges],
  );

  if (error) {
    return (
      <div className={s.page}>
        <MessageBar intent="error" role="alert" style={{ margin: 16 }}>
          <MessageBarBody>{t('form.notFound', error)}</MessageBarBody>
        </MessageBar>
      </div>
    );
  }
  if (!model || !formDef) {
    return (
      <div className={s.center}>
        <Spinner label={t('form.loading')} />
      </div>
    );
  }

  const info = meta.entity(entity);
  // Like Unified Interface: a record the user cannot write (state, or no Write privilege on the table) opens read-only.
  const owner = model.get('ownerid');
  const ownedByMe = Array.isArray(owner) && owner[0]?.id.replace(/[{}]/g, '').toLowerCase() === session.user.id.toLowerCase();
  const canWrite = model.isNew()
    ? canCreate(services, entity)
    : !services.privileges || (services.privileges.has(`write:${entity}`) && (ownedByMe || !services.basicPrivileges?.has(`write:${entity}`)));
  const readOnly = model.isReadOnly() || !parentActive || !canWrite;
  const title = String(model.get(info.primaryName) ?? '') || (model.isNew() ? t('form.newTitle', meta.entityLabel(entity)) : meta.entityLabel(entity));
  const activeTab = formDef.tabs.find((tb) => tb.id === tab) ?? formDef.tabs[0];

  const renderControl = (c: FormControl) => {
    switch (c.kind) {
      case 'field':
        return <FieldControl key={c.attribute} model={model} attribute={c.attribute} labelText={c.labels ? label(c.labels) : undefined} disabled={readOnly || c.readOnly === true} required={c.required} version={model.version} />;
      case 'pcf': {
        // The product's controls read the saved record; a record being created has none yet.
        if (!id) return null;
        const def = manifest.controls.find((x) => x.name === c.control || x.solutionName === c.control);
        if (!def || model.hiddenControls.has(c.id)) return null;
        return (
          <PcfControl
            key={c.id}
            def={def}
            bindings={c.bindings}
            form={model}
            meta={meta}
            client={client}
            session={session}
            disabled={readOnly || model.disabledControls.get(c.id) === true}
            label={label(c.labels)}
            version={model.version}
          />
        );
      }
      case 'subgrid':
        return id ? (
          <Subgrid key={c.id} def={c} parentEntity={entity} parentId={id} reloadKey={reloadKey} registerRefresh={registerRefresh} readOnly={readOnly} onLinesChanged={() => void load(LOAD_STATE.refresh)} />
        ) : (
          <Text key={c.id} data-testid={`subgrid-${c.id}-savefirst`}>{t('subgrid.saveFirst')}</Text>
        );
      case 'timeline':
        return id ? <Timeline key={c.id} entity={entity} id={id} reloadKey={reloadKey} /> : null;
      default:
        return null;
    }
  };

  const statusText = model.get('statuscode') !== null ? meta.optionLabel(entity, 'statuscode', model.get('statuscode') as number) : '';

  return (
    <div className={s.page} data-testid={`form-${entity}`} data-record-id={id ?? ''} data-mode={id ? 'edit' : 'create'}>
      <CommandBar
        ribbon={manifest.ribbons[entity]}
        ctx={commandCtx}
        evaluateKey={`${model.version}-${ribbonTick}`}
        canSave={!readOnly && model.isDirty()}
        onBack={() => navigate(hrefFor.list(entity))}
        onSave={() => void save()}
        onRefresh={() => void load(LOAD_STATE.refresh)}
        onNew={canCreate(services, entity) ? () => navigate(hrefFor.newRecord(entity)) : undefined}
      />
      <div className={s.scroll}>
        <header className={s.header} aria-label={t('form.header')}>
          <div className={s.titleBlock}>
            <h2 className={s.title} data-testid="form-title" tabIndex={-1}>
              {title}
            </h2>
            <Text className={s.subtitle}>
              {meta.entityLabel(entity)}
              {statusText && <Badge appearance="tint" color={readOnly ? 'subtle' : 'success'} data-testid="form-status">{statusText}</Badge>}
              {model.isDirty() && <Badge appearance="outline" color="warning">{t('form.unsaved')}</Badge>}
            </Text>
          </div>
          <dl className={s.headerFields}>
            {formDef.headerFields.map((f) => (
              <div key={f} className={s.headerField}>
                <dd className={s.headerValue} style={{ margin: 0 }} data-testid={`header-${f}`}>
                  {displayValue(meta, entity, f, model.raw) || '—'}
                </dd>
                <dt className={s.headerLabel}>{meta.attributeLabel(entity, f)}</dt>
              </div>
            ))}
          </dl>
        </header>
        <div className={s.notifications} aria-label={t('form.notifications')} aria-live="polite" data-testid="form-notifications">
          {readOnly && (
            <MessageBar intent="info" data-testid="form-readonly">
              <MessageBarBody>{model.isReadOnly() || !parentActive ? t('form.readOnly') : t('form.readOnlyPrivilege')}</MessageBarBody>
            </MessageBar>
          )}
          {model.notifications.map((n) => (
            <MessageBar key={n.id} intent={n.level === 'ERROR' ? 'error' : n.level === 'WARNING' ? 'warning' : 'info'} role={n.level === 'ERROR' ? 'alert' : 'status'} data-testid="form-notification" data-notification-id={n.id}>
              <MessageBarBody>
                {n.level === 'ERROR' && <MessageBarTitle>{t('dialog.error')}</MessageBarTitle>}
                {n.message}
              </MessageBarBody>
            </MessageBar>
          ))}
        </div>
        {formDef.tabs.length > 1 && (
          <TabList className={s.tabs} selectedValue={activeTab.id} onTabSelect={(_, d) => setTab(String(d.value))} aria-label={t('form.tabs')}>
            {formDef.tabs.map((tb) => (
              <Tab key={tb.id} value={tb.id}>
                {label(tb.labels)}
              </Tab>
            ))}
          </TabList>
        )}
        <div ref={sections} className={s.sections} role="tabpanel" aria-label={label(activeTab.labels)}>
          {activeTab.sections.map((sec) => (
            <section key={sec.id} className={mergeClasses(s.card, isWide(sec) && s.wide)} aria-labelledby={`sec-${sec.id}`} data-testid={`section-${sec.id}`}>
              <h3 id={`sec-${sec.id}`} className={s.sectionTitle}>
                {label(sec.labels)}
              </h3>
              <div className={sec.columns === 2 ? s.twoCols : undefined}>{sec.controls.map(renderControl)}</div>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
