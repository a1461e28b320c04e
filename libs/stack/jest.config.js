module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'stack',
  roots: ['<rootDir>/src'],
};
