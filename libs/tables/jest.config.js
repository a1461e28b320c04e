module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'tables',
  roots: ['<rootDir>/src'],
};
