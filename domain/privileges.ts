/**
 * Privilege names as Dataverse names them: prv<Verb><Base>. The base is NOT always the table's schema name:
 * standard tables keep historical names (salesorder → Order, annotation → Note, systemuser → User), some tables have
 * no privileges of their own and are secured through another table (order/quote/invoice lines through their header,
 * price lists, units and unit groups through Product, every activity type through ActivityPointer), and custom tables
 * use their SchemaName with its casing (prvCreateerp_IntegrationRequest). A role naming a privilege that does not
 * exist fails to import; an enable rule naming one is never satisfied. Every entry cites Microsoft's reference.
 *
 * Sources ("Privileges by entity", Dynamics CRM 2013/2015/2016 SDK on learn.microsoft.com/previous-versions; the
 * privilege names are unchanged in Dataverse):
 *   SalesOrder gg328477, Quote/Invoice/Account/Contact/Opportunity pages of the same list, ActivityPointer gg328384
 *   ("privileges for all activity entities", OTC 4209 OrderClose and 4211 QuoteClose among them), Product gg309255
 *   (prv*Product covers OTC 1024 product, 1022 pricelevel, 1056 uomschedule, 1080 discounttype), PriceLevel gg334596
 *   and ProductPriceLevel gg328445 ("There are no specific privileges"), UoM gg309535 (IsChildEntity: secured through
 *   its unit group), SystemUser gg328102, TransactionCurrency gg328400, UserSettings gg328406, UserEntityUISettings
 *   hh547425, Post hh547436, msdyn_PostConfig hh913614, SdkMessageProcessingStep gg334454; tables added since (environment
 *   variables) follow the rule of "Security roles and privileges" (learn.microsoft.com/power-platform/admin/
 *   security-roles-privileges): user-owned tables have all eight verbs, organization-owned tables six (no Assign/Share).
 */

export const PRIVILEGE_VERBS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'] as const;
export type PrivilegeVerb = (typeof PRIVILEGE_VERBS)[number];
export type PrivilegeDepth = 'Basic' | 'Local' | 'Deep' | 'Global';

const USER_OWNED: readonly PrivilegeVerb[] = PRIVILEGE_VERBS;
const ORG_OWNED: readonly PrivilegeVerb[] = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo'];
const CRWD: readonly PrivilegeVerb[] = ['Create', 'Read', 'Write', 'Delete'];

/** A standard table with privileges of its own: its base name and the verbs that exist for it. */
interface OwnPrivileges {
  base: string;
  verbs: readonly PrivilegeVerb[];
  /** Only Global depth is valid (organization-owned tables, Product...). */
  globalOnly?: boolean;
}

/** A standard table secured through another one (logical name): the other table's privileges apply. */
interface SecuredThrough {
  securedBy: string;
}

type StandardSecurity = OwnPrivileges | SecuredThrough;

/** The standard tables the product touches (and their neighbours), by logical name. */
export const STANDARD_TABLE_SECURITY: Readonly<Record<string, StandardSecurity>> = {
  account: { base: 'Account', verbs: USER_OWNED },
  contact: { base: 'Contact', verbs: USER_OWNED },
  opportunity: { base: 'Opportunity', verbs: USER_OWNED },
  lead: { base: 'Lead', verbs: USER_OWNED },
  salesorder: { base: 'Order', verbs: USER_OWNED },
  quote: { base: 'Quote', verbs: USER_OWNED },
  invoice: { base: 'Invoice', verbs: USER_OWNED },
  salesorderdetail: { securedBy: 'salesorder' },
  quotedetail: { securedBy: 'quote' },
  invoicedetail: { securedBy: 'invoice' },
  opportunityproduct: { securedBy: 'opportunity' },
  annotation: { base: 'Note', verbs: USER_OWNED },
  activitypointer: { base: 'Activity', verbs: USER_OWNED },
  orderclose: { securedBy: 'activitypointer' },
  quoteclose: { securedBy: 'activitypointer' },
  opportunityclose: { securedBy: 'activitypointer' },
  task: { securedBy: 'activitypointer' },
  email: { securedBy: 'activitypointer' },
  phonecall: { securedBy: 'activitypointer' },
  appointment: { securedBy: 'activitypointer' },
  // Post has no Write (posts are not edited) and no Assign/Share; deleting another user's post is prvDeleteAnyPost.
  post: { base: 'Post', verbs: ['Create', 'Read', 'Delete', 'Append', 'AppendTo'], globalOnly: true },
  postregarding: { securedBy: 'post' },
  msdyn_postconfig: { base: 'msdyn_PostConfig', verbs: ORG_OWNED, globalOnly: true },
  msdyn_postruleconfig: { base: 'msdyn_PostRuleConfig', verbs: ORG_OWNED, globalOnly: true },
  product: { base: 'Product', verbs: ORG_OWNED, globalOnly: true },
  pricelevel: { securedBy: 'product' },
  productpricelevel: { securedBy: 'pricelevel' },
  uomschedule: { securedBy: 'product' },
  uom: { securedBy: 'uomschedule' },
  discounttype: { securedBy: 'product' },
  transactioncurrency: { base: 'TransactionCurrency', verbs: ORG_OWNED, globalOnly: true },
  systemuser: { base: 'User', verbs: ['Create', 'Read', 'Write', 'Append', 'AppendTo'] },
  usersettings: { base: 'UserSettings', verbs: ['Create', 'Read', 'Write', 'Delete', 'AppendTo'] },
  userentityuisettings: { base: 'UserEntityUISettings', verbs: ['Create', 'Read', 'Write', 'Delete'] },
  team: { base: 'Team', verbs: ORG_OWNED },
  businessunit: { base: 'BusinessUnit', verbs: ORG_OWNED },
  organization: { base: 'Organization', verbs: ['Read', 'Write'], globalOnly: true },
  role: { base: 'Role', verbs: ORG_OWNED },
  systemuserroles: { securedBy: 'role' },
  systemform: { base: 'SystemForm', verbs: CRWD, globalOnly: true },
  savedquery: { base: 'Query', verbs: CRWD, globalOnly: true },
  webresource: { base: 'WebResource', verbs: CRWD, globalOnly: true },
  solution: { base: 'Solution', verbs: CRWD, globalOnly: true },
  publisher: { base: 'Publisher', verbs: CRWD, globalOnly: true },
  sdkmessage: { base: 'SdkMessage', verbs: CRWD, globalOnly: true },
  sdkmessagefilter: { securedBy: 'sdkmessage' },
  sdkmessageprocessingstep: { base: 'SdkMessageProcessingStep', verbs: CRWD, globalOnly: true },
  sdkmessageprocessingstepimage: { base: 'SdkMessageProcessingStepImage', verbs: CRWD, globalOnly: true },
  serviceendpoint: { base: 'ServiceEndpoint', verbs: CRWD, globalOnly: true },
  pluginassembly: { base: 'PluginAssembly', verbs: CRWD, globalOnly: true },
  plugintype: { base: 'PluginType', verbs: CRWD, globalOnly: true },
  environmentvariabledefinition: { base: 'EnvironmentVariableDefinition', verbs: USER_OWNED },
  environmentvariablevalue: { base: 'EnvironmentVariableValue', verbs: USER_OWNED },
};

/** Privileges that name no table (the "Miscellaneous privileges" of each tab of the role editor). */
export const MISC_PRIVILEGES: readonly string[] = [
  'prvActOnBehalfOfAnotherUser',
  'prvAssignRole',
  'prvPublishCustomization',
  'prvImportCustomization',
  'prvExportCustomization',
  'prvBulkDelete',
  'prvDeleteAnyPost',
  'prvOverridePriceEngineOrder',
  'prvOverridePriceEngineQuote',
  'prvOverridePriceEngineInvoice',
  'prvAssignManager',
  'prvAssignTerritory',
  'prvDisableUser',
  'prvExportToExcel',
  'prvMerge',
];

/** Customization privileges (System Customizer's tab): they name metadata, not tables with rows. */
/**
 * EntityMap and AttributeMap (the field mappings between tables) are read by every message that maps one record onto
 * another (ConvertQuoteToSalesOrder lists prvReadEntityMap and prvReadAttributeMap, gg334548).
 */
export const CUSTOMIZATION_PRIVILEGES: readonly string[] = ['OptionSet', 'Entity', 'Attribute', 'Relationship', 'EntityKey', 'CustomControl', 'AppModule', 'Workflow', 'EntityMap', 'AttributeMap'].flatMap((b) =>
  CRWD.map((v) => `prv${v}${b}`),
);

/** Where a standard table's privileges come from (following "secured through" links), or undefined if unknown. */
export function standardPrivileges(logicalName: string): OwnPrivileges | undefined {
  let entry = STANDARD_TABLE_SECURITY[logicalName];
  for (let hops = 0; entry && 'securedBy' in entry && hops < 5; hops++) entry = STANDARD_TABLE_SECURITY[entry.securedBy];
  return entry && 'base' in entry ? entry : undefined;
}

/** The table whose privileges secure this one (itself when it has its own). */
export function securingTable(logicalName: string): string {
  let name = logicalName;
  for (let hops = 0; hops < 5; hops++) {
    const entry = STANDARD_TABLE_SECURITY[name];
    if (!entry || !('securedBy' in entry)) return name;
    name = entry.securedBy;
  }
  return name;
}

export interface PrivilegeTable {
  logicalName: string;
  /** Custom tables: their SchemaName (case matters in privilege names). */
  schemaName?: string;
}

/**
 * The privilege Dataverse checks for `verb` on a table: prvWriteOrder for salesorder, prvWriteOrder again for a
 * salesorderdetail (its header's), prvReadProduct for uom, prvCreateerp_IntegrationRequest for our tables. Null when
 * that verb has no privilege on the table (Write on post, Assign on an organization-owned table).
 */
export function privilegeName(verb: PrivilegeVerb, table: PrivilegeTable | string): string | null {
  const t = typeof table === 'string' ? { logicalName: table } : table;
  const std = standardPrivileges(t.logicalName);
  if (std) return std.verbs.includes(verb) ? `prv${verb}${std.base}` : null;
  if (STANDARD_TABLE_SECURITY[t.logicalName]) return null;
  if (!t.schemaName) throw new Error(`privilegeName: ${t.logicalName} is not a standard table this module knows; give its schema name.`);
  return `prv${verb}${t.schemaName}`;
}

/** Every privilege of a custom table, by its ownership. */
export function customTablePrivileges(schemaName: string, ownership: 'user' | 'org'): string[] {
  return (ownership === 'user' ? USER_OWNED : ORG_OWNED).map((v) => `prv${v}${schemaName}`);
}

/** The privileges of the standard tables above, the misc and the customization ones: what exists without our solution. */
export function standardPrivilegeNames(): Set<string> {
  const out = new Set<string>([...MISC_PRIVILEGES, ...CUSTOMIZATION_PRIVILEGES]);
  for (const entry of Object.values(STANDARD_TABLE_SECURITY)) if ('base' in entry) for (const v of entry.verbs) out.add(`prv${v}${entry.base}`);
  return out;
}

/** Standard-table privileges that only exist at Global (organization) depth (organization-owned tables, Product...). */
export function isGlobalOnly(privilege: string): boolean {
  for (const entry of Object.values(STANDARD_TABLE_SECURITY)) if ('base' in entry && entry.globalOnly && entry.verbs.some((v) => `prv${v}${entry.base}` === privilege)) return true;
  return false;
}

/** Splits "prvAppendToOrder" into its verb and base ("AppendTo", "Order"); null for a misc privilege or a typo. */
export function parsePrivilege(name: string): { verb: PrivilegeVerb; base: string } | null {
  const verb = [...PRIVILEGE_VERBS].sort((a, b) => b.length - a.length).find((v) => name.startsWith(`prv${v}`));
  return verb ? { verb, base: name.slice(3 + verb.length) } : null;
}
