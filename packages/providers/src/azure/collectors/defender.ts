/**
 * Microsoft Defender for Cloud of one subscription, read from `Microsoft.Security`: six
 * subscription-wide lists, each its own `Fetched` so one denied read leaves the others usable.
 * The assessment list holds one entry per resource and recommendation; only the recommendations
 * checks read (`DefenderAssessmentKey`) are kept.
 */
import type { Fetched } from '@palisade/core';
import type {
  DefenderAssessment,
  DefenderAssessmentKey,
  DefenderAutoProvisioningSetting,
  DefenderNotificationSource,
  DefenderPricing,
  DefenderSecurityContact,
  DefenderServerVulnerabilityAssessmentsSetting,
  DefenderSetting,
} from '@palisade/core/azure';
import type { AzureCollector } from '../collector.ts';

export const DEFENDER_API_VERSIONS = {
  pricings: '2024-01-01',
  autoProvisioningSettings: '2017-08-01-preview',
  // The contact shape with `emails`, `notificationsByRole` and `notificationsSources` (alert severity, attack path risk).
  securityContacts: '2023-12-01-preview',
  settings: '2022-05-01',
  serverVulnerabilityAssessmentsSettings: '2023-05-01',
  assessments: '2021-06-01',
} as const;

/** A record over the key union, so adding a key to the core type without listing it here fails to compile. */
const COLLECTED_ASSESSMENTS: Readonly<Record<DefenderAssessmentKey, true>> = {
  'e1145ab1-eb4f-43d8-911b-36ddf771d13f': true,
  '4ab6e3c5-74dd-8b35-9ab9-f61b30875b27': true,
  'bd876905-5b84-4f73-ab2d-2e7a7c4568d9': true,
  '1195afff-c881-495e-9bc5-1486211ae03f': true,
};

interface ArmResource<P> {
  readonly id?: string;
  readonly name?: string;
  readonly kind?: string;
  readonly properties?: P;
}

type ArmPricing = ArmResource<{
  readonly pricingTier?: string;
  readonly subPlan?: string;
  readonly enablementTime?: string;
  readonly deprecated?: boolean;
  readonly replacedBy?: readonly string[];
  readonly resourcesCoverageStatus?: string;
  readonly extensions?: readonly { readonly name?: string; readonly isEnabled?: string | boolean }[];
}>;
type ArmAutoProvisioningSetting = ArmResource<{ readonly autoProvision?: string }>;
type ArmSetting = ArmResource<{ readonly enabled?: boolean }>;
type ArmServerVulnerabilityAssessmentsSetting = ArmResource<{ readonly selectedProvider?: string }>;
type ArmSecurityContact = ArmResource<{
  readonly emails?: string;
  readonly phone?: string;
  readonly isEnabled?: boolean;
  readonly notificationsByRole?: { readonly state?: string; readonly roles?: readonly string[] };
  readonly notificationsSources?: readonly { readonly sourceType?: string; readonly minimalSeverity?: string; readonly minimalRiskLevel?: string }[];
}>;
type ArmAssessment = ArmResource<{
  // Documented as `source` / `id`; some answers spell them `Source` / `Id`.
  readonly resourceDetails?: { readonly id?: string; readonly Id?: string };
  readonly displayName?: string;
  readonly status?: { readonly code?: string; readonly cause?: string; readonly description?: string };
}>;

export const defenderCollector: AzureCollector<'defender'> = {
  service: 'defender',
  async collect({ arm, subscriptionId }) {
    const base = `/subscriptions/${subscriptionId}/providers/Microsoft.Security`;
    const [pricings, autoProvisioningSettings, securityContacts, settings, serverVulnerabilityAssessmentsSettings, assessments] = await Promise.all([
      arm.list<ArmPricing>('Microsoft.Security/pricings/read', `${base}/pricings`, DEFENDER_API_VERSIONS.pricings),
      arm.list<ArmAutoProvisioningSetting>('Microsoft.Security/autoProvisioningSettings/read', `${base}/autoProvisioningSettings`, DEFENDER_API_VERSIONS.autoProvisioningSettings),
      arm.list<ArmSecurityContact>('Microsoft.Security/securityContacts/read', `${base}/securityContacts`, DEFENDER_API_VERSIONS.securityContacts),
      arm.list<ArmSetting>('Microsoft.Security/settings/read', `${base}/settings`, DEFENDER_API_VERSIONS.settings),
      arm.list<ArmServerVulnerabilityAssessmentsSetting>(
        'Microsoft.Security/serverVulnerabilityAssessmentsSettings/read',
        `${base}/serverVulnerabilityAssessmentsSettings`,
        DEFENDER_API_VERSIONS.serverVulnerabilityAssessmentsSettings,
      ),
      arm.list<ArmAssessment>('Microsoft.Security/assessments/read', `${base}/assessments`, DEFENDER_API_VERSIONS.assessments),
    ]);
    return {
      pricings: mapFetched(pricings, toPricing),
      autoProvisioningSettings: mapFetched(autoProvisioningSettings, toAutoProvisioningSetting),
      securityContacts: mapFetched(securityContacts, toSecurityContact),
      settings: mapFetched(settings, toSetting),
      serverVulnerabilityAssessmentsSettings: mapFetched(serverVulnerabilityAssessmentsSettings, toServerVulnerabilityAssessmentsSetting),
      assessments: assessments.error ? { error: assessments.error } : { value: assessments.value.flatMap((item) => toAssessment(item) ?? []) },
    };
  },
};

function mapFetched<A, B>(fetched: Fetched<readonly A[]>, map: (item: A) => B): Fetched<readonly B[]> {
  return fetched.error ? { error: fetched.error } : { value: fetched.value.map(map) };
}

/** ARM writes several Defender booleans as the strings `"True"` / `"False"`. */
function isTrue(value: string | boolean | undefined): boolean {
  return String(value).toLowerCase() === 'true';
}

function toPricing(pricing: ArmPricing): DefenderPricing {
  const properties = pricing.properties ?? {};
  return {
    id: pricing.id ?? '',
    name: pricing.name ?? '',
    pricingTier: properties.pricingTier ?? 'Free',
    ...(properties.subPlan ? { subPlan: properties.subPlan } : {}),
    ...(properties.enablementTime ? { enablementTime: properties.enablementTime } : {}),
    deprecated: properties.deprecated === true,
    replacedBy: properties.replacedBy ?? [],
    ...(properties.resourcesCoverageStatus ? { resourcesCoverageStatus: properties.resourcesCoverageStatus } : {}),
    extensions: (properties.extensions ?? []).map((extension) => ({ name: extension.name ?? '', isEnabled: isTrue(extension.isEnabled) })),
  };
}

function toAutoProvisioningSetting(setting: ArmAutoProvisioningSetting): DefenderAutoProvisioningSetting {
  return { id: setting.id ?? '', name: setting.name ?? '', autoProvision: setting.properties?.autoProvision ?? 'Off' };
}

function toSetting(setting: ArmSetting): DefenderSetting {
  return { id: setting.id ?? '', name: setting.name ?? '', kind: setting.kind ?? '', enabled: setting.properties?.enabled === true };
}

function toServerVulnerabilityAssessmentsSetting(setting: ArmServerVulnerabilityAssessmentsSetting): DefenderServerVulnerabilityAssessmentsSetting {
  const provider = setting.properties?.selectedProvider;
  return { id: setting.id ?? '', name: setting.name ?? '', kind: setting.kind ?? '', ...(provider ? { selectedProvider: provider } : {}) };
}

function toSecurityContact(contact: ArmSecurityContact): DefenderSecurityContact {
  const properties = contact.properties ?? {};
  const sources: DefenderNotificationSource[] = [];
  for (const source of properties.notificationsSources ?? []) {
    const type = source.sourceType?.toLowerCase();
    if (type === 'alert') sources.push({ sourceType: 'Alert', ...(source.minimalSeverity ? { minimalSeverity: source.minimalSeverity } : {}) });
    else if (type === 'attackpath') sources.push({ sourceType: 'AttackPath', ...(source.minimalRiskLevel ? { minimalRiskLevel: source.minimalRiskLevel } : {}) });
  }
  return {
    id: contact.id ?? '',
    name: contact.name ?? '',
    emails: (properties.emails ?? '')
      .split(/[;,]/)
      .map((email) => email.trim())
      .filter((email) => email !== ''),
    ...(properties.phone ? { phone: properties.phone } : {}),
    // Contacts saved through older API versions carry no switch: they send when they have recipients.
    isEnabled: properties.isEnabled !== false,
    notificationsByRole: { state: properties.notificationsByRole?.state ?? 'Off', roles: properties.notificationsByRole?.roles ?? [] },
    notificationsSources: sources,
  };
}

function toAssessment(assessment: ArmAssessment): DefenderAssessment | undefined {
  const key = (assessment.name ?? '').toLowerCase();
  if (!(key in COLLECTED_ASSESSMENTS)) return undefined;
  const id = assessment.id ?? '';
  const properties = assessment.properties ?? {};
  const details = properties.resourceDetails;
  // The assessed resource is also the assessment id without its `/providers/Microsoft.Security/assessments/<key>` tail.
  const resourceId = details?.id ?? details?.Id ?? id.replace(/\/providers\/Microsoft\.Security\/assessments\/[^/]+$/i, '');
  return {
    id,
    name: key as DefenderAssessmentKey,
    displayName: properties.displayName ?? '',
    resourceId,
    statusCode: properties.status?.code ?? 'NotApplicable',
    ...(properties.status?.cause ? { cause: properties.status.cause } : {}),
    ...(properties.status?.description ? { description: properties.status.description } : {}),
  };
}
