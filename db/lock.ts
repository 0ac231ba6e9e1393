import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

// PGlite takes no lock of its own and two processes on one data directory
// corrupt it, so the process that opens it writes its pid beside it.

export function lockFilePath(dataDir: string) {
  return path.join(dataDir, 'samrad.pid');
}

/** The pid of a live process holding the data directory, if any. */
export function lockHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFilePath(dataDir), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`The data directory ${dataDir} is in use by another Samråd process (pid ${pid}). Stop it first, or point DATA_DIR elsewhere.`);
  }
}

/** Takes the lock or throws DataDirLockedError; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const file = lockFilePath(dataDir);
  const holder = lockHolder(dataDir);
  if (holder) throw new DataDirLockedError(dataDir, holder);
  rmSync(file, { force: true });
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    const racer = lockHolder(dataDir);
    if (racer) throw new DataDirLockedError(dataDir, racer);
    throw error;
  }
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => {
    if (lockHolder(dataDir) === undefined) rmSync(file, { force: true });
  };
}
