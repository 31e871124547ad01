// A lease on a file: one process at a time does a step (start the daemon, build an image); a dead holder's lease is taken over.
import { link, readFile, rm, writeFile } from "node:fs/promises";
import { Deadline, pollUntil } from "../../util/deadline.ts";
import { isAlive } from "../proc.ts";

/** Run `fn` while holding the lease file `file` (it names this process); waits for a live holder until `deadline`. */
export async function withLease<T>(file: string, deadline: Deadline, fn: () => Promise<T>): Promise<T> {
  let holder = "";
  await pollUntil(
    async () => {
      // Written aside, then linked into place: the lease file is never seen half written.
      const mine = `${file}.${process.pid}`;
      await writeFile(mine, `${process.pid}\n`);
      try {
        await link(mine, file);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
        holder = String(pid || "(gone meanwhile)");
        // A holder that died leaves the lease to the next taker (a file gone meanwhile: just try again).
        if (pid > 0 && !(await isAlive(pid))) await rm(file, { force: true });
        return undefined;
      } finally {
        await rm(mine, { force: true });
      }
    },
    deadline,
    { what: `the lease ${file}`, describeLast: () => `held by pid ${holder}` },
  );
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}
