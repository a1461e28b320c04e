module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'client',
  roots: ['<rootDir>/src'],
};
