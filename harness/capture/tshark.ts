// Running tshark over a pcap: only the fields we decode (-T json -e ...), streamed packet by packet.
import { spawn } from "node:child_process";
import { access } from "node:fs/promises";
import { createInterface } from "node:readline";
import { Deadline } from "../../netns/util/deadline.ts";
import { CaptureError, messages } from "./errors.ts";
import type { DecodeOptions } from "./options.ts";

/** One packet as tshark prints it with -e: every occurrence of each requested field, in tree order (outer first). */
export type FieldRow = Readonly<Record<string, readonly string[]>>;

/** TCP port 514 is syslog in this suite (the manual's syslog forwarding defaults to TCP 514). */
export const DEFAULT_DECODE_AS = ["tcp.port==514,syslog"] as const;

/** tshark arguments for reading `file` and printing `fields` as JSON arrays. */
export function tsharkArgs(file: string, fields: readonly string[], o: DecodeOptions): string[] {
  const args = ["-r", file, "-n", "-T", "json"];
  for (const rule of [...DEFAULT_DECODE_AS, ...(o.decodeAs ?? [])]) args.push("-d", rule);
  if (o.displayFilter) args.push("-Y", o.displayFilter);
  for (const f of fields) args.push("-e", f);
  return args;
}

/**
 * Run tshark and hand each packet's fields to `onPacket`. tshark pretty-prints a JSON array whose packets
 * open with a line "  {" and close with "  }" or "  },"; JSON strings cannot hold raw newlines, so
 * cutting on those lines is exact and keeps memory flat for large captures.
 */
export async function readFields(
  file: string,
  fields: readonly string[],
  o: DecodeOptions,
  onPacket: (row: FieldRow, index: number) => void,
): Promise<number> {
  await access(file).catch(() => {
    throw new CaptureError(messages.noSuchPcap(file));
  });
  const deadline = o.deadline ?? Deadline.in(60_000, `tshark to decode ${file}`);
  const child = spawn("tshark", tsharkArgs(file, fields, o), { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const closed = new Promise<number | null>((resolve) => {
    child.once("close", (code) => resolve(code));
    child.once("error", (error) => ((stderr += `\n${error.message}`), resolve(null)));
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), deadline.remaining);
  let index = 0;
  let chunk: string[] | undefined;
  let parseError: CaptureError | undefined;
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      if (line === "  {") chunk = ["{"];
      else if (chunk && (line === "  }" || line === "  },")) {
        chunk.push("}");
        const text = chunk.join("\n");
        chunk = undefined;
        let parsed: { _source?: { layers?: FieldRow } };
        try {
          parsed = JSON.parse(text);
        } catch {
          parseError ??= new CaptureError(messages.tsharkBadJson(file, index));
          child.kill("SIGKILL");
          break;
        }
        onPacket(parsed._source?.layers ?? {}, index++);
      } else if (chunk) chunk.push(line);
    }
  } finally {
    clearTimeout(timer);
  }
  const code = await closed;
  if (parseError) throw parseError;
  if (deadline.expired && code !== 0) throw new CaptureError(messages.tsharkTimeout(file, deadline.elapsed));
  // Exit 2 with "cut short" is a partial last packet: expected while tcpdump is still writing.
  const truncatedOnly = code === 2 && /cut short in the middle of a packet/.test(stderr);
  if (code !== 0 && !(truncatedOnly && o.live)) throw new CaptureError(messages.tsharkFailed(file, code, stderr), { stderr });
  return index;
}

/** The field names tshark rejected ("Some fields aren't valid:" followed by one tab-indented name per line). */
export function invalidFields(stderr: string): string[] {
  const at = stderr.indexOf("Some fields aren't valid:");
  if (at < 0) return [];
  const names: string[] = [];
  for (const line of stderr.slice(at).split("\n").slice(1)) {
    const m = /^\t(\S+)$/.exec(line);
    if (!m) break;
    names.push(m[1]!);
  }
  return names;
}
