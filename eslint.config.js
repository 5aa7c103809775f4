import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'var/', 'e2e/screenshots/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks what is deliberately left unused (a destructured field set aside).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
