// A small tcpdump text capture for lab tests: start, wait for "listening on", run traffic, stop, return lines.
import { spawn } from "node:child_process";
import { Deadline, pollUntil } from "../../util/deadline.ts";

/** Capture `filter` on `iface` in namespace `ns` with `tcpdump -e -n` while `traffic()` runs; returns the frame lines. */
export async function sniff(ns: string, iface: string, filter: string, traffic: () => Promise<unknown>): Promise<string[]> {
  const child = spawn("ip", ["netns", "exec", ns, "tcpdump", "-l", "-e", "-n", "-i", iface, ...filter.split(" ")], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += String(d)));
  child.stderr.on("data", (d) => (err += String(d)));
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await pollUntil(() => (err.includes("listening on") ? true : undefined), Deadline.in(10_000, `tcpdump on ${ns}/${iface} listening`), {
      describeLast: () => err.trim() || "no output",
    });
    await traffic();
    // Let the last frames of the traffic reach the capture: wait until the output stops growing.
    let last = -1;
    await pollUntil(() => (out.length === last ? true : ((last = out.length), undefined)), Deadline.in(2_000, "capture settled"), { steps: [100] });
  } finally {
    child.kill("SIGTERM");
    await gone;
  }
  return out.split("\n").filter(Boolean);
}
