import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { RegisterCommands, WithServices } from '../../command-context.js';
import type { Services } from '../../app.js';
import { systemActor } from '../../platform/auth/actor.js';
import { commitmentsCsv, taskForcesCsv } from './open-data.js';

/** A command group shared with other modules (`import`, `export`): the one already declared, or a new one. */
function group(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

function format(value: string): 'csv' | 'json' {
  if (value !== 'csv' && value !== 'json') throw new InvalidArgumentError('the format is csv or json.');
  return value;
}

/** The territory named, or the only one there is. */
async function territoryOf(services: Services, slug: string | undefined): Promise<string> {
  if (slug) return slug;
  const all = await services.territories.listTerritories();
  if (all.length !== 1) throw new InvalidArgumentError(`name the territory with --territory (there are ${all.length}).`);
  return all[0]!.slug;
}

/** `pacte21 pact sweep-late`, `pacte21 import commitments`, `pacte21 export commitments | task-forces`. */
export const registerPactCommands: RegisterCommands = (program: Command, withServices: WithServices) => {
  program
    .command('pact')
    .description('The Pact, its task forces and commitments.')
    .command('sweep-late')
    .description('Announce, once each, the commitments past their deadline or milestone: a chronicle entry and a notification to their followers (the server also does it every hour).')
    .option('-t, --territory <slug>', 'only this territory')
    .action(async (options: { territory?: string }) => {
      const actor = systemActor('cli pact sweep-late');
      const results = await withServices(async (s) =>
        options.territory ? [{ territory: options.territory, announced: (await s.commitments.recordLate(actor, options.territory)).length }] : s.commitments.recordLateEverywhere(actor),
      );
      for (const r of results) console.log(`${r.territory}: ${r.announced} commitment(s) newly announced late.`);
    });

  group(program, 'import', 'Import data from CSV files.')
    .command('commitments <file>')
    .description('Import commitments from a CSV file (header: organisation,task_force,statement,indicator,target_value,unit,deadline,milestone_date,weight,status,progress; the open-data export is accepted as it is); all rows or none.')
    .requiredOption('-t, --territory <slug>', 'the territory to import into')
    .action(async (file: string, options: { territory: string }) => {
      if (!fs.existsSync(file)) throw new InvalidArgumentError(`no file at ${file}`);
      const csv = fs.readFileSync(file, 'utf8');
      const items = await withServices((s) => s.pactData.importCommitments(systemActor('cli import commitments'), options.territory, csv));
      console.log(`${items.length} commitment(s) imported into ${options.territory}.`);
    });

  const exportCommand = group(program, 'export', 'Export open data.');
  for (const [name, what] of [
    ['commitments', 'commitments (re-importable CSV, or JSON)'],
    ['task-forces', 'task forces with the roll-up of their commitments'],
  ] as const) {
    exportCommand
      .command(name)
      .description(`Write the open data of a territory's ${what} to a file or the standard output.`)
      .option('-t, --territory <slug>', 'the territory (default: the only one)')
      .option('-f, --format <format>', 'csv or json', format, 'csv' as const)
      .option('-o, --out <file>', 'the file to write (default: standard output)')
      .action(async (options: { territory?: string; format: 'csv' | 'json'; out?: string }) => {
        const text = await withServices(async (s) => {
          const slug = await territoryOf(s, options.territory);
          if (name === 'commitments') {
            const data = await s.pactData.commitmentsOpenData(slug);
            return options.format === 'csv' ? commitmentsCsv(data.items) : `${JSON.stringify(data, null, 2)}\n`;
          }
          const data = await s.pactData.taskForcesOpenData(slug);
          return options.format === 'csv' ? taskForcesCsv(data.items) : `${JSON.stringify(data, null, 2)}\n`;
        });
        if (options.out) {
          fs.writeFileSync(options.out, text);
          console.log(`Written to ${options.out}.`);
        } else process.stdout.write(text);
      });
  }
};
