// Where a lab's services run: the lab's default backend (Lab.up `backend`, else HIL_SERVICE_BACKEND, else process) and
// each service's own `backend`; which hosts need a node container for the docker backend.
import type { Topology } from "../topology/schema.ts";
import { backendOf, SERVICE_BACKENDS, type ServiceBackend, type ServiceKind } from "../topology/services.ts";

/** Environment variable giving the default backend of labs that do not choose one. */
export const BACKEND_ENV = "HIL_SERVICE_BACKEND";

/** The lab's default backend from the Lab.up option or the environment, validated; undefined: none chosen (process). */
export function labBackend(option: unknown, env = process.env[BACKEND_ENV]): ServiceBackend | undefined {
  const [value, where] = option !== undefined ? [option, "Lab.up option `backend`"] : [env || undefined, `environment variable ${BACKEND_ENV}`];
  if (value === undefined) return undefined;
  if (!SERVICE_BACKENDS.includes(value as ServiceBackend)) throw new Error(`${where}: expected ${SERVICE_BACKENDS.map((b) => `"${b}"`).join(" or ")}, got ${JSON.stringify(value)}; nothing was built`);
  return value as ServiceBackend;
}

/** The backend of service `kind` of `host` (undefined: the topology places no such service there). */
export function serviceBackend(t: Topology, host: string, kind: ServiceKind, labDefault: ServiceBackend | undefined): ServiceBackend | undefined {
  const spec = t.hosts[host]?.services?.[kind];
  return spec ? backendOf(spec, labDefault) : undefined;
}

/** Hosts of `t` where one of `kinds` runs on the docker backend: each gets a node container holding its namespace. */
export function dockerHosts(t: Topology, kinds: readonly ServiceKind[], labDefault: ServiceBackend | undefined): string[] {
  return Object.keys(t.hosts).filter((host) => kinds.some((kind) => serviceBackend(t, host, kind, labDefault) === "docker"));
}
