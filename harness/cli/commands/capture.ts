// `hil capture decode FILE.pcap [--json]`: print a pcap as the typed frames the suite's traffic matchers see.
import { runCli } from "../../capture/cli.ts";


export function main(argv: string[]): Promise<number> {
  return runCli(argv, (s) => console.log(s), (s) => console.error(s));
}
