// Which services a host may run, with the services module's own option schemas (validated with the topology), and
// where each runs: `backend: process` (default, a host process) or `backend: docker` (a container, optionally `image`).
import { isIP } from "node:net";
import { z } from "zod";
import { dnsmasqSchema, radvdSchema, squidSchema, syslogSchema } from "../services/schema.ts";

/** The platform emulator in a host: the address it listens on (one of the host's), its names and port. */
export const platformSchema = z
  .object({
    address: z.string().refine((s) => isIP(s) !== 0, { error: "an IP address of this host" }),
    port: z.number().int().min(1).max(65535).optional(),
    names: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

/** Service backends: a host process in the lab host's namespace, or a container holding that namespace. */
export const SERVICE_BACKENDS = ["process", "docker"] as const;
export type ServiceBackend = (typeof SERVICE_BACKENDS)[number];
export const backendSchema = z.enum(SERVICE_BACKENDS, { error: '"process" or "docker"' });

/** A Docker image reference (`name[:tag]` or `name@sha256:...`), as the daemon knows it. */
const imageRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._/-]{0,127}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$/, { error: "a Docker image reference like vendor/squid:6.1 (already in the lab's daemon)" });

/** The keys every service spec may carry beside its own options. */
const placement = {
  /** Where the service runs (default: the lab's choice, else process). */
  backend: backendSchema.optional(),
  /** The image a docker service runs (default: the image built from this host's programs); needs `backend: docker`. */
  image: imageRef.optional(),
};

/** `image` is refused unless the service says `backend: docker`. */
function imageNeedsDocker(o: { backend?: ServiceBackend | undefined; image?: string | undefined }, ctx: z.RefinementCtx): void {
  if (o.image !== undefined && o.backend !== "docker") ctx.addIssue({ code: "custom", path: ["backend"], message: '"docker" (the service names an image)' });
}

/** Service kind -> options; the lab starts each with the services module's `start<Kind>(ctx, opts)`. */
export const serviceSchemas = z
  .object({
    dnsmasq: dnsmasqSchema.safeExtend(placement).superRefine(imageNeedsDocker).optional(),
    squid: squidSchema.safeExtend(placement).superRefine(imageNeedsDocker).optional(),
    radvd: radvdSchema.safeExtend(placement).superRefine(imageNeedsDocker).optional(),
    syslog: syslogSchema.safeExtend(placement).superRefine(imageNeedsDocker).optional(),
    platform: platformSchema.safeExtend(placement).superRefine(imageNeedsDocker).optional(),
  })
  .strict();

export type ServicesSpec = z.output<typeof serviceSchemas>;
export type ServiceKind = keyof ServicesSpec;
/** Start order does not matter (services are independent); this is the order they are listed in. */
export const SERVICE_KINDS: readonly ServiceKind[] = ["dnsmasq", "radvd", "squid", "syslog", "platform"];

/** The service's own options, without the placement keys (the services module's strict schemas refuse them). */
export function ownOptions<T extends { backend?: unknown; image?: unknown }>(spec: T): Omit<T, "backend" | "image"> {
  const { backend: _backend, image: _image, ...own } = spec;
  return own;
}

/** Where a service runs: its own `backend`, else the lab's default, else a host process. */
export function backendOf(spec: { backend?: ServiceBackend }, labDefault: ServiceBackend | undefined): ServiceBackend {
  return spec.backend ?? labDefault ?? "process";
}
