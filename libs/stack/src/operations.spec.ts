import { baseServerlessConfig } from './base-config';
import { withOperations } from './operations';

function config() {
  return baseServerlessConfig({
    app: 'translation-pipeline',
    stage: 'dev',
    environment: {},
    iamStatements: [],
    functions: {
      translateUtterance: { handler: 'src/handlers/translate.translateUtteranceHandler', timeout: 60 },
    },
    resources: { Existing: { Type: 'AWS::SQS::Queue', Properties: {} } },
    outputs: { Existing: { Value: 'x' } },
    offlinePorts: { httpPort: 1, websocketPort: 2, lambdaPort: 3 },
  });
}

describe('withOperations', () => {
  it('merges function settings, resources, outputs, extensions and provider settings', () => {
    // Act
    const merged = withOperations(config(), {
      functions: { translateUtterance: { reservedConcurrency: 10 } },
      resources: { Added: { Type: 'AWS::SNS::Topic', Properties: {} } },
      outputs: { Added: { Value: 'y' } },
      extensions: { HttpApiStage: { Properties: {} } },
      provider: { logs: { httpApi: true } },
    });

    // Assess
    expect(merged.functions['translateUtterance']).toEqual({
      handler: 'src/handlers/translate.translateUtteranceHandler',
      timeout: 60,
      reservedConcurrency: 10,
    });
    expect(Object.keys(merged.resources?.Resources ?? {})).toEqual(['Existing', 'Added']);
    expect(Object.keys(merged.resources?.Outputs ?? {})).toEqual(['Existing', 'Added']);
    expect(merged.resources).toMatchObject({ extensions: { HttpApiStage: { Properties: {} } } });
    expect(merged.provider).toMatchObject({ runtime: 'nodejs22.x', logs: { httpApi: true } });
  });

  it('adds no extensions when none are given', () => {
    // Act
    const merged = withOperations(config(), {});

    // Assess
    expect(merged.resources).not.toHaveProperty('extensions');
  });

  it('refuses settings for a function the config lacks, so a rename cannot drop them', () => {
    // Act
    const attempt = () => withOperations(config(), { functions: { translate: { reservedConcurrency: 1 } } });

    // Assess
    expect(attempt).toThrow(
      'OPERATIONS_UNKNOWN_FUNCTION: lingocast-translation-pipeline has no function translate',
    );
  });
});
