import { withProgress, showProgress } from './dialogs';
import { waitForRequest, type WaitOutcome } from './requests';
import { t } from './strings';

/** Waits for the connector under a progress indicator that counts the seconds; the indicator is always closed. */
export function waitWithProgress(requestId: string, timeoutSeconds: number): Promise<WaitOutcome> {
  return withProgress(t('Progress.Waiting', { seconds: 0 }), () =>
    waitForRequest(requestId, timeoutSeconds, (seconds) => showProgress(t('Progress.Waiting', { seconds }))),
  );
}
