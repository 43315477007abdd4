/**
 * The privileges the web resources' commands and enable rules check, spelt out as Dataverse names them
 * (getSecurityRolePrivilegesInfo() returns these names). The rule that makes them is domain/privileges.ts
 * (privilegeName: salesorder → prvWriteOrder, custom tables by SchemaName); this list is its result for the few
 * tables the commands touch, written out so a browser script does not carry the whole standard-table catalogue
 * (3.4 KB minified per script, webresources/build/budget.ts). tests/webresources/domain/privilegeNames.test.ts
 * checks every entry against privilegeName, so the two cannot drift.
 */
export const CommandPrivileges = {
  createRequest: 'prvCreateerp_IntegrationRequest',
  readRequest: 'prvReaderp_IntegrationRequest',
  writeRequest: 'prvWriteerp_IntegrationRequest',
  readConnection: 'prvReaderp_Connection',
  /** Refresh statistics is offered to those who may read the figures (not to availability-only users). */
  readStatistics: 'prvReaderp_AccountStatistics',
  /** Refresh availability likewise needs read access to availability. */
  readAvailability: 'prvReaderp_ItemAvailability',
  /** Coupling commands: the connector refuses them from users without it (ERP Integration Administrator). */
  writeCoupling: 'prvWriteerp_Coupling',
  writeOrder: 'prvWriteOrder',
  writeQuote: 'prvWriteQuote',
} as const;

/** How each entry above is derived: verb and table (our tables by their key in domain/schema.ts Tables). */
export const COMMAND_PRIVILEGE_SOURCES: Readonly<Record<keyof typeof CommandPrivileges, readonly [verb: string, table: string]>> = {
  createRequest: ['Create', 'integrationRequest'],
  readRequest: ['Read', 'integrationRequest'],
  writeRequest: ['Write', 'integrationRequest'],
  readConnection: ['Read', 'connection'],
  readStatistics: ['Read', 'accountStatistics'],
  readAvailability: ['Read', 'itemAvailability'],
  writeCoupling: ['Write', 'coupling'],
  writeOrder: ['Write', 'salesorder'],
  writeQuote: ['Write', 'quote'],
};
