// The lab engine: build a topology into namespaces, links, VLANs and services; tear it all down LIFO.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Deadline } from "../util/deadline.ts";
import { newPrefix, runDir, SESSION } from "../util/owner.ts";
import { run, runIn, type RunOptions, type RunResult } from "../util/sh.ts";
import { loadTopology } from "../topology/load.ts";
import type { Topology, TopologyInput } from "../topology/schema.ts";
import { SERVICE_KINDS, type ServiceKind } from "../topology/services.ts";
import { addVlan, assertShimBuilt, ifIndex, injectIfName, kernelVlanWorks, removeVlan, vlanIfName, vlanImpl, type VlanImpl } from "../vlan/vlan.ts";
import { buildFailed, interrupted, labNotFound, nameTaken, nicIndexChanged, noKernelVlans, unknownHost } from "./messages.ts";
import { onInterrupt } from "./interrupt.ts";
import { readManifest, writeManifest, type Manifest, type TrackedProcess } from "./manifest.ts";
import { planBuild, type BuildPlan } from "./plan.ts";
import { buildScript, linkStates, phaseTimes } from "./script.ts";
import { cableEnd, type CableEnd, type DutPort } from "./cable-end.ts";
import { resolveCabling, type Cabling } from "./cabling.ts";
import { hostAddress, platformPlace, portNetwork, type HostAddress, type PlatformPlace, type PortNetwork } from "./facts.ts";
import type { Family } from "../topology/cidr.ts";
import { giveBackAll, readNicRecord, vanishedNote, writeNicRecord, type NicMove } from "./nics.ts";
import { waitUp } from "./carrier.ts";
import { identify } from "./proc.ts";
import { startAll, stopAll, type LabService, type LabServiceExtras } from "./services.ts";
import { labCaFromEnv, openLabCa, type LabCaFiles } from "../services/platform/lab-ca.ts";
import { OWNER_ENV } from "../services/process.ts";
import { attachUplink, upstreamOptions, upstreamTopology, type UpstreamInput, type UpstreamOptions, type Uplink } from "./upstream.ts";
import { findRuns, sweep } from "./sweep.ts";
import { deleteNamespaces, runNamespaces, stopStrays, stopTracked, teardownRun } from "./teardown.ts";
import { TeardownStack } from "./teardown-stack.ts";
import { dockerHosts, labBackend, serviceBackend } from "./backends.ts";
import type { ServiceBackend } from "../topology/services.ts";
import type { DockerBackend } from "../services/docker/backend.ts";

export interface LabOptions {
  /** Name for `hil lab ...` lookups (default: the topology's name). */
  name?: string;
  /** Outlive this process: no teardown on exit or signal; remove with `hil lab down NAME`. */
  detached?: boolean;
  /** Budget for the whole `up` (default 60 s). */
  deadline?: Deadline;
  /** Force a VLAN implementation (default: probed; HIL_VLAN_IMPL overrides). */
  vlanImpl?: VlanImpl;
  /** Start the topology's services (default true), only the listed kinds, or none (false: the bare network). */
  services?: boolean | readonly ServiceKind[];
  /** Persistent lab CA the platform emulator signs with (default: HIL_LAB_CA=DIR if set, else a fresh CA per lab). */
  platformCa?: LabCaFiles;
  /** The platform emulator's account directory (absolute), kept across labs: the appliances it registered, their
   *  activation, IDs and the portal's settings (netns/services/platform/account.ts). Default: a fresh account. */
  platformAccount?: string;
  /** Upstream platform mode: no emulator; the uplink NIC (moved into the router leading to the cloud) NATs to the real
   *  platform and the lab DNS forwards its name to `dns` (netns/lab/upstream.ts). */
  upstream?: UpstreamInput;
  /**
   * A hardware appliance's host NICs, per port (`{ lan0: "enp3s0", wan0: "enp4s0" }`, wan0 optional): each takes the
   * place of the lab end of its `dut:<port>` link (no veth pair is made for it) and goes back to the host at down.
   */
  cabling?: Cabling;
  /**
   * Where services run that do not name a `backend` themselves: "process" (default; host processes in the lab
   * namespaces) or "docker" (containers; netns/README.md, "Service backends"). Default: HIL_SERVICE_BACKEND, else process.
   */
  backend?: ServiceBackend;
}

let sweptOnce: Promise<unknown> | undefined;

/** A running lab. `await using lab = await Lab.up("standard")` tears it down at scope exit. */
export class Lab implements AsyncDisposable {
  /** host -> kind -> running service. */
  readonly services: Record<string, Partial<Record<ServiceKind, LabService>>> = {};
  /** Milliseconds spent per phase of `up` (namespaces, links, hosts, carrier, services, total). */
  readonly timings: Record<string, number> = {};
  /** Milliseconds per teardown step of `down` (filled once it ran). */
  get downTimings(): Readonly<Record<string, number>> {
    return this.undo.timings;
  }
  private readonly undo = new TeardownStack();
  private saving: Promise<void> = Promise.resolve();
  private signal: NodeJS.Signals | undefined;
  private releaseInterrupt: () => void = () => undefined;
  private closed = false;
  /** Lab-wide settings handed to services (the platform CA). */
  private readonly extras: LabServiceExtras = {};
  /** Upstream mode as asked, and the uplink once it is in place. */
  private upstreamWanted: { options: UpstreamOptions; router: string } | undefined;
  private uplink: Uplink | undefined;
  /** "host:iface" -> ifindex of the link ends this lab created (empty for an attached lab). */
  private indexes: Record<string, number | undefined> = {};
  /** Host NICs this lab holds in place of its cable ends (empty for a twin lab or an attached one). */
  private moved: readonly NicMove[] = [];
  /** The lab's default service backend, and the docker backend once a service needs it. */
  private backend: ServiceBackend | undefined;
  private docker: DockerBackend | undefined;

  private constructor(
    readonly topology: Topology,
    private readonly manifest: Manifest,
    private impl: VlanImpl | undefined,
  ) {}

  /** The VLAN implementation of this lab (probed on first need). */
  async vlanImpl(): Promise<VlanImpl> {
    return (this.impl ??= await vlanImpl());
  }

  get prefix(): string {
    return this.manifest.prefix;
  }
  get name(): string {
    return this.manifest.name;
  }
  /** The run directory (`/run/hil/<prefix>`): manifest, pid files, service directories, client files. */
  get dir(): string {
    return runDir(this.manifest.prefix);
  }
  get detached(): boolean {
    return this.manifest.detached;
  }

  /** Build `spec` (a preset name, a YAML path, or a topology object); on failure nothing is left behind. */
  static async up(spec: string | TopologyInput | Topology, options: LabOptions = {}): Promise<Lab> {
    const deadline = options.deadline ?? Deadline.in(60_000, "lab up");
    const t0 = performance.now();
    const upstream = options.upstream ? upstreamOptions(options.upstream) : undefined;
    const backend = labBackend(options.backend);
    const loaded = await loadTopology(spec);
    const upstreamPlan = upstream ? upstreamTopology(loaded, upstream) : undefined;
    const topology = upstreamPlan?.topology ?? loaded;
    sweptOnce ??= sweep().catch(() => undefined); // leftovers of dead runs, once per process
    await sweptOnce;
    if (options.name) {
      const taken = await findRuns(options.name);
      if (taken.length) throw nameTaken(options.name, taken.map((m) => m.prefix));
    }
    const needsVlans = topology.links.some((l) => l.vlans?.length);
    const impl = options.vlanImpl ?? (needsVlans ? await vlanImpl() : undefined);
    if (needsVlans && impl === "bpf") assertShimBuilt();
    if (needsVlans && impl === "kernel" && !(await kernelVlanWorks())) throw noKernelVlans();
    const platformCa = options.platformCa ?? labCaFromEnv();
    // Checked before anything is built: a missing or unreadable CA file fails at once, naming the file.
    if (platformCa && Object.values(topology.hosts).some((h) => h.services?.platform)) await openLabCa(platformCa);
    const cabled = options.cabling === undefined ? [] : await resolveCabling(topology, options.cabling);
    const prefix = newPrefix();
    const plan = planBuild(topology, prefix, impl ?? "kernel", cabled);
    const owner = await identify(process.pid);
    const manifest: Manifest = {
      version: 1, prefix, name: options.name ?? topology.name, topology: topology.name, createdAt: new Date().toISOString(),
      owner: owner!, ...(SESSION && !options.detached ? { session: SESSION } : {}), detached: options.detached ?? false, state: "building", hosts: plan.hosts,
      namespaces: Object.values(plan.hosts), processes: [], shims: plan.shims,
    };
    const lab = new Lab(topology, manifest, impl);
    lab.indexes = plan.indexes;
    lab.backend = backend;
    if (platformCa) lab.extras.platformCa = platformCa;
    if (options.platformAccount) lab.extras.platformAccount = options.platformAccount;
    if (upstream && upstreamPlan) lab.upstreamWanted = { options: upstream, router: upstreamPlan.router };
    lab.moved = Object.freeze(plan.nics);
    let settle: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    lab.releaseInterrupt = onInterrupt(async (sig) => {
      lab.signal = sig;
      await settled;
    });
    try {
      const kinds = options.services === false ? [] : options.services === true || options.services === undefined ? SERVICE_KINDS : options.services;
      await lab.build(plan, kinds, deadline, dockerHosts(topology, kinds, backend).map((h) => plan.hosts[h]!));
      lab.manifest.state = "up";
      await lab.save();
      lab.timings.total = performance.now() - t0;
    } catch (error) {
      await lab.undo.run().catch(() => undefined);
      lab.releaseInterrupt();
      settle();
      throw lab.signal ? interrupted(lab.signal, error) : error;
    }
    lab.releaseInterrupt();
    settle();
    if (!lab.detached) lab.releaseInterrupt = onInterrupt(() => lab.down());
    return lab;
  }

  /** Open a lab another process brought up (by name or prefix), to exec in it or take it down. */
  static async attach(target: string): Promise<Lab> {
    const runs = await findRuns(target);
    if (runs.length !== 1) throw labNotFound(target, runs.map((m) => m.prefix));
    const m = runs[0]!;
    const topology = await loadTopology(m.topology).catch(() => ({ name: m.topology, hosts: {}, links: [] }) as unknown as Topology);
    const lab = new Lab(topology, m, m.shims.length ? "bpf" : undefined);
    lab.undo.push("run", async () => {
      const fresh = await readManifest(m.prefix);
      if (fresh) await teardownRun(fresh);
    });
    return lab;
  }

  private async build(plan: BuildPlan, kinds: readonly ServiceKind[], deadline: Deadline, dockerNs: readonly string[] = []): Promise<void> {
    // The first save creates the run directory with its manifest in it (never one without the other).
    this.undo.push("run directory", async () => {
      await this.keepWhileNicsHeld("run directory");
      // Namespaces the teardown could not delete keep their record: `hil lab sweep` finds them by it later.
      const left = await runNamespaces(this.prefix, []);
      if (left.length) throw new Error(`run directory of lab ${this.name} (${this.dir}) kept: its namespaces ${left.join(", ")} remain; \`hil lab sweep\` removes them`);
      await import("node:fs/promises").then((fs) => fs.rm(this.dir, { recursive: true, force: true }));
    });
    await this.save();
    const phase = async (name: string, fn: () => Promise<unknown>) => {
      this.checkpoint(deadline);
      const t = performance.now();
      await fn();
      this.timings[name] = performance.now() - t;
      this.checkpoint(deadline);
    };
    this.undo.push("namespaces", async () => {
      await this.keepWhileNicsHeld("namespaces");
      const namespaces = await runNamespaces(this.prefix, this.manifest.namespaces);
      await stopStrays(namespaces, this.prefix);
      await deleteNamespaces(namespaces);
    });
    if (plan.nics.length) {
      // Recorded before the move; given back before the namespaces go (a veth NIC would die with its namespace,
      // a physical one would come back under its lab name).
      await writeNicRecord(this.dir, plan.nics);
      this.undo.push("host NICs", async () => {
        for (const m of (await giveBackAll(this.dir)).vanished) console.warn(`lab ${this.name}: ${vanishedNote(m)}`);
      });
    }
    if (dockerNs.length) await phase("docker nodes", () => this.startNodes(dockerNs, deadline));
    let linksSeen: ReturnType<typeof linkStates> | undefined;
    await phase("network", async () => {
      // With the run's owner mark: a sweeper stops the script's `ip -batch` jobs too if this process dies mid-build.
      const result = await run("sh", ["-c", buildScript(plan, new Set(dockerNs))], { allowFailure: true, env: { [OWNER_ENV]: this.prefix } });
      if (result.exitCode !== 0) throw buildFailed(this.name, this.prefix, result.stderr);
      Object.assign(this.timings, phaseTimes(result.stdout));
      linksSeen = linkStates(result.stdout);
    });
    const up = this.upstreamWanted;
    if (up) {
      await phase("uplink", async () => {
        this.uplink = await attachUplink(this.dir, this.topology, up.router, this.ns(up.router), up.options, deadline);
        this.undo.push("uplink", () => this.uplink!.release());
      });
    }
    for (const n of plan.nics) {
      // The VLAN shim addresses a trunk by its ifindex: a NIC must have kept the one the plan used.
      const host = plan.perHost.find((h) => h.ns === n.ns)!.host;
      const seen = linksSeen?.get(host)?.find((l) => l.ifname === n.inside)?.ifindex ?? (await ifIndex(n.ns, n.inside));
      if (seen !== n.ifindex) throw nicIndexChanged(n.nic, n.ns, n.inside, n.ifindex, seen);
    }
    // Services start while the links come up (veth carrier is asynchronous); services that need a usable link
    // (radvd waits for its link-local address) wait for it themselves.
    await phase("carrier+services", () =>
      Promise.all([
        (async () => {
          const t = performance.now();
          await waitUp(plan.perHost, deadline, linksSeen);
          this.timings.carrier = performance.now() - t;
        })(),
        kinds.length ? this.startServices(kinds, deadline) : undefined,
      ]),
    );
  }

  /**
   * The docker backend's node containers for `namespaces` (network none; each one's network namespace is attached
   * under the lab's name, and the build script makes the host's links in it instead of a fresh namespace). The
   * daemon's socket goes into the manifest before any container exists, so a sweeper after a crash removes them.
   */
  private async startNodes(namespaces: readonly string[], deadline: Deadline): Promise<void> {
    const { DockerBackend } = await import("../services/docker/backend.ts");
    const docker = await DockerBackend.open(this.prefix, deadline);
    this.docker = docker;
    if (docker.imageBuiltMs) this.timings["docker image build"] = docker.imageBuiltMs;
    this.manifest.docker = { socket: docker.socket };
    await this.save();
    this.undo.push("containers", () => docker.removeAll());
    await docker.addNodes(namespaces);
  }

  private async startServices(kinds: readonly ServiceKind[], deadline: Deadline): Promise<void> {
    // Made here, world-traversable: a service's own recursive mkdir (the platform uses mode 0700) must not create
    // it, or services that drop privileges (squid runs as `proxy`) could not reach their directories.
    await mkdir(join(this.dir, "services"), { recursive: true, mode: 0o755 });
    const started: LabService[] = [];
    // One undo step stops every service at once (they are independent; stopping them in turn only adds up).
    this.undo.push("services", () => stopAll(started));
    const ctxFor = async (host: string, kind: ServiceKind) => {
      const ctx = { ns: this.ns(host), dir: this.serviceDir(host, kind), prefix: this.prefix };
      if (serviceBackend(this.topology, host, kind, this.backend) !== "docker") return ctx;
      return { ...ctx, runner: await this.docker!.runner(ctx.ns, this.topology.hosts[host]?.services?.[kind]?.image) };
    };
    await startAll(this.topology, kinds, ctxFor, deadline, async (s) => {
      started.push(s);
      this.timings[`service ${s.kind}@${s.host}`] = s.readyMs;
      (this.services[s.host] ??= {})[s.kind] = s;
      // Recorded for the sweeper only: stopAll (pushed above) ends it here.
      await this.track(`${s.host}-${s.kind}`, s.pid, { pidFile: s.pidFile, group: s.kind !== "platform", stop: false });
    }, this.extras);
  }

  /** Refuse to remove `what` while a host NIC is still recorded as held (it could not be given back). */
  private async keepWhileNicsHeld(what: string): Promise<void> {
    const held = this.moved.length ? await readNicRecord(this.dir) : [];
    if (held.length) throw new Error(`${what} of lab ${this.name} (${this.prefix}) kept: host NICs ${held.map((n) => `${n.nic} (${n.inside} in ${n.ns})`).join(", ")} not given back; see ${join(this.dir, "nics.json")}`);
  }

  private checkpoint(deadline: Deadline): void {
    if (this.signal) throw interrupted(this.signal);
    if (deadline.expired) throw new Error(`Lab ${this.name} (${this.prefix}): ${deadline.what} ran out of time after ${Math.round(deadline.elapsed)} ms`);
  }

  private save(): Promise<void> {
    if (this.closed) return this.saving; // after down: never recreate the run directory
    this.saving = this.saving.catch(() => undefined).then(() => writeManifest(this.manifest));
    return this.saving;
  }

  /** Namespace name of `host` (`<prefix>-<host>`). */
  ns(host: string): string {
    const ns = this.manifest.hosts[host];
    if (!ns) throw unknownHost(this.name, host, Object.keys(this.manifest.hosts));
    return ns;
  }

  /** The lab end of the cable to the appliance's `port` (captures, carrier and link-partner faults act here). */
  cableEnd(port: DutPort): CableEnd {
    return cableEnd(this.topology, port, (host) => this.ns(host));
  }

  /** The first IPv`family` address of `host` (on `iface` when given) with its subnet, from the topology. */
  addressOf(host: string, options: { iface?: string; family?: Family } = {}): HostAddress {
    return hostAddress(this.topology, host, options.family ?? 4, options.iface);
  }

  /** The first IPv`family` address of `host` (on `iface` when given), e.g. `lab.address("target1")`. */
  address(host: string, options: { iface?: string; family?: Family } = {}): string {
    return this.addressOf(host, options).address;
  }

  /** The network behind the appliance's `port` (on its VLAN `vlan` when given): the lab host it is cabled to, that
   *  host's address and subnet there, and what its DHCP server hands out (router, DNS servers, domain). */
  network(port: DutPort, options: { family?: Family; vlan?: number } = {}): PortNetwork {
    return portNetwork(this.topology, port, options.family ?? 4, options.vlan);
  }

  /** The platform emulator: its host, address, port and names, its portal socket (the scenarios' web UI) and the
   *  endpoint file an appliance is configured from; undefined when the topology runs none (upstream mode). */
  get platform(): (PlatformPlace & { readonly portalSocket: string; readonly endpointFile: string }) | undefined {
    const place = platformPlace(this.topology);
    if (!place) return undefined;
    const dir = this.serviceDir(place.host, "platform");
    return Object.freeze({ ...place, portalSocket: join(dir, "portal.sock"), endpointFile: join(dir, "endpoint.json") });
  }

  /** The platform emulator's portal socket (undefined when the lab runs no emulator). */
  get portalSocket(): string | undefined {
    return this.platform?.portalSocket;
  }

  /** Upstream mode: the uplink (router, its namespace, address, gateway); undefined when the lab runs the emulator. */
  get upstream(): Omit<Uplink, "release"> | undefined {
    return this.uplink;
  }

  /** Host NICs this lab holds for a hardware appliance (`cabling`), each with the state it goes back with. */
  get nics(): readonly NicMove[] {
    return this.moved;
  }

  /** Hosts of this lab. */
  get hosts(): string[] {
    return Object.keys(this.manifest.hosts);
  }

  /** Run `cmd args` inside `host`'s namespace. */
  exec(host: string, cmd: string, args: readonly string[] = [], options: RunOptions = {}): Promise<RunResult> {
    return runIn(this.ns(host), cmd, args, options);
  }

  /** A path inside the run directory (created on demand by the caller), e.g. for a client's lease file. */
  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  /** The directory of service `kind` of `host` (config, pid, log, state; its sockets and client files). */
  serviceDir(host: string, kind: ServiceKind): string {
    return join(this.dir, "services", `${host}-${kind}`);
  }

  /** The running service `kind` of `host` (throws when the topology has none there). */
  service(host: string, kind: ServiceKind): LabService {
    const s = this.services[host]?.[kind];
    if (!s) throw new Error(`Lab ${this.name} has no ${kind} running in host ${host}`);
    return s;
  }

  /** Add VLAN `vid` on `trunk` of `host` (kernel 802.1Q or the BPF shim, as this lab uses); returns its name. */
  async addVlan(host: string, trunk: string, vid: number): Promise<string> {
    const ns = this.ns(host);
    const known = { trunkIndex: this.indexes[`${host}:${trunk}`], trunkFiltered: this.manifest.shims.some((x) => x.ns === ns && x.trunk === trunk) };
    const plan = await addVlan(ns, trunk, vid, await this.vlanImpl(), known);
    if (plan.impl === "bpf") {
      this.manifest.shims.push({ ns, trunk, vlanIf: vlanIfName(trunk, vid), injectIf: injectIfName(plan.trunkIndex, vid) });
      await this.save();
    }
    return vlanIfName(trunk, vid);
  }

  /** Remove VLAN `vid` of `trunk` in `host`. */
  async removeVlan(host: string, trunk: string, vid: number): Promise<void> {
    await removeVlan(this.ns(host), trunk, vid);
  }

  /**
   * Record a process the lab must stop (e.g. a twin started in `dut`): its pid file, pid, start time and
   * command line go into the manifest, so a sweeper stops exactly it and never a later process with its pid.
   */
  async track(label: string, pid: number, options: { pidFile?: string; group?: boolean; stop?: boolean } = {}): Promise<void> {
    const id = await identify(pid);
    if (!id) return;
    const pidFile = options.pidFile ?? join(this.dir, "pids", `${label}.pid`);
    if (!options.pidFile) {
      await mkdir(join(this.dir, "pids"), { recursive: true });
      await writeFile(pidFile, `${pid}\n`);
    }
    const entry: TrackedProcess = { ...id, label, pidFile, group: options.group ?? false };
    this.manifest.processes.push(entry);
    if (options.stop ?? true) this.undo.push(`process ${label}`, () => stopTracked(entry));
    await this.save();
  }

  /** Tear everything down (LIFO, idempotent). */
  async down(): Promise<void> {
    this.releaseInterrupt();
    if (this.manifest.state !== "tearing-down" && this.manifest.state === "up") {
      this.manifest.state = "tearing-down";
      await this.save().catch(() => undefined);
    }
    await this.saving.catch(() => undefined);
    this.closed = true;
    await this.undo.run();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.down();
  }
}
