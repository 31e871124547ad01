// The owner of a run without a lab, for the sweeper's tests: creates the run, starts a process that carries the run's
// owner mark but is never recorded in its manifest (as a twin spawned by a job killed before it recorded it) and keeps
// writing into the run directory and adding a namespace `<prefix>-late`, prints one JSON line {prefix, dir, writer},
// then waits to be killed.
import { spawn } from "node:child_process";
import { OWNER_ENV } from "../../services/process.ts";
import { SoloRun } from "../solo.ts";

const run = await SoloRun.create("solo-untracked");
// It also adds a namespace of the run, as the `ip -batch` of a build killed mid-way goes on doing.
const writer = spawn("sh", ["-c", 'while :; do mkdir -p "$0/state" && date +%s%N > "$0/state/clock"; ip netns add "$1-late" 2>/dev/null; sleep 0.02; done', run.dir, run.prefix], {
  detached: true,
  stdio: "ignore",
  env: { ...process.env, [OWNER_ENV]: run.prefix },
});
writer.unref();
process.stdout.write(`${JSON.stringify({ prefix: run.prefix, dir: run.dir, writer: writer.pid })}\n`);
setInterval(() => undefined, 60_000);
