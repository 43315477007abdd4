/// <reference types="powerapps-component-framework" />
/**
 * A ComponentFramework.Context built over the page's Dataverse client and the open record, as a model-driven form
 * gives one to a control: bound parameters from the form's columns (typed by the column's metadata), static inputs
 * from the form definition or the manifest default, webAPI over /api/data/v9.2, userSettings, mode, the Fluent theme,
 * resources from the control's resx, formatting, client, utils and factory.requestRender.
 */
import type { Theme } from '@fluentui/react-components';
import type { ControlDef, ControlProperty } from '../../shared/model';
import type { Metadata } from '../data/metadata';
import { DataverseClient, normaliseQuery, trimBraces, type EntityRecord } from '../data/webApi';
import { dialogs } from '../host/dialogs';
import type { SessionInfo } from '../host/session';
import { locale } from '../i18n';
import type { FieldValue, FormModel, LookupRef } from '../form/formModel';

export interface Binding {
  attribute?: string;
  static?: string;
  type?: string;
}

export interface HostState {
  allocatedWidth: number;
  allocatedHeight: number;
  disabled: boolean;
  visible: boolean;
  theme: Theme;
  isDarkTheme: boolean;
  label: string;
}

export interface ContextDeps {
  control: ControlDef;
  bindings: Record<string, Binding>;
  form: FormModel;
  meta: Metadata;
  client: DataverseClient;
  session: SessionInfo;
  strings: Map<string, string>;
  requestRender: () => void;
  onTrackResize: (track: boolean) => void;
}

/** Column metadata type → the PCF property type the form passes to a bound control. */
export function pcfType(attributeType: string | undefined): string {
  switch (attributeType) {
    case 'string':
      return 'SingleLine.Text';
    case 'memo':
      return 'Multiple';
    case 'integer':
    case 'bigint':
      return 'Whole.None';
    case 'decimal':
      return 'Decimal';
    case 'double':
      return 'FP';
    case 'money':
      return 'Currency';
    case 'boolean':
      return 'TwoOptions';
    case 'datetime':
      return 'DateAndTime.DateAndTime';
    case 'picklist':
    case 'state':
    case 'status':
      return 'OptionSet';
    case 'customer':
      return 'Lookup.Customer';
    case 'owner':
      return 'Lookup.Owner';
    case 'lookup':
      return 'Lookup.Simple';
    default:
      return 'SingleLine.Text';
  }
}

function staticValue(prop: ControlProperty, text: string | undefined): unknown {
  const value = text ?? prop.defaultValue;
  if (value === undefined) return null;
  const type = prop.ofType ?? prop.types[0] ?? '';
  if (/^(Whole|Decimal|FP|Currency)/.test(type)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'TwoOptions') return value === 'true' || value === '1';
  return value;
}

function formatted(value: FieldValue, form: FormModel, attribute: string): string {
  if (form.formatted.has(attribute)) return form.formatted.get(attribute) as string;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => v.name).join('; ');
  if (value instanceof Date) return value.toLocaleString(locale());
  return String(value);
}

function parameter(prop: ControlProperty, binding: Binding | undefined, deps: ContextDeps, disabled: boolean): unknown {
  const security = { editable: !disabled, readable: true, secured: false };
  if (prop.usage !== 'bound' || !binding?.attribute) {
    const raw = staticValue(prop, binding?.static);
    return { raw, formatted: raw === null ? '' : String(raw), type: prop.ofType ?? prop.types[0], error: false, errorMessage: '', security };
  }
  const attribute = binding.attribute;
  const meta = deps.meta.attribute(deps.form.entity, attribute);
  const type = binding.type ?? pcfType(meta?.type);
  const value = deps.form.get(attribute);
  const common = {
    formatted: formatted(value, deps.form, attribute),
    type,
    error: false,
    errorMessage: '',
    security,
    attributes: { LogicalName: attribute, DisplayName: deps.meta.attributeLabel(deps.form.entity, attribute), RequiredLevel: 0, MaxLength: meta?.maxLength },
  };
  if (type.startsWith('Lookup')) {
    const refs = (Array.isArray(value) ? value : []) as LookupRef[];
    return {
      ...common,
      raw: refs.map((r) => ({ id: r.id, name: r.name, entityType: r.entityType })),
      getTargetEntityType: () => meta?.targets?.[0] ?? refs[0]?.entityType ?? '',
      getViewId: () => '',
    };
  }
  return { ...common, raw: value instanceof Date ? value : (value ?? null) };
}

function pcfWebApi(deps: ContextDeps): ComponentFramework.WebApi {
  const ref = (entityType: string, id: string, name?: string): ComponentFramework.LookupValue => ({ entityType, id, name });
  return {
    async createRecord(entityType, data) {
      const id = await deps.client.create(entityType, data as EntityRecord);
      return ref(entityType, id);
    },
    async deleteRecord(entityType, id) {
      await deps.client.remove(entityType, id);
      return ref(entityType, trimBraces(id));
    },
    async updateRecord(entityType, id, data) {
      await deps.client.update(entityType, id, data as EntityRecord);
      return ref(entityType, trimBraces(id));
    },
    async retrieveRecord(entityType, id, options) {
      return (await deps.client.retrieve(entityType, id, options)) as ComponentFramework.WebApi.Entity;
    },
    async retrieveMultipleRecords(entityType, options, maxPageSize) {
      const q = options && /^https?:\/\//.test(options) ? options : normaliseQuery(options);
      const page = await deps.client.retrieveMultiple(entityType, q, maxPageSize);
      return { entities: page.entities as ComponentFramework.WebApi.Entity[], nextLink: page.nextLink ?? '' } as ComponentFramework.WebApi.RetrieveMultipleResponse;
    },
  };
}

function numberFormat(lcid: number): ComponentFramework.UserSettingApi.NumberFormattingInfo {
  const fr = lcid === 1036;
  return {
    currencyDecimalDigits: 2,
    currencyDecimalSeparator: fr ? ',' : '.',
    currencyGroupSeparator: fr ? '\u202f' : ',',
    currencyGroupSizes: [3],
    currencyNegativePattern: 1,
    currencyPositivePattern: fr ? 3 : 0,
    currencySymbol: '€',
    nanSymbol: 'NaN',
    nativeDigits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    negativeInfinitySymbol: '-∞',
    negativeSign: '-',
    numberDecimalDigits: 2,
    numberDecimalSeparator: fr ? ',' : '.',
    numberGroupSeparator: fr ? '\u202f' : ',',
    numberGroupSizes: [3],
    numberNegativePattern: 1,
    perMilleSymbol: '‰',
    percentDecimalDigits: 2,
    percentDecimalSeparator: fr ? ',' : '.',
    percentGroupSeparator: fr ? '\u202f' : ',',
    percentGroupSizes: [3],
    percentNegativePattern: 1,
    percentPositivePattern: 1,
    percentSymbol: '%',
    positiveInfinitySymbol: '∞',
    positiveSign: '+',
  };
}

function formatting(lcid: number): ComponentFramework.Formatting {
  const loc = locale(lcid as 1033 | 1036);
  const num = (value: number, digits?: number) => new Intl.NumberFormat(loc, digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  const f: ComponentFramework.Formatting = {
    formatCurrency: (value: number, precision?: number, symbol?: string) => (symbol ? `${symbol} ` : '') + num(value, precision ?? 2),
    formatDecimal: (value: number, precision?: number) => num(value, precision),
    formatInteger: (value: number) => num(Math.round(value), 0),
    formatLanguage: (value: number) => new Intl.DisplayNames([loc], { type: 'language' }).of(value === 1036 ? 'fr' : 'en') ?? String(value),
    formatDateYearMonth: (value: Date) => new Intl.DateTimeFormat(loc, { year: 'numeric', month: 'long' }).format(value),
    formatDateShort: (value: Date, includeTime?: boolean) => new Intl.DateTimeFormat(loc, includeTime ? { dateStyle: 'short', timeStyle: 'short' } : { dateStyle: 'short' }).format(value),
    formatDateLong: (value: Date) => new Intl.DateTimeFormat(loc, { dateStyle: 'full' }).format(value),
    formatDateLongAbbreviated: (value: Date) => new Intl.DateTimeFormat(loc, { dateStyle: 'medium' }).format(value),
    formatTime: (value: Date) => new Intl.DateTimeFormat(loc, { timeStyle: 'short' }).format(value),
    formatDateAsFilterStringInUTC: (value: Date, includeTime?: boolean) => (includeTime ? value.toISOString() : value.toISOString().slice(0, 10)),
    getWeekOfYear: (value: Date) => {
      const d = new Date(Date.UTC(value.getFullYear(), value.getMonth(), value.getDate()));
      const day = d.getUTCDay() || 7;
      d.setUTCDate(d.getUTCDate() + 4 - day);
      const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
      return Math.ceil(((d.getTime() - yearStart.getTime()) / 86400000 + 1) / 7);
    },
  };
  return f;
}

/** Builds the context for one updateView. */
export function buildContext(deps: ContextDeps, state: HostState, updatedProperties: string[]): ComponentFramework.Context<Record<string, unknown>> {
  const { control, form, session } = deps;
  const parameters: Record<string, unknown> = {};
  for (const prop of control.properties) parameters[prop.name] = parameter(prop, deps.bindings[prop.name], deps, state.disabled);
  const lcid = session.lcid;
  const recordInfo = { entityId: form.id ?? '', entityTypeName: form.entity, entityRecordName: String(form.get(deps.meta.has(form.entity) ? deps.meta.entity(form.entity).primaryName : 'name') ?? '') };
  const context = {
    parameters,
    updatedProperties,
    mode: {
      allocatedWidth: state.allocatedWidth,
      allocatedHeight: state.allocatedHeight,
      isControlDisabled: state.disabled,
      isVisible: state.visible,
      label: state.label,
      setControlState: () => true,
      setFullScreen: () => undefined,
      trackContainerResize: (track: boolean) => deps.onTrackResize(track),
      contextInfo: recordInfo,
    },
    page: { ...recordInfo, appId: 'erp-link-sandbox', isPageReadOnly: state.disabled, getClientUrl: () => window.location.origin },
    client: {
      disableScroll: false,
      getClient: () => 'Web',
      getFormFactor: () => 1,
      isOffline: () => false,
      isNetworkAvailable: () => navigator.onLine !== false,
    },
    userSettings: {
      languageId: lcid,
      userId: `{${session.user.id.toUpperCase()}}`,
      userName: session.user.fullName,
      isRTL: false,
      securityRoles: session.user.roles.map((r) => r.id),
      dateFormattingInfo: {} as ComponentFramework.UserSettingApi.DateFormattingInfo,
      numberFormattingInfo: numberFormat(lcid),
      getTimeZoneOffsetMinutes: (d?: Date) => -(d ?? new Date()).getTimezoneOffset(),
    },
    resources: {
      getString: (id: string) => deps.strings.get(id) ?? id,
      getResource: (_id: string, _ok: (data: string) => void, fail: () => void) => fail(),
    },
    formatting: formatting(lcid),
    utils: {
      getEntityMetadata: async (entityName: string) => {
        const e = deps.meta.entity(entityName);
        return { EntitySetName: e.entitySetName, PrimaryIdAttribute: e.primaryId, PrimaryNameAttribute: e.primaryName, LogicalName: e.logicalName, DisplayName: e.labels };
      },
      hasEntityPrivilege: () => true,
      lookupObjects: async () => [],
    },
    factory: {
      requestRender: () => deps.requestRender(),
      getPopupService: () => ({}),
    },
    navigation: {
      openAlertDialog: (s: { text: string; confirmButtonLabel?: string; title?: string }) => dialogs.alert({ text: s.text, title: s.title, confirmLabel: s.confirmButtonLabel }),
      openConfirmDialog: async (s: { text: string; title?: string; confirmButtonLabel?: string; cancelButtonLabel?: string }) => ({
        confirmed: await dialogs.confirm({ text: s.text, title: s.title, confirmLabel: s.confirmButtonLabel, cancelLabel: s.cancelButtonLabel }),
      }),
      openErrorDialog: (o: { message?: string; details?: string }) => dialogs.error({ message: o.message ?? '', details: o.details }),
      openForm: async (o: { entityName: string; entityId?: string }) => {
        window.location.hash = `#/form/${o.entityName}/${trimBraces(o.entityId ?? '')}`;
        return { savedEntityReference: [] };
      },
      openUrl: (url: string) => void window.open(url, '_blank', 'noopener'),
      openWebResource: (name: string) => void window.open(`/WebResources/${name}`, '_blank', 'noopener'),
    },
    device: {},
    webAPI: pcfWebApi(deps),
    fluentDesignLanguage: { tokenTheme: state.theme, isDarkTheme: state.isDarkTheme, brand: {} },
    events: {},
  };
  return context as unknown as ComponentFramework.Context<Record<string, unknown>>;
}
