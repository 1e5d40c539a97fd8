/**
 * CIS Microsoft Azure Foundations Benchmark v3.0.0 (released 2024-09-05): all 159
 * recommendations of sections 2–10, with the benchmark's numbering, titles, profile levels and
 * assessment status. Descriptions are our own summaries; the benchmark text itself is CIS's.
 * Titles keep the benchmark's wording with its quoting normalised to straight single quotes.
 *
 * Section 1 of the document is an introduction without recommendations, so numbering starts at 2.
 * A requirement's `subsection` is the deepest group the benchmark names around it (for example
 * `3.1.3 Defender Plan: Servers`; `3.1.10` sits directly in `3.1 Microsoft Defender for Cloud`).
 * Group `3.1.2 Defender Plan: APIs` holds no recommendation in v3.0.0.
 *
 * Profile and assessment follow v3.0.0 where public transcriptions still carry v2.1.0 values:
 * every Conditional Access recommendation (2.2.x, including 2.2.8) is Level 2, as the benchmark
 * assigns that profile to the whole subsection because of its licensing requirement; 4.9 is Level 2;
 * 3.3.7, 3.3.8, 5.3.4, 9.1 and 9.12 are Automated (they carry CLI audit procedures); 9.6 is Manual.
 * A manual requirement still lists the findings of its checks as evidence.
 */
import { defineFramework } from '../framework.ts';
import type { Requirement } from '../framework.ts';

const IDENTITY = '2 Identity';
const SECURITY = '3 Security';
const STORAGE_ACCOUNTS = '4 Storage Accounts';
const DATABASE_SERVICES = '5 Database Services';
const LOGGING_AND_MONITORING = '6 Logging and Monitoring';
const NETWORKING = '7 Networking';
const VIRTUAL_MACHINES = '8 Virtual Machines';
const APP_SERVICE = '9 AppService';
const MISCELLANEOUS = '10 Miscellaneous';

const SECURITY_DEFAULTS = '2.1 Security Defaults (Per-User MFA)';
const CONDITIONAL_ACCESS = '2.2 Conditional Access';
const DEFENDER_FOR_CLOUD = '3.1 Microsoft Defender for Cloud';
const DEFENDER_CSPM = '3.1.1 Microsoft Cloud Security Posture Management (CSPM)';
const DEFENDER_SERVERS = '3.1.3 Defender Plan: Servers';
const DEFENDER_CONTAINERS = '3.1.4 Defender Plan: Containers';
const DEFENDER_STORAGE = '3.1.5 Defender Plan: Storage';
const DEFENDER_APP_SERVICE = '3.1.6 Defender Plan: App Service';
const DEFENDER_DATABASES = '3.1.7 Defender Plan: Databases';
const DEFENDER_KEY_VAULT = '3.1.8 Defender Plan: Key Vault';
const DEFENDER_RESOURCE_MANAGER = '3.1.9 Defender Plan: Resource Manager';
const DEFENDER_FOR_IOT = '3.2 Microsoft Defender for IoT';
const KEY_VAULT = '3.3 Key Vault';
const SQL_DATABASE = '5.1 Azure SQL Database';
const POSTGRESQL = '5.2 Azure Database for PostgreSQL';
const MYSQL = '5.3 Azure Database for MySQL';
const COSMOS_DB = '5.4 Azure Cosmos DB';
const DIAGNOSTIC_SETTINGS = '6.1 Configuring Diagnostic Settings';
const ACTIVITY_LOG_ALERTS = '6.2 Monitoring using Activity Log Alerts';
const APPLICATION_INSIGHTS = '6.3 Configuring Application Insights';

const identity: readonly Requirement[] = [
  {
    id: '2.1.1',
    title: 'Ensure Security Defaults is enabled on Microsoft Entra ID',
    section: IDENTITY,
    subsection: SECURITY_DEFAULTS,
    level: 'Level 1',
    assessment: 'manual',
    description:
      "Security defaults are Microsoft's preconfigured baseline for tenants without Conditional Access: MFA registration for everyone, MFA for administrators and blocked legacy authentication. A tenant that does not use Conditional Access should have them turned on.",
    checks: ['azure/entra-security-defaults-enabled'],
  },
  {
    id: '2.1.2',
    title: "Ensure that 'Multi-Factor Auth Status' is 'Enabled' for all Privileged Users",
    section: IDENTITY,
    subsection: SECURITY_DEFAULTS,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Accounts holding privileged roles (subscription owners, contributors, directory administrators) are the most valuable targets. Each of them should have per-user multi-factor authentication enabled so that a stolen password alone does not grant access.',
    checks: ['azure/entra-conditional-access-mfa-administrators', 'azure/entra-privileged-users-mfa-registered'],
  },
  {
    id: '2.1.3',
    title: "Ensure that 'Multi-Factor Auth Status' is 'Enabled' for all Non-Privileged Users",
    section: IDENTITY,
    subsection: SECURITY_DEFAULTS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Requiring multi-factor authentication for every remaining user extends the same protection to ordinary accounts, which attackers often compromise first and then use to move towards privileged ones.',
    checks: ['azure/entra-conditional-access-mfa-all-users', 'azure/entra-users-mfa-registered'],
  },
  {
    id: '2.1.4',
    title: "Ensure that 'Allow users to remember multi-factor authentication on devices they trust' is Disabled",
    section: IDENTITY,
    subsection: SECURITY_DEFAULTS,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Letting users mark a device as trusted skips the MFA prompt on it for a period of days. Turning this off keeps the second factor in force on every sign-in, including from a device that was lost or stolen.',
    checks: [],
  },
  {
    id: '2.2.1',
    title: 'Ensure Trusted Locations Are Defined',
    section: IDENTITY,
    subsection: CONDITIONAL_ACCESS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Named trusted locations (office networks, VPN egress ranges) give Conditional Access policies a reliable way to tell corporate sign-ins from others. The tenant should define them so that location-based policies have something to refer to.',
    checks: ['azure/entra-trusted-locations-defined'],
  },
  {
    id: '2.2.2',
    title: 'Ensure that an exclusionary Geographic Access Policy is considered',
    section: IDENTITY,
    subsection: CONDITIONAL_ACCESS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'A Conditional Access policy can block sign-ins from countries where the organization has no users or business. The benchmark asks that such a geographic block be evaluated and, where it fits, applied with carefully reviewed exclusions.',
    checks: ['azure/entra-conditional-access-unapproved-countries-blocked'],
  },
  {
    id: '2.2.3',
    title: 'Ensure that an exclusionary Device code flow policy is considered',
    section: IDENTITY,
    subsection: CONDITIONAL_ACCESS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'The device code flow lets a user sign in on one device by entering a code shown on another, and phishing campaigns abuse it. A Conditional Access policy should block it for everyone except the users and devices that genuinely need it.',
    checks: ['azure/entra-conditional-access-device-code-flow-blocked'],
  },
  {
    id: '2.2.4',
    title: 'Ensure that A Multi-factor Authentication Policy Exists for Administrative Groups',
    section: IDENTITY,
    subsection: CONDITIONAL_ACCESS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'A Conditional Access policy should require multi-factor authentication for members of administrative roles and groups, so administrative sign-ins are always challenged regardless of per-user MFA settings.',
    checks: ['azure/entra-conditional-access-mfa-administrators'],
  },
  {
    id: '2.2.5',
    title: 'Ensure that A Multi-factor Authentication Policy Exists for All Users',
    section: IDENTITY,
    subsection: CONDITIONAL_ACCESS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'A Conditional Access policy should require multi-factor authentication for all users, with only tightly controlled exclusions such as emergency access accounts.',
    checks: ['azure/entra-conditional-access-mfa-all-users'],
  },
  {
    id: '2.2.6',
    title: 'Ensure Multi-factor Authentication is Required for Risky Sign-ins',
    section: IDENTITY,
    subsection: CONDITIONAL_ACCESS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'With Entra ID Protection, sign-ins judged risky (unfamiliar location, anonymous IP, leaked credentials) can be made to require multi-factor authentication. A policy should demand MFA whenever sign-in risk is raised.',
    checks: ['azure/entra-conditional-access-risky-sign-ins-mfa'],
  },
  {
    id: '2.2.7',
    title: 'Ensure Multi-factor Authentication is Required for Windows Azure Service Management API',
    section: IDENTITY,
    subsection: CONDITIONAL_ACCESS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Azure PowerShell, the Azure CLI and the Resource Manager API all authenticate against the Windows Azure Service Management application. A Conditional Access policy should require multi-factor authentication for it so programmatic management access is as well protected as the portal.',
    checks: ['azure/entra-conditional-access-mfa-azure-management'],
  },
  {
    id: '2.2.8',
    title: 'Ensure Multi-factor Authentication is Required to access Microsoft Admin Portals',
    section: IDENTITY,
    subsection: CONDITIONAL_ACCESS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      "Microsoft's administrative portals (Azure portal, Entra and Microsoft 365 admin centers) give control over the tenant. A Conditional Access policy should require multi-factor authentication for every user who opens them.",
    checks: ['azure/entra-conditional-access-mfa-admin-portals'],
  },
  {
    id: '2.3',
    title: "Ensure that 'Restrict non-admin users from creating tenants' is set to 'Yes'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'automated',
    description:
      "By default any user can create a new Entra ID or Azure AD B2C tenant, outside the organization's governance. Only administrators or explicitly delegated users should be able to create tenants.",
    checks: ['azure/entra-users-cannot-create-tenants'],
  },
  {
    id: '2.4',
    title: 'Ensure Guest Users Are Reviewed on a Regular Basis',
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Guest accounts are added outside the normal joiner-leaver process and are easily forgotten. They should be reviewed regularly, removing those no longer needed and confirming none holds administrative privileges.',
    checks: ['azure/entra-guest-users-no-privileged-roles'],
  },
  {
    id: '2.5',
    title: "Ensure That 'Number of methods required to reset' is set to '2'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Self-service password reset should require two verification methods, so that control of a single mailbox or phone number is not enough to take over an account.',
    checks: [],
  },
  {
    id: '2.6',
    title: "Ensure that account 'Lockout Threshold' is less than or equal to '10'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Smart lockout locks an account after repeated failed sign-ins. A threshold of ten attempts or fewer slows password guessing while tolerating ordinary typing mistakes.',
    checks: ['azure/entra-smart-lockout-threshold-at-most-10'],
  },
  {
    id: '2.7',
    title: "Ensure that account 'Lockout duration in seconds' is greater than or equal to '60'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Once an account is locked by smart lockout, it should stay locked for at least sixty seconds so that automated guessing gains little from retrying.',
    checks: ['azure/entra-smart-lockout-duration-at-least-60-seconds'],
  },
  {
    id: '2.8',
    title: "Ensure that a Custom Bad Password List is set to 'Enforce' for your Organization",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Entra ID can reject passwords containing organization-specific words such as brand, product or location names. A custom banned password list should be defined and enforced so users cannot pick easily guessed variants of them.',
    checks: ['azure/entra-custom-banned-password-list-enforced'],
  },
  {
    id: '2.9',
    title: "Ensure that 'Number of days before users are asked to re-confirm their authentication information' is not set to '0'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Users should periodically be asked to confirm that their password reset contact information is still correct. Setting the reconfirmation interval to zero disables this, letting stale or attacker-planted details persist.',
    checks: [],
  },
  {
    id: '2.10',
    title: "Ensure that 'Notify users on password resets?' is set to 'Yes'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'When a password is reset through self-service, the user should be notified on their registered contacts, so an unexpected reset by someone else is noticed quickly.',
    checks: [],
  },
  {
    id: '2.11',
    title: "Ensure That 'Notify all admins when other admins reset their password?' is set to 'Yes'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'All administrators should be notified when another administrator resets their password, which surfaces a compromised administrator account being used to take over others.',
    checks: [],
  },
  {
    id: '2.12',
    title: "Ensure 'User consent for applications' is set to 'Do not allow user consent'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'If users may consent to applications themselves, a convincing consent-phishing app can obtain access to organizational data on their behalf. User consent should be turned off so that administrators approve application access.',
    checks: ['azure/entra-user-consent-disabled'],
  },
  {
    id: '2.13',
    title: "Ensure 'User consent for applications' Is Set To 'Allow for Verified Publishers'",
    section: IDENTITY,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Where some user consent is needed, it should be limited to applications from verified publishers requesting low-impact permissions, reducing the risk of granting data access to malicious apps.',
    checks: ['azure/entra-user-consent-verified-publishers-only'],
  },
  {
    id: '2.14',
    title: "Ensure That 'Users Can Register Applications' Is Set to 'No'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Ordinary users should not be able to register applications in the directory. Registrations and their permissions should go through administrators, so that unvetted apps cannot be used to reach organizational data.',
    checks: ['azure/entra-users-cannot-register-applications'],
  },
  {
    id: '2.15',
    title: "Ensure That 'Guest users access restrictions' is set to 'Guest user access is restricted to properties and memberships of their own directory objects'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'automated',
    description:
      "Guest users should see only their own directory objects and memberships, not enumerate the organization's users, groups and other objects, which limits what a compromised or malicious guest can learn.",
    checks: ['azure/entra-guest-user-access-restricted'],
  },
  {
    id: '2.16',
    title: "Ensure that 'Guest invite restrictions' is set to 'Only users assigned to specific admin roles can invite guest users'",
    section: IDENTITY,
    level: 'Level 2',
    assessment: 'automated',
    description:
      "Only users in specific administrative roles should be able to invite guests, so that external identities enter the directory through a controlled process rather than at any member's discretion.",
    checks: ['azure/entra-guest-invites-restricted-to-admins'],
  },
  {
    id: '2.17',
    title: "Ensure That 'Restrict access to Microsoft Entra admin center' is Set to 'Yes'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Non-administrators should not be able to browse the Microsoft Entra admin center, where they could view directory data and settings they have no need for.',
    checks: [],
  },
  {
    id: '2.18',
    title: "Ensure that 'Restrict user ability to access groups features in the Access Pane' is Set to 'Yes'",
    section: IDENTITY,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Users should not be able to use group features in the My Groups (Access Pane) portal without restriction, so group creation and management stays with those responsible for it.',
    checks: [],
  },
  {
    id: '2.19',
    title: "Ensure that 'Users can create security groups in Azure portals, API or PowerShell' is set to 'No'",
    section: IDENTITY,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Letting any user create security groups leads to unmanaged groups that can be granted access to resources. Security group creation should be reserved for administrators.',
    checks: ['azure/entra-users-cannot-create-security-groups'],
  },
  {
    id: '2.20',
    title: "Ensure that 'Owners can manage group membership requests in My Groups' is set to 'No'",
    section: IDENTITY,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Group owners should not approve membership requests themselves in My Groups; membership of groups that grant access should follow a managed process.',
    checks: [],
  },
  {
    id: '2.21',
    title: "Ensure that 'Users can create Microsoft 365 groups in Azure portals, API or PowerShell' is set to 'No'",
    section: IDENTITY,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Letting any user create Microsoft 365 groups spreads unmanaged groups, mailboxes and sites. Their creation should be restricted to administrators or a designated set of users.',
    checks: ['azure/entra-users-cannot-create-microsoft-365-groups'],
  },
  {
    id: '2.22',
    title: "Ensure that 'Require Multifactor Authentication to register or join devices with Microsoft Entra' is set to 'Yes'",
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Registering or joining a device to Entra ID should require multi-factor authentication, so an attacker holding only a password cannot enrol a device that may then be treated as trusted.',
    checks: ['azure/entra-device-registration-requires-mfa'],
  },
  {
    id: '2.23',
    title: 'Ensure That No Custom Subscription Administrator Roles Exist',
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Custom roles granting all actions at subscription scope are equivalent to Owner but escape the review that built-in Owner assignments receive. No such custom subscription administrator role should exist.',
    checks: ['azure/authorization-custom-role-no-subscription-admin'],
  },
  {
    id: '2.24',
    title: 'Ensure a Custom Role is Assigned Permissions for Administering Resource Locks',
    section: IDENTITY,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Resource locks protect critical resources from deletion or modification. A custom role limited to managing locks lets the organization grant that duty without handing out Owner or User Access Administrator.',
    checks: ['azure/authorization-resource-lock-admin-role-exists'],
  },
  {
    id: '2.25',
    title: "Ensure That 'Subscription leaving Microsoft Entra tenant' and 'Subscription entering Microsoft Entra tenant' Is Set To 'Permit no one'",
    section: IDENTITY,
    level: 'Level 2',
    assessment: 'manual',
    description:
      "Subscriptions can be moved into or out of the Entra tenant by users with sufficient rights, taking resources out of the organization's governance. The tenant policy should permit no one to move subscriptions in either direction.",
    checks: [],
  },
  {
    id: '2.26',
    title: 'Ensure fewer than 5 users have global administrator assignment',
    section: IDENTITY,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Global Administrator is the most powerful Entra role. Keeping fewer than five holders limits the number of accounts whose compromise gives full tenant control, while keeping enough for continuity.',
    checks: ['azure/entra-global-administrators-between-2-and-4'],
  },
];

const security: readonly Requirement[] = [
  {
    id: '3.1.1.1',
    title: "Ensure that Auto provisioning of 'Log Analytics agent for Azure VMs' is Set to 'On'",
    section: SECURITY,
    subsection: DEFENDER_CSPM,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Microsoft Defender for Cloud can automatically deploy its data collection agent to virtual machines so that security events and configuration data from every machine reach it. Automatic provisioning of the Log Analytics agent should be turned on.',
    checks: ['azure/defender-auto-provisioning-log-analytics-enabled'],
  },
  {
    id: '3.1.1.2',
    title: 'Ensure that Microsoft Defender for Cloud Apps integration with Microsoft Defender for Cloud is Selected',
    section: SECURITY,
    subsection: DEFENDER_CSPM,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Integrating Microsoft Defender for Cloud Apps with Defender for Cloud shares cloud app signals and alerts between them, giving a fuller view of threats across SaaS use and Azure resources. The integration should be enabled.',
    checks: ['azure/defender-cloud-apps-integration-enabled'],
  },
  {
    id: '3.1.3.1',
    title: "Ensure That Microsoft Defender for Servers Is Set to 'On'",
    section: SECURITY,
    subsection: DEFENDER_SERVERS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'The Defender for Servers plan adds threat detection, vulnerability assessment and hardening recommendations for Windows and Linux machines. It should be enabled on each subscription that runs servers.',
    checks: ['azure/defender-servers-plan-enabled'],
  },
  {
    id: '3.1.3.2',
    title: "Ensure that 'Vulnerability assessment for machines' component status is set to 'On'",
    section: SECURITY,
    subsection: DEFENDER_SERVERS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Defender for Servers can scan machines for software vulnerabilities. The vulnerability assessment component should be turned on so that known vulnerabilities on every machine are found and reported.',
    checks: ['azure/defender-vulnerability-assessment-for-machines-enabled'],
  },
  {
    id: '3.1.3.3',
    title: "Ensure that 'Endpoint protection' component status is set to 'On'",
    section: SECURITY,
    subsection: DEFENDER_SERVERS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'The endpoint protection component connects Defender for Servers with Microsoft Defender for Endpoint, bringing endpoint detection and response to protected machines. It should be switched on.',
    checks: ['azure/defender-endpoint-integration-enabled'],
  },
  {
    id: '3.1.3.4',
    title: "Ensure that 'Agentless scanning for machines' component status is set to 'On'",
    section: SECURITY,
    subsection: DEFENDER_SERVERS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Agentless scanning inspects disk snapshots of machines for vulnerabilities, secrets and malware without installing an agent. The component should be on so that machines without agents are still assessed.',
    checks: ['azure/defender-agentless-scanning-for-machines-enabled'],
  },
  {
    id: '3.1.3.5',
    title: "Ensure that 'File Integrity Monitoring' component status is set to 'On'",
    section: SECURITY,
    subsection: DEFENDER_SERVERS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'File integrity monitoring watches operating system files, registry keys and application files for changes that may indicate an attack. The component should be enabled for protected servers.',
    checks: ['azure/defender-file-integrity-monitoring-enabled'],
  },
  {
    id: '3.1.4.1',
    title: "Ensure That Microsoft Defender for Containers Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_CONTAINERS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'The Defender for Containers plan protects Kubernetes clusters and container registries with runtime threat detection, vulnerability assessment and posture recommendations. It should be on for subscriptions running containers.',
    checks: ['azure/defender-containers-plan-enabled'],
  },
  {
    id: '3.1.4.2',
    title: "Ensure that 'Agentless discovery for Kubernetes' component status 'On'",
    section: SECURITY,
    subsection: DEFENDER_CONTAINERS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Agentless discovery for Kubernetes lets Defender for Cloud inventory clusters and their workloads through the API, without in-cluster agents. The component should be enabled so posture findings cover every cluster.',
    checks: ['azure/defender-agentless-kubernetes-discovery-enabled'],
  },
  {
    id: '3.1.4.3',
    title: "Ensure that 'Agentless container vulnerability assessment' component status is 'On'",
    section: SECURITY,
    subsection: DEFENDER_CONTAINERS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Agentless container vulnerability assessment scans images in registries and running containers for known vulnerabilities. The component should be on so vulnerable images are reported.',
    checks: ['azure/defender-container-vulnerability-assessment-enabled'],
  },
  {
    id: '3.1.5.1',
    title: "Ensure That Microsoft Defender for Storage Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_STORAGE,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Defender for Storage detects unusual access, malware uploads and data exfiltration attempts against storage accounts. The plan should be enabled for subscriptions that hold storage accounts.',
    checks: ['azure/defender-storage-plan-enabled'],
  },
  {
    id: '3.1.6.1',
    title: "Ensure That Microsoft Defender for App Services Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_APP_SERVICE,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Defender for App Service watches web apps for attacks such as exploitation attempts and suspicious requests to the App Service infrastructure. The plan should be enabled where apps are hosted.',
    checks: ['azure/defender-app-service-plan-enabled'],
  },
  {
    id: '3.1.7.1',
    title: "Ensure That Microsoft Defender for Azure Cosmos DB Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_DATABASES,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Defender for Azure Cosmos DB detects injection attempts, suspicious access patterns and possible data exfiltration from Cosmos DB accounts. The plan should be enabled where Cosmos DB is used.',
    checks: ['azure/defender-cosmos-db-plan-enabled'],
  },
  {
    id: '3.1.7.2',
    title: "Ensure That Microsoft Defender for Open-Source Relational Databases Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_DATABASES,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Defender for open-source relational databases covers Azure Database for PostgreSQL and MySQL, alerting on brute-force attempts and anomalous access. The plan should be enabled where these databases run.',
    checks: ['azure/defender-open-source-databases-plan-enabled'],
  },
  {
    id: '3.1.7.3',
    title: "Ensure That Microsoft Defender for (Managed Instance) Azure SQL Databases Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_DATABASES,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Defender for Azure SQL Databases finds vulnerabilities and detects threats such as SQL injection against Azure SQL databases and managed instances. The plan should be on where they exist.',
    checks: ['azure/defender-azure-sql-databases-plan-enabled'],
  },
  {
    id: '3.1.7.4',
    title: "Ensure That Microsoft Defender for SQL Servers on Machines Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_DATABASES,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Defender for SQL servers on machines extends SQL threat detection and vulnerability assessment to SQL Server running on virtual machines and on-premises servers. The plan should be enabled where such servers are protected.',
    checks: ['azure/defender-sql-servers-on-machines-plan-enabled'],
  },
  {
    id: '3.1.8.1',
    title: "Ensure That Microsoft Defender for Key Vault Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_KEY_VAULT,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Defender for Key Vault alerts on unusual or potentially harmful access to key vaults, such as access from suspicious locations. The plan should be enabled for subscriptions that use Key Vault.',
    checks: ['azure/defender-key-vault-plan-enabled'],
  },
  {
    id: '3.1.9.1',
    title: "Ensure That Microsoft Defender for Resource Manager Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_RESOURCE_MANAGER,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Defender for Resource Manager monitors management operations for signs of attack, such as suspicious deployments or use of exploitation toolkits. The plan should be enabled on every subscription.',
    checks: ['azure/defender-resource-manager-plan-enabled'],
  },
  {
    id: '3.1.10',
    title: "Ensure that Microsoft Defender Recommendation for 'Apply system updates' status is 'Completed'",
    section: SECURITY,
    subsection: DEFENDER_FOR_CLOUD,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Defender for Cloud reports machines that are missing system and security updates. That recommendation should show as completed, meaning every assessed machine has its pending updates applied.',
    checks: ['azure/defender-system-updates-installed'],
  },
  {
    id: '3.1.11',
    title: "Ensure that Microsoft Cloud Security Benchmark policies are not set to 'Disabled'",
    section: SECURITY,
    subsection: DEFENDER_FOR_CLOUD,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'The Microsoft cloud security benchmark initiative is the default policy set behind Defender for Cloud recommendations. None of its policies should be set to Disabled, or the corresponding weaknesses go unreported.',
    checks: [],
  },
  {
    id: '3.1.12',
    title: "Ensure That 'All users with the following roles' is set to 'Owner'",
    section: SECURITY,
    subsection: DEFENDER_FOR_CLOUD,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Defender for Cloud email notifications should go to everyone holding the Owner role on the subscription, so that the people accountable for it learn about security alerts.',
    checks: ['azure/defender-owner-alert-notifications-enabled'],
  },
  {
    id: '3.1.13',
    title: "Ensure 'Additional email addresses' is Configured with a Security Contact Email",
    section: SECURITY,
    subsection: DEFENDER_FOR_CLOUD,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Beyond role holders, Defender for Cloud should send alerts to an additional security contact address, such as a security team mailbox, so that someone who acts on alerts always receives them.',
    checks: ['azure/defender-security-contact-email-configured'],
  },
  {
    id: '3.1.14',
    title: "Ensure That 'Notify about alerts with the following severity' is Set to 'High'",
    section: SECURITY,
    subsection: DEFENDER_FOR_CLOUD,
    level: 'Level 1',
    assessment: 'automated',
    description:
      "Defender for Cloud should email notifications for alerts of at least high severity, so serious threats are brought to people's attention without waiting for someone to open the portal.",
    checks: ['azure/defender-high-severity-alert-notifications-enabled'],
  },
  {
    id: '3.1.15',
    title: 'Ensure that Microsoft Defender External Attack Surface Monitoring (EASM) is enabled',
    section: SECURITY,
    subsection: DEFENDER_FOR_CLOUD,
    level: 'Level 2',
    assessment: 'manual',
    description:
      "Defender External Attack Surface Management discovers the organization's internet-facing assets and their weaknesses from the outside. The benchmark recommends enabling it to find exposures the internal inventory misses.",
    checks: [],
  },
  {
    id: '3.1.16',
    title: "[LEGACY] Ensure That Microsoft Defender for DNS Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_FOR_CLOUD,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'The legacy Defender for DNS plan analyses DNS queries from Azure resources to detect communication with malicious domains. On subscriptions that still use the legacy plan structure it should be on; newer Defender for Servers plans include this protection.',
    checks: ['azure/defender-dns-plan-enabled'],
  },
  {
    id: '3.2.1',
    title: "Ensure That Microsoft Defender for IoT Hub Is Set To 'On'",
    section: SECURITY,
    subsection: DEFENDER_FOR_IOT,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Defender for IoT Hub detects threats and misconfigurations in IoT Hub and connected devices. It should be enabled for IoT Hub resources so that device and hub level threats are monitored.',
    checks: [],
  },
  {
    id: '3.3.1',
    title: 'Ensure that the Expiration Date is set for all Keys in RBAC Key Vaults',
    section: SECURITY,
    subsection: KEY_VAULT,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Keys in vaults that use Azure RBAC should carry an expiration date, so that none remains valid indefinitely and rotation is forced on a known schedule.',
    checks: ['azure/keyvault-rbac-keys-expiration-set'],
  },
  {
    id: '3.3.2',
    title: 'Ensure that the Expiration Date is set for all Keys in Non-RBAC Key Vaults.',
    section: SECURITY,
    subsection: KEY_VAULT,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Keys in vaults that use access policies rather than Azure RBAC should likewise carry an expiration date, ensuring they are rotated rather than used forever.',
    checks: ['azure/keyvault-non-rbac-keys-expiration-set'],
  },
  {
    id: '3.3.3',
    title: 'Ensure that the Expiration Date is set for all Secrets in RBAC Key Vaults',
    section: SECURITY,
    subsection: KEY_VAULT,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Secrets in vaults that use Azure RBAC should have an expiration date set, so that credentials stored there are replaced periodically and a leaked value stops working.',
    checks: ['azure/keyvault-rbac-secrets-expiration-set'],
  },
  {
    id: '3.3.4',
    title: 'Ensure that the Expiration Date is set for all Secrets in Non-RBAC Key Vaults',
    section: SECURITY,
    subsection: KEY_VAULT,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Secrets in vaults that use access policies should have an expiration date set as well, limiting how long a leaked credential stays usable.',
    checks: ['azure/keyvault-non-rbac-secrets-expiration-set'],
  },
  {
    id: '3.3.5',
    title: 'Ensure the Key Vault is Recoverable',
    section: SECURITY,
    subsection: KEY_VAULT,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Soft delete and purge protection keep deleted vaults, keys and secrets recoverable for a retention period and stop anyone from purging them early. Both should be on so that an accidental or malicious deletion does not destroy keys permanently.',
    checks: ['azure/keyvault-purge-protection-enabled', 'azure/keyvault-soft-delete-enabled'],
  },
  {
    id: '3.3.6',
    title: 'Enable Role Based Access Control for Azure Key Vault',
    section: SECURITY,
    subsection: KEY_VAULT,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Azure RBAC gives key vault data access fine-grained, centrally managed permissions at vault or object scope, unlike legacy access policies. Vaults should use the RBAC permission model.',
    checks: ['azure/keyvault-rbac-authorization-enabled'],
  },
  {
    id: '3.3.7',
    title: 'Ensure that Private Endpoints are Used for Azure Key Vault',
    section: SECURITY,
    subsection: KEY_VAULT,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Private endpoints let clients reach a key vault over a private address in a virtual network, keeping traffic off the internet. Vaults should be accessed through private endpoints.',
    checks: ['azure/keyvault-private-endpoints-used'],
  },
  {
    id: '3.3.8',
    title: 'Ensure Automatic Key Rotation is Enabled Within Azure Key Vault for the Supported Services',
    section: SECURITY,
    subsection: KEY_VAULT,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Key Vault can rotate keys automatically according to a rotation policy. Keys used by supported services (such as customer-managed key encryption) should have automatic rotation configured.',
    checks: ['azure/keyvault-key-rotation-enabled'],
  },
];

const storageAccounts: readonly Requirement[] = [
  {
    id: '4.1',
    title: "Ensure that 'Secure transfer required' is set to 'Enabled'",
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Storage accounts should accept requests only over HTTPS, rejecting unencrypted HTTP and SMB connections without encryption, so data in transit cannot be read or altered.',
    checks: ['azure/storage-secure-transfer-required'],
  },
  {
    id: '4.2',
    title: "Ensure that 'Enable Infrastructure Encryption' for Each Storage Account in Azure Storage is Set to 'enabled'",
    section: STORAGE_ACCOUNTS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Infrastructure encryption adds a second layer of encryption at the storage infrastructure level, with a different algorithm and key, protecting data if one layer is ever compromised. It can only be chosen when an account is created.',
    checks: ['azure/storage-infrastructure-encryption-enabled'],
  },
  {
    id: '4.3',
    title: "Ensure that 'Enable key rotation reminders' is enabled for each Storage Account",
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Storage accounts can remind administrators to rotate their access keys after a set number of days. Rotation reminders should be enabled so keys are not left unchanged indefinitely.',
    checks: ['azure/storage-key-rotation-reminders-enabled'],
  },
  {
    id: '4.4',
    title: 'Ensure that Storage Account Access Keys are Periodically Regenerated',
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'manual',
    description:
      "Storage account access keys grant full access to the account's data. They should be regenerated periodically, for example every 90 days, so a leaked key eventually stops working.",
    checks: ['azure/storage-access-keys-rotated'],
  },
  {
    id: '4.5',
    title: 'Ensure that Shared Access Signature Tokens Expire Within an Hour',
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Shared access signature tokens delegate access to storage without the account key. They should be short-lived, expiring within an hour, so that a leaked token is of little use.',
    checks: [],
  },
  {
    id: '4.6',
    title: "Ensure that 'Public Network Access' is 'Disabled' for storage accounts",
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Disabling public network access makes a storage account reachable only through private endpoints, removing it from the internet entirely.',
    checks: ['azure/storage-public-network-access-disabled'],
  },
  {
    id: '4.7',
    title: 'Ensure Default Network Access Rule for Storage Accounts is Set to Deny',
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'The storage account firewall should deny traffic by default and allow only selected virtual networks and IP ranges, instead of accepting requests from any network.',
    checks: ['azure/storage-default-network-access-deny'],
  },
  {
    id: '4.8',
    title: "Ensure 'Allow Azure services on the trusted services list to access this storage account' is Enabled for Storage Account Access",
    section: STORAGE_ACCOUNTS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'When the storage firewall denies by default, trusted Microsoft services such as Azure Backup or Event Grid still need access. The trusted services exception should be enabled so they keep working without opening the account more widely.',
    checks: ['azure/storage-trusted-microsoft-services-allowed'],
  },
  {
    id: '4.9',
    title: 'Ensure Private Endpoints are used to access Storage Accounts',
    section: STORAGE_ACCOUNTS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Private endpoints give storage accounts a private address in a virtual network, so clients reach them over the Microsoft backbone rather than a public endpoint.',
    checks: ['azure/storage-private-endpoints-used'],
  },
  {
    id: '4.10',
    title: 'Ensure Soft Delete is Enabled for Azure Containers and Blob Storage',
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Soft delete for blobs and containers keeps deleted data recoverable for a retention period, protecting against accidental deletion and against attackers deleting data.',
    checks: ['azure/storage-blob-soft-delete-enabled', 'azure/storage-container-soft-delete-enabled'],
  },
  {
    id: '4.11',
    title: 'Ensure Storage for Critical Data are Encrypted with Customer Managed Keys (CMK)',
    section: STORAGE_ACCOUNTS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Storage accounts holding critical data should be encrypted with customer-managed keys held in Key Vault, giving the organization control over key rotation and the ability to revoke access.',
    checks: ['azure/storage-customer-managed-key-encryption'],
  },
  {
    id: '4.12',
    title: "Ensure Storage Logging is Enabled for Queue Service for 'Read', 'Write', and 'Delete' requests",
    section: STORAGE_ACCOUNTS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Logging read, write and delete requests to the queue service records who accessed queue data, supporting investigation of misuse.',
    checks: ['azure/storage-queue-logging-enabled'],
  },
  {
    id: '4.13',
    title: "Ensure Storage logging is Enabled for Blob Service for 'Read', 'Write', and 'Delete' requests",
    section: STORAGE_ACCOUNTS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Logging read, write and delete requests to the blob service records access to blob data, which is needed to investigate data exposure or tampering.',
    checks: ['azure/storage-blob-logging-enabled'],
  },
  {
    id: '4.14',
    title: "Ensure Storage Logging is Enabled for Table Service for 'Read', 'Write', and 'Delete' Requests",
    section: STORAGE_ACCOUNTS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Logging read, write and delete requests to the table service records access to table data for later investigation.',
    checks: ['azure/storage-table-logging-enabled'],
  },
  {
    id: '4.15',
    title: "Ensure the 'Minimum TLS version' for storage accounts is set to 'Version 1.2'",
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Storage accounts should refuse connections that negotiate TLS versions older than 1.2, which have known weaknesses.',
    checks: ['azure/storage-minimum-tls-version-1-2'],
  },
  {
    id: '4.16',
    title: "Ensure 'Cross Tenant Replication' is not enabled",
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      "Cross-tenant object replication copies data to storage accounts in other Entra tenants. It should be disabled so data cannot be replicated outside the organization's tenant.",
    checks: ['azure/storage-cross-tenant-replication-disabled'],
  },
  {
    id: '4.17',
    title: "Ensure that 'Allow Blob Anonymous Access' is set to 'Disabled'",
    section: STORAGE_ACCOUNTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Storage accounts should not allow anonymous public read access to containers and blobs, so data is never exposed to anyone who knows or guesses its URL.',
    checks: ['azure/storage-blob-public-access-disabled'],
  },
];

const databaseServices: readonly Requirement[] = [
  {
    id: '5.1.1',
    title: "Ensure that 'Auditing' is set to 'On'",
    section: DATABASE_SERVICES,
    subsection: SQL_DATABASE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Auditing on Azure SQL servers records database events to a storage account, Log Analytics or Event Hubs, providing a trail for investigating suspicious activity. It should be on for every server.',
    checks: ['azure/sql-server-auditing-enabled'],
  },
  {
    id: '5.1.2',
    title: 'Ensure no Azure SQL Databases allow ingress from 0.0.0.0/0 (ANY IP)',
    section: DATABASE_SERVICES,
    subsection: SQL_DATABASE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      "SQL server firewall rules should not admit connections from every address (0.0.0.0/0), nor the 0.0.0.0 rule that opens the server to all Azure-hosted clients including other customers'.",
    checks: ['azure/sql-server-firewall-not-open-to-internet', 'azure/sql-server-azure-services-access-disabled'],
  },
  {
    id: '5.1.3',
    title: "Ensure SQL server's Transparent Data Encryption (TDE) protector is encrypted with Customer-managed key",
    section: DATABASE_SERVICES,
    subsection: SQL_DATABASE,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'The transparent data encryption protector of a SQL server should be a customer-managed key in Key Vault, giving the organization control over the key that protects database encryption keys.',
    checks: ['azure/sql-server-tde-protector-customer-managed-key'],
  },
  {
    id: '5.1.4',
    title: 'Ensure that Microsoft Entra authentication is Configured for SQL Servers',
    section: DATABASE_SERVICES,
    subsection: SQL_DATABASE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'SQL servers should have a Microsoft Entra administrator configured, so database access can use centrally managed identities with MFA rather than SQL logins alone.',
    checks: ['azure/sql-server-entra-admin-configured'],
  },
  {
    id: '5.1.5',
    title: "Ensure that 'Data encryption' is set to 'On' on a SQL Database",
    section: DATABASE_SERVICES,
    subsection: SQL_DATABASE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Transparent data encryption encrypts SQL databases, their backups and logs at rest. It should be enabled on every database.',
    checks: ['azure/sql-database-tde-enabled'],
  },
  {
    id: '5.1.6',
    title: "Ensure that 'Auditing' Retention is 'greater than 90 days'",
    section: DATABASE_SERVICES,
    subsection: SQL_DATABASE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'SQL server audit logs should be kept for more than 90 days so that they remain available for investigations that start long after an event.',
    checks: ['azure/sql-server-audit-retention-over-90-days'],
  },
  {
    id: '5.1.7',
    title: 'Ensure Public Network Access is Disabled',
    section: DATABASE_SERVICES,
    subsection: SQL_DATABASE,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'SQL servers that do not need to be reached from the internet should have public network access disabled and be reached through private endpoints.',
    checks: ['azure/sql-server-public-network-access-disabled'],
  },
  {
    id: '5.2.1',
    title: "Ensure server parameter 'require_secure_transport' is set to 'ON' for PostgreSQL flexible server",
    section: DATABASE_SERVICES,
    subsection: POSTGRESQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'PostgreSQL flexible servers should require encrypted client connections, refusing connections that do not use TLS.',
    checks: ['azure/postgresql-server-secure-transport-required'],
  },
  {
    id: '5.2.2',
    title: "Ensure server parameter 'log_checkpoints' is set to 'ON' for PostgreSQL flexible server",
    section: DATABASE_SERVICES,
    subsection: POSTGRESQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Logging checkpoints on PostgreSQL flexible servers records database activity that helps diagnose performance problems and reconstruct events.',
    checks: ['azure/postgresql-server-log-checkpoints-on'],
  },
  {
    id: '5.2.3',
    title: "Ensure server parameter 'connection_throttle.enable' is set to 'ON' for PostgreSQL flexible server",
    section: DATABASE_SERVICES,
    subsection: POSTGRESQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Connection throttling on PostgreSQL flexible servers temporarily blocks clients after too many failed logins, slowing password guessing and resource exhaustion.',
    checks: ['azure/postgresql-server-connection-throttling-on'],
  },
  {
    id: '5.2.4',
    title: "Ensure server parameter 'logfiles.retention_days' is greater than 3 days for PostgreSQL flexible server",
    section: DATABASE_SERVICES,
    subsection: POSTGRESQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'PostgreSQL flexible servers should keep server log files for more than three days so that recent activity can still be investigated.',
    checks: ['azure/postgresql-server-log-retention-over-3-days'],
  },
  {
    id: '5.2.5',
    title: "Ensure 'Allow public access from any Azure service within Azure to this server' for PostgreSQL flexible server is disabled",
    section: DATABASE_SERVICES,
    subsection: POSTGRESQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      "The option allowing access from any Azure service lets every Azure-hosted client, including other customers', reach a PostgreSQL flexible server. It should be disabled in favour of explicit rules or private access.",
    checks: ['azure/postgresql-server-azure-services-access-disabled'],
  },
  {
    id: '5.2.6',
    title: "[LEGACY] Ensure server parameter 'log_connections' is set to 'ON' for PostgreSQL single server",
    section: DATABASE_SERVICES,
    subsection: POSTGRESQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Legacy: PostgreSQL single servers should log connection attempts, recording who connects and from where. Single server is retired; the recommendation applies only to remaining instances.',
    checks: ['azure/postgresql-server-log-connections-on'],
  },
  {
    id: '5.2.7',
    title: "[LEGACY] Ensure server parameter 'log_disconnections' is set to 'ON' for PostgreSQL single server",
    section: DATABASE_SERVICES,
    subsection: POSTGRESQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Legacy: PostgreSQL single servers should log session ends alongside connections, so session durations and abnormal disconnects can be analysed. Applies only to remaining single server instances.',
    checks: ['azure/postgresql-server-log-disconnections-on'],
  },
  {
    id: '5.2.8',
    title: "[LEGACY] Ensure 'Infrastructure double encryption' for PostgreSQL single server is 'Enabled'",
    section: DATABASE_SERVICES,
    subsection: POSTGRESQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Legacy: PostgreSQL single servers can apply a second layer of infrastructure encryption to data at rest. It should be enabled where single servers remain; it can only be set at creation.',
    checks: [],
  },
  {
    id: '5.3.1',
    title: "Ensure server parameter 'require_secure_transport' is set to 'ON' for MySQL flexible server",
    section: DATABASE_SERVICES,
    subsection: MYSQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'MySQL flexible servers should require TLS for every client connection, rejecting unencrypted ones.',
    checks: ['azure/mysql-server-secure-transport-required'],
  },
  {
    id: '5.3.2',
    title: "Ensure server parameter 'tls_version' is set to 'TLSv1.2' (or higher) for MySQL flexible server",
    section: DATABASE_SERVICES,
    subsection: MYSQL,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'MySQL flexible servers should accept only TLS 1.2 or later, refusing older protocol versions with known weaknesses.',
    checks: ['azure/mysql-server-minimum-tls-1-2'],
  },
  {
    id: '5.3.3',
    title: "Ensure server parameter 'audit_log_enabled' is set to 'ON' for MySQL flexible server",
    section: DATABASE_SERVICES,
    subsection: MYSQL,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Audit logging on MySQL flexible servers records connections and statements for investigation and compliance. It should be enabled.',
    checks: ['azure/mysql-server-audit-log-enabled'],
  },
  {
    id: '5.3.4',
    title: "Ensure server parameter 'audit_log_events' has 'CONNECTION' set for MySQL flexible server",
    section: DATABASE_SERVICES,
    subsection: MYSQL,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'The MySQL audit log should include connection events, recording successful and failed logins to the server.',
    checks: ['azure/mysql-server-audit-log-connection-events'],
  },
  {
    id: '5.4.1',
    title: "Ensure That 'Firewalls & Networks' Is Limited to Use Selected Networks Instead of All Networks",
    section: DATABASE_SERVICES,
    subsection: COSMOS_DB,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Cosmos DB accounts should accept traffic only from selected virtual networks and IP ranges, not from all networks.',
    checks: ['azure/cosmosdb-account-network-access-restricted'],
  },
  {
    id: '5.4.2',
    title: 'Ensure That Private Endpoints Are Used Where Possible',
    section: DATABASE_SERVICES,
    subsection: COSMOS_DB,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Cosmos DB accounts should be reached through private endpoints where possible, keeping database traffic on private addresses.',
    checks: ['azure/cosmosdb-account-private-endpoint'],
  },
  {
    id: '5.4.3',
    title: 'Use Entra ID Client Authentication and Azure RBAC where possible',
    section: DATABASE_SERVICES,
    subsection: COSMOS_DB,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Cosmos DB clients should authenticate with Entra ID identities and data-plane RBAC rather than account keys, which are shared secrets granting broad access; key-based authentication should be disabled where possible.',
    checks: ['azure/cosmosdb-account-local-auth-disabled'],
  },
];

const loggingAndMonitoring: readonly Requirement[] = [
  {
    id: '6.1.1',
    title: "Ensure that a 'Diagnostic Setting' exists for Subscription Activity Logs",
    section: LOGGING_AND_MONITORING,
    subsection: DIAGNOSTIC_SETTINGS,
    level: 'Level 1',
    assessment: 'manual',
    description:
      "A diagnostic setting on the subscription exports the activity log (control-plane operations) to a Log Analytics workspace, storage account or event hub, where it can be retained and analysed beyond the platform's default period.",
    checks: ['azure/monitor-activity-log-diagnostic-setting-exists'],
  },
  {
    id: '6.1.2',
    title: 'Ensure Diagnostic Setting captures appropriate categories',
    section: LOGGING_AND_MONITORING,
    subsection: DIAGNOSTIC_SETTINGS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      "The subscription's diagnostic setting should export the activity log categories relevant to security: Administrative, Alert, Policy and Security.",
    checks: ['azure/monitor-activity-log-captures-required-categories'],
  },
  {
    id: '6.1.3',
    title: 'Ensure the storage account containing the container with activity logs is encrypted with Customer Managed Key (CMK)',
    section: LOGGING_AND_MONITORING,
    subsection: DIAGNOSTIC_SETTINGS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'The storage account that receives exported activity logs should be encrypted with a customer-managed key, giving the organization control over access to this audit trail.',
    checks: ['azure/monitor-activity-log-storage-encrypted-with-cmk'],
  },
  {
    id: '6.1.4',
    title: "Ensure that logging for Azure Key Vault is 'Enabled'",
    section: LOGGING_AND_MONITORING,
    subsection: DIAGNOSTIC_SETTINGS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Key vaults should send their audit logs (AuditEvent) to a diagnostic destination, recording every access to keys, secrets and certificates.',
    checks: ['azure/keyvault-logging-enabled'],
  },
  {
    id: '6.1.5',
    title: 'Ensure that Network Security Group Flow logs are captured and sent to Log Analytics',
    section: LOGGING_AND_MONITORING,
    subsection: DIAGNOSTIC_SETTINGS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Network security group flow logs record the traffic allowed and denied by each group. They should be captured and sent to Log Analytics, where traffic analytics can surface unexpected connections.',
    checks: ['azure/network-flow-log-traffic-analytics-enabled', 'azure/network-vnet-flow-logs-enabled'],
  },
  {
    id: '6.1.6',
    title: "Ensure that logging for Azure AppService 'HTTP logs' is enabled",
    section: LOGGING_AND_MONITORING,
    subsection: DIAGNOSTIC_SETTINGS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'App Service HTTP logs record each request to a web app. They should be sent to a diagnostic destination so attacks against the app can be investigated.',
    checks: ['azure/appservice-http-logs-enabled'],
  },
  {
    id: '6.2.1',
    title: 'Ensure that Activity Log Alert exists for Create Policy Assignment',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'An activity log alert should fire when a policy assignment is created, so that changes to governance controls are noticed.',
    checks: ['azure/monitor-activity-log-alert-create-policy-assignment'],
  },
  {
    id: '6.2.2',
    title: 'Ensure that Activity Log Alert exists for Delete Policy Assignment',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'An activity log alert should fire when a policy assignment is deleted, since removing an assignment can silently switch off a control.',
    checks: ['azure/monitor-activity-log-alert-delete-policy-assignment'],
  },
  {
    id: '6.2.3',
    title: 'Ensure that Activity Log Alert exists for Create or Update Network Security Group',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'An activity log alert should fire when a network security group is created or updated, so that changes opening network access are reviewed quickly.',
    checks: ['azure/monitor-activity-log-alert-create-update-nsg'],
  },
  {
    id: '6.2.4',
    title: 'Ensure that Activity Log Alert exists for Delete Network Security Group',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'An activity log alert should fire when a network security group is deleted, which can remove filtering from subnets or interfaces.',
    checks: ['azure/monitor-activity-log-alert-delete-nsg'],
  },
  {
    id: '6.2.5',
    title: 'Ensure that Activity Log Alert exists for Create or Update Security Solution',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'An activity log alert should fire when a security solution is created or updated in Defender for Cloud, surfacing changes to the protection in place.',
    checks: ['azure/monitor-activity-log-alert-create-update-security-solution'],
  },
  {
    id: '6.2.6',
    title: 'Ensure that Activity Log Alert exists for Delete Security Solution',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'An activity log alert should fire when a security solution is deleted, since that may remove protection from resources.',
    checks: ['azure/monitor-activity-log-alert-delete-security-solution'],
  },
  {
    id: '6.2.7',
    title: 'Ensure that Activity Log Alert exists for Create or Update SQL Server Firewall Rule',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'An activity log alert should fire when a SQL server firewall rule is created or updated, so new openings to a database are noticed.',
    checks: ['azure/monitor-activity-log-alert-create-update-sql-firewall-rule'],
  },
  {
    id: '6.2.8',
    title: 'Ensure that Activity Log Alert exists for Delete SQL Server Firewall Rule',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'An activity log alert should fire when a SQL server firewall rule is deleted, keeping a watch on changes to database network access.',
    checks: ['azure/monitor-activity-log-alert-delete-sql-firewall-rule'],
  },
  {
    id: '6.2.9',
    title: 'Ensure that Activity Log Alert exists for Create or Update Public IP Address rule',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'An activity log alert should fire when a public IP address is created or updated, since new public addresses expose resources to the internet.',
    checks: ['azure/monitor-activity-log-alert-create-update-public-ip'],
  },
  {
    id: '6.2.10',
    title: 'Ensure that Activity Log Alert exists for Delete Public IP Address rule',
    section: LOGGING_AND_MONITORING,
    subsection: ACTIVITY_LOG_ALERTS,
    level: 'Level 1',
    assessment: 'automated',
    description:
      "An activity log alert should fire when a public IP address is deleted, keeping track of changes to the organization's internet-facing addresses.",
    checks: ['azure/monitor-activity-log-alert-delete-public-ip'],
  },
  {
    id: '6.3.1',
    title: 'Ensure Application Insights are Configured',
    section: LOGGING_AND_MONITORING,
    subsection: APPLICATION_INSIGHTS,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Application Insights collects telemetry on requests, failures and dependencies of applications. It should be configured so application behaviour, including signs of attack, is observable.',
    checks: ['azure/monitor-application-insights-configured'],
  },
  {
    id: '6.4',
    title: 'Ensure that Azure Monitor Resource Logging is Enabled for All Services that Support it',
    section: LOGGING_AND_MONITORING,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Resources that emit Azure Monitor resource logs (key vaults, databases, firewalls and many others) should have diagnostic settings sending those logs to a destination, as platform logs are otherwise not kept.',
    checks: [],
  },
  {
    id: '6.5',
    title: 'Ensure that SKU Basic/Consumption is not used on artifacts that need to be monitored (Particularly for Production Workloads)',
    section: LOGGING_AND_MONITORING,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Basic, Free or Consumption SKUs of several services lack monitoring features and service level agreements. Production workloads that need monitoring should use tiers that provide them.',
    checks: [],
  },
];

const networking: readonly Requirement[] = [
  {
    id: '7.1',
    title: 'Ensure that RDP access from the Internet is evaluated and restricted',
    section: NETWORKING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Network security groups should not allow RDP (port 3389) from the internet; remote desktop access should come through a bastion, VPN or tightly restricted source ranges.',
    checks: ['azure/network-nsg-rdp-internet-access-restricted'],
  },
  {
    id: '7.2',
    title: 'Ensure that SSH access from the Internet is evaluated and restricted',
    section: NETWORKING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Network security groups should not allow SSH (port 22) from the internet; administrative access should go through a bastion, VPN or known source ranges.',
    checks: ['azure/network-nsg-ssh-internet-access-restricted'],
  },
  {
    id: '7.3',
    title: 'Ensure that UDP access from the Internet is evaluated and restricted',
    section: NETWORKING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Network security groups should not allow UDP from the internet, as exposed UDP services are commonly abused for reflection and amplification attacks.',
    checks: ['azure/network-nsg-udp-internet-access-restricted'],
  },
  {
    id: '7.4',
    title: 'Ensure that HTTP(S) access from the Internet is evaluated and restricted',
    section: NETWORKING,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Network security groups should not allow HTTP or HTTPS (ports 80 and 443) from the internet to resources that are not meant to be public web endpoints; public web traffic should go through a gateway or front door.',
    checks: ['azure/network-nsg-http-internet-access-restricted'],
  },
  {
    id: '7.5',
    title: "Ensure that Network Security Group Flow Log retention period is 'greater than 90 days'",
    section: NETWORKING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Network security group flow logs should be retained for more than 90 days, so traffic records remain available for investigation.',
    checks: ['azure/network-flow-log-retention-90-days'],
  },
  {
    id: '7.6',
    title: "Ensure that Network Watcher is 'Enabled' for Azure Regions that are in use",
    section: NETWORKING,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Network Watcher provides network diagnostics and flow logging in each region. It should be enabled in every region where the subscription has resources.',
    checks: ['azure/network-watcher-enabled-in-used-locations'],
  },
  {
    id: '7.7',
    title: 'Ensure that Public IP addresses are Evaluated on a Periodic Basis',
    section: NETWORKING,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Public IP addresses expose resources to the internet. They should be reviewed periodically to confirm each one is still needed and attached to the intended resource.',
    checks: ['azure/network-public-ip-periodic-review'],
  },
];

const virtualMachines: readonly Requirement[] = [
  {
    id: '8.1',
    title: 'Ensure an Azure Bastion Host Exists',
    section: VIRTUAL_MACHINES,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Azure Bastion provides RDP and SSH access to virtual machines through the portal over TLS, without giving the machines public IP addresses. A bastion host should exist in subscriptions with virtual machines.',
    checks: ['azure/network-bastion-host-exists'],
  },
  {
    id: '8.2',
    title: 'Ensure Virtual Machines are utilizing Managed Disks',
    section: VIRTUAL_MACHINES,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Virtual machines should use managed disks, which are encrypted at rest by default and are managed as Azure resources, rather than unmanaged VHDs in storage accounts.',
    checks: ['azure/compute-vm-managed-disks'],
  },
  {
    id: '8.3',
    title: "Ensure that 'OS and Data' disks are encrypted with Customer Managed Key (CMK)",
    section: VIRTUAL_MACHINES,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Operating system and data disks of virtual machines should be encrypted with customer-managed keys, giving the organization control over the keys that protect them.',
    checks: ['azure/compute-os-and-data-disks-encrypted-with-cmk'],
  },
  {
    id: '8.4',
    title: "Ensure that 'Unattached disks' are encrypted with 'Customer Managed Key' (CMK)",
    section: VIRTUAL_MACHINES,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'Disks not attached to any virtual machine still hold data and should also be encrypted with customer-managed keys.',
    checks: ['azure/compute-unattached-disks-encrypted-with-cmk'],
  },
  {
    id: '8.5',
    title: "Ensure that 'Disk Network Access' is NOT set to 'Enable public access from all networks'",
    section: VIRTUAL_MACHINES,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Managed disks should not be exportable or importable from all networks; disk network access should be limited to private endpoints or disabled.',
    checks: ['azure/compute-disk-public-network-access-disabled'],
  },
  {
    id: '8.6',
    title: "Ensure that 'Enable Data Access Authentication Mode' is 'Checked'",
    section: VIRTUAL_MACHINES,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Data access authentication mode requires Entra ID authorization to download or upload a managed disk, rather than allowing anyone holding a SAS URI. It should be enabled.',
    checks: ['azure/compute-disk-data-access-auth-mode-enabled'],
  },
  {
    id: '8.7',
    title: 'Ensure that Only Approved Extensions Are Installed',
    section: VIRTUAL_MACHINES,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Virtual machine extensions run with high privileges inside the machine. Only extensions approved by the organization should be installed.',
    checks: ['azure/compute-vm-approved-extensions-reviewed'],
  },
  {
    id: '8.8',
    title: 'Ensure that Endpoint Protection for all Virtual Machines is installed',
    section: VIRTUAL_MACHINES,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Every virtual machine should run an endpoint protection solution that detects and removes malware.',
    checks: ['azure/compute-vm-endpoint-protection-installed'],
  },
  {
    id: '8.9',
    title: '[Legacy] Ensure that VHDs are Encrypted',
    section: VIRTUAL_MACHINES,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Legacy: virtual machines still using unmanaged VHDs should have them encrypted with Azure Disk Encryption or an equivalent mechanism.',
    checks: [],
  },
  {
    id: '8.10',
    title: 'Ensure only MFA enabled identities can access privileged Virtual Machine',
    section: VIRTUAL_MACHINES,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Identities able to log in to or administer privileged virtual machines should be protected with multi-factor authentication.',
    checks: [],
  },
  {
    id: '8.11',
    title: 'Ensure Trusted Launch is enabled on Virtual Machines',
    section: VIRTUAL_MACHINES,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Trusted Launch gives virtual machines secure boot and a virtual TPM, protecting against boot kits and rootkits. It should be enabled on virtual machines that support it.',
    checks: ['azure/compute-vm-trusted-launch-enabled'],
  },
];

const appService: readonly Requirement[] = [
  {
    id: '9.1',
    title: "Ensure 'HTTPS Only' is set to 'On'",
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Web apps should accept only HTTPS, redirecting plain HTTP requests, so traffic to them is encrypted.',
    checks: ['azure/appservice-https-only'],
  },
  {
    id: '9.2',
    title: 'Ensure App Service Authentication is set up for apps in Azure App Service',
    section: APP_SERVICE,
    level: 'Level 2',
    assessment: 'automated',
    description:
      'App Service authentication can make every request to an app authenticate through an identity provider before reaching the code. It should be set up for apps that require authenticated users.',
    checks: ['azure/appservice-authentication-enabled', 'azure/appservice-basic-auth-publishing-disabled'],
  },
  {
    id: '9.3',
    title: "Ensure 'FTP State' is set to 'FTPS Only' or 'Disabled'",
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'FTP deployment credentials travel in clear text over plain FTP. App FTP state should be FTPS only, or FTP disabled entirely when it is not used.',
    checks: ['azure/appservice-ftp-disabled-or-ftps-only'],
  },
  {
    id: '9.4',
    title: 'Ensure Web App is using the latest version of TLS encryption',
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Web apps should require TLS 1.2 or later for incoming connections, refusing older TLS versions.',
    checks: ['azure/appservice-minimum-tls-version-1-2'],
  },
  {
    id: '9.5',
    title: 'Ensure that Register with Entra ID is enabled on App Service',
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'A managed identity lets an app authenticate to other Azure services through Entra ID without storing credentials. It should be enabled for apps that access other resources.',
    checks: ['azure/appservice-managed-identity-enabled'],
  },
  {
    id: '9.6',
    title: "Ensure that 'Basic Authentication' is 'Disabled'",
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'manual',
    description:
      "Basic authentication for SCM and FTP publishing accepts a shared user name and password outside the organization's identity provider. It should be disabled for App Service.",
    checks: ['azure/appservice-basic-auth-publishing-disabled'],
  },
  {
    id: '9.7',
    title: "Ensure that 'PHP version' is currently supported (if in use)",
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Web apps that run PHP should use a PHP version still supported upstream, so they keep receiving security fixes.',
    checks: ['azure/appservice-php-version-supported'],
  },
  {
    id: '9.8',
    title: "Ensure that 'Python version' is currently supported (if in use)",
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Web apps that run Python should use a Python version still supported upstream, so they keep receiving security fixes.',
    checks: ['azure/appservice-python-version-supported'],
  },
  {
    id: '9.9',
    title: "Ensure that 'Java version' is currently supported (if in use)",
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'manual',
    description:
      'Web apps that run Java should use a Java version still supported, so they keep receiving security fixes.',
    checks: ['azure/appservice-java-version-supported'],
  },
  {
    id: '9.10',
    title: "Ensure that 'HTTP20enabled' is set to 'true' (if in use)",
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Web apps should enable HTTP/2, the current protocol version, which multiplexes requests over one connection and compresses headers; staying on HTTP/1.1 forgoes these improvements.',
    checks: ['azure/appservice-http2-enabled'],
  },
  {
    id: '9.11',
    title: 'Ensure Azure Key Vaults are Used to Store Secrets',
    section: APP_SERVICE,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Secrets used by apps (connection strings, API keys) should be kept in Key Vault and referenced from app settings, rather than stored as plain configuration values.',
    checks: [],
  },
  {
    id: '9.12',
    title: "Ensure that 'Remote debugging' is set to 'Off'",
    section: APP_SERVICE,
    level: 'Level 1',
    assessment: 'automated',
    description:
      'Remote debugging opens additional ports and a channel for attaching a debugger to a running app. It should be off except briefly while debugging.',
    checks: ['azure/appservice-remote-debugging-disabled'],
  },
];

const miscellaneous: readonly Requirement[] = [
  {
    id: '10.1',
    title: 'Ensure that Resource Locks are set for Mission-Critical Azure Resources',
    section: MISCELLANEOUS,
    level: 'Level 2',
    assessment: 'manual',
    description:
      'Mission-critical resources should carry resource locks (CanNotDelete or ReadOnly) so that they cannot be deleted or changed by accident or by a compromised account without first removing the lock.',
    checks: ['azure/locks-critical-resources-delete-protected'],
  },
];

export const CIS_AZURE_3_0 = defineFramework({
  id: 'cis-azure-3.0',
  aliases: ['cis_3.0_azure'],
  name: 'CIS Microsoft Azure Foundations Benchmark',
  version: '3.0.0',
  provider: 'azure',
  description:
    'Prescriptive baseline from the Center for Internet Security for configuring the foundations of an Azure tenant and its subscriptions: identity, Microsoft Defender and Key Vault, storage accounts, database services, logging and monitoring, networking, virtual machines and App Service.',
  requirements: [...identity, ...security, ...storageAccounts, ...databaseServices, ...loggingAndMonitoring, ...networking, ...virtualMachines, ...appService, ...miscellaneous],
});
