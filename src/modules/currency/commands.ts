import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import type { RegisterCommands } from '../../command-context.js';
import { systemActor } from '../../platform/auth/actor.js';
import type { Owner } from './model.js';

/** `123.45` or `123,45` euros (or local units) → minor units, refusing anything ambiguous. */
export function parseMinorUnits(value: string): bigint {
  const match = /^(\d{1,13})(?:[.,](\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`"${value}" is not an amount like 12.50`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

function owner(value: string): Owner {
  const [type, id] = value.split(':');
  if ((type !== 'person' && type !== 'organisation') || !id) throw new InvalidArgumentError('an owner reads person:<id> or organisation:<id>');
  return { type, id };
}

export const registerCurrencyCommands: RegisterCommands = (program: Command, withServices) => {
  const currency = program.command('currency').description('The local currency and time bank (as the currency operator).');

  currency
    .command('issue')
    .description('Issue local currency to a member against euros received into the reserve.')
    .requiredOption('-t, --territory <slug>', 'the territory')
    .requiredOption('--to <owner>', 'person:<id> or organisation:<id>', owner)
    .requiredOption('--amount <amount>', 'amount in units, e.g. 50 or 12.50', parseMinorUnits)
    .option('--key <key>', 'idempotency key (default: a new UUID); reuse it to retry safely')
    .action(async (options: { territory: string; to: Owner; amount: bigint; key?: string }) => {
      const account = await withServices((s) =>
        s.currency.issue(systemActor('cli currency issue'), options.territory, { key: options.key ?? randomUUID(), to: options.to, amount: options.amount }),
      );
      console.log(`Issued. Balance of ${options.to.type} ${options.to.id}: ${(Number(account.balance) / 100).toFixed(2)} ${account.unit}`);
    });

  currency
    .command('pay')
    .description('Pay from one member to another (as the system: for corrections agreed by both).')
    .requiredOption('-t, --territory <slug>', 'the territory')
    .requiredOption('--from <owner>', 'person:<id> or organisation:<id>', owner)
    .requiredOption('--to <owner>', 'person:<id> or organisation:<id>', owner)
    .requiredOption('--amount <amount>', 'amount in units, e.g. 12.50', parseMinorUnits)
    .option('--memo <memo>', 'what the payment is for')
    .option('--key <key>', 'idempotency key (default: a new UUID)')
    .action(async (options: { territory: string; from: Owner; to: Owner; amount: bigint; memo?: string; key?: string }) => {
      const account = await withServices((s) =>
        s.currency.pay(systemActor('cli currency pay'), options.territory, {
          key: options.key ?? randomUUID(),
          from: options.from,
          to: options.to,
          amount: options.amount,
          ...(options.memo ? { memo: options.memo } : {}),
        }),
      );
      console.log(`Paid. Payer's balance: ${(Number(account.balance) / 100).toFixed(2)} ${account.unit}`);
    });

};
