// Options of startCapture and decode, validated once at the boundary into frozen typed objects.
import { isAbsolute } from "node:path";
import { z } from "zod";
import { Deadline } from "../../netns/util/deadline.ts";
import { CaptureError, messages } from "./errors.ts";

const ifaceName = z
  .string()
  .regex(/^[A-Za-z0-9_.:@-]{1,15}$/, "to be a network interface name (1-15 characters)")
  .refine((s) => s !== "any", "to be one real interface, not \"any\" (cooked captures lose Ethernet headers and VLAN tags)");

const deadline = z.custom<Deadline>((v) => v instanceof Deadline, { message: "to be a Deadline (Deadline.in(ms, what))" });

export const CaptureOptionsSchema = z
  .object({
    /** Network namespace the interface lives in. */
    ns: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "to be a network namespace name"),
    iface: ifaceName,
    /** Absolute path of the pcap file to write (must not exist yet). */
    file: z
      .string()
      .refine((s) => isAbsolute(s), "to be an absolute path")
      .refine((s) => /\.pcap$/.test(s), "to end with .pcap"),
    /** tcpdump capture filter (BPF syntax). */
    filter: z.string().min(1, "to be a non-empty BPF filter").optional(),
    /** Bytes kept per packet; default 4096 (see DEFAULT_SNAPLEN in tcpdump.ts). */
    snaplen: z.number({ message: "to be a number" }).int("to be an integer").min(64, "to be at least 64").max(262144, "to be at most 262144").optional(),
    /** Kernel capture buffer in KiB (tcpdump -B); default 16384, so bursts of thousands of frames are not dropped. */
    bufferKiB: z.number({ message: "to be a number" }).int("to be an integer").min(256, "to be at least 256").max(1048576, "to be at most 1048576").optional(),
    /** Deadline for tcpdump to report "listening on". */
    deadline,
  })
  .strict();

export type CaptureOptions = Readonly<z.infer<typeof CaptureOptionsSchema>>;

export const DecodeOptionsSchema = z
  .object({
    /** tshark display filter (-Y), e.g. "dhcp && !icmp". */
    displayFilter: z.string().min(1, "to be a non-empty display filter").optional(),
    /** Extra decode-as rules (-d), e.g. "tcp.port==8514,syslog". TCP port 514 is always decoded as syslog. */
    decodeAs: z.array(z.string().regex(/^[a-z0-9_.]+==[0-9-]+,[a-z0-9_.]+$/, "to be decode-as rules like \"tcp.port==8514,syslog\"")).optional(),
    /** Interface name to record on every frame (pcap files do not store it). */
    iface: z.string().optional(),
    /** Deadline for tshark to finish; default 60 s. */
    deadline: deadline.optional(),
    /** Tolerate a truncated last packet (reading a file tcpdump is still writing). */
    live: z.boolean({ message: "to be true or false" }).optional(),
  })
  .strict();

export type DecodeOptions = Readonly<z.infer<typeof DecodeOptionsSchema>>;

/** Validate `input` against `schema`; throw a CaptureError naming the option, what was expected and what was got. */
export function parseOptions<T>(schema: z.ZodType<T>, input: unknown, where: string): Readonly<T> {
  const result = schema.safeParse(input);
  if (result.success) return Object.freeze(result.data);
  const issue = result.error.issues[0]!;
  const path = issue.path.map((k, i) => (typeof k === "number" ? `[${k}]` : `${i ? "." : ""}${String(k)}`)).join("") || "(options)";
  const got = issue.path.reduce<unknown>(
    (value, key) => (value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined),
    input,
  );
  if (issue.code === "unrecognized_keys") {
    throw new CaptureError(`Unknown option(s) ${issue.keys.map((k) => `\`${k}\``).join(", ")} in ${where}`);
  }
  let expected = issue.message;
  if (issue.code === "invalid_type" && got === undefined) expected = "to be set";
  else if (!expected.startsWith("to ")) expected = `to be valid (${expected})`;
  throw new CaptureError(messages.invalidOption(where, path, expected, got));
}
