import { erpDeepLink } from './deepLink';
import { alertDialog, errorDialog, withProgress } from './dialogs';
import { readConnection } from './dataverse';
import { reportError } from './report';
import { t } from './strings';

/** "Open in ERP" for any coupled record: says so when it is not linked or the connection has no web-client URL. */
export async function openErpRecord(number: string | null | undefined, page: number): Promise<void> {
  try {
    if (!number) {
      await alertDialog(t('Command.OpenInErp.Label'), t('Error.NotLinked'));
      return;
    }
    const connection = await withProgress(t('Progress.Requesting'), () => readConnection());
    if (!connection?.erp_webclienturl) {
      await errorDialog(t('Error.NoWebClientUrl'));
      return;
    }
    Xrm.Navigation.openUrl(erpDeepLink(connection.erp_webclienturl, page, number));
  } catch (error) {
    await reportError(error);
  }
}
