module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'errors',
  roots: ['<rootDir>/src'],
};
