export { type App, type AppOptions, type Clock, createApp } from './app.ts';
export { readConfig, type ServerConfig } from './config.ts';
export { DEMO_TENANT_ID, seedDemoTenant } from './demo.ts';
export { type Db, openDatabase } from './engines/sqlite/open.ts';
export { type RunningServer, startServer } from './server.ts';
export { FakeExotel, type FakeExotelOptions } from './telephony/fake-exotel.ts';
