import { useEnvironment } from './environment';

const NAME = 'LINGOCAST_USE_ENVIRONMENT_PROBE';

describe('useEnvironment', () => {
  describe('inside the block that calls it', () => {
    useEnvironment({ [NAME]: 'set', STAGE: 'probe-stage' });

    it('sets the variables for its tests', () => {
      expect(process.env[NAME]).toBe('set');
      expect(process.env['STAGE']).toBe('probe-stage');
    });
  });

  describe('after that block', () => {
    it('has put the environment back', () => {
      expect(process.env[NAME]).toBeUndefined();
      expect(process.env['STAGE']).not.toBe('probe-stage');
    });
  });
});
