// Checks a CloudFormation template against the CloudFormation resource specification shipped in the npm package
// @aws-cdk/aws-service-spec (the Python linters cfn-lint and checkov cannot be installed here): every resource type
// exists, every property is known, required properties are present, values have the declared types (intrinsic
// functions accepted where a value goes), and every Ref, Fn::GetAtt, Condition and DependsOn names something real.
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';

type SpecDatabase = Awaited<ReturnType<typeof loadAwsServiceSpec>>;
type Json = unknown;
// biome-ignore lint/suspicious/noExplicitAny: the spec's type graph is walked generically
type SpecType = any;

interface Template {
  readonly Conditions?: Record<string, Json>;
  readonly Parameters?: Record<string, Json>;
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, Json>; [key: string]: Json }>;
  readonly Outputs?: Record<string, { Value: Json }>;
}

const resourceKeys = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'UpdatePolicy',
  'CreationPolicy',
  'Metadata',
]);
const pseudoParameters = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ Ref }`, `{ Fn::… }` or `{ Condition }`: a value CloudFormation computes, checked by checkReferences instead. */
function isIntrinsic(value: Json): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || (keys[0] ?? '').startsWith('Fn::'));
}

/** Problems of `value` against a spec type, with `path` naming where. */
function checkValue(db: SpecDatabase, type: SpecType, value: Json, path: string): string[] {
  if (isIntrinsic(value)) return [];
  switch (type.type) {
    case 'string':
    case 'date-time':
      return typeof value === 'string' || typeof value === 'number' ? [] : [`${path}: expected a string`];
    case 'number':
    case 'integer': {
      const ok = typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
      const integral = type.type === 'number' || Number.isInteger(Number(value));
      return ok && integral ? [] : [`${path}: expected ${type.type === 'integer' ? 'an integer' : 'a number'}`];
    }
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : [`${path}: expected a boolean`];
    case 'json':
      return isObject(value) || Array.isArray(value) || typeof value === 'string' ? [] : [`${path}: expected JSON`];
    case 'null':
      return value === null ? [] : [`${path}: expected null`];
    case 'tag':
      return isObject(value) && 'Key' in value && 'Value' in value ? [] : [`${path}: expected a tag { Key, Value }`];
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected a list`];
      return value.flatMap((item, i) => checkValue(db, type.element, item, `${path}[${i}]`));
    case 'map':
      if (!isObject(value)) return [`${path}: expected a map`];
      return Object.entries(value).flatMap(([key, item]) => checkValue(db, type.element, item, `${path}.${key}`));
    case 'union': {
      const failures = type.types.map((member: SpecType) => checkValue(db, member, value, path));
      return failures.some((problems: string[]) => problems.length === 0) ? [] : failures[0];
    }
    case 'ref': {
      const definition = db.get('typeDefinition', type.reference.$ref) as { name: string; properties: SpecType };
      if (!isObject(value)) return [`${path}: expected ${definition.name}`];
      return checkProperties(db, definition.properties, value, path);
    }
    default:
      return [`${path}: unknown spec type ${type.type}`];
  }
}

function checkProperties(db: SpecDatabase, spec: Record<string, SpecType>, values: Record<string, Json>, path: string) {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const property = spec[name];
    if (property === undefined) problems.push(`${path}.${name}: unknown property`);
    else problems.push(...checkValue(db, property.type, value, `${path}.${name}`));
  }
  for (const [name, property] of Object.entries(spec)) {
    if (property.required && !(name in values)) problems.push(`${path}.${name}: required property missing`);
  }
  return problems;
}

/** Every Ref, Fn::GetAtt, Fn::If / Condition found under `value`, checked against the template. */
function checkReferences(db: SpecDatabase, template: Template, value: Json, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => checkReferences(db, template, item, `${path}[${i}]`));
  if (!isObject(value)) return [];
  const problems: string[] = [];
  const ref = value.Ref;
  if (
    typeof ref === 'string' &&
    !pseudoParameters.has(ref) &&
    !(ref in template.Resources) &&
    !(ref in (template.Parameters ?? {}))
  )
    problems.push(`${path}: Ref to unknown ${ref}`);
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) {
    const [logicalId, attribute] = getAtt as [string, string];
    const target = template.Resources[logicalId];
    const spec = target && db.lookup('resource', 'cloudFormationType', 'equals', target.Type).only();
    if (!target) problems.push(`${path}: Fn::GetAtt of unknown ${logicalId}`);
    else if (spec && !(attribute in spec.attributes))
      problems.push(`${path}: ${target.Type} has no attribute ${attribute}`);
  }
  const condition = Array.isArray(value['Fn::If']) ? value['Fn::If'][0] : value.Condition;
  if (typeof condition === 'string' && !(condition in (template.Conditions ?? {})))
    problems.push(`${path}: unknown condition ${condition}`);
  for (const [key, item] of Object.entries(value))
    problems.push(...checkReferences(db, template, item, `${path}.${key}`));
  return problems;
}

function checkResource(db: SpecDatabase, template: Template, logicalId: string): string[] {
  const resource = template.Resources[logicalId] as Template['Resources'][string];
  const path = `Resources.${logicalId}`;
  const problems = Object.keys(resource)
    .filter((key) => !resourceKeys.has(key))
    .map((key) => `${path}: unknown resource attribute ${key}`);
  const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
  for (const target of dependsOn as string[])
    if (!(target in template.Resources)) problems.push(`${path}.DependsOn: unknown ${target}`);
  if (resource.Type.startsWith('Custom::')) return problems;
  const specs = db.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
  if (specs.length !== 1) return [...problems, `${path}: unknown resource type ${resource.Type}`];
  const spec = specs.only() as { properties: Record<string, SpecType> };
  return [...problems, ...checkProperties(db, spec.properties, resource.Properties ?? {}, `${path}.Properties`)];
}

/** Every problem of `template` against the resource specification; empty when it is valid. */
function validateTemplate(db: SpecDatabase, template: Template): string[] {
  return [
    ...Object.keys(template.Resources).flatMap((logicalId) => checkResource(db, template, logicalId)),
    ...checkReferences(db, template, template.Resources, 'Resources'),
    ...checkReferences(db, template, template.Outputs ?? {}, 'Outputs'),
    ...checkReferences(db, template, template.Conditions ?? {}, 'Conditions'),
  ];
}

export type { SpecDatabase, Template };
export { loadAwsServiceSpec, validateTemplate };
