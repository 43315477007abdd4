// Four projects, so CI and developers can run each layer alone (`npm run test:unit`, `test:integration`, `test:e2e`):
//   unit        pure code in node (domain rules, connector logic against fakes)
//   unit-dom    controls and web resources in jsdom, against fakes
//   integration anything that starts or reads a stand-in (sandbox/): Dataverse, Business Central, the sandbox app
//   e2e         real Chromium through playwright-core (tests/e2e/support/browser)
// A test's layer follows from what it imports (see `layerOf`), so a new test lands in the right project by itself.
const fs = require('fs');
const path = require('path');

const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'classic' } } }, module: { type: 'commonjs' } }] };
const TESTS = path.join(__dirname, 'tests');

// Imports that mean "this test runs Chromium" / "this test starts or reads a stand-in".
const BROWSER = /from '\.\/support\/browser'/;
const STANDIN = /from '(?:\.\.?\/)+(?:sandbox\/[^']*|(?:connector\/|sync\/)?harness|helpers|support)'|'sandbox\/(?:dataverse|businesscentral)\/cli\.ts'/;

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(p);
    return /\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** 'e2e' | 'integration' | 'unit-dom' | 'unit' for one test file. */
function layerOf(file) {
  const source = fs.readFileSync(file, 'utf8');
  if (BROWSER.test(source)) return 'e2e';
  if (STANDIN.test(source)) return 'integration';
  const rel = path.relative(TESTS, file).split(path.sep).join('/');
  return rel.startsWith('controls/') || rel.startsWith('webresources/') ? 'unit-dom' : 'unit';
}

const files = testFiles(TESTS);
const layer = (name) => files.filter((f) => layerOf(f) === name);
// Integration tests under controls/ and webresources/ keep their jsdom environment.
const isDomFolder = (f) => /[\\/]tests[\\/](controls|webresources)[\\/]/.test(f);

const project = (displayName, testEnvironment, testMatch, extra = {}) => ({
  displayName,
  testEnvironment,
  transform,
  // out/ holds built copies (out/connector/package.json would collide with connector/package.json).
  modulePathIgnorePatterns: ['<rootDir>/out/'],
  // Exact paths: a file belongs to exactly one project.
  testMatch: testMatch.length ? testMatch : ['<rootDir>/tests/__no_test_in_this_layer__'],
  ...extra,
});
const domSetup = { setupFilesAfterEnv: ['<rootDir>/tests/support/dom-setup.ts'] };
const integration = layer('integration');

module.exports = {
  testTimeout: 60000,
  // 2 cores: two workers keep both busy while the stand-in tests wait on sockets; e2e runs alone (`--runInBand`).
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    project('unit', 'node', layer('unit')),
    project('unit-dom', 'jsdom', layer('unit-dom'), domSetup),
    project('integration', 'node', integration.filter((f) => !isDomFolder(f))),
    project('integration-dom', 'jsdom', integration.filter(isDomFolder), domSetup),
    project('e2e', 'node', layer('e2e')),
  ],
};
