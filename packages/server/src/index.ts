export { type App, type AppOptions, type Clock, createApp } from './app.ts';
export { readConfig, type ServerConfig } from './config.ts';
export { type Db, openDatabase } from './db/open.ts';
export { DEMO_TENANT_ID, seedDemoTenant } from './demo.ts';
export { type RunningServer, startServer } from './server.ts';
export { FakeExotel, type FakeExotelOptions } from './telephony/fake-exotel.ts';
