// A test PKI per run, made with the openssl CLI: a trusted CA and its server cert, and an untrusted CA with its own.
// With a persistent lab CA (lab-ca.ts) the trusted server cert is signed by it instead of by a fresh CA.
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import type { Deadline } from "../../util/deadline.ts";
import { run } from "../../util/sh.ts";
import { openLabCa, type LabCaFiles } from "./lab-ca.ts";

/** Paths of every file the PKI consists of (PEM). */
export interface Pki {
  dir: string;
  /** The CA an appliance must trust (`curl --cacert`). */
  caCert: string;
  cert: string;
  key: string;
  /** A second CA nobody trusts, and a server cert from it with the same names (the "bad certificate" fault). */
  untrustedCaCert: string;
  untrustedCert: string;
  untrustedKey: string;
}

/** What the server certificates are issued for. */
export interface PkiOptions {
  /** DNS names and IP addresses the server certs carry as subjectAltName. */
  names: readonly string[];
  addresses: readonly string[];
  /** Shown in the CA subject, to tell runs apart (a copy made for a later lab of this process keeps the first one's). */
  label: string;
  /** Sign the trusted server cert with this persistent lab CA (read only; checked with `openLabCa` first). */
  ca?: LabCaFiles;
}

const EC = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];

async function openssl(args: string[], deadline: Deadline): Promise<void> {
  await run("openssl", args, { timeoutMs: Math.max(1, Math.round(deadline.remaining)) });
}

/** A fresh CA in `dir`: `<stem>-ca.key`, `<stem>-ca.crt`. */
async function freshCa(dir: string, stem: string, label: string, deadline: Deadline): Promise<LabCaFiles> {
  const ca = { cert: join(dir, `${stem}-ca.crt`), key: join(dir, `${stem}-ca.key`) };
  await openssl(["genpkey", ...EC, "-out", ca.key], deadline);
  await openssl(
    ["req", "-x509", "-new", "-key", ca.key, "-sha256", "-days", "7", "-subj", `/O=HIL lab/CN=${stem} CA ${label}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", ca.cert],
    deadline,
  );
  return ca;
}

/**
 * A server cert `<stem>.crt`/`<stem>.key` in `dir` signed by `ca`. The CA files are only read: the serial is random
 * (no -CAcreateserial, which would write a serial file beside a shared CA), so labs can sign with one CA at once.
 */
async function serverCert(dir: string, stem: string, ca: LabCaFiles, opts: PkiOptions, deadline: Deadline): Promise<void> {
  const f = (suffix: string) => join(dir, `${stem}${suffix}`);
  await openssl(["genpkey", ...EC, "-out", f(".key")], deadline);
  const san = [...opts.names.map((n) => `DNS:${n}`), ...opts.addresses.map((a) => `IP:${a}`)].join(",");
  await writeFile(
    f(".ext"),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
  );
  await openssl(["req", "-new", "-key", f(".key"), "-subj", `/O=HIL lab/CN=${opts.names[0]}`, "-out", f(".csr")], deadline);
  await openssl(
    ["x509", "-req", "-in", f(".csr"), "-CA", ca.cert, "-CAkey", ca.key, "-set_serial", `0x${randomBytes(16).toString("hex")}`,
      "-days", "7", "-sha256", "-extfile", f(".ext"), "-out", f(".crt")],
    deadline,
  );
}

/** One CA (fresh, or the lab CA given) and one server cert signed by it; files `<stem>-ca.crt`, `<stem>.crt`, `<stem>.key`. */
async function caWithServer(dir: string, stem: string, opts: PkiOptions, deadline: Deadline, labCa?: LabCaFiles): Promise<void> {
  let ca: LabCaFiles;
  if (labCa) {
    // A copy of the (public) CA certificate beside the server cert: what the twin is told to trust, stable for the lab.
    await copyFile(labCa.cert, join(dir, `${stem}-ca.crt`));
    ca = labCa;
  } else {
    ca = await freshCa(dir, stem, opts.label, deadline);
  }
  await serverCert(dir, stem, ca, opts, deadline);
}

/** The files of a PKI, by name. */
const FILES = ["platform-ca.crt", "platform.crt", "platform.key", "untrusted-ca.crt", "untrusted.crt", "untrusted.key"] as const;

/** PKIs this process made, by what they were issued for: a lab with the same platform names, addresses and CA gets
 *  a copy instead of six more openssl runs (each lab's files stay its own; nothing is shared on disk). */
const made = new Map<string, Promise<ReadonlyMap<string, Buffer>>>();

/** Generate the per-run PKI in `dir` (created if needed), or copy the one this process already made for the same
 *  names, addresses and CA. */
export async function makePki(dir: string, opts: PkiOptions, deadline: Deadline): Promise<Pki> {
  if (!opts.names.length) throw new Error("Expected `names` to list at least one platform DNS name for the server certificate, got none");
  const badAddress = opts.addresses.find((a) => isIP(a) === 0);
  if (badAddress !== undefined) throw new Error(`Expected \`addresses\` to hold IP addresses, got ${JSON.stringify(badAddress)}`);
  if (opts.ca) await openLabCa(opts.ca);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = JSON.stringify([opts.names, opts.addresses, opts.ca ?? null]);
  const files = made.get(key);
  if (!files) {
    const first = generate(dir, opts, deadline);
    made.set(key, first);
    // A failed generation is not remembered: the next lab tries again.
    first.catch(() => made.delete(key));
    await first;
  } else {
    const contents = await files;
    await Promise.all(FILES.map((name) => writeFile(join(dir, name), contents.get(name)!, { mode: name.endsWith(".key") ? 0o600 : 0o644 })));
  }
  return {
    dir,
    caCert: join(dir, "platform-ca.crt"),
    cert: join(dir, "platform.crt"),
    key: join(dir, "platform.key"),
    untrustedCaCert: join(dir, "untrusted-ca.crt"),
    untrustedCert: join(dir, "untrusted.crt"),
    untrustedKey: join(dir, "untrusted.key"),
  };
}

/** Make the PKI's files in `dir` with openssl and return their contents. */
async function generate(dir: string, opts: PkiOptions, deadline: Deadline): Promise<ReadonlyMap<string, Buffer>> {
  await Promise.all([caWithServer(dir, "platform", opts, deadline, opts.ca), caWithServer(dir, "untrusted", opts, deadline)]);
  return new Map(await Promise.all(FILES.map(async (name) => [name, await readFile(join(dir, name))] as const)));
}
