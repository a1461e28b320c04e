module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'lambda',
  roots: ['<rootDir>/src'],
};
