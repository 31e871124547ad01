// Entry point of the platform emulator process: `node <bundle> --config FILE` or `tsx server.ts --config FILE` (in the cloud namespace).
// Listens for appliances on HTTPS and for the portal on a Unix socket; writes its pid file, then its ready file.
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:net";
import { loadConfig, type PlatformConfig } from "./config.ts";
import { Faults } from "./faults.ts";
import { createApplianceServer } from "./appliance-server.ts";
import { createPortalServer } from "./portal-server.ts";
import type { HealthView } from "./portal-wire.ts";
import { PlatformState } from "./state.ts";

function listen(server: Server, target: { port: number; host: string } | { path: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(target, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function start(config: PlatformConfig): Promise<() => Promise<void>> {
  const state = new PlatformState(config);
  const faults = new Faults();
  const [cert, key, untrustedCert, untrustedKey] = await Promise.all(
    [config.tls.cert, config.tls.key, config.tls.untrustedCert, config.tls.untrustedKey].map((f) => readFile(f, "utf8")),
  );
  const health: HealthView = { pid: process.pid, platformNames: [...config.platformNames], listen: { addresses: [...config.listen.addresses], port: config.listen.port }, startedAt: new Date().toISOString() };
  const appliance = createApplianceServer(state, faults, { cert: cert!, key: key! }, { cert: untrustedCert!, key: untrustedKey! });
  const portal = createPortalServer(state, faults, () => health);
  const listeners = config.listen.addresses.map(() => appliance.listener());
  for (const [i, host] of config.listen.addresses.entries()) await listen(listeners[i]!, { port: config.listen.port, host });
  await rm(config.portalSocket, { force: true });
  await listen(portal, { path: config.portalSocket });
  await writeFile(config.pidFile, `${process.pid}\n`);
  await writeFile(`${config.readyFile}.tmp`, `${JSON.stringify(health)}\n`);
  await rename(`${config.readyFile}.tmp`, config.readyFile);
  return async () => {
    appliance.destroyConnections();
    portal.closeAllConnections();
    await Promise.all([...listeners.map(closeServer), closeServer(portal)]);
    await Promise.all([config.portalSocket, config.readyFile, config.pidFile].map((f) => rm(f, { force: true })));
  };
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf("--config");
  const file = at >= 0 ? argv[at + 1] : undefined;
  if (!file) {
    console.error("usage: server.ts --config FILE (expected `--config` followed by the path of a JSON config file)");
    return 2;
  }
  const config = await loadConfig(file);
  const stop = await start(config);
  console.log(`platform emulator ${process.pid} on ${config.listen.addresses.join(", ")} port ${config.listen.port} as ${config.platformNames.join(", ")}; portal ${config.portalSocket}`);
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
    // Leak guard: with ownerPid set, the emulator ends itself when the process that started it is gone.
    if (config.ownerPid !== undefined) setInterval(() => !alive(config.ownerPid!) && resolve(), 1000).unref();
  });
  await stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`platform emulator failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
