// Network defects for Quick Start option chart configurations (joined into DEFECTS by twin/defects.ts).
// Each entry: { name, breaks, section } as in twin/defects.ts; add "as const" entries only.
// One defect per chart cell (row x column), per IPv6-only path, and for activation completed by a restart.
export const CHART_DEFECTS = [
  { name: "name-ip-gateway", breaks: "the name-and-IP screen shows the LAN gateway (the DHCP lease's router) instead of the appliance's own LAN IP", section: "Step 3 - Activate the Scanner Appliance" },
  { name: "static-gateway-ignored", breaks: "with a static IP on the LAN, the LAN GATEWAY entered is never installed as the default route: the platform is unreachable", section: "Configure Static IP Address" },
  { name: "proxy-port-ignored", breaks: "the PROXY PORT entered is ignored: the appliance always connects to the proxy on port 8080", section: "Proxy Configuration" },
  { name: "basic-auth-missing", breaks: "with a plain proxy user (not domain\\user) no Proxy-Authorization is ever sent: a Basic proxy answers 407", section: "Proxy Configuration" },
  { name: "wan-dns-ignored", breaks: "in split mode the platform's name is resolved with the LAN's DNS servers instead of the WAN's", section: "Split Network Configuration" },
  { name: "wan-lease-router-ignored", breaks: "ENABLE DHCP ON WAN: the router of the WAN's lease is not installed, so management traffic has no route beyond the WAN subnet", section: "Split Network Configuration" },
  { name: "proxy-dns-on-lan", breaks: "in split mode the proxy's name is resolved with the LAN's DNS servers instead of the WAN's", section: "Split Network Configuration" },
  { name: "static-dns-overrides-wan", breaks: "with a static LAN in split mode, the LAN's static DNS1/DNS2 are used for management instead of the WAN's resolvers", section: "Split Network Configuration" },
  { name: "static-wan-gateway-ignored", breaks: "ENABLE STATIC IP ON WAN: the WAN GATEWAY entered is not installed, so management traffic has no route beyond the WAN subnet", section: "Split Network Configuration" },
  { name: "wan-netmask-ignored", breaks: "ENABLE STATIC IP ON WAN: the WAN NETMASK entered is ignored and the address installed as /32, leaving the WAN gateway off-link", section: "Split Network Configuration" },
  { name: "proxy-host-is-gateway", breaks: "the PROXY HOST entered is ignored: the appliance sends its CONNECT to the management interface's gateway (the field's default)", section: "Split Network Configuration" },
  { name: "static-wan-dns-ignored", breaks: "ENABLE STATIC IP ON WAN: the WAN DNS1/DNS2 entered are dropped, so the WAN has no DNS servers", section: "Split Network Configuration" },
  { name: "rdnss-ignored", breaks: "automatic IPv6 in IPv6-only mode ignores the router advertisement's RDNSS option: no DNS servers", section: "Enable IPv6-only Mode" },
  { name: "static6-dns-ignored", breaks: "ENABLE STATIC IPv6 ON LAN?: the IPv6 DNS1/DNS2 entered are dropped, so the LAN has no DNS servers", section: "Network Settings in IPv6-only Mode" },
  { name: "reboot-keeps-code", breaks: "a restart after activation on the portal shows the cached ACTIVATION CODE again: only a later poll brings the name and IP", section: "Step 3 - Activate the Scanner Appliance" },
] as const satisfies readonly { readonly name: string; readonly breaks: string; readonly section: string }[];
