// Network defects for proxy and platform connectivity errors (joined into NET_DEFECTS by twin/network/defects.ts).
// Each entry: { name, breaks, section } as in twin/network/defects.ts; add "as const" entries only.
export const CONNECTIVITY_DEFECTS = [] as const satisfies readonly { readonly name: string; readonly breaks: string; readonly section: string }[];
