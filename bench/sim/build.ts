/** Builds the simulated AWS of a scenario: its estate, every service simulator, and its fault model. */
import { SCENARIOS } from '../scenarios.ts';
import { generateEstate } from './estate.ts';
import { SimulatedAws } from './handler.ts';
import { cloudTrailSimulator } from './services/cloudtrail.ts';
import { ec2Simulator } from './services/ec2.ts';
import { iamSimulator } from './services/iam.ts';
import { kmsSimulator } from './services/kms.ts';
import { logsSimulator } from './services/logs.ts';
import { organizationsSimulator } from './services/organizations.ts';
import { s3Simulator } from './services/s3.ts';
import { stsSimulator } from './services/sts.ts';

/** Every service simulator, in the order the SDK's signing names are matched. */
export const SERVICE_SIMULATORS = [stsSimulator, organizationsSimulator, iamSimulator, ec2Simulator, s3Simulator, kmsSimulator, cloudTrailSimulator, logsSimulator];

/** The collectors whose services are simulated; a scan runs every check that reads only these. */
export const SIMULATED_SERVICES: ReadonlySet<string> = new Set(['iam', 's3', 'ec2', 'kms', 'cloudtrail', 'logs']);

export function buildSimulator(name: string): SimulatedAws {
  const chosen = SCENARIOS[name]!;
  const estate = generateEstate(chosen.estate);
  const indexOf = new Map(estate.accounts.map((account, index) => [account.accountId, index - 1]));
  const denials = chosen.denials;
  const deny = denials
    ? (accountId: string, operation: string) => {
        const index = indexOf.get(accountId) ?? -1;
        return index >= 0 && denials.some((rule) => rule.operation === operation && index % rule.accountIndexModulo === rule.remainder);
      }
    : undefined;
  return new SimulatedAws({
    estate,
    services: SERVICE_SIMULATORS,
    seed: chosen.estate.seed,
    latency: chosen.latency,
    ...(chosen.faults || deny ? { faults: { serverErrorRate: 0, timeoutRate: 0, ...chosen.faults, ...(deny ? { deny } : {}) } } : {}),
  });
}

