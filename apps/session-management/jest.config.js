module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'session-management',
  roots: ['<rootDir>/src'],
};
