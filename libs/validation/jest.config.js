module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'validation',
  roots: ['<rootDir>/src'],
};
