/**
 * What every flow gets: the two API clients, the reference data, config, logger, clock and test hooks.
 * Flows depend on the interfaces (DataverseApi, BcApi), so tests and benches can wrap or replace them.
 */
import type { BcApi } from './bc/client';
import type { ConnectorConfig } from './config';
import type { DataverseApi } from './dataverse/client';
import type { Logger } from './log';
import type { ReferenceData } from './reference';

/**
 * Points where tests inject faults. `afterErpCreate` runs after the ERP document exists and before anything is
 * written back to Dataverse: throwing SimulatedCrash there behaves like the process dying at that moment.
 */
export interface TestHooks {
  afterErpCreate?: (info: { requestId: string; erpId: string; erpNumber: string }) => Promise<void> | void;
}

/** Thrown by a test hook to stop a request dead, writing nothing (as a killed process would). */
export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash');
    this.name = 'SimulatedCrash';
  }
}

export interface Services {
  config: ConnectorConfig;
  dv: DataverseApi;
  bc: BcApi;
  ref: ReferenceData;
  log: Logger;
  now: () => Date;
  random: () => number;
  hooks: TestHooks;
}
