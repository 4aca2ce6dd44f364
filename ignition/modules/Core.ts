/**
 * Core: governance and the score pipeline's on-chain half. Deploys the TimelockController that
 * governs everything, the model and attestor registries, and the ScoreRegistry reading them.
 * It is also the contract tests' fixture, so tests exercise what production deploys.
 *
 * Nothing is registered here: the shape's verifier, the first model and the first attestor are
 * governance operations (schedule → wait minDelay → execute), done by scripts and tests.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const HOUR = 3600n;
const DAY = 24n * HOUR;

export default buildModule("Core", (m) => {
  // Seconds between scheduling and executing a governance operation.
  const minDelay = m.getParameter("minDelay", 2n * DAY);
  // Accounts that may schedule (and cancel) governance operations, e.g. a multisig.
  const proposers = m.getParameter<string[]>("proposers");
  // Accounts that may execute ready operations; the zero address lets anyone.
  const executors = m.getParameter<string[]>("executors", [ZERO_ADDRESS]);
  // A guardian that may pause score submissions at once, or zero for the timelock only.
  const pauser = m.getParameter<string>("pauser", ZERO_ADDRESS);
  // How old an attestation may be when its score is submitted, in seconds.
  const freshnessWindow = m.getParameter("freshnessWindow", DAY);
  // How long a recorded score stays valid after its attestation, in seconds.
  const scoreValidity = m.getParameter("scoreValidity", 30n * DAY);
  // The deployed Groth16 verifier of the model shape (registered through the timelock later).
  const verifierAddress = m.getParameter<string>("verifier");

  // No bootstrap admin: from the first block, only the timelock administers itself.
  const timelock = m.contract("GovernanceTimelock", [minDelay, proposers, executors, ZERO_ADDRESS]);
  const modelRegistry = m.contract("ModelRegistry", [timelock]);
  const attestorRegistry = m.contract("AttestorRegistry", [timelock]);
  const scoreRegistry = m.contract("ScoreRegistry", [
    modelRegistry,
    attestorRegistry,
    timelock,
    pauser,
    freshnessWindow,
    scoreValidity,
  ]);
  const verifier = m.contractAt("IScoreVerifier", verifierAddress);

  return { timelock, modelRegistry, attestorRegistry, scoreRegistry, verifier };
});
