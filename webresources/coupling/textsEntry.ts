/** Entry of erp_/js/coupling.texts.js: registers the page's texts (ErpLink.Pages.coupling.texts) before the page script runs. */
import { registerPageTexts } from '../lib/pageParts';
import { texts } from './texts';

registerPageTexts('coupling', texts);
