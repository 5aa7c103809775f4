import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies a SQLite database's write-ahead log back into the database from a thread of its own, so that
 * a commit does not stop to do it. SQLite lets a checkpoint run while the writer goes on appending to
 * the log; without this, the commit that crosses `wal_autocheckpoint` does the whole copy itself (the
 * ledger bench saw one batch in eight take ~2× as long). A PASSIVE checkpoint never waits for readers
 * or the writer, so it cannot slow them down; what it cannot copy now, it copies next time.
 *
 * The connection keeps its own `wal_autocheckpoint` as a ceiling, in case this thread falls behind.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

// CommonJS run by the worker (`eval`), so that it needs no build step of its own under tsx or tsc. An
// eval'd worker resolves modules from the working directory, so the driver comes by its full path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next turn will do it */ }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

export function startCheckpointer(file: string, intervalMs = 100): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs, driver } });
  // The thread must never keep a finished process alive, nor take it down: should it fail, commits
  // checkpoint by themselves again (the connection's ceiling), and the process is told so once.
  worker.unref();
  worker.on('error', (error) => process.emitWarning(`SQLite checkpoints fall back to commits: ${error.message}`, 'Pacte21CheckpointWarning'));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Held open until it has closed its connection (or 2 s have passed).
      worker.ref();
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
