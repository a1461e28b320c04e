module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'contract',
  roots: ['<rootDir>/src'],
};
