// decode() against real traffic: ARP/ICMP, HTTP, proxy CONNECT with Basic and NTLM, TLS SNI, DNS, syslog,
// DHCP from dnsmasq, DHCPv6, radvd RAs and hand-built VLAN-tagged frames, all captured by real tcpdump.
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Deadline } from "../../netns/util/deadline.ts";
import { runIn } from "../../netns/util/sh.ts";
import { startCapture } from "./capture.ts";
import { decode, decodeFields, outerProtocols, skippedFields } from "./decode.ts";
import { FIELDS } from "./fields.ts";
import { invalidFields } from "./tshark.ts";
import { expectSome, waitForFrames } from "./expect.ts";
import type { Frame } from "./frame.ts";
import * as q from "./queries.ts";
import { PYTHON } from "../../netns/util/python.ts";
import { PairLab, TESTKIT } from "./testkit/lab.ts";

const SECRET = "secretpw";
let lab: PairLab;
let frames: Frame[];
let pcap: string;

/** Run in namespace a; `mayFail` for clients whose peer answers 407 or drops the TLS handshake on purpose. */
const inA = (cmd: string, args: string[], mayFail = false) => runIn(lab.nsA, cmd, args, { allowFailure: mayFail, timeoutMs: 15_000 });

beforeAll(async () => {
  lab = await PairLab.up();
  await lab.peer();
  await runIn(lab.nsB, "ip", ["-6", "addr", "add", "2001:db8:79::2/64", "dev", lab.ifB, "nodad"]);
  const d = lab.dir;
  await lab.daemon("dnsmasq", lab.nsB, "dnsmasq", [
    "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--user=root", "--log-facility=-",
    `--pid-file=${join(d, "dnsmasq.pid")}`, `--dhcp-leasefile=${join(d, "dnsmasq.leases")}`,
    `--interface=${lab.ifB}`, "--bind-interfaces", "--no-ping", "--address=/lab.test/10.79.0.9",
    "--dhcp-range=10.79.0.100,10.79.0.150,255.255.255.0,1h", "--dhcp-option=option:router,10.79.0.2",
    "--dhcp-option=option:dns-server,10.79.0.2,10.79.0.3", "--dhcp-option=option:netbios-ns,10.79.0.7,10.79.0.8",
    "--dhcp-range=2001:db8:79::100,2001:db8:79::1ff,64,1h", "--dhcp-option=option6:dns-server,[2001:db8:79::53]",
  ], async () => (await lab.listening(lab.nsB, "udp", 67)) && (await lab.listening(lab.nsB, "udp", 547)) && (await lab.listening(lab.nsB, "udp", 53)));
  await writeFile(join(d, "udhcpc.sh"), "#!/bin/sh\n# capture test: never configure anything\nexit 0\n");
  await chmod(join(d, "udhcpc.sh"), 0o755);
  await writeFile(join(d, "radvd.conf"), `interface ${lab.ifB} {\n  AdvSendAdvert on;\n  MinRtrAdvInterval 3;\n  MaxRtrAdvInterval 4;\n` +
    `  prefix 2001:db8:79::/64 { };\n  RDNSS 2001:db8:79::53 { };\n};\n`);

  await using cap = await startCapture({ ns: lab.nsA, iface: lab.ifA, file: join(d, "all.pcap"), deadline: Deadline.in(10_000, "tcpdump") });
  pcap = cap.file;
  await inA("busybox", ["ping", "-c", "1", "-W", "2", lab.ipB]);
  await inA("curl", ["-s", "-m", "5", `http://${lab.ipB}/hello`]);
  await inA("curl", ["-s", "-m", "5", "--proxy", `http://${lab.ipB}:3128`, "--proxy-basic", "--proxy-user", `alice:${SECRET}`, "https://basic.example/"], true);
  await inA("curl", ["-s", "-m", "5", "--proxy", `http://${lab.ipB}:3128`, "--proxy-ntlm", "--proxy-user", `LAB\\bob:${SECRET}`, "https://ntlm.example/"], true);
  await inA("curl", ["-s", "-m", "5", "--resolve", `sni.example:443:${lab.ipB}`, "https://sni.example/"], true);
  await inA("curl", ["-s", "-m", "5", "--proxy", `http://${lab.ipB}:3129`, "https://tunnel.example/"], true);
  await inA("busybox", ["nslookup", "-type=a", "host1.lab.test", lab.ipB]);
  await inA("logger", ["-d", "-n", lab.ipB, "-P", "514", "-p", "local3.warning", "hil udp syslog token"]);
  await inA("logger", ["-T", "-n", lab.ipB, "-P", "514", "-p", "daemon.err", "hil tcp syslog token"]);
  await inA("udhcpc", ["-i", lab.ifA, "-f", "-q", "-n", "-t", "3", "-T", "2", "-O", "wins", "-s", join(d, "udhcpc.sh")]);
  await inA(PYTHON, [join(TESTKIT, "solicit.py"), lab.ifA, lab.macA]);
  await inA(PYTHON, [join(TESTKIT, "rawframes.py"), lab.ifA, lab.macB, lab.ipA, lab.ipB, "10", "100.200", "ad300.30", "none"]);
  await runIn(lab.nsB, "sysctl", ["-qw", "net.ipv6.conf.all.forwarding=1"]);
  await lab.daemon("radvd", lab.nsB, "radvd", ["-n", "-m", "stderr", "-C", join(d, "radvd.conf"), "-p", join(d, "radvd.pid")], () => true);
  await waitForFrames(cap, q.routerAdvertisement(), Deadline.in(20_000, "an RA from radvd"));
  await cap.stop();
  frames = await decode(pcap, { iface: lab.ifA });
}, 90_000);

afterAll(async () => {
  await lab?.down();
});

describe("decode", () => {
  test("every frame has number, time, Ethernet header and the interface it was captured on", () => {
    expect(frames.length).toBeGreaterThan(30);
    frames.forEach((f, i) => expect(f.no).toBe(i + 1));
    expect(frames.every((f) => f.time > 1.6e9 && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(f.eth.src) && f.iface === lab.ifA)).toBe(true);
  });

  test("ARP and ICMP from ping", () => {
    const [req] = expectSome(frames, q.arp("request", lab.ipB));
    expect(req!.arp).toEqual({ op: "request", senderIp: lab.ipA, targetIp: lab.ipB, senderMac: lab.macA });
    expect(req!.eth).toEqual({ src: lab.macA, dst: "ff:ff:ff:ff:ff:ff", type: 0x0806 });
    expectSome(frames, q.ipTo(lab.ipB).and(q.matching("echo request", (f) => f.icmp?.type === 8)));
  });

  test("TCP handshake and HTTP request/response to the peer", () => {
    const [syn] = expectSome(frames, q.tcpConnectTo(lab.ipB, 80));
    expect(syn!.tcp!.flags).toEqual(["SYN"]);
    expect(syn!.ip).toEqual({ version: 4, src: lab.ipA, dst: lab.ipB, proto: 6 });
    const [get] = expectSome(frames, q.matching("HTTP GET", (f) => f.http?.method === "GET"));
    expect(get!.http).toMatchObject({ method: "GET", uri: "/hello", host: lab.ipB });
    expectSome(frames, q.matching("HTTP 200", (f) => f.http?.status === 200));
  });

  test("CONNECT with Basic proxy auth keeps scheme and user only", () => {
    const [connect] = expectSome(frames, q.httpConnectTo("basic.example", "Basic"));
    expect(connect!.http).toEqual({
      method: "CONNECT", uri: "basic.example:443", host: "basic.example:443", connectHost: "basic.example", connectPort: 443,
      proxyAuthScheme: "Basic", proxyAuth: { scheme: "Basic", user: "alice" },
    });
    const [challenge] = expectSome(frames, q.matching("HTTP 407", (f) => f.http?.status === 407));
    expect(challenge!.http!.proxyAuthenticate).toEqual(["NTLM", "Basic"]);
  });

  test("CONNECT with NTLM: type 1 then type 3 with the user name, after the proxy's type-2 challenge", () => {
    const ntlm = expectSome(frames, q.httpConnectTo("ntlm.example", "NTLM"), { atLeast: 2 });
    expect(ntlm.map((f) => f.http!.proxyAuth)).toEqual([
      { scheme: "NTLM", ntlmType: 1 },
      { scheme: "NTLM", ntlmType: 3, user: "bob", domain: "LAB" },
    ]);
  });

  test("no proxy password anywhere in the decoded records, though it is in the pcap", async () => {
    const basicToken = Buffer.from(`alice:${SECRET}`).toString("base64");
    const raw = await readFile(pcap);
    expect(raw.includes(basicToken)).toBe(true);
    const text = JSON.stringify(frames);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(basicToken);
    expect(text).not.toContain(Buffer.from(SECRET).toString("hex"));
  });

  test("TLS ClientHello SNI", () => {
    const [hello] = expectSome(frames, q.tlsSni("sni.example"));
    expect(hello!.tls).toEqual({ sni: "sni.example", handshakeTypes: [1] });
    expect(hello!.tcp!.dstPort).toBe(443);
  });

  test("TLS SNI inside a proxy's CONNECT tunnel", () => {
    expectSome(frames, q.httpConnectTo("tunnel.example", null));
    const [hello] = expectSome(frames, q.tlsSni("tunnel.example"));
    expect(hello!.tcp!.dstPort).toBe(3129);
    expectSome(frames, q.matching("200 to the CONNECT", (f) => f.http?.status === 200 && f.tcp?.srcPort === 3129));
  });

  test("DNS query and response from dnsmasq", () => {
    const [query] = expectSome(frames, q.dnsQueryFor("host1.lab.test", "A"));
    expect(query!.dns).toEqual({ query: { name: "host1.lab.test", type: "A" } });
    const [resp] = expectSome(frames, q.dnsResponseFor("host1.lab.test").and(q.matching("A", (f) => f.dns?.query.type === "A")));
    expect(resp!.dns!.response).toEqual({ rcode: 0, rcodeName: "NOERROR", answers: ["10.79.0.9"] });
  });

  test("syslog over UDP and TCP 514, with facility and severity", () => {
    const [udp] = expectSome(frames, q.syslogContaining("hil udp syslog token"));
    expect(udp!.syslog).toMatchObject({ facility: 19, facilityName: "local3", severity: 4, severityName: "warning" });
    expect(udp!.udp!.dstPort).toBe(514);
    const [tcp] = expectSome(frames, q.syslogContaining("hil tcp syslog token"));
    expect(tcp!.syslog).toMatchObject({ facilityName: "daemon", severityName: "err" });
    expect(tcp!.tcp!.dstPort).toBe(514);
  });

  test("DHCP discover/offer/request/ack with router, DNS, WINS and lease options", () => {
    const [discover] = expectSome(frames, q.dhcpDiscoverFrom(lab.macA));
    expect(discover!.dhcp).toMatchObject({ op: "request", msgType: "discover", clientMac: lab.macA, yiaddr: "0.0.0.0" });
    const [offer] = expectSome(frames, q.dhcpFrom(lab.macA, "offer"));
    expect(offer!.dhcp!.op).toBe("reply");
    expect(offer!.dhcp!.yiaddr).toMatch(/^10\.79\.0\.(1[0-4]\d|150)$/);
    expect(offer!.dhcp!.options).toMatchObject({
      router: ["10.79.0.2"], dnsServers: ["10.79.0.2", "10.79.0.3"], netbios: ["10.79.0.7", "10.79.0.8"],
      leaseTime: 3600, serverId: "10.79.0.2", subnetMask: "255.255.255.0",
    });
    expectSome(frames, q.dhcpFrom(lab.macA, "request"));
    const [ack] = expectSome(frames, q.dhcpFrom(lab.macA, "ack"));
    expect(ack!.dhcp!.yiaddr).toBe(offer!.dhcp!.yiaddr);
  });

  test("DHCPv6 solicit, dnsmasq's advertise with address and DNS server, radvd's RA with prefix and RDNSS", () => {
    const [solicit] = expectSome(frames, q.dhcpv6("solicit"));
    expect(solicit!.dhcpv6).toEqual({ msgType: "solicit" });
    const [advertise] = expectSome(frames, q.dhcpv6("advertise"));
    expect(advertise!.dhcpv6!.addresses).toEqual([expect.stringMatching(/^2001:db8:79::1[0-9a-f]{2}$/)]);
    expect(advertise!.dhcpv6!.dnsServers).toEqual(["2001:db8:79::53"]);
    const [ra] = expectSome(frames, q.routerAdvertisement("2001:db8:79::/64"));
    expect(ra!.icmpv6).toEqual({ type: 134, ra: { prefixes: ["2001:db8:79::/64"], rdnss: ["2001:db8:79::53"] } });
    expect(ra!.ip!.version).toBe(6);
  });

  test("VLAN tags survive in the pcap, outer first, 802.1Q and 802.1ad", () => {
    const raw = q.udpTo(lab.ipB, 9999).select(frames);
    expect(raw.map((f) => f.vlan ?? null)).toEqual([[10], [100, 200], [300, 30], null]);
    expect(raw[0]!.eth.type).toBe(0x8100);
    expect(raw[2]!.eth.type).toBe(0x88a8);
    expect(q.onVlan(10).select(frames)).toEqual([raw[0]]);
    expect(q.vlanStack(100, 200).select(frames)).toEqual([raw[1]]);
    expect(q.untagged().and(q.udpTo(lab.ipB, 9999)).select(frames)).toEqual([raw[3]]);
  });

  test("a display filter narrows decoding (DHCP without ICMP errors quoting it)", async () => {
    const dhcp = await decode(pcap, { displayFilter: "dhcp && !icmp" });
    expect(dhcp.length).toBeGreaterThanOrEqual(4);
    expect(dhcp.every((f) => f.dhcp && !f.icmp)).toBe(true);
  });
});

describe("decodeFields", () => {
  test("fields this tshark rejects are dropped (and remembered), the rest still decode", async () => {
    const bogus = "hilbogus.field";
    const withBogus = await decodeFields(pcap, [...FIELDS, bogus], { iface: lab.ifA });
    expect(withBogus).toEqual(frames);
    expect(skippedFields()).toEqual([bogus]);
  });

  test("invalidFields reads tshark's complaint; a minimal field list decodes", async () => {
    await expect(decodeFields(pcap, ["frame.number"], { displayFilter: "frame.number == 1", decodeAs: [] })).resolves.toHaveLength(1);
    expect(invalidFields("tshark: Some fields aren't valid:\n\tnope.x\n\tbogus.y\n")).toEqual(["nope.x", "bogus.y"]);
  });
});

describe("outerProtocols", () => {
  test("cuts an ICMP error's quoted packet, keeps neighbour discovery whole", () => {
    expect(outerProtocols("eth:ethertype:ip:icmp:ip:udp:syslog")).toEqual(["eth", "ethertype", "ip", "icmp"]);
    expect(outerProtocols("eth:ethertype:ipv6:icmpv6")).toEqual(["eth", "ethertype", "ipv6", "icmpv6"]);
    expect(outerProtocols("eth:ethertype:vlan:ethertype:ip:udp:dhcp")).toEqual(["eth", "ethertype", "vlan", "ethertype", "ip", "udp", "dhcp"]);
  });
});
