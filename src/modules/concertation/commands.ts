import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { RegisterCommands } from '../../command-context.js';
import { systemActor } from '../../platform/auth/actor.js';
import { isIsoDate } from './model.js';

const date = (value: string) => {
  if (!isIsoDate(value)) throw new InvalidArgumentError('a date is written YYYY-MM-DD.');
  return value;
};
const year = (value: string) => {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('an edition is named by its year, e.g. 2026.');
  return Number(value);
};
const language = (value: string) => {
  if (value !== 'fr' && value !== 'en') throw new InvalidArgumentError('the report is written in fr or en.');
  return value;
};

export const registerConcertationCommands: RegisterCommands = (program: Command, withServices) => {
  const evaluation = program.command('evaluation').description('Evaluation snapshots and reports of the yearly concertation workshops.');

  evaluation
    .command('snapshot')
    .description('Freeze the evaluation figures of a Pact as they stood at the end of a date; prints the snapshot id and its SHA-256.')
    .requiredOption('-p, --pact <territory>', 'the territory whose Pact is evaluated (a territory has one Pact)')
    .requiredOption('-d, --date <YYYY-MM-DD>', 'the date of the situation (today or earlier)', date)
    .option('-e, --edition <year>', 'the workshop edition it is taken for', year)
    .action(async (options: { pact: string; date: string; edition?: number }) => {
      const snapshot = await withServices((s) => s.evaluation.take(systemActor('cli evaluation snapshot'), options.pact, { asOf: options.date, editionYear: options.edition ?? null }));
      const c = snapshot.content;
      console.log(`Snapshot ${snapshot.id} of ${c.territory.name}, situation on ${snapshot.asOf}`);
      console.log(`  ${c.commitments.length} commitment(s), ${c.taskForces.length} task force(s), ${c.indicators.length} indicator(s), ${c.certificates.total} certificate(s) in force${c.currency ? `, ${(c.currency.circulation / 100).toFixed(2)} ${c.currency.code} in circulation` : ''}`);
      console.log(`  SHA-256 ${snapshot.contentSha256}`);
    });

  evaluation
    .command('report')
    .description('Write the evaluation report of a snapshot as a PDF with its charts.')
    .requiredOption('-s, --snapshot <id>', 'the snapshot')
    .requiredOption('--pdf <file>', 'the PDF file to write')
    .option('-l, --lang <fr|en>', 'the language of the report', language, 'fr')
    .option('-c, --compare-with <id>', 'an earlier snapshot to compare with')
    .action(async (options: { snapshot: string; pdf: string; lang: 'fr' | 'en'; compareWith?: string }) => {
      const pdf = await withServices(async (s) => {
        const slug = await s.evaluation.territoryOf(options.snapshot);
        if (options.compareWith && (await s.evaluation.territoryOf(options.compareWith)) !== slug) {
          throw new InvalidArgumentError(`--compare-with: snapshot ${options.compareWith} is not of the same territory.`);
        }
        return s.evaluationReports.snapshotPdf(slug, options.snapshot, options.lang, options.compareWith ?? null);
      });
      fs.mkdirSync(path.dirname(path.resolve(options.pdf)), { recursive: true });
      fs.writeFileSync(options.pdf, pdf);
      console.log(`wrote ${options.pdf} (${pdf.length} bytes)`);
    });
};
