// Manual section "Scanner Appliance Syslog Forwarding": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Scanner Appliance Syslog Forwarding");
