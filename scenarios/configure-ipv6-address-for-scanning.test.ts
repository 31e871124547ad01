// Manual section "Configure IPv6 Address for Scanning": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Configure IPv6 Address for Scanning");
