// The owner of a run without a lab, for the sweeper's tests: creates the run, starts a process that carries the run's
// owner mark but is never recorded in its manifest (as a twin spawned by a job killed before it recorded it) and keeps
// writing into the run directory, prints one JSON line {prefix, dir, writer}, then waits to be killed.
import { spawn } from "node:child_process";
import { OWNER_ENV } from "../../services/process.ts";
import { SoloRun } from "../solo.ts";

const run = await SoloRun.create("solo-untracked");
const writer = spawn("sh", ["-c", 'while :; do mkdir -p "$0/state" && date +%s%N > "$0/state/clock"; sleep 0.02; done', run.dir], {
  detached: true,
  stdio: "ignore",
  env: { ...process.env, [OWNER_ENV]: run.prefix },
});
writer.unref();
process.stdout.write(`${JSON.stringify({ prefix: run.prefix, dir: run.dir, writer: writer.pid })}\n`);
setInterval(() => undefined, 60_000);
