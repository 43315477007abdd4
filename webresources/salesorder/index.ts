/** Bundle entry: ErpLink.SalesOrder.* (ribbon commands, enable rules, form events). */
import { canOpenInErp, canRetry, canSubmit, openInErp, retrySubmission, submitToErp } from './commands';
import { onLoad, onSubmissionStatusChange } from './form';
import { register } from '../lib/namespace';

export const SalesOrder = { submitToErp, retrySubmission, openInErp, canSubmit, canRetry, canOpenInErp, onLoad, onSubmissionStatusChange };

register('SalesOrder', SalesOrder);
