// The persistent lab CA: made once, refused twice, used read-only by several labs at once, trusted by curl alone.
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Lab } from "../../lab/lab.ts";
import type { TopologyInput } from "../../topology/schema.ts";
import { Deadline } from "../../util/deadline.ts";
import { run, runIn } from "../../util/sh.ts";
import { caFilesIn, initLabCa, labCaFromEnv, LabCaError, openLabCa, type LabCa } from "./lab-ca.ts";
import type { PlatformService } from "./launch.ts";

let root = "";
let ca: LabCa;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "hil-lab-ca-"));
  ca = await initLabCa(join(root, "ca"), Deadline.in(30_000, "lab CA"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("hil ca: the lab CA's files", () => {
  it("makes ca.crt (a CA) and ca.key readable by its owner only, and gives openssl's SHA-256 fingerprint", async () => {
    expect((await stat(ca.key)).mode & 0o777).toBe(0o600);
    const openssl = await run("openssl", ["x509", "-in", ca.cert, "-noout", "-fingerprint", "-sha256"]);
    expect(openssl.stdout.trim()).toBe(`sha256 Fingerprint=${ca.fingerprint}`);
    expect(await readdir(join(root, "ca"))).toEqual(["ca.crt", "ca.key"]);
  });

  it("refuses to replace an existing CA; --force makes a new one", async () => {
    const dir = join(root, "again");
    const first = await initLabCa(dir, Deadline.in(30_000));
    await expect(initLabCa(dir, Deadline.in(30_000))).rejects.toThrow(
      `Lab CA ${join(dir, "ca.crt")} already exists: refusing to replace it (firmware built to trust it would stop trusting the labs); pass --force to make a new CA`,
    );
    expect((await openLabCa(caFilesIn(dir))).fingerprint).toBe(first.fingerprint);
    const second = await initLabCa(dir, Deadline.in(30_000), { force: true });
    expect(second.fingerprint).not.toBe(first.fingerprint);
  });

  it("names the file when the CA is missing, its key is readable by others, or the certificate is no CA", async () => {
    await expect(openLabCa(caFilesIn(join(root, "none")))).rejects.toThrow(
      `Lab CA certificate ${join(root, "none", "ca.crt")}: expected a readable file, got no such file (make one with \`hil ca init\`, or fix the path)`,
    );
    const loose = join(root, "loose");
    await initLabCa(loose, Deadline.in(30_000));
    await chmod(join(loose, "ca.key"), 0o644);
    await expect(openLabCa(caFilesIn(loose))).rejects.toThrow(`Lab CA private key ${join(loose, "ca.key")}: expected mode 0600 (readable by its owner only), got 0644`);
    const notCa = join(root, "leaf.crt");
    await run("openssl", ["req", "-x509", "-new", "-key", ca.key, "-subj", "/CN=leaf", "-addext", "basicConstraints=critical,CA:FALSE", "-days", "1", "-out", notCa]);
    await expect(openLabCa({ cert: notCa, key: ca.key })).rejects.toThrow(`Lab CA certificate ${notCa}: expected a CA certificate (basicConstraints CA:TRUE), got a leaf certificate`);
  });

  it("HIL_LAB_CA names a CA directory (read in one place); unset means a fresh CA per lab", () => {
    expect(labCaFromEnv({ HIL_LAB_CA: "/srv/ca" })).toEqual({ cert: "/srv/ca/ca.crt", key: "/srv/ca/ca.key" });
    expect(labCaFromEnv({})).toBeUndefined();
  });
});

/** The smallest lab with a platform: a cloud host running the emulator and a client beside it. */
const tiny: TopologyInput = {
  name: "ca-tiny",
  hosts: {
    cloud: { addresses: { eth0: ["10.78.5.10/24"] }, services: { platform: { address: "10.78.5.10" } } },
    client: { addresses: { eth0: ["10.78.5.20/24"] } },
  },
  links: [{ endpoints: ["client:eth0", "cloud:eth0"] }],
} as TopologyInput;

/** curl the platform from the lab's client, trusting only `caFile` and resolving the platform name as the lab DNS would. */
function curlPlatform(lab: Lab, caFile: string) {
  return runIn(lab.ns("client"), "curl", ["-sS", "--cacert", caFile, "--capath", "/nonexistent", "--resolve", "qualysguard.qualys.test:443:10.78.5.10", "-o", "/dev/null", "-w", "%{http_code}",
    "-H", "content-type: application/json", "-d", '{"serial":"30900","mac":"00:50:56:00:00:01"}', "https://qualysguard.qualys.test/appliance/v1/poll"], { allowFailure: true, timeoutMs: 20_000 });
}

describe("labs sign their platform emulator with the lab CA", () => {
  it("two labs up at once, both signed by one CA: curl trusting only that CA accepts both; the CA files are untouched", async () => {
    const before = await Promise.all([stat(ca.cert), stat(ca.key)]);
    const [a, b] = await Promise.all([0, 1].map(() => Lab.up(tiny, { platformCa: ca, deadline: Deadline.in(60_000, "lab up") })));
    try {
      for (const lab of [a!, b!]) {
        const platform = lab.service("cloud", "platform").handle as PlatformService;
        expect((await run("openssl", ["verify", "-CAfile", ca.cert, platform.pki.cert])).stdout).toContain(": OK");
        const ok = await curlPlatform(lab, ca.cert);
        expect(ok.stderr).toBe("");
        expect(ok.stdout).toBe("200");
        // What the twin is told to trust is the lab CA's certificate.
        expect((await openLabCa({ cert: platform.pki.caCert, key: ca.key })).fingerprint).toBe(ca.fingerprint);
      }
      // A CA other than the lab's is not trusted (the check can fail): curl exit 60.
      const other = await initLabCa(join(root, "other"), Deadline.in(30_000));
      const refused = await curlPlatform(a!, other.cert);
      expect(refused.exitCode).toBe(60);
    } finally {
      await Promise.all([a!.down(), b!.down()]);
    }
    expect(await readdir(join(root, "ca"))).toEqual(["ca.crt", "ca.key"]);
    const after = await Promise.all([stat(ca.cert), stat(ca.key)]);
    expect(after.map((s) => s.mtimeMs)).toEqual(before.map((s) => s.mtimeMs));
    expect(after[1]!.mode & 0o777).toBe(0o600);
  });

  it("a lab given a missing or unreadable CA file fails before building anything, naming the file", async () => {
    const missing = { cert: join(root, "nowhere", "ca.crt"), key: join(root, "nowhere", "ca.key") };
    await expect(Lab.up(tiny, { platformCa: missing })).rejects.toThrow(LabCaError);
    await expect(Lab.up(tiny, { platformCa: missing })).rejects.toThrow(`Lab CA certificate ${missing.cert}: expected a readable file, got no such file`);
    const garbage = join(root, "garbage.crt");
    await writeFile(garbage, "not a certificate\n");
    await expect(Lab.up(tiny, { platformCa: { cert: garbage, key: ca.key } })).rejects.toThrow(`Lab CA certificate ${garbage}: expected a PEM X.509 certificate`);
  });

  it("without a CA a lab still makes its own fresh one (the twin backend's default)", async () => {
    const env = process.env.HIL_LAB_CA;
    delete process.env.HIL_LAB_CA; // this test is about the default: no CA given, none named by the environment
    await using lab = await Lab.up(tiny, {}).finally(() => env !== undefined && (process.env.HIL_LAB_CA = env));
    const platform = lab.service("cloud", "platform").handle as PlatformService;
    expect(platform.pki.caCert).toBe(join(platform.dir, "pki", "platform-ca.crt"));
    expect((await openLabCa({ cert: platform.pki.caCert, key: ca.key })).fingerprint).not.toBe(ca.fingerprint);
    expect((await curlPlatform(lab, platform.pki.caCert)).stdout).toBe("200");
  });
});
