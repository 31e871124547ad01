// Where each field of a flow is stored in the twin's configuration, and how it pre-fills.
import type { FieldStep, Flow, Prefill } from "../../fixtures/manual/index.ts";
import type { Ipv4Static, TwinConfig } from "../state/config.ts";

type Getter = (c: TwinConfig) => string | undefined;
type Setter = (c: TwinConfig, v: string) => void;
interface Binding {
  readonly get: Getter;
  readonly set: Setter;
}

const ZERO = "000.000.000.000";
const emptyLan = (): Ipv4Static => ({ ip: ZERO, netmask: "255.255.255.000", gateway: ZERO, dns1: ZERO, dns2: ZERO, wins1: ZERO, wins2: ZERO, domain: "" });
const emptyWan = () => ({ ip: ZERO, netmask: "255.255.255.000", gateway: ZERO, dns1: ZERO, dns2: ZERO });
const emptyProxy = () => ({ host: "", port: "08080", user: "", password: "" });
const emptyV6 = () => ({ addr: "", preflen: "64", gateway: "", dns1: "", dns2: "" });

function lan(key: keyof Ipv4Static): Binding {
  return { get: (c) => c.lanStatic?.[key], set: (c, v) => ((c.lanStatic ??= emptyLan())[key] = v) };
}
function wan(key: keyof ReturnType<typeof emptyWan>): Binding {
  return { get: (c) => c.wanStatic?.[key], set: (c, v) => ((c.wanStatic ??= emptyWan())[key] = v) };
}
function proxy(key: keyof ReturnType<typeof emptyProxy>): Binding {
  return { get: (c) => c.proxy?.[key], set: (c, v) => ((c.proxy ??= emptyProxy())[key] = v) };
}
function v6(key: keyof ReturnType<typeof emptyV6>): Binding {
  return { get: (c) => c.ipv6?.[key], set: (c, v) => ((c.ipv6 ??= emptyV6())[key] = v) };
}

/** Field prompt -> configuration slot (twin-local: the manual says what is asked, not where it is kept). */
const BINDINGS: Record<string, Binding> = {
  "LAN IP ADDR": lan("ip"), "LAN NETMASK": lan("netmask"), "LAN GATEWAY": lan("gateway"),
  "LAN DNS1": lan("dns1"), "LAN DNS2": lan("dns2"), "LAN WINS1": lan("wins1"), "LAN WINS2": lan("wins2"),
  "DOMAIN NAME": lan("domain"),
  "WAN IP ADDR": wan("ip"), "WAN NETMASK": wan("netmask"), "WAN GATEWAY": wan("gateway"),
  "WAN DNS1": wan("dns1"), "WAN DNS2": wan("dns2"),
  "PROXY HOST": proxy("host"), "PROXY PORT": proxy("port"), "PROXY USER": proxy("user"), "PROXY PASSW": proxy("password"),
  "IPv6 ADDR": v6("addr"), "IPv6 PREFLEN": v6("preflen"), "IPv6 GW": v6("gateway"), "IPv6 DNS1": v6("dns1"), "IPv6 DNS2": v6("dns2"),
  "Auto GATEWAY": v6("gateway"), "Manual DNS1": v6("dns1"), "Manual DNS2": v6("dns2"),
  "VLAN 0-4094": { get: (c) => (c.vlan ? String(c.vlan).padStart(4, "0") : undefined), set: (c, v) => (c.vlan = Number(v)) },
  "LAN PORT LINK": { get: (c) => c.ports.lan, set: (c, v) => (c.ports.lan = v) },
  "WAN PORT LINK": { get: (c) => c.ports.wan, set: (c, v) => (c.ports.wan = v) },
};

/** Values the appliance learned itself (auto IPv6 address, DHCP gateway), shown in read-only fields. */
export interface Learned {
  readonly gateway?: string;
  readonly autoAddr?: string;
  readonly autoPreflen?: string;
  readonly autoGateway?: string;
}

/** The value a field shows when it is first displayed. */
export function prefillValue(step: FieldStep, config: TwinConfig, learned: Learned): string {
  const p: Prefill = step.prefill;
  if (step.prompt === "Auto v6 ADDR") return learned.autoAddr ?? "";
  if (step.prompt === "Auto PREFLEN") return learned.autoPreflen ?? "";
  if (step.prompt === "Auto GATEWAY" && !config.ipv6?.gateway) return learned.autoGateway ?? "";
  switch (p.from) {
    case "literal": return p.value;
    case "blank": return "";
    case "gateway": {
      // The stored proxy host, else the LAN gateway in use: the static one, or the one DHCP gave.
      const gateway = config.lan === "static" ? config.lanStatic?.gateway.replace(/(^|\.)0+(?=\d)/g, "$1") : learned.gateway;
      return BINDINGS[step.prompt]?.get(config) || gateway || p.otherwise;
    }
    case "current": return BINDINGS[step.prompt]?.get(config) ?? p.otherwise;
  }
}

/** Store the confirmed values of a flow into `config` (mutates the copy it is given). */
export function storeValues(flow: Flow, values: ReadonlyMap<string, string>, config: TwinConfig): void {
  for (const [prompt, value] of values) {
    const b = BINDINGS[prompt];
    if (!b) throw new Error(`twin: no configuration slot for field '${prompt}' of flow ${flow.id}`);
    b.set(config, value);
  }
}

/** True when the twin knows where `prompt` is stored (checked for every oracle field in a test). */
export function isBound(prompt: string): boolean {
  return prompt in BINDINGS || prompt.startsWith("Auto v6") || prompt === "Auto PREFLEN";
}
