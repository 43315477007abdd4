/**
 * Entry of erp_/js/setup.data.js: the page's Web API client (setup/data.ts), registered as ErpLink.Pages.setup.data
 * before the page script runs (lib/pageParts.ts). The SetupData interface is the seam the page already had (tests
 * drive the page with an in-memory SetupData), so the page script carries the UI only.
 */
import { registerPagePart } from '../lib/pageParts';
import { WebApiSetupData, type SetupData } from './data';

registerPagePart('setup', 'data', (baseUrl: string): SetupData => new WebApiSetupData(baseUrl));
