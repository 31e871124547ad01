// The lab services' default image, built locally (no registry is reachable): a minimal root filesystem of this host's
// own service programs, their libraries (ldd) and data files, imported with the API's `docker import`. Its tag is a
// digest of its content, so a second run finds it and concurrent runs agree on it.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, mkdir, readFile, readlink, readdir, rename, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { spawn } from "node:child_process";
import type Docker from "dockerode";
import { Deadline } from "../../util/deadline.ts";
import { run } from "../../util/sh.ts";
import { ServiceError } from "../errors.ts";
import { daemonPaths } from "./daemon.ts";
import { withLease } from "./lease.ts";

/** Repository name of the default image; the tag is the content digest. */
export const IMAGE_REPO = "hil-services";
/** Bump when the recipe changes in a way the file list does not show. */
const RECIPE = "1";

/** Programs the lab services run (first found on the usual paths; a missing one is left out, its service fails to start). */
const PROGRAMS = ["dnsmasq", "radvd", "squid", "sleep", "sh"];
/** Data and helpers beside the programs. */
const EXTRA = [
  "/usr/lib/squid/basic_ncsa_auth",
  "/usr/lib/squid/ntlm_fake_auth",
  "/usr/lib/squid/unlinkd",
  "/usr/lib/squid/log_file_daemon",
  // squid's error pages: the templates and English only (the language packs are thousands of files).
  "/usr/share/squid/errors/templates",
  "/usr/share/squid/errors/en",
  "/usr/share/squid/icons",
  "/usr/share/squid/mime.conf",
  "/etc/squid/mime.conf",
  "/etc/passwd",
  "/etc/group",
  "/etc/nsswitch.conf",
  "/etc/protocols",
  "/etc/services",
];
/** Empty directories every container expects. */
const DIRS = ["/tmp", "/proc", "/sys", "/dev", "/run", "/var/run", "/var/log"];

/** One entry of the image's root filesystem, taken from the host. */
export interface RootfsEntry {
  path: string;
  kind: "file" | "dir" | "symlink";
  target?: string;
}

const exists = (p: string) => lstat(p).then(() => true, () => false);

/** Absolute path of `program` on the usual directories, or undefined. */
async function locate(program: string): Promise<string | undefined> {
  for (const dir of ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]) if (await exists(join(dir, program))) return join(dir, program);
  return undefined;
}

/** Libraries `elf` loads (ldd), its interpreter included; nothing for a script or a static binary. */
async function libraries(elf: string): Promise<string[]> {
  const { stdout, exitCode } = await run("ldd", [elf], { allowFailure: true });
  if (exitCode !== 0) return [];
  return [...stdout.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]!);
}

/** Add `path` to `out` as the host has it: every symlink on the way (directories like /lib included) and the file or tree at its end. */
async function addPath(path: string, out: Map<string, RootfsEntry>, depth = 0, recurse = true): Promise<void> {
  if (depth > 16) throw new ServiceError(`Image build: too many symbolic links resolving ${path}`);
  const parts = path.split("/").filter(Boolean);
  let at = "/";
  for (let i = 0; i < parts.length; i++) {
    const cur = join(at, parts[i]!);
    const st = await lstat(cur).catch(() => undefined);
    if (!st) return;
    if (st.isSymbolicLink()) {
      const target = await readlink(cur);
      out.set(cur, { path: cur, kind: "symlink", target });
      return addPath(join(resolve(dirname(cur), target), ...parts.slice(i + 1)), out, depth + 1, recurse);
    }
    if (st.isDirectory()) {
      if (!out.has(cur)) out.set(cur, { path: cur, kind: "dir" });
      if (recurse && i === parts.length - 1) await Promise.all((await readdir(cur)).map((child) => addPath(join(cur, child), out, depth)));
    } else if (st.isFile()) out.set(cur, { path: cur, kind: "file" });
    at = cur;
  }
}

/** The entries of the default image and the programs it holds (name -> absolute path), from this host. */
export async function defaultRootfs(extraPrograms: readonly string[] = [process.execPath]): Promise<{ entries: RootfsEntry[]; programs: Record<string, string> }> {
  const out = new Map<string, RootfsEntry>();
  const programs: Record<string, string> = {};
  const elves: string[] = [...extraPrograms];
  for (const name of PROGRAMS) {
    const found = await locate(name);
    if (found) {
      programs[name] = found;
      elves.push(found);
    }
  }
  for (const p of extraPrograms) programs[p] = p;
  elves.push(...EXTRA.filter((p) => p.startsWith("/usr/lib/squid/")));
  const libs = (await Promise.all(elves.map(libraries))).flat();
  // Loaded with dlopen (not shown by ldd): name lookups and thread cancellation.
  const dlopened = ["libnss_files.so.2", "libnss_dns.so.2", "libgcc_s.so.1"].map((l) => `/lib/x86_64-linux-gnu/${l}`);
  for (const p of DIRS) await addPath(p, out, 0, false);
  for (const p of [...elves, ...EXTRA, ...new Set([...libs, ...dlopened])]) await addPath(p, out);
  return { entries: [...out.values()].sort((a, b) => a.path.localeCompare(b.path)), programs };
}

/** The memo of file digests (an unreadable one is an empty memo: every file is read again). */
async function readMemo(file: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
  } catch {
    return {};
  }
}

/** sha256 of a file's content. */
function fileDigest(path: string): Promise<string> {
  return new Promise((res, rej) => {
    const hash = createHash("sha256");
    createReadStream(path, { highWaterMark: 1 << 20 }).on("data", (c) => hash.update(c)).once("error", rej).once("end", () => res(hash.digest("hex")));
  });
}

/**
 * A digest of `entries`: paths, kinds, link targets and each file's content digest. A file's content digest is kept
 * in `memoFile` under its device, inode, size and change time, so an unchanged file is not read again.
 */
export async function rootfsDigest(entries: readonly RootfsEntry[], memoFile?: string): Promise<string> {
  const memo = memoFile ? await readMemo(memoFile) : {};
  const fresh: Record<string, string> = {};
  const contents = await Promise.all(
    entries.map(async (e) => {
      if (e.kind !== "file") return "";
      const st = await stat(e.path, { bigint: true });
      const key = `${e.path} ${st.dev}:${st.ino}:${st.size}:${st.ctimeNs}`;
      fresh[key] = memo[key] ?? (await fileDigest(e.path));
      return fresh[key];
    }),
  );
  if (memoFile) {
    const tmp = `${memoFile}.${process.pid}`;
    await writeFile(tmp, JSON.stringify(fresh)).then(() => rename(tmp, memoFile)).catch(() => undefined);
  }
  const hash = createHash("sha256").update(`recipe ${RECIPE}\n`);
  entries.forEach((e, i) => hash.update(`${e.kind} ${e.path} ${e.target ?? ""} ${contents[i]}\n`));
  return hash.digest("hex");
}

/** True when `docker` has image `ref`. */
async function hasImage(docker: Docker, ref: string): Promise<boolean> {
  return docker.getImage(ref).inspect().then(() => true, () => false);
}

const cache = new Map<string, Promise<ServiceImage>>();

/** The default image in `docker` (`hil-services:<digest>`), built from this host once; with the programs it holds. */
export interface ServiceImage {
  ref: string;
  programs: Record<string, string>;
  /** Milliseconds spent building it in this call (0: found in the daemon). */
  builtMs: number;
}

/** Make sure the default image exists (built under a lease, so concurrent runs build it once). */
export function ensureDefaultImage(docker: Docker, deadline = Deadline.in(300_000, "service image built")): Promise<ServiceImage> {
  const key = daemonPaths().key;
  let found = cache.get(key);
  if (!found) {
    found = buildDefaultImage(docker, deadline);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

async function buildDefaultImage(docker: Docker, deadline: Deadline): Promise<ServiceImage> {
  const { entries, programs } = await defaultRootfs();
  const leaseDir = daemonPaths().stateDir;
  await mkdir(leaseDir, { recursive: true, mode: 0o700 });
  const ref = `${IMAGE_REPO}:${(await rootfsDigest(entries, join(leaseDir, "digests.json"))).slice(0, 16)}`;
  if (await hasImage(docker, ref)) return { ref, programs, builtMs: 0 };
  const started = performance.now();
  await withLease(join(leaseDir, `image-${ref.split(":")[1]}.lease`), deadline, async () => {
    if (await hasImage(docker, ref)) return;
    await importRootfs(docker, entries, ref);
  });
  return { ref, programs, builtMs: performance.now() - started };
}

/** Stream `entries` as a tar (GNU tar from /, no recursion: exactly the listed entries) into the daemon's import. */
async function importRootfs(docker: Docker, entries: readonly RootfsEntry[], ref: string): Promise<void> {
  const [repo, tag] = ref.split(":") as [string, string];
  const tar = spawn("tar", ["-c", "--no-recursion", "--numeric-owner", "-C", "/", "-T", "-"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  tar.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  tar.stdin.end(entries.map((e) => e.path.slice(1)).join("\n") + "\n");
  const tarDone = new Promise<number>((res) => tar.once("close", (code) => res(code ?? -1)));
  const stream = await docker.importImage(tar.stdout as unknown as string, { repo, tag });
  await new Promise<void>((res, rej) => docker.modem.followProgress(stream, (error: Error | null) => (error ? rej(error) : res())));
  const code = await tarDone;
  if (code !== 0) throw new ServiceError(`Image build of ${ref}: tar exited ${code}: ${stderr.trim()}`);
  if (!(await hasImage(docker, ref))) throw new ServiceError(`Image build of ${ref}: the daemon imported the root filesystem but has no ${ref}`);
}
