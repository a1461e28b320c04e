module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'translation-pipeline',
  roots: ['<rootDir>/src'],
};
