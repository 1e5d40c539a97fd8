/**
 * The scan state machine's definition (Amazon States Language) read back from a synthesized
 * template, so tests and the local runner execute the very definition that is deployed. The
 * template holds it as an `Fn::Join` of literal text and function ARNs (`Fn::GetAtt`); resolving
 * the join with stand-in values gives plain JSON. A function's stand-in ARN ends with its logical
 * id, and `lambdaHandlersOf` maps each such ARN to the handler the function runs.
 */

/** The region, account and partition of the stand-in ARNs. */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export interface CloudFormationResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
}

export interface CloudFormationTemplate {
  readonly Resources?: Readonly<Record<string, CloudFormationResource>>;
}

/** A template as JSON, or anything with `toJSON()` returning it (the CDK assertions' `Template`). */
export type TemplateSource = CloudFormationTemplate | { toJSON(): Record<string, unknown> };

/** One state of a definition: the fields the project's own states use. */
export interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Parameters?: Record<string, unknown>;
  readonly ItemSelector?: Record<string, unknown>;
  readonly ItemsPath?: string;
  readonly MaxConcurrency?: number;
  readonly ItemProcessor?: AslDefinition & { readonly ProcessorConfig?: { readonly Mode?: string } };
  readonly ResultPath?: string | null;
  readonly Retry?: readonly Record<string, unknown>[];
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string; readonly ResultPath?: string | null }[];
  readonly [field: string]: unknown;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  readonly TimeoutSeconds?: number;
  readonly [field: string]: unknown;
}

/** The stand-in ARN of the function with this logical id. */
export function localFunctionArn(logicalId: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
}

/** The definition of the template's only state machine, its function ARNs replaced by `localFunctionArn`. */
export function definitionOf(source: TemplateSource): AslDefinition {
  const template = templateOf(source);
  const machines = Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one AWS::StepFunctions::StateMachine, found ${machines.length}`);
  const [logicalId, machine] = machines[0]!;
  const text = resolveString(machine.Properties?.DefinitionString, template, `${logicalId}.DefinitionString`);
  return JSON.parse(text) as AslDefinition;
}

/** Stand-in ARN of every Lambda function of the template → its handler (`plan.handler`). */
export function lambdaHandlersOf(source: TemplateSource): Record<string, string> {
  const handlers: Record<string, string> = {};
  for (const [logicalId, resource] of Object.entries(templateOf(source).Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const handler = resource.Properties?.Handler;
    if (typeof handler === 'string') handlers[localFunctionArn(logicalId)] = handler;
  }
  return handlers;
}

function templateOf(source: TemplateSource): CloudFormationTemplate {
  return 'toJSON' in source && typeof source.toJSON === 'function' ? (source.toJSON() as CloudFormationTemplate) : (source as CloudFormationTemplate);
}

const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** A string-valued intrinsic (literal, Fn::Join, Fn::GetAtt of a function's Arn, Ref of a pseudo parameter) as text. */
function resolveString(value: unknown, template: CloudFormationTemplate, where: string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [intrinsic, argument] = entries[0]!;
      if (intrinsic === 'Fn::Join' && Array.isArray(argument) && typeof argument[0] === 'string' && Array.isArray(argument[1])) {
        const separator = argument[0];
        return (argument[1] as unknown[]).map((part, index) => resolveString(part, template, `${where}[${index}]`)).join(separator);
      }
      if (intrinsic === 'Fn::GetAtt' && Array.isArray(argument) && argument[1] === 'Arn' && typeof argument[0] === 'string') {
        const type = template.Resources?.[argument[0]]?.Type;
        if (type !== 'AWS::Lambda::Function') throw new Error(`${where}: Fn::GetAtt of ${argument[0]} (${type ?? 'not in the template'}), not a Lambda function`);
        return localFunctionArn(argument[0]);
      }
      if (intrinsic === 'Ref' && typeof argument === 'string') {
        const pseudo = PSEUDO_PARAMETERS[argument];
        if (pseudo !== undefined) return pseudo;
        if (template.Resources?.[argument]?.Type === 'AWS::Lambda::Function') return argument;
        throw new Error(`${where}: Ref of ${argument} has no local value`);
      }
    }
  }
  throw new Error(`${where}: cannot resolve ${JSON.stringify(value)}`);
}
