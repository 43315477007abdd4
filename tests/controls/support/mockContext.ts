/// <reference types="powerapps-component-framework" />
/**
 * A typed ComponentFramework.Context for component tests: real resx strings for the language asked, a fake
 * webAPI, the form state (disabled, field security, width, form factor, offline) and the host record.
 * Members the controls do not use throw, so a test fails loudly if a control starts depending on them.
 */
import { webDarkTheme, type Theme } from '@fluentui/react-components';
import { loadResx } from './resx';
import { FakeWebApi } from './fakeWebApi';

function unimplemented<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_t, prop) {
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      throw new Error(`context.${name}.${String(prop)} is not implemented in the test context`);
    },
  });
}

export interface Security {
  readable: boolean;
  editable: boolean;
  secured: boolean;
}

const openSecurity: Security = { readable: true, editable: true, secured: false };

export function lookupProperty(value: { id: string; entityType: string; name?: string } | null, security: Security = openSecurity): ComponentFramework.PropertyTypes.Property {
  return {
    raw: value ? [{ id: value.id, entityType: value.entityType, name: value.name ?? '' }] : [],
    type: 'Lookup.Simple',
    formatted: value?.name ?? '',
    error: false,
    errorMessage: '',
    security,
    attributes: undefined,
  } as unknown as ComponentFramework.PropertyTypes.Property;
}

export function textProperty(value: string | null, security: Security = openSecurity): ComponentFramework.PropertyTypes.Property {
  return { raw: value, type: 'SingleLine.Text', formatted: value ?? '', error: false, errorMessage: '', security } as unknown as ComponentFramework.PropertyTypes.Property;
}

export function numberProperty(value: number | null): ComponentFramework.PropertyTypes.NumberProperty & ComponentFramework.PropertyTypes.WholeNumberProperty {
  return { raw: value, type: 'Decimal', formatted: value === null ? '' : String(value), error: false, errorMessage: '', attributes: undefined } as unknown as ComponentFramework.PropertyTypes.NumberProperty &
    ComponentFramework.PropertyTypes.WholeNumberProperty;
}

export interface ContextOptions<TInputs> {
  control: 'ItemAvailability' | 'AccountStatistics';
  parameters: TInputs;
  languageId?: number;
  webAPI?: FakeWebApi;
  disabled?: boolean;
  offline?: boolean;
  allocatedWidth?: number;
  formFactor?: number;
  /** The record the form shows (entityId '' on a create form not saved yet). */
  host?: { entityTypeName: string; entityId: string };
  theme?: Theme;
}

export type MockContext<TInputs> = ComponentFramework.Context<TInputs> & { mode: { trackContainerResize: jest.Mock } };

export function createContext<TInputs>(o: ContextOptions<TInputs>): MockContext<TInputs> {
  const languageId = o.languageId ?? 1033;
  const strings = loadResx(o.control, languageId);
  const resources: ComponentFramework.Resources = {
    getString: (id: string) => {
      if (!(id in strings)) throw new Error(`resx ${o.control}.${languageId} has no key ${id}`);
      return strings[id];
    },
    getResource: () => undefined,
  };
  const mode = {
    allocatedHeight: -1,
    allocatedWidth: o.allocatedWidth ?? 640,
    isControlDisabled: o.disabled ?? false,
    isVisible: true,
    label: 'ERP',
    setControlState: () => true,
    setFullScreen: () => undefined,
    trackContainerResize: jest.fn(),
    contextInfo: o.host,
  };
  const client = {
    disableScroll: false,
    getFormFactor: () => o.formFactor ?? 1,
    getClient: () => 'Web',
    isOffline: () => o.offline ?? false,
    isNetworkAvailable: () => !(o.offline ?? false),
  } as unknown as ComponentFramework.Client;
  const userSettings = {
    languageId,
    userId: '{00000000-0000-0000-0000-0000000000aa}',
    userName: 'Test User',
    isRTL: false,
    securityRoles: [],
    dateFormattingInfo: unimplemented('userSettings.dateFormattingInfo'),
    numberFormattingInfo: unimplemented('userSettings.numberFormattingInfo'),
    getTimeZoneOffsetMinutes: () => 0,
  } as unknown as ComponentFramework.UserSettings;
  const context = {
    client,
    device: unimplemented<ComponentFramework.Device>('device'),
    factory: unimplemented<ComponentFramework.Factory>('factory'),
    formatting: unimplemented<ComponentFramework.Formatting>('formatting'),
    mode,
    navigation: unimplemented<ComponentFramework.Navigation>('navigation'),
    resources,
    userSettings,
    utils: unimplemented<ComponentFramework.Utility>('utils'),
    webAPI: o.webAPI ?? new FakeWebApi(),
    parameters: o.parameters,
    updatedProperties: [],
    events: {},
    copilot: unimplemented<ComponentFramework.Copilot>('copilot'),
    fluentDesignLanguage: o.theme ? { tokenTheme: o.theme, isDarkTheme: o.theme === webDarkTheme, brand: unimplemented('brand') } : undefined,
  };
  return context as unknown as MockContext<TInputs>;
}
