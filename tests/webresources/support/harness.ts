/** xrm-mock set-up shared by the web-resource tests: one fresh Xrm per test, dialogs and progress as jest mocks. */
import { XrmMockGenerator } from 'xrm-mock';
import { catalogs, resolveLcid } from '../../../domain/messages';
import { setClock } from '../../../webresources/lib/clock';
import { followsSettled } from '../../../webresources/lib/follow';
import { resetPrivilegeCache } from '../../../webresources/lib/privileges';
import { FakeDataverse } from './fakeDataverse';

export const USER_ID = 'aaaaaaaa-1111-2222-3333-444444444444';
/** Names as getSecurityRolePrivilegesInfo() returns them on a real tenant (salesorder → prvWriteOrder). */
export const ALL_PRIVILEGES = ['prvCreateerp_IntegrationRequest', 'prvReaderp_IntegrationRequest', 'prvWriteOrder', 'prvWriteQuote', 'prvReaderp_Connection', 'prvWriteerp_Coupling', 'prvReaderp_AccountStatistics', 'prvReaderp_ItemAvailability'];

export interface Harness {
  xrm: typeof Xrm;
  dv: FakeDataverse;
  formContext: Xrm.FormContext;
  executionContext: Xrm.Events.EventContext;
  alert: jest.Mock;
  confirm: jest.Mock;
  error: jest.Mock;
  openUrl: jest.Mock;
  showProgress: jest.Mock;
  closeProgress: jest.Mock;
  refresh: jest.Mock;
  /** Virtual time in ms since the test began. */
  elapsed(): number;
  notifications(): { message: string; level: string; uniqueId: string }[];
}

export interface HarnessOptions {
  entityName: string;
  id: string;
  lcid?: number;
  privileges?: string[] | null;
  confirm?: boolean;
  formType?: number;
}

export function setup(opts: HarnessOptions): Harness {
  const xrm = XrmMockGenerator.initialise({ entity: { entityName: opts.entityName, id: `{${opts.id.toUpperCase()}}` } }) as unknown as typeof Xrm;
  resetPrivilegeCache();
  const lcid = opts.lcid ?? 1033;

  let now = 0;
  setClock({ now: () => now, sleep: async (ms) => void (now += ms) });

  const context = XrmMockGenerator.context as unknown as Record<string, unknown>;
  const userSettings = context.userSettings as Record<string, unknown>;
  userSettings.userId = `{${USER_ID.toUpperCase()}}`;
  userSettings.userName = 'Alex Wu';
  userSettings.languageId = lcid;
  userSettings.getSecurityRolePrivilegesInfo =
    opts.privileges === null
      ? undefined
      : jest.fn(async () => Object.fromEntries((opts.privileges ?? ALL_PRIVILEGES).map((name, i) => [`p${i}`, { id: `p${i}`, businessUnitId: 'bu', privilegeName: name, depth: 1 }])));
  context.organizationSettings = { languageId: lcid };

  const utility = xrm.Utility as unknown as Record<string, unknown>;
  const showProgress = jest.fn();
  const closeProgress = jest.fn();
  utility.showProgressIndicator = showProgress;
  utility.closeProgressIndicator = closeProgress;
  utility.getResourceString = jest.fn((name: string, key: string) => {
    if (name !== 'erp_/strings/ErpLink') throw new Error(`${name} does not exist.`);
    return (catalogs[resolveLcid(lcid)] as Record<string, string>)[key] ?? null;
  });

  const alert = jest.fn(async () => undefined);
  const confirm = jest.fn(async () => ({ confirmed: opts.confirm ?? true }));
  const error = jest.fn(async () => undefined);
  const openUrl = jest.fn();
  const nav = xrm.Navigation as unknown as Record<string, unknown>;
  nav.openAlertDialog = alert;
  nav.openConfirmDialog = confirm;
  nav.openErrorDialog = error;
  nav.openUrl = openUrl;

  const dv = new FakeDataverse();
  dv.install(xrm.WebApi);

  const formContext = XrmMockGenerator.getFormContext() as unknown as Xrm.FormContext;
  (formContext.ui as unknown as Record<string, unknown>).getFormType = () => opts.formType ?? 2;
  const refresh = jest.fn(async () => undefined);
  (formContext.data as unknown as Record<string, unknown>).refresh = refresh;
  const executionContext = { getFormContext: () => formContext } as unknown as Xrm.Events.EventContext;

  return {
    xrm,
    dv,
    formContext,
    executionContext,
    alert,
    confirm,
    error,
    openUrl,
    showProgress,
    closeProgress,
    refresh,
    elapsed: () => now,
    notifications: () => ((formContext.ui as unknown as { formNotifications?: { message: string; level: string; uniqueId: string }[] }).formNotifications ?? []),
  };
}

/** Text of the n-th alert / confirm / error dialog. */
export const alertText = (h: Harness, n = 0): string => (h.alert.mock.calls[n] as unknown as [{ text: string; title: string }])[0].text;
export const confirmText = (h: Harness, n = 0): string => (h.confirm.mock.calls[n] as unknown as [{ text: string }])[0].text;
export const errorText = (h: Harness, n = 0): string => (h.error.mock.calls[n] as unknown as [{ message: string }])[0].message;

/** Lets the background follow-ups of the test end (on its virtual clock) before the clock is put back. */
export async function teardown(): Promise<void> {
  await followsSettled();
  setClock(null);
}
