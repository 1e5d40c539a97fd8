import { defineCheck, fail, fromFetched, pass } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';

export default defineCheck({
  id: 'aws/guardduty-is-enabled',
  provider: 'aws',
  service: 'guardduty',
  requires: ['guardduty'],
  resourceType: 'AwsAccount',
  severity: 'high',
  title: 'Amazon GuardDuty is enabled in every region',
  description: 'Checks, in every scanned region, that the account has a GuardDuty detector whose status is ENABLED.',
  risk: 'Without GuardDuty, threats such as credential exfiltration, crypto-mining instances, calls from known malicious IPs or reconnaissance in an unused region are not detected; attackers favour regions nobody watches.',
  remediation: {
    summary: 'Enable GuardDuty in every region, ideally organization-wide from a delegated administrator account with auto-enable for new accounts.',
    cli:
      'aws guardduty create-detector --region <region> --enable --finding-publishing-frequency FIFTEEN_MINUTES\n# if a detector exists but is suspended:\naws guardduty update-detector --region <region> --detector-id <detector-id> --enable',
    terraform: 'resource "aws_guardduty_detector" "this" {\n  enable                       = true\n  finding_publishing_frequency = "FIFTEEN_MINUTES"\n}',
    console: 'GuardDuty console (in each region) → Get started → Enable GuardDuty; for a suspended detector: Settings → Suspend GuardDuty / Enable.',
  },
  references: [
    'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html',
    'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1',
  ],
  categories: ['threat-detection', 'monitoring'],
  evaluate: (account) =>
    eachRegion(account, 'guardduty', (guardduty, region) => {
      const target = regionResource(account, 'guardduty', region);
      return fromFetched(guardduty.detectors, target, (detectors) => {
        const enabled = detectors.find((detector) => detector.status === 'ENABLED');
        if (enabled) return [pass(target, `GuardDuty detector ${enabled.id} is enabled in ${region}.`)];
        return detectors.length === 0
          ? [fail(target, `GuardDuty has no detector in ${region}.`)]
          : [fail(target, `GuardDuty detector ${detectors.map((detector) => detector.id).join(', ')} is suspended in ${region}.`)];
      });
    }),
});
