/** The attestor: Baby Jubjub keys and EdDSA-Poseidon attestations over wallet features. */
export {
  ATTESTOR_KEY_ENV,
  AttestorKey,
  attestorKeyHash,
  generateAttestorKey,
  loadAttestorKey,
  saveAttestorKey,
  type AttestorPublicKey,
} from "./keys.js";
export {
  attest,
  attestationError,
  attestationFromJson,
  attestationMessage,
  attestationToJson,
  featuresHash,
  parseAttestedAt,
  parseSubject,
  verifyAttestation,
  type Attestation,
  type AttestationJson,
} from "./attestation.js";
export { featuresFromJson, featuresToJson } from "./features-json.js";
