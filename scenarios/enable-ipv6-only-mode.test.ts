// Manual section "Enable IPv6-only Mode": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Enable IPv6-only Mode");
