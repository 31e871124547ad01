// A test PKI per run, made with the openssl CLI: a trusted CA and its server cert, and an untrusted CA with its own.
import { mkdir, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import type { Deadline } from "../../util/deadline.ts";
import { run } from "../../util/sh.ts";

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
  /** Shown in the CA subject, to tell runs apart. */
  label: string;
}

async function openssl(args: string[], deadline: Deadline): Promise<void> {
  await run("openssl", args, { timeoutMs: Math.max(1, Math.round(deadline.remaining)) });
}

/** One CA and one server cert signed by it; files are `<stem>-ca.crt`, `<stem>.crt`, `<stem>.key` in `dir`. */
async function caWithServer(dir: string, stem: string, opts: PkiOptions, deadline: Deadline): Promise<void> {
  const f = (suffix: string) => join(dir, `${stem}${suffix}`);
  const ec = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
  await Promise.all([openssl(["genpkey", ...ec, "-out", f("-ca.key")], deadline), openssl(["genpkey", ...ec, "-out", f(".key")], deadline)]);
  await openssl(
    ["req", "-x509", "-new", "-key", f("-ca.key"), "-sha256", "-days", "7", "-subj", `/O=HIL lab/CN=${stem} CA ${opts.label}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", f("-ca.crt")],
    deadline,
  );
  const san = [...opts.names.map((n) => `DNS:${n}`), ...opts.addresses.map((a) => `IP:${a}`)].join(",");
  await writeFile(
    f(".ext"),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`,
  );
  await openssl(["req", "-new", "-key", f(".key"), "-subj", `/O=HIL lab/CN=${opts.names[0]}`, "-out", f(".csr")], deadline);
  await openssl(
    ["x509", "-req", "-in", f(".csr"), "-CA", f("-ca.crt"), "-CAkey", f("-ca.key"), "-set_serial", `0x${Date.now().toString(16)}`,
      "-days", "7", "-sha256", "-extfile", f(".ext"), "-out", f(".crt")],
    deadline,
  );
}

/** Generate the per-run PKI in `dir` (created if needed). */
export async function makePki(dir: string, opts: PkiOptions, deadline: Deadline): Promise<Pki> {
  if (!opts.names.length) throw new Error("Expected `names` to list at least one platform DNS name for the server certificate, got none");
  const badAddress = opts.addresses.find((a) => isIP(a) === 0);
  if (badAddress !== undefined) throw new Error(`Expected \`addresses\` to hold IP addresses, got ${JSON.stringify(badAddress)}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await Promise.all([caWithServer(dir, "platform", opts, deadline), caWithServer(dir, "untrusted", opts, deadline)]);
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
