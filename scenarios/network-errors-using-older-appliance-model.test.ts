// Manual section "Network Errors using older appliance model": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Network Errors using older appliance model");
