/**
 * Names of the Dataverse tables, columns and choice values the product uses.
 * The solution source (solution/src) is the truth; tests/solution/schema-contract.test.ts
 * fails when a name here is missing there, so code never refers to a column that is not shipped.
 */

export const PUBLISHER_PREFIX = 'erp';
/** Option values of our choices start at prefix × 10000 (publisher option-value prefix 71925). */
export const OPTION_VALUE_PREFIX = 71925;
const opt = (n: number): number => OPTION_VALUE_PREFIX * 10000 + n;

const AccountStatisticsTable = { logicalName: 'erp_accountstatistics', schemaName: 'erp_AccountStatistics', entitySet: 'erp_accountstatisticses', primaryId: 'erp_accountstatisticsid', primaryName: 'erp_name' } as const;
const ItemAvailabilityTable = { logicalName: 'erp_itemavailability', schemaName: 'erp_ItemAvailability', entitySet: 'erp_itemavailabilities', primaryId: 'erp_itemavailabilityid', primaryName: 'erp_name' } as const;
const IntegrationRequestTable = { logicalName: 'erp_integrationrequest', schemaName: 'erp_IntegrationRequest', entitySet: 'erp_integrationrequests', primaryId: 'erp_integrationrequestid', primaryName: 'erp_name' } as const;
const CouplingTable = { logicalName: 'erp_coupling', schemaName: 'erp_Coupling', entitySet: 'erp_couplings', primaryId: 'erp_couplingid', primaryName: 'erp_name' } as const;
const SyncJobTable = { logicalName: 'erp_syncjob', schemaName: 'erp_SyncJob', entitySet: 'erp_syncjobs', primaryId: 'erp_syncjobid', primaryName: 'erp_name' } as const;
const ConnectionTable = { logicalName: 'erp_connection', schemaName: 'erp_Connection', entitySet: 'erp_connections', primaryId: 'erp_connectionid', primaryName: 'erp_name' } as const;

export const Tables = {
  accountStatistics: AccountStatisticsTable,
  itemAvailability: ItemAvailabilityTable,
  integrationRequest: IntegrationRequestTable,
  coupling: CouplingTable,
  syncJob: SyncJobTable,
  connection: ConnectionTable,
} as const;

/** erp_accountstatistics: one row per account, amounts in the ERP currency (erp_currencycode). */
export const AccountStatisticsColumns = {
  name: 'erp_name',
  account: 'erp_accountid',
  customerNumber: 'erp_customerno',
  currencyCode: 'erp_currencycode',
  balance: 'erp_balance',
  outstandingOrders: 'erp_outstandingorders',
  shippedNotInvoiced: 'erp_shippednotinvoiced',
  outstandingInvoices: 'erp_outstandinginvoices',
  outstandingServiceOrders: 'erp_outstandingserviceorders',
  serviceShippedNotInvoiced: 'erp_servshippednotinvoiced',
  outstandingServiceInvoices: 'erp_outstandingserviceinvoices',
  total: 'erp_total',
  creditLimit: 'erp_creditlimit',
  creditUtilisation: 'erp_creditutilisation',
  overdueAmount: 'erp_overdueamount',
  overdueAsOf: 'erp_overdueasof',
  totalSales: 'erp_totalsales',
  invoicedPrepayments: 'erp_invoicedprepayments',
  agingCurrent: 'erp_agingcurrent',
  aging1To30: 'erp_aging1to30',
  aging31To60: 'erp_aging31to60',
  aging61To90: 'erp_aging61to90',
  agingOver90: 'erp_agingover90',
  lastPaymentDate: 'erp_lastpaymentdate',
  lastPaymentAmount: 'erp_lastpaymentamount',
  promisedAmount: 'erp_promisedamount',
  promisedDate: 'erp_promiseddate',
  refreshedOn: 'erp_refreshedon',
} as const;

/** erp_itemavailability: one row per product per ERP location. */
export const ItemAvailabilityColumns = {
  name: 'erp_name',
  product: 'erp_productid',
  itemNumber: 'erp_itemnumber',
  locationCode: 'erp_locationcode',
  locationName: 'erp_locationname',
  onHand: 'erp_onhand',
  reserved: 'erp_reserved',
  incoming: 'erp_incoming',
  available: 'erp_available',
  nextReceiptDate: 'erp_nextreceiptdate',
  unit: 'erp_unit',
  refreshedOn: 'erp_refreshedon',
} as const;

/** erp_integrationrequest: the durable request queue and its log (user-owned: the requester owns it). */
export const IntegrationRequestColumns = {
  name: 'erp_name',
  kind: 'erp_kind',
  status: 'erp_status',
  targetTable: 'erp_targettable',
  targetId: 'erp_targetid',
  payload: 'erp_payload',
  attempts: 'erp_attempts',
  nextAttemptAt: 'erp_nextattemptat',
  lastError: 'erp_lasterror',
  fixHint: 'erp_fixhint',
  erpDocumentNumber: 'erp_erpdocumentnumber',
  erpDocumentId: 'erp_erpdocumentid',
  idempotencyKey: 'erp_idempotencykey',
  requestedBy: 'erp_requestedby',
  claimedBy: 'erp_claimedby',
  startedOn: 'erp_startedon',
  completedOn: 'erp_completedon',
  log: 'erp_log',
  connection: 'erp_connectionid',
  /** `<kind>-<record id>` while the request is live, null once it ended (domain/liveRequest.ts; alternate key). */
  liveKey: 'erp_livekey',
  /** Timeline posts of a succeeded request not written yet (JSON list of `POST posts` operations); null when none. */
  pendingPosts: 'erp_pendingposts',
} as const;

export const RequestKind = {
  submitOrder: opt(0),
  processQuote: opt(1),
  refreshStatistics: opt(2),
  refreshAvailability: opt(3),
  couple: opt(4),
  syncRecord: opt(5),
  fullSync: opt(6),
  testConnection: opt(7),
  reconcile: opt(8),
} as const;
export type RequestKind = (typeof RequestKind)[keyof typeof RequestKind];

export const RequestStatus = {
  pending: opt(0),
  processing: opt(1),
  succeeded: opt(2),
  failed: opt(3),
  retrying: opt(4),
  cancelled: opt(5),
} as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

/** erp_coupling: which CRM record is which ERP record. */
export const CouplingColumns = {
  name: 'erp_name',
  crmTable: 'erp_crmtable',
  crmId: 'erp_crmid',
  erpEntity: 'erp_erpentity',
  erpId: 'erp_erpid',
  erpNumber: 'erp_erpnumber',
  /** The ERP record's lastModifiedDateTime when last synchronised (exact: tells an ERP change from the sync's own write). */
  erpVersion: 'erp_erpversion',
  direction: 'erp_direction',
  lastSyncedOn: 'erp_lastsyncedon',
  skipped: 'erp_skipped',
  lastError: 'erp_lasterror',
  connection: 'erp_connectionid',
} as const;

/**
 * erp_coupling.erp_erpentity: the Business Central API v2.0 entity set of the ERP record (or of the ERP Link
 * extension's route). One spelling everywhere, so "is this record coupled to an item" is one equality.
 */
export const ErpEntitySets = {
  customer: 'customers',
  contact: 'contacts',
  item: 'items',
  resource: 'resources',
  unitOfMeasure: 'unitsOfMeasure',
  currency: 'currencies',
  salesperson: 'salespeoplePurchasers',
  paymentTerms: 'paymentTerms',
  shipmentMethod: 'shipmentMethods',
  priceList: 'priceLists',
  salesOrder: 'salesOrders',
  salesQuote: 'salesQuotes',
  salesInvoice: 'salesInvoices',
} as const;
export type ErpEntitySet = (typeof ErpEntitySets)[keyof typeof ErpEntitySets];

/** Singular names written by releases before 0.1 (and by hand-made rows): read as their set, rewritten on the next coupling. */
export const ErpEntityAliases: Readonly<Record<string, readonly string[]>> = {
  customers: ['customer'],
  contacts: ['contact'],
  items: ['item'],
  resources: ['resource'],
  unitsOfMeasure: ['unitOfMeasure'],
  currencies: ['currency'],
  salespeoplePurchasers: ['salesperson'],
  paymentTerms: ['paymentTerm'],
  shipmentMethods: ['shipmentMethod'],
  priceLists: ['priceList'],
  salesOrders: ['salesOrder'],
  salesQuotes: ['salesQuote'],
  salesInvoices: ['salesInvoice'],
};

export const SyncDirection = {
  bidirectional: opt(0),
  toErp: opt(1),
  fromErp: opt(2),
} as const;

/** erp_syncjob: one run of one mapping. */
export const SyncJobColumns = {
  name: 'erp_name',
  mapping: 'erp_mapping',
  kind: 'erp_kind',
  state: 'erp_state',
  inserted: 'erp_inserted',
  modified: 'erp_modified',
  unchanged: 'erp_unchanged',
  failed: 'erp_failed',
  skipped: 'erp_skipped',
  progress: 'erp_progress',
  startedOn: 'erp_startedon',
  finishedOn: 'erp_finishedon',
  lastError: 'erp_lasterror',
  watermark: 'erp_watermark',
} as const;

export const SyncJobKind = { full: opt(0), incremental: opt(1), reconciliation: opt(2) } as const;
export const SyncJobState = {
  queued: opt(0),
  running: opt(1),
  succeeded: opt(2),
  failed: opt(3),
  cancelled: opt(4),
  completedWithErrors: opt(5),
} as const;

/** erp_connection: one row per ERP company. No secret is ever stored here. */
export const ConnectionColumns = {
  name: 'erp_name',
  erpKind: 'erp_erpkind',
  apiBaseUrl: 'erp_apibaseurl',
  companyId: 'erp_companyid',
  webClientUrl: 'erp_webclienturl',
  isDefault: 'erp_isdefault',
  autoCreateOrders: 'erp_autocreateorders',
  autoProcessQuotes: 'erp_autoprocessquotes',
  writeInProductType: 'erp_writeinproducttype',
  writeInProductNumber: 'erp_writeinproductnumber',
  /** Off: no scheduled refresh and refresh requests are refused with a reason (null, on rows made before 0.1, = on). */
  availabilityEnabled: 'erp_availabilityenabled',
  statisticsEnabled: 'erp_statisticsenabled',
  availabilityIntervalMinutes: 'erp_availabilityinterval',
  statisticsIntervalMinutes: 'erp_statisticsinterval',
  /** Mappings the assisted setup chose, comma-separated; empty = every mapping enabled in the connector's file. */
  syncMappings: 'erp_syncmappings',
  lastHeartbeat: 'erp_lastheartbeat',
  connectorVersion: 'erp_connectorversion',
} as const;

export const ErpKind = { businessCentral: opt(0) } as const;
export const WriteInProductType = { item: opt(0), resource: opt(1) } as const;

/** Columns the solution adds to standard tables. */
export const AccountColumns = {
  statistics: 'erp_accountstatisticsid',
  customerNumber: 'erp_customernumber',
  /**
   * The customer's "Location Code" in the ERP (customer card), where BC ships lines without a location from
   * (issue #19). API v2.0 has no such field: the connector writes it from standard page 22 "Customer List" when an
   * admin publishes it (docs/connector.md); empty otherwise. Read-only for people.
   */
  erpLocationCode: 'erp_erplocationcode',
} as const;
export const ProductColumns = { itemNumber: 'erp_itemnumber' } as const;
export const SalesOrderColumns = {
  erpOrderNumber: 'erp_erpordernumber',
  submissionStatus: 'erp_submissionstatus',
  lastSubmissionError: 'erp_lastsubmissionerror',
  submittedOn: 'erp_submittedon',
  submittedBy: 'erp_submittedby',
} as const;
export const QuoteColumns = { erpQuoteNumber: 'erp_erpquotenumber' } as const;
export const InvoiceColumns = { erpInvoiceNumber: 'erp_erpinvoicenumber' } as const;
/** Our column on order and quote lines (salesorderdetail, quotedetail): the ERP location the line ships from. */
export const DocumentLineColumns = { locationCode: 'erp_locationcode' } as const;

/** salesorder.erp_submissionstatus: where the order stands on its way to the ERP. */
export const SubmissionStatus = {
  notSubmitted: opt(0),
  queued: opt(1),
  inErp: opt(2),
  failed: opt(3),
} as const;
export type SubmissionStatus = (typeof SubmissionStatus)[keyof typeof SubmissionStatus];

/** Role ids are fixed so that upgrades update the same roles. */
export const Roles = {
  administrator: { id: '5d1c6a1e-8f3b-4c2a-9e51-2b7a0f4c1a01', name: 'ERP Integration Administrator' },
  user: { id: '5d1c6a1e-8f3b-4c2a-9e51-2b7a0f4c1a02', name: 'ERP Integration User' },
  availabilityUser: { id: '5d1c6a1e-8f3b-4c2a-9e51-2b7a0f4c1a03', name: 'ERP Product Availability User' },
} as const;

/** Environment variable definitions (schema names). */
export const EnvironmentVariables = {
  connectorUrl: 'erp_ConnectorUrl',
  submissionTimeoutSeconds: 'erp_SubmissionTimeoutSeconds',
  submissionDialogSeconds: 'erp_SubmissionDialogSeconds',
  availabilityMaxAgeMinutes: 'erp_AvailabilityMaxAgeMinutes',
  statisticsMaxAgeMinutes: 'erp_StatisticsMaxAgeMinutes',
  creditWarningPercent: 'erp_CreditWarningPercent',
} as const;
