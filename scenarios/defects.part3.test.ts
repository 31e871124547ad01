// The defect proof, part 3 of 4 (scenarios/defect-proof.ts).
import { defectProof } from "./defect-proof.ts";

defectProof(3, 4);
