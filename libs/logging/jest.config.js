module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'logging',
  roots: ['<rootDir>/src'],
};
