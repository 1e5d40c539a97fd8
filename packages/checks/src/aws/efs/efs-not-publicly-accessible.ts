import { defineCheck, eachFetched, fail, fromFetched, pass, resource } from '@palisade/core';
import { eachRegion, regionResource } from '@palisade/core/aws';
import { publicStatements, statementLabel } from '../lib/public-policy.ts';

/** EFS-specific and network keys that, besides the global ones, pin who can mount. */
const EFS_RESTRICTING_KEYS = ['elasticfilesystem:AccessPointArn', 'aws:VpcSourceIp', 'aws:userid', 'aws:username'];

export default defineCheck({
  id: 'aws/efs-not-publicly-accessible',
  provider: 'aws',
  service: 'efs',
  requires: ['efs'],
  resourceType: 'AwsEfsFileSystem',
  severity: 'high',
  title: 'EFS file system policies do not grant access to any client',
  description:
    'Checks that each EFS file system has a file system policy and that no Allow statement in it grants to principal `*` (or uses NotPrincipal) without a condition limiting the callers to an account, organization, principal, VPC, VPC endpoint, source IP or access point. A file system with no policy fails: the default policy grants full access (mount, write, root) to every NFS client that can reach a mount target, leaving security groups as the only control. Conditions such as aws:SecureTransport or elasticfilesystem:AccessedViaMountTarget shape how clients connect, not who they are, so they do not make a statement restrictive.',
  risk:
    'Any client with network reach to a mount target, including resources in peered VPCs, over VPN or Direct Connect, or a compromised instance anywhere in the VPC, can mount the file system with root access and read, modify or delete all of its data.',
  remediation: {
    summary:
      'Attach a file system policy that grants access only to the IAM principals (or access points) that need it, denies root access and anonymous access, and requires TLS; mount with IAM authorization (`-o tls,iam`).',
    cli: 'aws efs put-file-system-policy --file-system-id <fs-id> --policy \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::<account-id>:role/<app-role>"},"Action":["elasticfilesystem:ClientMount","elasticfilesystem:ClientWrite"],"Resource":"arn:aws:elasticfilesystem:<region>:<account-id>:file-system/<fs-id>"},{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}\'',
    terraform:
      'resource "aws_efs_file_system_policy" "this" {\n  file_system_id = aws_efs_file_system.this.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = aws_iam_role.app.arn }\n      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]\n      Resource  = aws_efs_file_system.this.arn\n    }]\n  })\n}',
    console: 'EFS console → File systems → select the file system → File system policy → Edit → grant ClientMount/ClientWrite to specific roles (or restrict with aws:PrincipalAccount / aws:SourceVpc conditions), check Prevent root access by default and Enforce in-transit encryption → Save.',
  },
  references: ['https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html', 'https://docs.aws.amazon.com/efs/latest/ug/access-control-block-public-access.html'],
  categories: ['identity-and-access', 'network', 'data-protection'],
  evaluate: (account) =>
    eachRegion(account, 'efs', (efs, region) =>
      eachFetched(efs.fileSystems, regionResource(account, 'efs', region), (fileSystem) => {
        const target = resource(fileSystem.arn, 'AwsEfsFileSystem', fileSystem.name ?? fileSystem.id, region, fileSystem.tags);
        return fromFetched(fileSystem.policy, target, (policy) => {
          if (policy === null) {
            return [
              fail(
                target,
                `File system ${fileSystem.id} has no file system policy, so the default policy grants full access to any client that can reach one of its ${fileSystem.numberOfMountTargets} mount target(s).`,
              ),
            ];
          }
          const open = publicStatements(policy, { extraRestrictingKeys: EFS_RESTRICTING_KEYS });
          if (open.length === 0) return [pass(target, `File system ${fileSystem.id} has a policy that grants access only to restricted principals.`)];
          const names = open.map((statement) => statementLabel(policy, statement)).join(', ');
          return [fail(target, `File system ${fileSystem.id} has ${names} allowing any principal without a condition restricting the callers.`)];
        });
      }),
    ),
});
