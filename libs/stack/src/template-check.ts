// Checks a CloudFormation template against the CloudFormation resource specification (the
// `@aws-cdk/cfnspec` package ships it): property names, required properties and value types, so a
// typo in a stack fails `npm test` offline instead of a deploy.

/** One property in the specification. */
interface PropertySpec {
  PrimitiveType?: string;
  Type?: string;
  ItemType?: string;
  PrimitiveItemType?: string;
  Required?: boolean;
}

/** A resource or property type: its properties. */
interface TypeSpec {
  Properties?: Record<string, PropertySpec>;
}

/** The parts of the specification the check reads. */
export interface CfnSpecification {
  ResourceTypes: Record<string, TypeSpec>;
  PropertyTypes: Record<string, TypeSpec & PropertySpec>;
}

/** What is wrong at one place of the template, e.g. `Resources.Site.Properties.Foo: unknown property`. */
export interface TemplateProblem {
  path: string;
  problem: string;
}

const INTRINSICS = new Set([
  'Ref',
  'Condition',
  'Fn::Base64',
  'Fn::Cidr',
  'Fn::FindInMap',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::If',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Select',
  'Fn::Split',
  'Fn::Sub',
  'Fn::ToJsonString',
  'Fn::Length',
]);

function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSICS.has(keys[0] ?? '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function primitiveProblem(type: string, value: unknown): string | undefined {
  if (isIntrinsic(value)) return undefined;
  switch (type) {
    case 'String':
    case 'Timestamp':
      return typeof value === 'string' ? undefined : `expected a string, got ${JSON.stringify(value)}`;
    case 'Integer':
    case 'Long':
    case 'Double':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
        ? undefined
        : `expected a number, got ${JSON.stringify(value)}`;
    case 'Boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false'
        ? undefined
        : `expected a boolean, got ${JSON.stringify(value)}`;
    default:
      return undefined; // Json and anything newer: any value
  }
}

class TemplateChecker {
  readonly problems: TemplateProblem[] = [];

  constructor(private readonly spec: CfnSpecification) {}

  checkResource(path: string, resourceType: string, properties: unknown): void {
    const typeSpec = this.spec.ResourceTypes[resourceType];
    if (!typeSpec) {
      // Custom resources are not in the specification.
      if (!resourceType.startsWith('Custom::'))
        this.problems.push({ path, problem: `unknown resource type ${resourceType}` });
      return;
    }
    this.checkProperties(`${path}.Properties`, resourceType, typeSpec, properties ?? {});
  }

  private checkProperties(path: string, owner: string, typeSpec: TypeSpec, value: unknown): void {
    if (isIntrinsic(value)) return;
    if (!isRecord(value)) {
      this.problems.push({ path, problem: `expected an object, got ${JSON.stringify(value)}` });
      return;
    }
    const properties = typeSpec.Properties ?? {};
    for (const [name, property] of Object.entries(properties)) {
      if (property.Required && !(name in value))
        this.problems.push({ path: `${path}.${name}`, problem: 'required property missing' });
    }
    for (const [name, item] of Object.entries(value)) {
      const property = properties[name];
      if (!property) {
        this.problems.push({ path: `${path}.${name}`, problem: `unknown property of ${owner}` });
        continue;
      }
      this.checkValue(`${path}.${name}`, owner, property, item);
    }
  }

  private checkValue(path: string, owner: string, property: PropertySpec, value: unknown): void {
    if (isIntrinsic(value)) return;
    if (property.PrimitiveType) {
      const problem = primitiveProblem(property.PrimitiveType, value);
      if (problem) this.problems.push({ path, problem });
      return;
    }
    if (property.Type === 'List' || property.Type === 'Map') {
      if (property.Type === 'List' && !Array.isArray(value)) {
        this.problems.push({ path, problem: 'expected a list' });
        return;
      }
      if (property.Type === 'Map' && !isRecord(value)) {
        this.problems.push({ path, problem: 'expected a map' });
        return;
      }
      const entries: Iterable<[number | string, unknown]> = Array.isArray(value)
        ? value.entries()
        : Object.entries(value as Record<string, unknown>);
      for (const [key, item] of entries) {
        const itemPath = `${path}[${String(key)}]`;
        if (property.PrimitiveItemType) {
          const problem = primitiveProblem(property.PrimitiveItemType, item);
          if (problem) this.problems.push({ path: itemPath, problem });
        } else if (property.ItemType) {
          this.checkNamedType(itemPath, owner, property.ItemType, item);
        }
      }
      return;
    }
    if (property.Type) this.checkNamedType(path, owner, property.Type, value);
  }

  private checkNamedType(path: string, owner: string, typeName: string, value: unknown): void {
    const resourceType = owner.split('.')[0] ?? owner;
    const fullName = this.spec.PropertyTypes[`${resourceType}.${typeName}`]
      ? `${resourceType}.${typeName}`
      : typeName; // shared types such as `Tag`
    const typeSpec = this.spec.PropertyTypes[fullName];
    if (!typeSpec) {
      this.problems.push({ path, problem: `unknown property type ${fullName}` });
      return;
    }
    if (typeSpec.PrimitiveType || typeSpec.Type) this.checkValue(path, fullName, typeSpec, value);
    else this.checkProperties(path, fullName, typeSpec, value);
  }
}

/**
 * Lists what in a template's resources disagrees with the CloudFormation resource specification:
 * unknown resource types and properties, missing required properties, values of the wrong type.
 * Intrinsic functions (`Ref`, `Fn::Sub`, …) are accepted wherever a value goes.
 *
 * @example
 * const { specification } = require('@aws-cdk/cfnspec');
 * checkTemplate(template, specification()); // [] when every resource is well formed
 */
export function checkTemplate(
  template: { Resources?: Record<string, unknown> },
  spec: CfnSpecification,
): TemplateProblem[] {
  const checker = new TemplateChecker(spec);
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const path = `Resources.${logicalId}`;
    if (!isRecord(resource) || typeof resource['Type'] !== 'string') {
      checker.problems.push({ path, problem: 'a resource needs a Type' });
      continue;
    }
    checker.checkResource(path, resource['Type'], resource['Properties']);
  }
  return checker.problems;
}
