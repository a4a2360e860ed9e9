import { resourceStoresContract } from '../../stores/resources.contract-test.ts';
import { sqliteEngine } from './index.ts';
import { openDatabase } from './open.ts';

resourceStoresContract('SQLite', async () => sqliteEngine(openDatabase(':memory:')).stores);
