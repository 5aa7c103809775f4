import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RegisterCommands } from '../../command-context.js';
import { systemActor } from '../../platform/auth/actor.js';
import { OPEN_DATA_COLUMNS, OPEN_DATA_TABLES, toCsv, toJson } from './open-data.js';
import { formatEuros } from './service.js';

export const registerFundingCommands: RegisterCommands = (program: Command, withServices) => {
  const funding = program.command('funding').description('Funding plans, crowdfunding campaigns and budget execution.');

  funding
    .command('close-campaigns')
    .description('Resolve every open campaign past its deadline (succeeded: local currency paid out; failed: every hold voided). Safe to run again, e.g. from cron.')
    .option('-t, --territory <slug>', 'only this territory')
    .action(async (options: { territory?: string }) => {
      const resolved = await withServices((s) => s.fundingCampaigns.closeDueCampaigns(systemActor('cli funding close-campaigns'), options.territory ? { slug: options.territory } : {}));
      if (resolved.length === 0) console.log('No open campaign is past its deadline.');
      for (const r of resolved) console.log(`${r.outcome === 'succeeded' ? '✔' : '✘'} ${r.title}: ${r.outcome}, ${formatEuros(r.raised)} raised of ${formatEuros(r.goal)}`);
    });

  funding
    .command('export')
    .description('Write the funding open data of a territory: funding.json and one CSV per table (funding-lines, campaigns, expenses, execution).')
    .requiredOption('-t, --territory <slug>', 'the territory')
    .option('-o, --out <dir>', 'directory to write into', '.')
    .action(async (options: { territory: string; out: string }) => {
      const dataset = await withServices((s) => s.fundingOpenData.dataset(options.territory));
      fs.mkdirSync(options.out, { recursive: true });
      const written = [path.join(options.out, `${dataset.territory.slug}-funding.json`)];
      fs.writeFileSync(written[0]!, toJson(dataset));
      for (const table of OPEN_DATA_TABLES) {
        const file = path.join(options.out, `${dataset.territory.slug}-${table}.csv`);
        fs.writeFileSync(file, toCsv(dataset.tables[table], OPEN_DATA_COLUMNS[table]));
        written.push(file);
      }
      for (const file of written) console.log(`wrote ${file}`);
    });
};
