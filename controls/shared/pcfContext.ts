/// <reference types="powerapps-component-framework" />
/**
 * What the controls derive from the PCF context on every updateView: host record, form state, layout, language.
 * Undocumented members the model-driven host provides (mode.contextInfo, page) are typed here once.
 */
import { normalizeId } from '../../domain/orderValidation';

interface HostRecordInfo {
  entityId?: string | null;
  entityTypeName?: string | null;
}

/** The members of the model-driven context that @types/powerapps-component-framework does not declare. */
export interface ContextExtension {
  mode: ComponentFramework.Mode & { contextInfo?: HostRecordInfo };
  page?: HostRecordInfo;
}

/** Below this width (or on a phone) the controls stack their content in one column. */
export const NARROW_MAX_WIDTH = 350;
const PHONE_FORM_FACTOR = 3;

export interface RecordRef {
  table: string;
  id: string;
}


/** The record the form shows, or null on a create form that has not been saved yet. */
export function hostRecord(context: ComponentFramework.Context<unknown>): RecordRef | null {
  const ext = context as unknown as ContextExtension;
  const info = ext.mode.contextInfo ?? ext.page;
  if (!info?.entityId || !info.entityTypeName) return null;
  return { table: info.entityTypeName, id: normalizeId(info.entityId) };
}

/** First record of a bound lookup, normalised; null when empty. */
export function lookupRecord(value: ComponentFramework.LookupValue[] | null | undefined): RecordRef | null {
  const first = value?.[0];
  if (!first?.id || !first.entityType) return null;
  return { table: first.entityType, id: normalizeId(first.id) };
}

export interface FormState {
  disabled: boolean;
  masked: boolean;
  narrow: boolean;
  offline: boolean;
  languageId: number;
}

type SecuredProperty = { security?: { readable: boolean; editable: boolean; secured: boolean } };

/** Re-evaluated on every updateView: business rules and scripts can disable a control or a field live. */
export function formState(context: ComponentFramework.Context<unknown>, bound: SecuredProperty | undefined): FormState {
  const width = context.mode.allocatedWidth;
  return {
    disabled: context.mode.isControlDisabled || bound?.security?.editable === false,
    masked: bound?.security?.readable === false,
    narrow: context.client.getFormFactor() === PHONE_FORM_FACTOR || (width > 0 && width < NARROW_MAX_WIDTH),
    offline: context.client.isOffline() || (typeof navigator !== 'undefined' && navigator.onLine === false),
    languageId: context.userSettings.languageId,
  };
}

/** Localised text from the control's resx; {0}, {1}… are replaced by the arguments. */
export type Translate = (key: string, ...args: (string | number)[]) => string;

export function translator(resources: ComponentFramework.Resources): Translate {
  return (key, ...args) => {
    const text = resources.getString(key);
    return args.reduce<string>((s, a, i) => s.split(`{${i}}`).join(String(a)), text);
  };
}
