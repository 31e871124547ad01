// `hil capture decode` end to end: a real capture, decoded by the real CLI entry point.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import { run, runIn } from "../../netns/util/sh.ts";
import { startCapture } from "./capture.ts";
import type { Frame } from "./frame.ts";
import { PairLab } from "./testkit/lab.ts";

const HIL = join(import.meta.dirname, "..", "cli", "hil.sh");
let lab: PairLab;
let pcap: string;

beforeAll(async () => {
  lab = await PairLab.up();
  await lab.peer();
  await using cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(lab.dir, "cli.pcap"), deadline: Deadline.in(10_000, "tcpdump") });
  await runIn(lab.nsA, "busybox", ["ping", "-c", "1", "-W", "2", lab.ipB]);
  const proxy = ["-s", "-m", "5", "--proxy", `http://${lab.ipB}:3128`, "--proxy-basic", "--proxy-user", "carol:hunter2pw", "https://cli.example/"];
  await runIn(lab.nsA, "curl", proxy, { allowFailure: true });
  pcap = await cap.stop();
}, 60_000);

afterAll(async () => {
  await lab?.down();
});

const hil = (...args: string[]) => run(HIL, ["capture", ...args], { allowFailure: true, timeoutMs: 60_000 });

// Each case starts the real CLI (tsx + tshark) several times: allow for a loaded CI host.
const SLOW = 180_000;

describe("hil capture decode", () => {
  test("prints one summary line per frame and a count, without the proxy password", async () => {
    const r = await hil("decode", pcap, "--iface", lab.ifA);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines.at(-1)).toMatch(/^\d+ frame\(s\)$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^#\\d+ ${lab.ifA}: 10\\.79\\.0\\.1:\\d+ > 10\\.79\\.0\\.2:3128 HTTP CONNECT cli\\.example:443 \\(Proxy-Authorization Basic user carol\\)$`)));
    expect(lines).toContainEqual(expect.stringMatching(/ARP request who-has 10\.79\.0\.2 tell 10\.79\.0\.1$/));
    expect(r.stdout).not.toContain("hunter2pw");
  }, SLOW);

  test("--json prints the frames; --filter narrows them", async () => {
    const r = await hil("decode", pcap, "--json", "--filter", "http.request.method == \"CONNECT\"");
    expect(r.exitCode).toBe(0);
    const frames = JSON.parse(r.stdout) as Frame[];
    expect(frames).toHaveLength(1);
    expect(frames[0]!.http).toMatchObject({ connectHost: "cli.example", proxyAuth: { scheme: "Basic", user: "carol" } });
    expect(r.stdout).not.toContain("hunter2pw");
  }, SLOW);

  test("usage errors exit 2 with the usage; decode errors exit 1 with the reason", async () => {
    const usage = await hil("decod", pcap);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toMatch(/^hil capture: unknown subcommand 'decod' \(did you mean 'decode'\?\)\n\nusage: hil capture <subcommand>/);
    expect((await hil("decode")).stderr).toMatch(/^hil capture decode: missing FILE\.pcap\n\nusage: hil capture decode FILE\.pcap \[options\]/);
    expect((await hil("decode", pcap, "--filter")).stderr).toMatch(/^hil capture decode: option '--filter' needs a value DISPLAY_FILTER\n/);
    expect((await hil("decode", pcap, "--jsn")).stderr).toMatch(/^hil capture decode: unknown option '--jsn' \(did you mean '--json'\?\)\n/);
    const help = await hil("decode", "--help");
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^usage: hil capture decode FILE\.pcap \[options\]\n/);
    const missing = await hil("decode", join(lab.dir, "nope.pcap"));
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(`hil capture: Cannot decode ${join(lab.dir, "nope.pcap")}: no such file`);
  }, SLOW);
});
