import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { Deadline, pollUntil } from "./deadline.ts";
import { PYTHON } from "./python.ts";
import { CommandError, run, spawnDirect } from "./sh.ts";

const dir = mkdtempSync(join(tmpdir(), "hil-sh-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("run (through the command runner)", () => {
  test("exit status, output without the final newline, stderr", async () => {
    expect(await run("sh", ["-c", "printf 'a\\nb\\n'; echo oops >&2; exit 3"], { allowFailure: true })).toEqual({ stdout: "a\nb", stderr: "oops", exitCode: 3 });
  });

  test("a failure throws CommandError naming the command and its stderr", async () => {
    const error = await run("sh", ["-c", "echo no such thing >&2; exit 2"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toBe("Command failed (exit 2): sh -c echo no such thing >&2; exit 2\nno such thing");
  });

  test("input, working directory and added environment reach the command", async () => {
    expect((await run("cat", [], { input: "line one\nline two\n" })).stdout).toBe("line one\nline two");
    expect((await run("pwd", [], { cwd: dir })).stdout).toBe(dir);
    expect((await run("sh", ["-c", "echo $HIL_SH_TEST_A"], { env: { HIL_SH_TEST_A: "given" } })).stdout).toBe("given");
  });

  test("the environment is this process's at the call, not at the runner's start", async () => {
    await run("true", []); // the runner is running
    process.env.HIL_SH_TEST_B = "set later";
    const pathBefore = process.env.HOME;
    delete process.env.HOME;
    try {
      expect((await run("sh", ["-c", 'echo "$HIL_SH_TEST_B/${HOME-unset}"'])).stdout).toBe("set later/unset");
    } finally {
      delete process.env.HIL_SH_TEST_B;
      if (pathBefore !== undefined) process.env.HOME = pathBefore;
    }
    expect((await run("sh", ["-c", 'echo "${HIL_SH_TEST_B-unset}"'])).stdout).toBe("unset");
  });

  test("a command that runs past its timeout is stopped: exit -1", async () => {
    const t0 = performance.now();
    const r = await run("sleep", ["30"], { timeoutMs: 300, allowFailure: true });
    expect(r.exitCode).toBe(-1);
    expect(performance.now() - t0).toBeLessThan(10_000);
    await expect(run("sleep", ["30"], { timeoutMs: 300 })).rejects.toThrow("Command timed out after 300 ms: sleep 30");
  });

  test("a command that does not exist: exit -1 with the reason", async () => {
    const r = await run("hil-no-such-command", ["x"], { allowFailure: true });
    expect(r.exitCode).toBe(-1);
    expect(r.stderr).toMatch(/^cannot run hil-no-such-command: No such file or directory/);
  });

  test("commands run at once, each answered with its own output", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => run("sh", ["-c", `sleep 0.0${i % 5}; echo ${i}`])));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });
});

describe("the runner gone", () => {
  test("a command it was running is reported cut off; later commands run with node's spawn", async () => {
    const slow = run("sleep", ["5"], { allowFailure: true });
    const runner = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, "utf8").trim().split(/\s+/).find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("spawner.py"));
    expect(runner).toBeDefined();
    process.kill(Number(runner), "SIGKILL");
    const cut = await slow;
    expect(cut.exitCode).toBe(-1);
    expect(cut.stderr).toMatch(/^the command runner \(.*spawner\.py\) ended \(SIGKILL\) before sleep finished$/);
    expect(await run("sh", ["-c", "echo still runs"])).toEqual({ stdout: "still runs", stderr: "", exitCode: 0 });
  });
});

describe("the runner's end (its node process gone)", () => {
  test("every command still running is killed with what it started, and the runner exits", async () => {
    // A build script's `ip -batch` must not outlive its owner: here a shell and the sleep it started in the background.
    const runner = spawn(PYTHON, [fileURLToPath(new URL("./spawner.py", import.meta.url))], { stdio: ["pipe", "pipe", "ignore"] });
    const pids = join(dir, "pids");
    runner.stdin.write(`${JSON.stringify({ id: 1, argv: ["sh", "-c", `sleep 30 & echo "$$ $!" > ${pids}; wait`], input: null, timeout: null, env: null, cwd: null })}\n`);
    const [sh, sleep] = await pollUntil(() => (existsSync(pids) && readFileSync(pids, "utf8").includes("\n") ? readFileSync(pids, "utf8").trim().split(" ").map(Number) : undefined), Deadline.in(10_000, "the command started"));
    const exited = new Promise<number | null>((resolve) => runner.once("exit", (code) => resolve(code)));
    runner.stdin.end();
    expect(await exited).toBe(0);
    const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    const left = await pollUntil(() => ([sh!, sleep!].some(alive) ? undefined : "none"), Deadline.in(5_000, "the command and its child gone"), {
      describeLast: () => `alive: ${[sh!, sleep!].filter(alive).join(", ")}`,
    }).catch((e: Error) => e.message);
    expect(left).toBe("none");
  });
});

describe("spawnDirect (node's spawn: no runner, or HIL_SPAWNER=0)", () => {
  test("the same answers as the runner", async () => {
    expect(await spawnDirect(["sh", "-c", "echo out; echo err >&2; exit 4"])).toEqual({ code: 4, stdout: "out\n", stderr: "err\n" });
    expect(await spawnDirect(["cat"], { input: "x" })).toEqual({ code: 0, stdout: "x", stderr: "" });
    expect(await spawnDirect(["sleep", "30"], { timeoutMs: 200 })).toEqual({ code: -1, stdout: "", stderr: "", timedOut: true });
    expect((await spawnDirect(["hil-no-such-command"])).stderr).toMatch(/^cannot run hil-no-such-command: spawn hil-no-such-command ENOENT/);
  });
});
