module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'audio-transcription',
  roots: ['<rootDir>/src'],
};
