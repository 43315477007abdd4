export { demoCompany, addDays, DEFAULT_SEED, DEFAULT_WORK_DATE } from './demoCompany';
export type { DemoCompanyOptions } from './demoCompany';
export * from './types';
export { createRng } from './prng';
export type { Rng } from './prng';
