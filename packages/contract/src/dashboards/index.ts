export * from './account-management.ts';
export * from './billing.ts';
export * from './leads.ts';
export * from './sales.ts';
export * from './support.ts';
