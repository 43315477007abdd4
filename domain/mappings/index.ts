/** Integration table mappings: model, defaults, validation, dependency order, field conversion, messages. */
export * from './types';
export * from './catalog';
export * from './defaults';
export * from './messages';
export * from './order';
export * from './validate';
export * from './config';
export * from './transforms';
export * from './conflict';
