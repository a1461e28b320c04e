module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'aws',
  roots: ['<rootDir>/src'],
};
