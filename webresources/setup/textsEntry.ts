/** Entry of erp_/js/setup.texts.js: registers the page's texts (ErpLink.Pages.setup.texts) before the page script runs. */
import { registerPageTexts } from '../lib/pageParts';
import { texts } from './texts';

registerPageTexts('setup', texts);
