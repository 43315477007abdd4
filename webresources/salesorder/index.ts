/** Bundle entry: ErpLink.SalesOrder.* (ribbon commands, enable rules, form events). */
import { canOpenInErp, canRetry, canSubmit, canSubmitSelected, openInErp, retrySubmission, submitSelectedToErp, submitToErp } from './commands';
import { onLoad, onSubmissionStatusChange } from './form';
import { register } from '../lib/namespace';

export const SalesOrder = { submitToErp, retrySubmission, openInErp, submitSelectedToErp, canSubmit, canRetry, canOpenInErp, canSubmitSelected, onLoad, onSubmissionStatusChange };

register('SalesOrder', SalesOrder);
