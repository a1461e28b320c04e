/** Stages whose data outlives their stack: a `serverless remove` or a replacement keeps it. */
export const DATA_RETAINING_STAGES: readonly string[] = ['prod'];

/** How CloudFormation treats a stateful resource when it is removed or replaced. */
export interface RetentionPolicies {
  DeletionPolicy: 'Retain' | 'Delete';
  UpdateReplacePolicy: 'Retain' | 'Delete';
}

/**
 * Whether a stage keeps its data (tables, the speaker user pool) when its stack goes: only prod.
 *
 * @example
 * stageRetainsData('prod') // true
 * stageRetainsData('dev')  // false
 */
export function stageRetainsData(stage: string): boolean {
  return DATA_RETAINING_STAGES.includes(stage);
}

/**
 * The deletion and replacement policies of a stage's stateful resources: `Retain` on prod, so
 * removing it never deletes data or speaker accounts; `Delete` elsewhere, so a failed first
 * create or a `remove` of dev leaves no fixed-name table behind to block the next deploy.
 *
 * @example
 * { Type: 'AWS::Cognito::UserPool', ...retentionPolicies(stage), Properties: { … } }
 */
export function retentionPolicies(stage: string): RetentionPolicies {
  const policy = stageRetainsData(stage) ? 'Retain' : 'Delete';
  return { DeletionPolicy: policy, UpdateReplacePolicy: policy };
}
