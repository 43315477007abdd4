/**
 * Form event registrations of the web resources, read by `npm run configure-forms` (controls engineer's tool) to
 * add the libraries and handlers to the existing main forms. Every handler takes the execution context as its
 * first parameter (passExecutionContext). Libraries are web-resource names; the RESX strings are dependencies of
 * each library (solution/src/WebResources/erp_/js/<table>.js.data.xml), so forms need not list them.
 */
export interface FormEventHandler {
  /** Function called, e.g. ErpLink.SalesOrder.onLoad. */
  functionName: string;
  passExecutionContext: true;
}

export interface FormRegistration {
  /** Table logical name. */
  table: 'salesorder' | 'quote' | 'account' | 'product';
  /** Web resource name of the library, as $webresource: takes it. */
  library: string;
  onLoad: FormEventHandler[];
  /** Column logical name → handlers. */
  onChange: Record<string, FormEventHandler[]>;
}

const handler = (functionName: string): FormEventHandler => ({ functionName, passExecutionContext: true });

export const formRegistrations: readonly FormRegistration[] = [
  {
    table: 'salesorder',
    library: 'erp_/js/salesorder.js',
    onLoad: [handler('ErpLink.SalesOrder.onLoad')],
    onChange: { erp_submissionstatus: [handler('ErpLink.SalesOrder.onSubmissionStatusChange')] },
  },
  { table: 'quote', library: 'erp_/js/quote.js', onLoad: [handler('ErpLink.Quote.onLoad')], onChange: {} },
  { table: 'account', library: 'erp_/js/account.js', onLoad: [handler('ErpLink.Account.onLoad')], onChange: {} },
  { table: 'product', library: 'erp_/js/product.js', onLoad: [handler('ErpLink.Product.onLoad')], onChange: {} },
];

/**
 * The web resources this area ships (JS per table + RESX per language); build and packer use the same list.
 * Fixed ids: upgrades must update the same web resources. Contacts have commands only (no form script).
 */
export const webResourceBundles = [
  { table: 'salesorder', entry: 'webresources/salesorder/index.ts', name: 'erp_/js/salesorder.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000701', displayName: 'ERP Link: sales order commands and form script' },
  { table: 'quote', entry: 'webresources/quote/index.ts', name: 'erp_/js/quote.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000702', displayName: 'ERP Link: quote commands and form script' },
  { table: 'account', entry: 'webresources/account/index.ts', name: 'erp_/js/account.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000703', displayName: 'ERP Link: account commands and form script' },
  { table: 'product', entry: 'webresources/product/index.ts', name: 'erp_/js/product.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000704', displayName: 'ERP Link: product commands and form script' },
  { table: 'contact', entry: 'webresources/contact/index.ts', name: 'erp_/js/contact.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000705', displayName: 'ERP Link: contact commands' },
] as const;

/**
 * The assisted setup page (HTML web resource) and its scripts in the order buildHtmlPage builds them
 * (webresources/setup/build.ts, lib/pageParts.ts): its EN/FR texts (so no RESX dependency), its Web API client,
 * the page script.
 */
export const setupPageWebResources = [
  { name: 'erp_/html/setup.html', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000721', type: 1, displayName: 'ERP Link: assisted setup' },
  { name: 'erp_/js/setup.texts.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000723', type: 3, displayName: 'ERP Link: assisted setup texts' },
  { name: 'erp_/js/setup.data.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000724', type: 3, displayName: 'ERP Link: assisted setup Web API client' },
  { name: 'erp_/js/setup.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000722', type: 3, displayName: 'ERP Link: assisted setup script' },
] as const;

/**
 * The coupling dialog (HTML web resource opened with Xrm.Navigation.navigateTo), its texts script and its script.
 * Built by webresources/coupling/build.ts; the texts are their own script (EN/FR), so no RESX dependency.
 */
export const couplingPageWebResources = [
  { name: 'erp_/html/coupling.html', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000731', type: 1, displayName: 'ERP Link: coupling dialog' },
  { name: 'erp_/js/coupling.texts.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000733', type: 3, displayName: 'ERP Link: coupling dialog texts' },
  { name: 'erp_/js/coupling.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000732', type: 3, displayName: 'ERP Link: coupling dialog script' },
] as const;

export const resxWebResources = [
  { lcid: 1033, name: 'erp_/strings/ErpLink.1033.resx', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000711', displayName: 'ERP Link strings (English)' },
  { lcid: 1036, name: 'erp_/strings/ErpLink.1036.resx', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000712', displayName: 'ERP Link strings (French)' },
] as const;
