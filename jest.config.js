// Two projects: browser-like code (controls, web resources) runs in jsdom; servers and tools in node.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'classic' } } }, module: { type: 'commonjs' } }] };
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'dom',
      testEnvironment: 'jsdom',
      transform,
      testMatch: ['<rootDir>/tests/controls/**/*.test.ts?(x)', '<rootDir>/tests/webresources/**/*.test.ts?(x)'],
      setupFilesAfterEnv: ['<rootDir>/tests/support/dom-setup.ts'],
    },
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/controls/', '<rootDir>/tests/webresources/'],
    },
  ],
};
