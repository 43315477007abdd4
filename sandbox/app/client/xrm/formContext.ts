/**
 * Xrm.FormContext over a FormModel: data.entity (id, name, dirty, save), getAttribute/getControl with values,
 * disabled and visible state, form notifications, data.refresh/save, ui.getFormType. Every column of the table is
 * available through getAttribute (the sandbox puts all columns on the form, hidden when the layout does not show them).
 */
import type { FieldValue, FormModel, LookupRef } from '../form/formModel';

export interface FormHost {
  model: FormModel;
  /** PATCHes the changes (or creates), then reloads. */
  save(): Promise<void>;
  /** Reloads the record from the server. */
  reload(): Promise<void>;
  /** Re-evaluates the command bar (ui.refreshRibbon). */
  refreshRibbon(): void;
  close(): void;
  /** Names of the form's visible controls (fields, PCF, subgrids): getControl answers for these and every column. */
  controlNames(): string[];
  /** A subgrid control's refresh. */
  refreshSubgrid(name: string): void;
}

const upperId = (id: string | null): string => (id ? `{${id.replace(/[{}]/g, '').toUpperCase()}}` : '');

class Collection<T> {
  constructor(private readonly items: () => T[], private readonly nameOf: (t: T) => string) {}
  get(arg?: number | string | ((item: T, index: number) => boolean)): T | T[] | null {
    const all = this.items();
    if (arg === undefined) return all;
    if (typeof arg === 'number') return all[arg] ?? null;
    if (typeof arg === 'string') return all.find((i) => this.nameOf(i) === arg) ?? null;
    return all.filter(arg);
  }
  forEach(fn: (item: T, index: number) => void): void {
    this.items().forEach(fn);
  }
  getLength(): number {
    return this.items().length;
  }
}

function attributeType(host: FormHost, name: string): string {
  const t = host.model.meta.attribute(host.model.entity, name)?.type ?? 'string';
  const map: Record<string, string> = {
    string: 'string',
    memo: 'memo',
    integer: 'integer',
    bigint: 'integer',
    decimal: 'decimal',
    double: 'double',
    money: 'money',
    boolean: 'boolean',
    datetime: 'datetime',
    picklist: 'optionset',
    state: 'optionset',
    status: 'optionset',
    lookup: 'lookup',
    customer: 'lookup',
    owner: 'lookup',
  };
  return map[t] ?? 'string';
}

export function createFormContext(host: FormHost): Xrm.FormContext {
  const model = host.model;
  const controls = new Map<string, unknown>();
  const attributes = new Map<string, unknown>();

  const control = (name: string): unknown => {
    if (!controls.has(name)) {
      const attrName = name.replace(/^header_/, '');
      controls.set(name, {
        getName: () => name,
        getControlType: () => (model.meta.attribute(model.entity, attrName) ? 'standard' : 'customcontrol'),
        getDisabled: () => model.disabledControls.get(name) ?? model.isReadOnly(),
        setDisabled: (v: boolean) => {
          model.disabledControls.set(name, v);
          model.bump();
          host.refreshRibbon();
        },
        getVisible: () => !model.hiddenControls.has(name),
        setVisible: (v: boolean) => {
          if (v) model.hiddenControls.delete(name);
          else model.hiddenControls.add(name);
          model.bump();
        },
        getLabel: () => model.meta.attributeLabel(model.entity, attrName),
        setLabel: () => undefined,
        getAttribute: () => attribute(attrName),
        setNotification: (message: string, uniqueId?: string) => model.setNotification({ id: `${name}:${uniqueId ?? ''}`, level: 'ERROR', message }),
        clearNotification: (uniqueId?: string) => model.clearNotification(`${name}:${uniqueId ?? ''}`),
        setFocus: () => document.getElementById(`field-${attrName}`)?.focus(),
        refresh: () => host.refreshSubgrid(name),
        getParent: () => null,
      });
    }
    return controls.get(name);
  };

  const attribute = (name: string): unknown => {
    if (!model.has(name)) return null;
    if (!attributes.has(name)) {
      attributes.set(name, {
        getName: () => name,
        getAttributeType: () => attributeType(host, name),
        getFormat: () => null,
        getValue: () => {
          const v = model.get(name);
          return Array.isArray(v) ? v.map((r) => ({ ...r, id: upperId(r.id) })) : v;
        },
        setValue: (v: FieldValue) => {
          const value = Array.isArray(v) ? (v as LookupRef[]).map((r) => ({ id: r.id.replace(/[{}]/g, '').toLowerCase(), name: r.name ?? '', entityType: r.entityType })) : v;
          model.set(name, value ?? null);
        },
        getIsDirty: () => model.dirty.has(name),
        addOnChange: (h: (ctx: Xrm.Events.EventContext) => void) => {
          const wrapped = () => h(eventContext(formContext as unknown as Xrm.FormContext, attribute(name)));
          (h as unknown as { __wrapped?: () => void }).__wrapped = wrapped;
          model.addOnChange(name, wrapped);
        },
        removeOnChange: (h: unknown) => {
          const w = (h as { __wrapped?: () => void }).__wrapped;
          if (w) model.removeOnChange(name, w);
        },
        fireOnChange: () => model.fireOnChange(name),
        getRequiredLevel: () => model.requiredLevels.get(name) ?? 'none',
        setRequiredLevel: (level: string) => {
          model.requiredLevels.set(name, level);
          model.bump();
        },
        getSubmitMode: () => 'dirty',
        setSubmitMode: () => undefined,
        getOptions: () => (model.meta.attribute(model.entity, name)?.options ?? []).map((o) => ({ value: o.value, text: model.meta.optionLabel(model.entity, name, o.value) })),
        getText: () => model.meta.optionLabel(model.entity, name, model.get(name) as number | null),
        getSelectedOption: () => {
          const v = model.get(name);
          return typeof v === 'number' ? { value: v, text: model.meta.optionLabel(model.entity, name, v) } : null;
        },
        controls: new Collection(() => [control(name)], (c) => (c as { getName(): string }).getName()),
      });
    }
    return attributes.get(name);
  };

  const allAttributeNames = (): string[] => {
    const names = new Set<string>(model.values.keys());
    if (model.meta.has(model.entity)) for (const a of Object.keys(model.meta.entity(model.entity).attributes)) names.add(a);
    return [...names];
  };

  const saveHandlers: ((ctx: Xrm.Events.EventContext) => void)[] = [];
  const dataLoadHandlers: ((ctx: Xrm.Events.EventContext) => void)[] = [];

  const entity = {
    getId: () => upperId(model.id),
    getEntityName: () => model.entity,
    getEntityReference: () => ({ id: upperId(model.id), entityType: model.entity, name: entity.getPrimaryAttributeValue() }),
    getPrimaryAttributeValue: () => {
      const primary = model.meta.has(model.entity) ? model.meta.entity(model.entity).primaryName : 'name';
      return (model.get(primary) as string | null) ?? '';
    },
    getIsDirty: () => model.isDirty(),
    isValid: () => true,
    getDataXml: () => '',
    save: () => host.save(),
    addOnSave: (h: (ctx: Xrm.Events.EventContext) => void) => saveHandlers.push(h),
    removeOnSave: (h: (ctx: Xrm.Events.EventContext) => void) => {
      const i = saveHandlers.indexOf(h);
      if (i >= 0) saveHandlers.splice(i, 1);
    },
    attributes: new Collection(() => allAttributeNames().map(attribute).filter(Boolean), (a) => (a as { getName(): string }).getName()),
  };

  const formContext = {
    data: {
      entity,
      getIsDirty: () => model.isDirty(),
      isValid: () => true,
      // As the platform: refresh(save) saves first when asked, reloads the data, then fires the form data OnLoad
      // event (Learn, "Form data OnLoad event": on initial load, on data.refresh, and on save with changes).
      refresh: async (save?: boolean) => {
        if (save && model.isDirty()) await host.save();
        else await host.reload();
        for (const h of [...dataLoadHandlers]) h(eventContext(formContext as unknown as Xrm.FormContext, null, { getDataLoadState: () => 3 }));
      },
      addOnLoad: (h: (ctx: Xrm.Events.EventContext) => void) => void (dataLoadHandlers.includes(h) || dataLoadHandlers.push(h)),
      removeOnLoad: (h: (ctx: Xrm.Events.EventContext) => void) => void (dataLoadHandlers.includes(h) && dataLoadHandlers.splice(dataLoadHandlers.indexOf(h), 1)),
      save: async () => {
        await host.save();
      },
      attributes: entity.attributes,
    },
    ui: {
      setFormNotification: (message: string, level: 'ERROR' | 'WARNING' | 'INFO', uniqueId: string) => model.setNotification({ id: uniqueId, level, message }),
      clearFormNotification: (uniqueId: string) => model.clearNotification(uniqueId),
      getFormType: () => (!model.id ? 1 : model.isReadOnly() ? 3 : 2),
      close: () => host.close(),
      refreshRibbon: () => host.refreshRibbon(),
      controls: new Collection(() => host.controlNames().map(control), (c) => (c as { getName(): string }).getName()),
      tabs: new Collection(() => [], () => ''),
      getViewPortHeight: () => window.innerHeight,
      getViewPortWidth: () => window.innerWidth,
      setFormEntityName: () => undefined,
    },
    getAttribute: (name?: string) => (name === undefined ? allAttributeNames().map(attribute) : attribute(name)),
    getControl: (name?: string) => {
      if (name === undefined) return host.controlNames().map(control);
      const attrName = name.replace(/^header_/, '');
      if (host.controlNames().includes(name) || model.has(attrName)) return control(name);
      return null;
    },
    __saveHandlers: saveHandlers,
  };
  return formContext as unknown as Xrm.FormContext;
}

export function eventContext(formContext: Xrm.FormContext, source: unknown, args: unknown = null): Xrm.Events.EventContext {
  const shared = new Map<string, unknown>();
  return {
    getFormContext: () => formContext,
    getEventSource: () => source,
    getEventArgs: () => args,
    getContext: () => (window as unknown as { Xrm: Xrm.XrmStatic }).Xrm.Utility.getGlobalContext(),
    getDepth: () => 1,
    getSharedVariable: (k: string) => shared.get(k),
    setSharedVariable: (k: string, v: unknown) => void shared.set(k, v),
  } as unknown as Xrm.Events.EventContext;
}
