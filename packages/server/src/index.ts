export { type App, type AppOptions, type Clock, createApp } from './app.ts';
export { readConfig, type ServerConfig } from './config.ts';
export { DEMO_TENANT_ID, seedDemoTenant } from './demo.ts';
export { openEngine } from './engines/index.ts';
export { sqliteEngine } from './engines/sqlite/index.ts';
export { type Db, openDatabase } from './engines/sqlite/open.ts';
export { type RunningServer, startServer } from './server.ts';
export type * from './stores/index.ts';
export { FakeExotel, type FakeExotelOptions } from './telephony/fake-exotel.ts';
