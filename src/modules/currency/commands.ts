import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import type { RegisterCommands } from '../../command-context.js';
import { systemActor } from '../../platform/auth/actor.js';
import type { Owner } from './model.js';
import { parsePayrollCsv } from './salary-share-model.js';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createAccountingServices } from './accounting.js';
import { formatAmount } from './statements.js';

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
      console.log(`Issued. Balance of ${options.to.type} ${options.to.id}: ${formatAmount(account.balance, account.unit)} ${account.unit}`);
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
      console.log(`Paid. Payer's balance: ${formatAmount(account.balance, account.unit)} ${account.unit}`);
    });


  currency
    .command('payroll <file>')
    .description('Convert the salary share of an employer for one month from a CSV (employee_email,net_salary); atomic and idempotent per employer and period.')
    .requiredOption('-t, --territory <slug>', 'the territory')
    .requiredOption('--employer <organisationId>', 'the employer organisation')
    .requiredOption('--period <YYYY-MM>', 'the month of the payslips')
    .option('--preview', 'show what would be converted, write nothing')
    .action(async (file: string, options: { territory: string; employer: string; period: string; preview?: boolean }) => {
      if (!fs.existsSync(file)) throw new InvalidArgumentError(`no file at ${file}`);
      const lines = parsePayrollCsv(fs.readFileSync(file, 'utf8'));
      const actor = systemActor('cli currency payroll');
      const bar = new SingleBar({ format: 'payroll |{bar}| {value}/{total} employees', hideCursor: true }, Presets.shades_classic);
      const outcome = await withServices(async (s) => {
        if (options.preview) return { report: await s.salaryShare.previewPayroll(actor, options.territory, options.employer, options.period, lines), replayed: false };
        return s.salaryShare.runPayroll(actor, options.territory, options.employer, options.period, lines, (done, total) => {
          if (done === 0) bar.start(total, 0);
          else bar.update(done);
        });
      });
      bar.stop();
      const { report, replayed } = outcome;
      const euros = (cents: number) => formatAmount(BigInt(cents), 'EUR');
      console.log(`${options.preview ? 'Preview' : replayed ? 'Already converted (same payroll): first report' : 'Converted'} for ${report.period}:`);
      console.log(`  ${report.employees} employee(s) converted ${euros(report.totalConverted)} of ${euros(report.totalNet)} EUR net salaries`);
      for (const n of report.notConverted) console.log(`  row ${n.row} ${n.email}: not converted (${n.reason})`);
    });

  currency
    .command('fec')
    .description("Write the issuing association's FEC (Fichier des Écritures Comptables, LPF art. A47 A-1) for a fiscal year.")
    .requiredOption('-t, --territory <slug>', 'the territory')
    .requiredOption('--year <YYYY>', 'the fiscal year, 1 January to 31 December', (value: string) => {
      if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('a year reads YYYY');
      return Number(value);
    })
    .option('--organisation <id>', 'the issuing association, whose SIRET gives the SIREN of the file name')
    .option('--siren <siren>', 'or the SIREN of the issuing association')
    .option('--out <dir>', 'the folder to write SirenFECAAAAMMJJ.txt into', '.')
    .action(async (options: { territory: string; year: number; organisation?: string; siren?: string; out: string }) => {
      const target = await withServices(async (s, database) => {
        const { fec } = createAccountingServices(database.db, s.territories, s.currency);
        const file = await fec.exportFec(systemActor('cli currency fec'), options.territory, {
          year: options.year,
          ...(options.organisation ? { organisationId: options.organisation } : {}),
          ...(options.siren ? { siren: options.siren } : {}),
        });
        fs.mkdirSync(options.out, { recursive: true });
        const destination = path.join(options.out, file.filename);
        // Written aside and renamed, so that a failed export never leaves a truncated FEC behind.
        await pipeline(Readable.from(file.content), fs.createWriteStream(`${destination}.part`));
        fs.renameSync(`${destination}.part`, destination);
        return destination;
      });
      console.log(`FEC written to ${target}`);
    });

  currency
    .command('demurrage')
    .description("Apply a day's demurrage to the idle member accounts of the local currency; running the same day again changes nothing.")
    .requiredOption('-t, --territory <slug>', 'the territory')
    .requiredOption('--date <YYYY-MM-DD>', 'the day charged, once it is over')
    .action(async (options: { territory: string; date: string }) => {
      const bar = new SingleBar({ format: 'demurrage |{bar}| {value}/{total} accounts', hideCursor: true }, Presets.shades_classic);
      const report = await withServices(async (s, database) => {
        const { demurrage } = createAccountingServices(database.db, s.territories, s.currency);
        return demurrage.applyDemurrage(systemActor('cli currency demurrage'), options.territory, options.date, (done, total) => {
          if (done === 0 && total > 0) bar.start(total, 0);
          else if (total > 0) bar.update(done);
        });
      });
      bar.stop();
      console.log(`Demurrage of ${report.date}: ${report.charged} account(s) charged ${formatAmount(report.total, report.unit)} ${report.unit} to the demurrage fund, of ${report.accounts} account(s).`);
      if (report.alreadyApplied > 0) console.log(`  ${report.alreadyApplied} account(s) were already charged for this day.`);
      if (report.refused > 0) console.log(`  ${report.refused} account(s) could not pay (frozen, closed, or emptied since).`);
    });

  currency
    .command('expire-holds')
    .description('Void the ledger holds whose timeout has passed, in every territory (the server also does it every minute); running it again changes nothing.')
    .action(async () => {
      const summary = await withServices((s) => s.currency.expireHolds(systemActor('cli currency expire-holds')));
      const expired = summary.reduce((n, t) => n + t.expired, 0);
      console.log(`${expired} hold(s) expired, in ${summary.filter((t) => t.expired > 0).length} territory(ies).`);
      const refused = summary.reduce((n, t) => n + t.refused, 0);
      if (refused > 0) console.log(`  ${refused} hold(s) could not be voided (an account closed since).`);
    });
};
