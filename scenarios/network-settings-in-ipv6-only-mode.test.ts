// Manual section "Network Settings in IPv6-only Mode": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Network Settings in IPv6-only Mode");
