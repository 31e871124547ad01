import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Deadline } from "../util/deadline.ts";
import { run } from "../util/sh.ts";
import { listenFailure, startSquid, type RunningSquid } from "./squid.ts";
import { groupMembers, isAlive } from "./proc.ts";
import { createTestLab, type TestLab } from "./testlab.ts";
import { curl } from "./testclients.ts";
import { startHttpServer, startTlsServer } from "./testservers.ts";
import type { RunningService } from "./types.ts";
import { applyDrop } from "../faults/firewall.ts";

let lab: TestLab;
const servers: RunningService[] = [];
const pids: number[] = [];
const SECRET = "Pa55-w0rd_lab";
const HTTPS = "https://10.79.0.2/";

beforeAll(async () => {
  lab = await createTestLab({
    nodes: ["cli", "proxy", "cloud"],
    links: [
      { a: ["cli", "eth0", ["10.78.0.2/24", "2001:db8:78::2/64"]], b: ["proxy", "eth0", ["10.78.0.1/24", "2001:db8:78::1/64"]] },
      { a: ["proxy", "eth1", ["10.79.0.1/24"]], b: ["cloud", "eth0", ["10.79.0.2/24"]] },
    ],
  });
  servers.push(await startTlsServer(lab.ctx("cloud", "tls"), 443));
  servers.push(await startHttpServer(lab.ctx("cloud", "http"), "10.79.0.2", 80, { "index.html": "hello from the cloud\n" }));
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await lab?.destroy();
});

async function withSquid(name: string, input: Parameters<typeof startSquid>[1], body: (squid: RunningSquid) => Promise<void>): Promise<void> {
  const squid = await startSquid(lab.ctx("proxy", name), input);
  pids.push(squid.pid);
  try {
    await body(squid);
  } finally {
    await squid.stop();
  }
}

describe("squid", () => {
  it("open proxy: CONNECT to the HTTPS origin gives 200, and plain HTTP is proxied", async () => {
    await withSquid("open", {}, async (squid) => {
      const proxy = squid.proxyFor("10.78.0.1");
      expect(await curl(lab.ns("cli"), HTTPS, { proxy })).toMatchObject({ exitCode: 0, httpConnect: 200, httpCode: 200 });
      expect(await curl(lab.ns("cli"), "http://10.79.0.2/index.html", { proxy })).toMatchObject({ exitCode: 0, httpCode: 200 });
      expect(await curl(lab.ns("cli"), "http://10.79.0.2/index.html", { proxy, tunnel: true })).toMatchObject({ exitCode: 0, httpConnect: 200, httpCode: 200 });
    });
  });

  it("Basic: right password 200, wrong password and no credentials 407; the password is never logged", async () => {
    const users = [{ user: "alice", password: SECRET }, { user: "LAB\\carol", password: "c4rol's pw!" }];
    await withSquid("basic", { auth: { scheme: "basic", users } }, async (squid) => {
      const proxy = squid.proxyFor("10.78.0.1");
      const ok = await curl(lab.ns("cli"), HTTPS, { proxy, auth: { scheme: "basic", user: "alice", password: SECRET } });
      expect(ok).toMatchObject({ exitCode: 0, httpConnect: 200, httpCode: 200 });
      const domainUser = await curl(lab.ns("cli"), HTTPS, { proxy, auth: { scheme: "basic", user: "LAB\\carol", password: "c4rol's pw!" } });
      expect(domainUser, "a domain\\user name (the manual's format) with special characters in the password").toMatchObject({ exitCode: 0, httpConnect: 200 });
      const upper = await curl(lab.ns("cli"), HTTPS, { proxy, auth: { scheme: "basic", user: "ALICE", password: SECRET } });
      expect(upper, "user names are case-sensitive").toMatchObject({ exitCode: 56, httpConnect: 407 });
      const wrong = await curl(lab.ns("cli"), HTTPS, { proxy, auth: { scheme: "basic", user: "alice", password: "not-it" } });
      expect(wrong).toMatchObject({ exitCode: 56, httpConnect: 407 });
      expect(await curl(lab.ns("cli"), HTTPS, { proxy })).toMatchObject({ exitCode: 56, httpConnect: 407 });
      const logs = (await Promise.all([squid.accessLog, squid.logFile, squid.configFile].map((f) => readFile(f, "utf8")))).join("\n");
      expect(logs).toMatch(/CONNECT 10\.79\.0\.2:443 alice /);
      expect(logs).not.toContain(SECRET);
      expect(logs).not.toContain(Buffer.from(`alice:${SECRET}`).toString("base64"));
      expect(await readFile(`${squid.dir}/htpasswd`, "utf8")).toMatch(/^alice:\$6\$.*\nLAB\\carol:\$6\$/);
      expect(logs).not.toContain("c4rol's pw!");
    });
  });

  it("NTLM (ntlm_fake_auth -S): a listed user gets 200, an unlisted user 407", async () => {
    await withSquid("ntlm", { auth: { scheme: "ntlm", users: ["alice"] } }, async (squid) => {
      const proxy = squid.proxyFor("10.78.0.1");
      const ok = await curl(lab.ns("cli"), HTTPS, { proxy, auth: { scheme: "ntlm", user: "LAB\\alice", password: SECRET } });
      expect(ok).toMatchObject({ exitCode: 0, httpConnect: 200, httpCode: 200 });
      const other = await curl(lab.ns("cli"), HTTPS, { proxy, auth: { scheme: "ntlm", user: "LAB\\mallory", password: SECRET } });
      expect(other).toMatchObject({ exitCode: 56, httpConnect: 407 });
      expect(await readFile(squid.accessLog, "utf8")).not.toContain(SECRET);
    });
  });

  it("deny rules give 403: a denied destination, and an authenticated but denied user", async () => {
    await withSquid(
      "deny",
      { auth: { scheme: "basic", users: [{ user: "alice", password: SECRET }, { user: "bob", password: SECRET }] }, deny: { destinations: ["10.79.0.0/24"], users: ["bob"] } },
      async (squid) => {
        const proxy = squid.proxyFor("10.78.0.1");
        expect(await curl(lab.ns("cli"), HTTPS, { proxy, auth: { scheme: "basic", user: "alice", password: SECRET } })).toMatchObject({ exitCode: 56, httpConnect: 403 });
        expect(await curl(lab.ns("cli"), HTTPS, { proxy, auth: { scheme: "basic", user: "bob", password: SECRET } })).toMatchObject({ exitCode: 56, httpConnect: 403 });
        expect(await curl(lab.ns("cli"), HTTPS, { proxy, auth: { scheme: "basic", user: "bob", password: "nope" } })).toMatchObject({ exitCode: 56, httpConnect: 407 });
      },
    );
  });

  it("an unreachable upstream gives 503", async () => {
    await withSquid("upstream", { connectTimeoutSeconds: 2 }, async (squid) => {
      const proxy = squid.proxyFor("10.78.0.1");
      expect(await curl(lab.ns("cli"), "https://10.79.0.2:8443/", { proxy })).toMatchObject({ exitCode: 56, httpConnect: 503 });
    });
  });

  it("a silent upstream (SYNs dropped) also gives 503, after the connect timeout", async () => {
    await withSquid("silent-upstream", { connectTimeoutSeconds: 2 }, async (squid) => {
      const fault = await applyDrop(lab.ns("cloud"), lab.prefix, { address: "10.79.0.2", port: 443 });
      try {
        const result = await curl(lab.ns("cli"), HTTPS, { proxy: squid.proxyFor("10.78.0.1"), maxTime: 15 });
        expect(result).toMatchObject({ exitCode: 56, httpConnect: 503 });
        expect(result.ms).toBeGreaterThan(1900);
      } finally {
        await fault.remove();
      }
    });
  });

  it("serves clients over IPv6 too (IPv6-only mode)", async () => {
    await withSquid("v6", { listen: ["2001:db8:78::1"] }, async (squid) => {
      expect(squid.proxyFor("x")).toBe("[2001:db8:78::1]:3128");
      expect(await curl(lab.ns("cli"), HTTPS, { proxy: squid.proxyFor("x") })).toMatchObject({ exitCode: 0, httpConnect: 200, httpCode: 200 });
    });
  });

  it("listens only where told, on the chosen port", async () => {
    await withSquid("port", { port: 8080, listen: ["10.78.0.1"] }, async (squid) => {
      expect(squid.proxyFor("x")).toBe("10.78.0.1:8080");
      expect(await curl(lab.ns("cli"), HTTPS, { proxy: "10.78.0.1:8080" })).toMatchObject({ exitCode: 0, httpConnect: 200 });
      expect(await curl(lab.ns("cli"), HTTPS, { proxy: "10.78.0.1:3128" })).toMatchObject({ exitCode: 7 });
    });
  });

  it("rejects bad options without echoing a password", async () => {
    const bad = { auth: { scheme: "basic" as const, users: [{ user: "a b", password: "x\ny-secret" }] } };
    const error = await startSquid(lab.ctx("proxy", "bad"), bad).catch((e: Error) => e);
    expect(String(error)).toMatch(/auth\.users\.0\.user: expected a user name of 1-32 letters/);
    expect(String(error)).toMatch(/auth\.users\.0\.password: expected no line breaks, got \(a secret, not shown\)/);
    expect(String(error)).not.toContain("y-secret");
  });

  it("fails at once, in squid's words, when listen() fails and squid stays up without its port", async () => {
    // Two programs binding one port before either listens both pass bind(), and the second listen() fails (a lab
    // whose dnsmasq and squid share a port, started together). strace injects that failure into squid's listen().
    const shim = join(lab.dir, "strace-shim");
    await mkdir(shim, { recursive: true });
    const squid = (await run("sh", ["-c", "command -v squid"])).stdout.trim();
    await writeFile(join(shim, "squid"), `#!/bin/sh\nexec strace -f -qq -o /dev/null -e trace=listen -e inject=listen:error=EADDRINUSE ${squid} "$@"\n`, { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${shim}:${path}`;
    try {
      const error = await startSquid(lab.ctx("proxy", "listen-fails"), { listen: ["10.78.0.1"] }, Deadline.in(30_000, "squid ready")).catch((e: Error) => e);
      expect((error as Error).message).toMatch(
        /^Could not start squid in namespace \S+: it reported a failure it keeps running after, so it was stopped: ERROR: listen\(\.\.\., \d+\) system call failed: \(98\) Address already in use \(listening port: 10\.78\.0\.1:3128\)\n/,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it("reads squid's listen failure from its cache log, with the port it names", () => {
    const log = "2026/12/07 10:27:09| Accepting HTTP Socket connections at conn3 local=10.77.1.21:53 remote=[::] FD 11 flags=9\n2026/12/07 10:27:09| ERROR: listen(..., 5000) system call failed: (98) Address already in use\n    listening port: 10.77.1.21:53\n";
    expect(listenFailure(log)).toBe("ERROR: listen(..., 5000) system call failed: (98) Address already in use (listening port: 10.77.1.21:53)");
    expect(listenFailure("2026/12/07 10:27:09| Accepting HTTP Socket connections at conn3\n")).toBeUndefined();
  });

  it("leaves no squid or helper process behind", async () => {
    expect(pids.length).toBe(8);
    for (const pid of pids) {
      expect(await isAlive(pid), `pid ${pid}`).toBe(false);
      expect(await groupMembers(pid), `helpers of squid ${pid}`).toEqual([]);
    }
  });
});
