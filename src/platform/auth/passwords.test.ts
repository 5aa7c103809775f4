import { afterEach, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

const setting = process.env.PACTE21_PASSWORD_HASH_COST;
afterEach(() => {
  if (setting === undefined) delete process.env.PACTE21_PASSWORD_HASH_COST;
  else process.env.PACTE21_PASSWORD_HASH_COST = setting;
});

it('hashes at the configured cost, and verifies a hash by the parameters it carries', async () => {
  process.env.PACTE21_PASSWORD_HASH_COST = '10';
  const cheap = await hashPassword('correct-horse-battery');
  expect(cheap.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
  delete process.env.PACTE21_PASSWORD_HASH_COST;
  const strong = await hashPassword('correct-horse-battery');
  expect(strong.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
  for (const stored of [cheap, strong]) {
    expect(await verifyPassword('correct-horse-battery', stored)).toBe(true);
    expect(await verifyPassword('correct-horse-batterY', stored)).toBe(false);
  }
});

it('refuses a cost outside 10–20, naming the setting', async () => {
  for (const bad of ['9', '21', '12.5', 'fast']) {
    process.env.PACTE21_PASSWORD_HASH_COST = bad;
    await expect(hashPassword('correct-horse-battery')).rejects.toThrow(/PACTE21_PASSWORD_HASH_COST must be a whole number from 10 to 20/);
  }
});

it('stops the server at start when the cost is out of range, rather than at the first sign-up', async () => {
  const { createApp } = await import('../../app.js');
  const { loadConfig } = await import('../../config.js');
  process.env.PACTE21_PASSWORD_HASH_COST = '9';
  await expect(createApp(loadConfig({ cookieSecret: 'test-secret-test-secret-test-secret', logLevel: 'silent', databaseUrl: 'sqlite::memory:' }), { migrate: false })).rejects.toThrow(
    /PACTE21_PASSWORD_HASH_COST must be a whole number from 10 to 20/,
  );
});
