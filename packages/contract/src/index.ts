export * from './admin.ts';
export * from './analytics.ts';
export * from './calls.ts';
export * from './common.ts';
export * from './config.ts';
export * from './customers.ts';
export * from './dashboards/index.ts';
export * from './events.ts';
