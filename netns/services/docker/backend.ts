// The docker backend of one lab: its daemon client, the default image, a node container per namespace that runs
// containerised services, and a runner per service. Everything it creates is labelled with the lab's prefix.
import type Docker from "dockerode";
import { Deadline } from "../../util/deadline.ts";
import { ServiceError } from "../errors.ts";
import type { ServiceRunner } from "../types.ts";
import { existsSync } from "node:fs";
import { isOwnedPrefix } from "../../util/owner.ts";
import { OWNER_LABEL, RUN_LABEL, removeOwned, spawnInContainer, startNode, type ImageRef, type NodeContainer } from "./container.ts";
import { clientOn, daemonSocket, ensureDaemon } from "./daemon.ts";
import { ensureDefaultImage } from "./image.ts";

export class DockerBackend {
  private readonly nodes = new Map<string, NodeContainer>();
  private constructor(
    private readonly docker: Docker,
    /** The daemon's socket (recorded in the lab manifest, so a sweeper reaches the same daemon). */
    readonly socket: string,
    readonly prefix: string,
    /** The default image (built locally from this host's service programs). */
    readonly base: ImageRef,
    /** Milliseconds this open spent building the default image (0: it was there). */
    readonly imageBuiltMs: number,
  ) {}

  /** Connect to (or start) the project's daemon and make sure the default image exists. */
  static async open(prefix: string, deadline = Deadline.in(120_000, "docker backend ready")): Promise<DockerBackend> {
    const docker = await ensureDaemon(deadline.within(60_000, "dockerd ready"));
    await removeOrphans(docker);
    const image = await ensureDefaultImage(docker, deadline);
    return new DockerBackend(docker, daemonSocket(), prefix, image, image.builtMs);
  }

  /** Start the node containers of `namespaces` (in parallel); each namespace then exists under its lab name. */
  async addNodes(namespaces: readonly string[]): Promise<void> {
    await Promise.all(
      namespaces.map(async (ns) => {
        this.nodes.set(ns, await startNode(this.docker, this.base, this.prefix, ns));
      }),
    );
  }

  /** A runner for services in namespace `ns`, from `image` (default: the default image). */
  async runner(ns: string, image?: string): Promise<ServiceRunner> {
    const node = this.nodes.get(ns);
    if (!node) throw new ServiceError(`No node container holds namespace ${ns}: the docker backend was not asked for it (nodes: ${[...this.nodes.keys()].join(", ") || "none"})`);
    const ref = image ? await this.ownImage(image) : this.base;
    return { backend: "docker", spawn: (spec) => spawnInContainer(this.docker, ref, node, spec) };
  }

  /** A service image a lab brings: it must be in the daemon already (no registry is reachable). */
  private async ownImage(image: string): Promise<ImageRef> {
    const found = await this.docker.getImage(image).inspect().catch(() => undefined);
    if (!found) throw new ServiceError(`Service image ${image} is not in the lab's Docker daemon (${this.socket}); no registry is reachable here: load it first (docker -H unix://${this.socket} load -i FILE)`);
    return { ref: image, programs: {} };
  }

  /** Remove every container of this lab (services and nodes); idempotent. */
  async removeAll(): Promise<void> {
    await removeOwned(this.docker, this.prefix);
    this.nodes.clear();
  }
}

/**
 * Remove containers whose run is over: their run directory (label hil.run) is gone (the lab's teardown
 * removes it last, so its containers were left by a run that lost its manifest). Runs that still have one are the
 * sweeper's (teardown.ts, by the manifest's verdict).
 */
export async function removeOrphans(docker: Docker): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [OWNER_LABEL] } });
  const runs = new Map(list.map((c) => [c.Labels[OWNER_LABEL] ?? "", c.Labels[RUN_LABEL] ?? ""]));
  const gone = [...runs].filter(([p, dir]) => isOwnedPrefix(p) && dir.endsWith(`/${p}`) && !existsSync(dir)).map(([p]) => p);
  await Promise.all(gone.map((p) => removeOwned(docker, p)));
  return gone;
}

/** Remove the containers of run `prefix` from the daemon on `socket` (a sweeper's step); 0 when no daemon answers there. */
export async function removeRunContainers(socket: string, prefix: string): Promise<number> {
  const docker = clientOn(socket);
  if (!(await docker.ping().then(() => true, () => false))) return 0;
  return removeOwned(docker, prefix);
}
