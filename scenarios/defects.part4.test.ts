// The defect proof, part 4 of 4 (scenarios/defect-proof.ts).
import { defectProof } from "./defect-proof.ts";

defectProof(4, 4);
