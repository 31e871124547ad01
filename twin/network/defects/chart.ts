// Network defects for Quick Start option chart configurations (joined into NET_DEFECTS by twin/network/defects.ts).
// Each entry: { name, breaks, section } as in twin/network/defects.ts; add "as const" entries only.
export const CHART_DEFECTS = [] as const satisfies readonly { readonly name: string; readonly breaks: string; readonly section: string }[];
