// tc-BPF 802.1Q shim for kernels without the 8021q module (see DESIGN.md, "VLAN trunks").
//
// A VLAN interface is one end of a veth pair (the "VLAN end"); its other end (the "inject end") only
// feeds frames into it. Interface indexes carry the addressing, so the object needs no maps and no loader:
//   VLAN end   ifindex = VLAN_END_BASE   + trunk_ifindex * 4096 + vid
//   inject end ifindex = INJECT_END_BASE + trunk_ifindex * 4096 + vid
// Both are chosen by the lab engine when it creates the pair (`ip link add ... index N`).
//
// vlan_egress  (clsact egress of the VLAN end): push the tag, send the frame out of the trunk.
// trunk_ingress (clsact ingress of the trunk):   frames tagged with a VLAN that has an interface lose the
//   tag and enter that interface (through its inject end); tagged frames of other VLANs are dropped,
//   untagged frames continue to the trunk's own stack. Nothing untagged or foreign reaches a VLAN end.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define VLAN_END_BASE 0x1000000u   /* 16777216 */
#define INJECT_END_BASE 0x100000u  /* 1048576 */
#define VID_SPAN 4096u

SEC("tc/vlan_egress")
int vlan_egress(struct __sk_buff *skb)
{
	__u32 slot = skb->ifindex - VLAN_END_BASE;
	__u32 trunk = slot / VID_SPAN;
	__u32 vid = slot % VID_SPAN;

	if (skb->ifindex < VLAN_END_BASE || trunk == 0)
		return TC_ACT_SHOT;
	if (bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), vid) != 0)
		return TC_ACT_SHOT;
	return bpf_redirect(trunk, 0);
}

SEC("tc/trunk_ingress")
int trunk_ingress(struct __sk_buff *skb)
{
	__u32 vid;

	if (!skb->vlan_present)
		return TC_ACT_OK;
	if (skb->vlan_proto != bpf_htons(ETH_P_8021Q))
		return TC_ACT_SHOT;
	vid = skb->vlan_tci & 0x0fff;
	if (bpf_skb_vlan_pop(skb) != 0)
		return TC_ACT_SHOT;
	/* An index with no interface behind it makes the redirect drop the frame: unknown VLANs go nowhere. */
	return bpf_redirect(INJECT_END_BASE + skb->ifindex * VID_SPAN + vid, 0);
}

char _license[] SEC("license") = "GPL";
