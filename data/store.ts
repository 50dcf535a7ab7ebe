import type { Storage } from 'botbuilder';
import type { UnitOfWork } from '../domain/ports.js';
import type { Seed } from './schema.js';

// The port the composition root wires: the domain's unit of work, and botbuilder's Storage for
// conversation and user state, over one store. Every store (the embedded lowdb file, PostgreSQL)
// implements it; nothing above data/ knows which one is behind it.

export interface Store {
  readonly unitOfWork: UnitOfWork;
  /** botbuilder conversation and user state; a stale eTag is refused with StorageConflictError. */
  readonly storage: Storage;
  /** Units of work run again because they conflicted with a concurrent one (PostgreSQL), since start. */
  readonly conflictRetries: number;
  /** Where the data lives, for logs and /healthz. */
  readonly description: string;
  /** Puts the demo directory back (npm run seed). */
  reseed(seed: Seed, now?: Date): Promise<void>;
  /** Resolves when everything acknowledged so far is durable. */
  flush(): Promise<void>;
  /** Can it take units of work now? (/readyz: a load balancer stops sending turns to an instance that cannot.) */
  ready(): Promise<boolean>;
  /** The embedded store: told once if its files are removed or replaced while it runs (then every write is refused). */
  whenFilesGone?(listener: (gone: { file: string; reason: string; rescued?: string; problem?: string }) => void): void;
  /**
   * How many conversations have a dialog in progress: stored conversation states whose
   * `stateProperty` (the DialogSet's state property) has a non-empty dialog stack.
   */
  countOpenDialogs(stateProperty: string): Promise<number>;
  /** Lets go of files and connections once nothing more will be asked. */
  close(): Promise<void>;
  /**
   * Runs `work` unless another instance is running work of the same name right now (then resolves
   * undefined without running it): the sweeper runs on one instance at a time.
   */
  alone<T>(name: string, work: () => Promise<T>): Promise<T | undefined>;
}

/** A unit refused because the store can write nothing now (its files are gone): said to the user in one sentence. */
export const isStoreGone = (error: unknown): boolean => error instanceof Error && error.name === 'StoreFilesGoneError';

/** A botbuilder Storage write whose eTag no longer matches what is stored. */
export class StorageConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'StorageConflictError';
  }
}

/** A database that cannot be reached or prepared, in one sentence (start-up prints it and exits 1). */
export class DatabaseUnavailableError extends Error {}
