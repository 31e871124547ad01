// The persistent lab CA: made once per lab host (`hil ca init`), trusted by a QA firmware build, and used read-only
// by every lab's platform emulator to sign its server certificate. The key never leaves its file (mode 0600).
import { X509Certificate } from "node:crypto";
import { constants } from "node:fs";
import { access, chmod, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import type { Deadline } from "../../util/deadline.ts";
import { run } from "../../util/sh.ts";

/** Where `hil ca init` puts the CA unless told otherwise. */
export const DEFAULT_CA_DIR = "/var/lib/hil/ca";
/** The environment variable naming a CA directory every lab then uses (read in `labCaFromEnv` only). */
export const LAB_CA_ENV = "HIL_LAB_CA";

/** Paths of a lab CA: its certificate (public) and its private key (0600). */
export interface LabCaFiles {
  readonly cert: string;
  readonly key: string;
}

/** A lab CA checked readable, with what an operator needs to make firmware trust it. */
export interface LabCa extends LabCaFiles {
  /** SHA-256 fingerprint of the certificate, colon-separated upper-case hex (as `openssl x509 -fingerprint`). */
  readonly fingerprint: string;
  readonly subject: string;
  readonly validTo: string;
}

/** A lab CA that cannot be used or made; the message names the file and what is wrong with it. */
export class LabCaError extends Error {
  override readonly name = "LabCaError";
}

/** The files of the CA in `dir` (ca.crt, ca.key). */
export function caFilesIn(dir: string): LabCaFiles {
  return { cert: join(dir, "ca.crt"), key: join(dir, "ca.key") };
}

/** The CA named by HIL_LAB_CA (a directory holding ca.crt and ca.key), or undefined when it is unset. */
export function labCaFromEnv(env: NodeJS.ProcessEnv = process.env): LabCaFiles | undefined {
  const dir = env[LAB_CA_ENV]?.trim();
  return dir ? caFilesIn(dir) : undefined;
}

/** Fingerprint and names of a PEM certificate; errors name the file. */
function describeCert(file: string, pem: string): Omit<LabCa, "cert" | "key"> {
  let x: X509Certificate;
  try {
    x = new X509Certificate(pem);
  } catch (error) {
    throw new LabCaError(`Lab CA certificate ${file}: expected a PEM X.509 certificate, got unreadable content (${(error as Error).message})`);
  }
  if (!x.ca) throw new LabCaError(`Lab CA certificate ${file}: expected a CA certificate (basicConstraints CA:TRUE), got a leaf certificate for ${x.subject}`);
  return { fingerprint: x.fingerprint256, subject: x.subject.replace(/\n/g, ", "), validTo: x.validTo };
}

/**
 * Check that a lab CA can be used: both files readable, the certificate a CA, the key not readable by group or
 * others. Reads only (several labs use one CA at once). Errors name the file and what was expected and found.
 */
export async function openLabCa(files: LabCaFiles): Promise<LabCa> {
  for (const [what, file] of [["certificate", files.cert], ["private key", files.key]] as const) {
    try {
      await access(file, constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const found = code === "ENOENT" ? "no such file" : code === "EACCES" ? "not readable by this user" : code ?? String(error);
      throw new LabCaError(`Lab CA ${what} ${file}: expected a readable file, got ${found} (make one with \`hil ca init\`, or fix the path)`);
    }
  }
  const mode = (await stat(files.key)).mode & 0o777;
  if (mode & 0o077) {
    throw new LabCaError(`Lab CA private key ${files.key}: expected mode 0600 (readable by its owner only), got ${mode.toString(8).padStart(4, "0")}; run \`chmod 600 ${files.key}\``);
  }
  return { ...files, ...describeCert(files.cert, await readFile(files.cert, "utf8")) };
}

/** Options of `initLabCa`. */
export interface InitOptions {
  /** Replace an existing CA (default: refuse). */
  force?: boolean;
  /** Validity in days (default 3650). */
  days?: number;
  /** Subject common name (default "HIL lab CA <hostname>"). */
  commonName?: string;
}

/**
 * Make a new lab CA in `dir` (EC P-256, self-signed): ca.key (0600, created exclusively) and ca.crt. Refuses when
 * either file exists unless `force`. The files appear only once both are complete (written beside, then renamed).
 */
export async function initLabCa(dir: string, deadline: Deadline, options: InitOptions = {}): Promise<LabCa> {
  const files = caFilesIn(dir);
  if (!options.force) {
    for (const file of [files.cert, files.key]) {
      if (await stat(file).then(() => true, () => false)) {
        throw new LabCaError(`Lab CA ${file} already exists: refusing to replace it (firmware built to trust it would stop trusting the labs); pass --force to make a new CA`);
      }
    }
  }
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const tmpKey = join(dir, `.ca.key.${process.pid}.tmp`);
  const tmpCert = join(dir, `.ca.crt.${process.pid}.tmp`);
  const t = () => ({ timeoutMs: Math.max(1, Math.round(deadline.remaining)) });
  try {
    // The key file is created 0600 before openssl writes into it, so the key is never readable by others.
    await (await open(tmpKey, "wx", 0o600)).close();
    await run("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", tmpKey], t());
    await chmod(tmpKey, 0o600);
    const cn = options.commonName ?? `HIL lab CA ${hostname()}`;
    await run(
      "openssl",
      ["req", "-x509", "-new", "-key", tmpKey, "-sha256", "-days", String(options.days ?? 3650), "-subj", `/O=HIL lab/CN=${cn}`,
        "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", tmpCert],
      t(),
    );
    await chmod(tmpCert, 0o644);
    await rename(tmpKey, files.key);
    await rename(tmpCert, files.cert);
  } finally {
    await Promise.all([rm(tmpKey, { force: true }), rm(tmpCert, { force: true })]);
  }
  return openLabCa(files);
}
