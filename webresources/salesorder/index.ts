/** Bundle entry: ErpLink.SalesOrder.* (ribbon commands, enable rules, form events). */
import { canOpenInErp, canRecoverSubmission, canRetry, canSubmit, canSubmitSelected, openInErp, recoverSubmission, retrySubmission, submitSelectedToErp, submitToErp } from './commands';
import { cancelSubmission, canCancelSubmission } from './cancel';
import { onLoad, onSubmissionStatusChange } from './form';
import { register } from '../lib/namespace';

export const SalesOrder = {
  submitToErp,
  retrySubmission,
  recoverSubmission,
  cancelSubmission,
  openInErp,
  submitSelectedToErp,
  canSubmit,
  canRetry,
  canRecoverSubmission,
  canCancelSubmission,
  canOpenInErp,
  canSubmitSelected,
  onLoad,
  onSubmissionStatusChange,
};

register('SalesOrder', SalesOrder);
