// A file written whole or not at all: a reader (or a process started after a crash) sees the old content or the new,
// never half of it. Used by the platform emulator's account file and the twin's state directory.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

/** Write `data` to `path` atomically: a temporary file beside it (unique to this process and call), fsync, rename over
 *  `path`. The temporary file is removed when any step fails; the error is rethrown. `mode` applies to a new file. */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    const fd = openSync(tmp, "w", mode);
    try {
      writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
