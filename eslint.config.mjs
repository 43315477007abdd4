// Flat config: TypeScript rules everywhere; the Power Apps checker rules (the same ones the
// solution checker runs) on code that runs inside model-driven apps: controls and web resources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import powerApps from '@microsoft/eslint-plugin-power-apps';
import globals from 'globals';

const powerAppsErrors = Object.fromEntries(Object.keys(powerApps.configs.paCheckerHosted.rules).map((r) => [r, 'error']));

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'solution/bin/**', 'coverage/**', 'test-results/**', '**/generated/**', '.sandbox-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['controls/**/*.{ts,tsx}', 'webresources/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, Xrm: 'readonly', ComponentFramework: 'readonly' } },
    plugins: { '@microsoft/power-apps': powerApps },
    rules: powerAppsErrors,
  },
  {
    files: ['tests/**/*.{ts,tsx,js}', 'jest.config.js', 'tests/support/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
);
