import { retentionPolicies, stageRetainsData } from './retention';

describe('retentionPolicies', () => {
  it('retains prod data on removal and on replacement', () => {
    // Act
    const policies = retentionPolicies('prod');

    // Assess
    expect(policies).toEqual({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(stageRetainsData('prod')).toBe(true);
  });

  it.each(['dev', 'staging', 'production-copy', 'Prod'])('deletes the data of %s with its stack', (stage) => {
    // Act
    const policies = retentionPolicies(stage);

    // Assess
    expect(policies).toEqual({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(stageRetainsData(stage)).toBe(false);
  });
});
