module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'config',
  roots: ['<rootDir>/src'],
};
