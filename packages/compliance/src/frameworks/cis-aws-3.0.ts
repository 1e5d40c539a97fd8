/**
 * CIS Amazon Web Services Foundations Benchmark v3.0.0 (released 2024-01-31): all 62
 * recommendations of sections 1–5, with the benchmark's numbering, titles, profile levels and
 * assessment status. Descriptions are our own summaries; the benchmark text itself is CIS's.
 *
 * Assessment status follows the v3.0.0 benchmark, which differs from older versions that some
 * public transcriptions still carry: 1.6, 1.7, 1.11, 2.1.2, 2.4.1 and the metric-filter
 * recommendations 4.1–4.15 are Manual (section 4 became SIEM-agnostic, "… is monitored"), while
 * 1.18 is Automated. A manual requirement still lists the findings of its checks as evidence.
 */
import { defineFramework } from '../framework.ts';
import type { Requirement } from '../framework.ts';

const IAM = '1 Identity and Access Management';
const STORAGE = '2 Storage';
const LOGGING = '3 Logging';
const MONITORING = '4 Monitoring';
const NETWORKING = '5 Networking';

const S3 = '2.1 Simple Storage Service (S3)';
const EC2 = '2.2 Elastic Compute Cloud (EC2)';
const RDS = '2.3 Relational Database Service (RDS)';
const EFS = '2.4 Elastic File System (EFS)';

const MONITORED_VIA_LOGS =
  'CloudTrail events reach a log pipeline (CloudWatch Logs or a SIEM) where a filter and an alarm notify responders.';

const identityAndAccessManagement: readonly Requirement[] = [
  {
    id: '1.1',
    title: 'Maintain current contact details',
    section: IAM,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'The account contact details are what AWS uses to reach the owner about abuse reports or a suspected compromise. They should be current and reach more than one person, such as a distribution list and a phone number that forwards to a team, so that an absent individual does not delay the response.',
    checks: ['aws/account-maintain-current-contact-details'],
  },
  {
    id: '1.2',
    title: 'Ensure security contact information is registered',
    section: IAM,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'AWS lets each account name a security alternate contact. Registering one routes security advisories and incident notices to the team able to act on them instead of a billing or generic inbox.',
    checks: ['aws/account-security-contact-information-is-registered'],
  },
  {
    id: '1.3',
    title: 'Ensure security questions are registered in the AWS account',
    section: IAM,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Security challenge questions let AWS Support authenticate a caller who has lost access to the root user, for example after losing its MFA device. No API exposes them, so a person with root access must confirm they are set and that the answers are stored securely.',
    checks: [],
  },
  {
    id: '1.4',
    title: "Ensure no 'root' user account access key exists",
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Access keys on the root user give unrestricted, long-lived programmatic access to the whole account and cannot be limited by any policy. The root user should have no access keys at all; automation should use roles with scoped permissions.',
    checks: ['aws/iam-no-root-access-key'],
  },
  {
    id: '1.5',
    title: "Ensure MFA is enabled for the 'root' user account",
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'The root user can do anything in the account, so a stolen password alone must not be enough to sign in as it. Multi-factor authentication adds a second factor that an attacker would also have to obtain.',
    checks: ['aws/iam-root-mfa-enabled'],
  },
  {
    id: '1.6',
    title: "Ensure hardware MFA is enabled for the 'root' user account",
    section: IAM,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'A dedicated hardware token protects the root user better than a virtual MFA app on a phone, which shares the risks of the device it runs on. For high-value accounts the root user should be bound to a hardware device that is kept in a controlled location.',
    checks: ['aws/iam-root-hardware-mfa-enabled'],
  },
  {
    id: '1.7',
    title: "Eliminate use of the 'root' user for administrative and daily tasks",
    section: IAM,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Routine administration should run through least-privilege identities, keeping the root user for the few tasks only it can perform. Recent root sign-ins or key use indicate that this separation is not being kept and deserve investigation.',
    checks: ['aws/iam-avoid-root-usage'],
  },
  {
    id: '1.8',
    title: 'Ensure IAM password policy requires minimum length of 14 or greater',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Longer passwords resist guessing and brute force far better than short ones. The account password policy should require at least 14 characters for IAM user passwords.',
    checks: ['aws/iam-password-policy-minimum-length-14'],
  },
  {
    id: '1.9',
    title: 'Ensure IAM password policy prevents password reuse',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'If users can cycle back to earlier passwords, a password exposed in the past stays useful to an attacker. The password policy should remember the last 24 passwords and refuse them.',
    checks: ['aws/iam-password-policy-reuse-24'],
  },
  {
    id: '1.10',
    title: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Every IAM user who can sign in to the console with a password should also have an MFA device, so that a phished or reused password is not enough to take over the user.',
    checks: ['aws/iam-user-mfa-enabled-console-access'],
  },
  {
    id: '1.11',
    title: 'Do not setup access keys during initial user setup for all IAM users that have a console password',
    section: IAM,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Creating access keys together with a new console user produces keys that often go unused yet stay valid. Keys should be created later, deliberately, by the person who needs them; keys created at user setup that were never used should be removed.',
    checks: ['aws/iam-user-no-setup-initial-access-key'],
  },
  {
    id: '1.12',
    title: 'Ensure credentials unused for 45 days or greater are disabled',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Passwords and access keys that nobody has used for 45 days or more are likely abandoned, and abandoned credentials are attractive to attackers because their misuse goes unnoticed. They should be deactivated or deleted.',
    checks: ['aws/iam-user-accesskey-unused', 'aws/iam-user-console-access-unused'],
  },
  {
    id: '1.13',
    title: 'Ensure there is only one active access key available for any single IAM user',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'A second active access key is normally only needed during rotation. A user who keeps two active keys doubles the credentials that can leak and makes it unclear which one is actually in use.',
    checks: ['aws/iam-user-two-active-access-key'],
  },
  {
    id: '1.14',
    title: 'Ensure access keys are rotated every 90 days or less',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Regular rotation limits how long a leaked or copied access key remains useful. Active keys older than 90 days should be replaced and the old key deactivated.',
    checks: ['aws/iam-rotate-access-key-90-days'],
  },
  {
    id: '1.15',
    title: 'Ensure IAM Users Receive Permissions Only Through Groups',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Granting permissions through groups keeps access tied to job functions and easy to review. Policies attached directly to users, or written inline on them, scatter permissions and tend to accumulate unnoticed.',
    checks: ['aws/iam-policy-attached-only-to-group-or-roles'],
  },
  {
    id: '1.16',
    title: 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'A policy that allows every action on every resource grants full administration. Such policies should not be attached to users, groups or roles; permissions should be scoped to what each principal needs.',
    checks: [
      'aws/iam-aws-attached-policy-no-administrative-privileges',
      'aws/iam-customer-attached-policy-no-administrative-privileges',
      'aws/iam-inline-policy-no-administrative-privileges',
    ],
  },
  {
    id: '1.17',
    title: 'Ensure a support role has been created to manage incidents with AWS Support',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'A role carrying the AWSSupportAccess policy lets named people open and manage AWS Support cases during an incident without broad administrative rights. At least one such role should exist.',
    checks: ['aws/iam-support-role-created'],
  },
  {
    id: '1.18',
    title: 'Ensure IAM instance roles are used for AWS resource access from instances',
    section: IAM,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Workloads on EC2 should obtain AWS credentials from an instance role, which issues short-lived credentials that rotate automatically, instead of long-lived keys embedded in code, configuration or environment variables.',
    checks: ['aws/ec2-instance-profile-attached'],
  },
  {
    id: '1.19',
    title: 'Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Expired server certificates kept in IAM can still be attached to a load balancer or distribution by mistake, breaking clients and trust. They serve no purpose once expired and should be deleted.',
    checks: ['aws/iam-no-expired-server-certificates-stored'],
  },
  {
    id: '1.20',
    title: 'Ensure that IAM Access analyzer is enabled for all regions',
    section: IAM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'IAM Access Analyzer reports resources whose policies grant access to principals outside the account or organization. It analyses one region at a time, so an active analyzer is needed in every region in use.',
    checks: ['aws/accessanalyzer-enabled'],
  },
  {
    id: '1.21',
    title: 'Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments',
    section: IAM,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'In a multi-account estate, people should have one identity managed centrally, through an identity provider or a dedicated identity account, and reach other accounts by assuming roles. Whether local IAM users remain that should be centralised is an organizational judgement a reviewer must make.',
    checks: [],
  },
  {
    id: '1.22',
    title: 'Ensure access to AWSCloudShellFullAccess is restricted',
    section: IAM,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'The AWSCloudShellFullAccess managed policy allows uploading and downloading files and unrestricted internet access from CloudShell, a possible path for moving data out. It should be attached to nobody, or only to principals that have a justified need.',
    checks: ['aws/iam-policy-cloudshell-admin-not-attached'],
  },
];

const storage: readonly Requirement[] = [
  {
    id: '2.1.1',
    title: 'Ensure S3 Bucket Policy is set to deny HTTP requests',
    section: STORAGE,
    subsection: S3,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'S3 accepts plain HTTP unless a bucket policy refuses it. Each bucket policy should deny requests where aws:SecureTransport is false, so data is only ever transferred over TLS.',
    checks: ['aws/s3-bucket-secure-transport-policy'],
  },
  {
    id: '2.1.2',
    title: 'Ensure MFA Delete is enabled on S3 buckets',
    section: STORAGE,
    subsection: S3,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'With MFA Delete on a versioned bucket, permanently deleting an object version or changing the versioning state requires an MFA code from the root user. This protects sensitive buckets against destruction with stolen credentials; which buckets need it is a data-classification decision.',
    checks: ['aws/s3-bucket-no-mfa-delete'],
  },
  {
    id: '2.1.3',
    title: 'Ensure all data in Amazon S3 has been discovered, classified and secured when required',
    section: STORAGE,
    subsection: S3,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Sensitive data can only be protected once it is known where it lives. A discovery and classification process, for example Amazon Macie jobs or an equivalent tool, should inventory S3 contents continuously and drive the controls applied to each bucket.',
    checks: ['aws/macie-is-enabled'],
  },
  {
    id: '2.1.4',
    title: "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
    section: STORAGE,
    subsection: S3,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Block Public Access overrides ACLs and bucket policies that would make data public. Enabling all four settings on each bucket, or once for the whole account, stops an accidental policy or ACL from exposing objects to the internet.',
    checks: ['aws/s3-bucket-level-public-access-block', 'aws/s3-account-level-public-access-blocks'],
  },
  {
    id: '2.2.1',
    title: 'Ensure EBS Volume Encryption is Enabled in all Regions',
    section: STORAGE,
    subsection: EC2,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'EBS encryption by default makes every new volume and snapshot in a region encrypted without relying on each launch to ask for it. It is a per-region setting and should be on in every region.',
    checks: ['aws/ec2-ebs-default-encryption'],
  },
  {
    id: '2.3.1',
    title: 'Ensure that encryption-at-rest is enabled for RDS Instances',
    section: STORAGE,
    subsection: RDS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Encrypting an RDS instance also encrypts its automated backups, read replicas and snapshots. Encryption can only be chosen at creation, so an unencrypted instance has to be migrated through an encrypted snapshot copy.',
    checks: ['aws/rds-instance-storage-encrypted'],
  },
  {
    id: '2.3.2',
    title: 'Ensure Auto Minor Version Upgrade feature is Enabled for RDS Instances',
    section: STORAGE,
    subsection: RDS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'With automatic minor version upgrades, RDS applies engine patches, including security fixes, during the maintenance window instead of waiting for someone to schedule them.',
    checks: ['aws/rds-instance-minor-version-upgrade-enabled'],
  },
  {
    id: '2.3.3',
    title: 'Ensure that public access is not given to RDS Instance',
    section: STORAGE,
    subsection: RDS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'A publicly accessible instance gets an endpoint that resolves to a public address, exposing the database to scanning, brute force and exploitation from the internet. Databases should be reachable only from private networks.',
    checks: ['aws/rds-instance-no-public-access'],
  },
  {
    id: '2.4.1',
    title: 'Ensure that encryption is enabled for EFS file systems',
    section: STORAGE,
    subsection: EFS,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'EFS file systems should encrypt data at rest with a KMS key. Encryption is chosen when the file system is created, so an unencrypted file system must be replaced and its data copied across.',
    checks: ['aws/efs-encryption-at-rest-enabled'],
  },
];

const logging: readonly Requirement[] = [
  {
    id: '3.1',
    title: 'Ensure CloudTrail is enabled in all regions',
    section: LOGGING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'A multi-region trail that is logging and records all read and write management events captures API activity in every region, including regions nobody expects to be used, which is where an intruder may act unnoticed.',
    checks: ['aws/cloudtrail-multi-region-enabled'],
  },
  {
    id: '3.2',
    title: 'Ensure CloudTrail log file validation is enabled',
    section: LOGGING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Log file validation makes CloudTrail write signed digest files, so anyone can later prove whether a delivered log file was altered or deleted. Every trail should have it on.',
    checks: ['aws/cloudtrail-log-file-validation-enabled'],
  },
  {
    id: '3.3',
    title: 'Ensure AWS Config is enabled in all regions',
    section: LOGGING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'AWS Config records the configuration history of resources and their relationships, which supports change tracking, audits and incident investigation. A recorder covering all supported resource types should be running in every region.',
    checks: ['aws/config-recorder-all-regions-enabled'],
  },
  {
    id: '3.4',
    title: 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket',
    section: LOGGING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Server access logging on the bucket that stores CloudTrail logs records who read, wrote or deleted those logs, which matters when investigating whether the audit trail itself was tampered with.',
    checks: ['aws/cloudtrail-logs-s3-bucket-access-logging-enabled'],
  },
  {
    id: '3.5',
    title: 'Ensure CloudTrail logs are encrypted at rest using KMS CMKs',
    section: LOGGING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Encrypting trail logs with a customer managed KMS key adds a second gate: reading the logs needs both S3 read access and decrypt permission on the key, which can be granted narrowly and audited.',
    checks: ['aws/cloudtrail-kms-encryption-enabled'],
  },
  {
    id: '3.6',
    title: 'Ensure rotation for customer-created symmetric CMKs is enabled',
    section: LOGGING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Automatic rotation gives a symmetric customer managed key new key material regularly while keeping older material for decryption, which limits how much data depends on any single piece of key material.',
    checks: ['aws/kms-cmk-rotation-enabled'],
  },
  {
    id: '3.7',
    title: 'Ensure VPC flow logging is enabled in all VPCs',
    section: LOGGING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Flow logs record the traffic accepted and rejected in a VPC. At least rejected traffic should be captured for every VPC, to detect scanning and to reconstruct network activity after an incident.',
    checks: ['aws/vpc-flow-logs-enabled'],
  },
  {
    id: '3.8',
    title: 'Ensure that Object-level logging for write events is enabled for S3 bucket',
    section: LOGGING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Trails do not record S3 object-level calls unless data events are configured. Logging write data events for S3 captures uploads, overwrites and deletions of objects.',
    checks: ['aws/cloudtrail-s3-dataevents-write-enabled'],
  },
  {
    id: '3.9',
    title: 'Ensure that Object-level logging for read events is enabled for S3 bucket',
    section: LOGGING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Logging read data events for S3 records who downloaded which objects, the evidence needed to scope a data exposure.',
    checks: ['aws/cloudtrail-s3-dataevents-read-enabled'],
  },
];

const monitoring: readonly Requirement[] = [
  {
    id: '4.1',
    title: 'Ensure unauthorized API calls are monitored',
    section: MONITORING,
    level: 'Level 2',
    assessment: 'manual',
    description: `Bursts of access-denied and unauthorized-operation errors can reveal an attacker probing stolen credentials or a misconfigured application. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-unauthorized-api-calls'],
  },
  {
    id: '4.2',
    title: 'Ensure management console sign-in without MFA is monitored',
    section: MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description: `Console sign-ins that did not use MFA point at users left unprotected or at a way around the MFA requirement. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-sign-in-without-mfa'],
  },
  {
    id: '4.3',
    title: "Ensure usage of 'root' account is monitored",
    section: MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description: `Any activity by the root user should be rare and expected; an alert on it makes unplanned or malicious use visible at once. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-root-usage'],
  },
  {
    id: '4.4',
    title: 'Ensure IAM policy changes are monitored',
    section: MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description: `Creating, changing, attaching or detaching IAM policies changes who can do what; alerting on these calls helps catch privilege escalation. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-policy-changes'],
  },
  {
    id: '4.5',
    title: 'Ensure CloudTrail configuration changes are monitored',
    section: MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description: `Stopping, deleting or reconfiguring a trail blinds the audit trail, often as an intruder's first step. Such changes should raise an alert. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-cloudtrail-configuration-changes'],
  },
  {
    id: '4.6',
    title: 'Ensure AWS Management Console authentication failures are monitored',
    section: MONITORING,
    level: 'Level 2',
    assessment: 'manual',
    description: `Repeated failed console sign-ins suggest password guessing against a user, and the alert identifies the source for correlation. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-authentication-failures'],
  },
  {
    id: '4.7',
    title: 'Ensure disabling or scheduled deletion of customer created CMKs is monitored',
    section: MONITORING,
    level: 'Level 2',
    assessment: 'manual',
    description: `Disabling or scheduling deletion of a customer managed key makes the data encrypted under it unreadable, so these state changes warrant an alert while they can still be reversed. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-disable-or-scheduled-deletion-of-kms-cmk'],
  },
  {
    id: '4.8',
    title: 'Ensure S3 bucket policy changes are monitored',
    section: MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description: `Changes to bucket policies, ACLs, CORS, lifecycle or replication can expose or remove data; alerting on them shortens the time a permissive change stays in place. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-s3-bucket-policy-changes'],
  },
  {
    id: '4.9',
    title: 'Ensure AWS Config configuration changes are monitored',
    section: MONITORING,
    level: 'Level 2',
    assessment: 'manual',
    description: `Stopping the configuration recorder or changing its delivery channel interrupts configuration history; these changes should raise an alert. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-aws-config-configuration-changes'],
  },
  {
    id: '4.10',
    title: 'Ensure security group changes are monitored',
    section: MONITORING,
    level: 'Level 2',
    assessment: 'manual',
    description: `Security group rules decide which traffic reaches resources; alerting on their creation, deletion and rule changes catches unintended exposure early. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-security-group-changes'],
  },
  {
    id: '4.11',
    title: 'Ensure Network Access Control Lists (NACL) changes are monitored',
    section: MONITORING,
    level: 'Level 2',
    assessment: 'manual',
    description: `Network ACLs filter traffic at the subnet boundary; changes to them or their associations can open subnets and should be alerted on. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-network-acl-changes'],
  },
  {
    id: '4.12',
    title: 'Ensure changes to network gateways are monitored',
    section: MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description: `Internet and customer gateways are the doors between a VPC and the outside; creating, attaching or removing one changes where traffic can flow. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-network-gateway-changes'],
  },
  {
    id: '4.13',
    title: 'Ensure route table changes are monitored',
    section: MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description: `Route changes can send VPC traffic along unexpected paths, around inspection or out of the network; they should raise an alert. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-route-table-changes'],
  },
  {
    id: '4.14',
    title: 'Ensure VPC changes are monitored',
    section: MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description: `Creating or deleting VPCs, changing their attributes and managing peering connections alter the network topology and who can reach whom. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-vpc-changes'],
  },
  {
    id: '4.15',
    title: 'Ensure AWS Organizations changes are monitored',
    section: MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description: `Changes to the organization, such as accounts joining or leaving, new organizational units, or service control policy edits, affect every member account and should be alerted on in the management account. ${MONITORED_VIA_LOGS}`,
    checks: ['aws/cloudwatch-log-metric-filter-aws-organizations-changes'],
  },
  {
    id: '4.16',
    title: 'Ensure AWS Security Hub is enabled',
    section: MONITORING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Security Hub aggregates findings from GuardDuty, Inspector, Macie and partner tools and runs security standards against the account. It should be enabled in every region in use.',
    checks: ['aws/securityhub-enabled'],
  },
];

const networking: readonly Requirement[] = [
  {
    id: '5.1',
    title: 'Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports',
    section: NETWORKING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Network ACLs should not allow inbound traffic from any IPv4 address to remote administration ports such as SSH (22) and RDP (3389), including through rules that allow all ports or protocols.',
    checks: ['aws/ec2-networkacl-no-internet-ingress-to-admin-ports'],
  },
  {
    id: '5.2',
    title: 'Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports',
    section: NETWORKING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Security groups should not open SSH, RDP or other remote administration ports to the whole IPv4 internet; administrative access should come from known ranges, a bastion or a session manager.',
    checks: ['aws/ec2-securitygroup-no-ipv4-internet-ingress-to-admin-ports'],
  },
  {
    id: '5.3',
    title: 'Ensure no security groups allow ingress from ::/0 to remote server administration ports',
    section: NETWORKING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'The same restriction applies to IPv6: no security group should open remote administration ports to every IPv6 address, which is easily overlooked when only IPv4 rules are reviewed.',
    checks: ['aws/ec2-securitygroup-no-ipv6-internet-ingress-to-admin-ports'],
  },
  {
    id: '5.4',
    title: 'Ensure the default security group of every VPC restricts all traffic',
    section: NETWORKING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Resources launched without an explicit security group land in the VPC default group. With no inbound or outbound rules in it, that fallback grants nothing and pushes teams to design purpose-built groups.',
    checks: ['aws/ec2-securitygroup-default-restrict-traffic'],
  },
  {
    id: '5.5',
    title: 'Ensure routing tables for VPC peering are "least access"',
    section: NETWORKING,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Routes to a peered VPC should cover only the subnets or hosts that need to communicate, not the whole peer network. Whether a route is wider than necessary depends on the intended use of the peering, so a reviewer must judge it.',
    checks: ['aws/vpc-peering-routing-tables-with-least-privilege'],
  },
  {
    id: '5.6',
    title: 'Ensure that EC2 Metadata Service only allows IMDSv2',
    section: NETWORKING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'IMDSv2 requires a session token for every metadata request, which defeats most server-side request forgery attempts to read instance role credentials. Instances should require tokens and refuse IMDSv1.',
    checks: ['aws/ec2-instance-imdsv2-enabled'],
  },
];

export const CIS_AWS_3_0 = defineFramework({
  id: 'cis-aws-3.0',
  aliases: ['cis_3.0_aws'],
  name: 'CIS Amazon Web Services Foundations Benchmark',
  version: '3.0.0',
  provider: 'aws',
  description:
    'Prescriptive baseline from the Center for Internet Security for configuring the foundations of an AWS account: identity and access management, storage, logging, monitoring and networking.',
  requirements: [...identityAndAccessManagement, ...storage, ...logging, ...monitoring, ...networking],
});
