// Manual section "Ethernet Port Configuration": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Ethernet Port Configuration");
