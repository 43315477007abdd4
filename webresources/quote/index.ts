/** Bundle entry: ErpLink.Quote.* */
import { canOpenInErp, canProcess, openInErp, processInErp } from './commands';
import { onLoad } from './form';
import { register } from '../lib/namespace';

export const Quote = { processInErp, openInErp, canProcess, canOpenInErp, onLoad };

register('Quote', Quote);
