module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'session-data',
  roots: ['<rootDir>/src'],
};
