// Manual section "Proxy Configuration": its scenarios from the catalogue (scenarios/catalogue.ts).
import { section } from "./section.ts";

section("Proxy Configuration");
