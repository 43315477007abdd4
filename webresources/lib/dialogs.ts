/**
 * Dialogs and progress: Xrm.Navigation dialogs (never window.alert/confirm) and the platform progress indicator,
 * which `withProgress` always closes, whatever happens inside.
 */
import { t } from './strings';

export async function alertDialog(title: string, text: string): Promise<void> {
  await Xrm.Navigation.openAlertDialog({ title, text, confirmButtonLabel: t('Dialog.Ok') }, { height: 320, width: 560 });
}

export async function confirmDialog(title: string, text: string, confirmLabel: string, cancelLabel = t('Dialog.Cancel')): Promise<boolean> {
  const result = await Xrm.Navigation.openConfirmDialog(
    { title, text, confirmButtonLabel: confirmLabel, cancelButtonLabel: cancelLabel },
    { height: 320, width: 560 },
  );
  return !!result && result.confirmed === true;
}

/** An error the user can act on: the message says what to do, details carry the technical text for support. */
export async function errorDialog(message: string, details?: string): Promise<void> {
  await Xrm.Navigation.openErrorDialog(details ? { message, details } : { message });
}

export function showProgress(text: string): void {
  Xrm.Utility.showProgressIndicator(text);
}

export async function withProgress<T>(text: string, work: () => Promise<T>): Promise<T> {
  showProgress(text);
  try {
    return await work();
  } finally {
    Xrm.Utility.closeProgressIndicator();
  }
}
