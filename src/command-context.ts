import type { Command } from 'commander';
import type { Services } from './app.js';
import type { DatabaseHandle } from './platform/db/connect.js';

/** Opens the database, migrates it, runs the work with every service, and closes it. */
export type WithServices = <T>(work: (services: Services, database: DatabaseHandle) => Promise<T>) => Promise<T>;

/** Each module adds its own commands (`pacte21 currency …`) to the program through one of these. */
export type RegisterCommands = (program: Command, withServices: WithServices) => void;
