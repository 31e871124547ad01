// Processes for sweeper tests (imports nothing that reads the run root, so a test may choose its own first).
import { spawnSync } from "node:child_process";

/** A pid that ran and is gone. */
export function deadPid(): number {
  return Number(spawnSync("sh", ["-c", "echo $$"], { encoding: "utf8" }).stdout.trim());
}
