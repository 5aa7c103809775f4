import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { connectDatabase } from './connect.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-checkpoint-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('copies committed pages from the log into the database file on its own thread, not at commit', async () => {
  const file = path.join(dir, 'pacte21.db');
  const database = connectDatabase(`sqlite:${file}`);
  try {
    await sql`create table notes (id integer primary key, body text not null)`.execute(database.db);
    // ~2 MB in one commit: far under the 160 MB past which a commit would checkpoint by itself.
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000)
      insert into notes (body) select printf('%.1000c', 'x') from n`.execute(database.db);
    const deadline = Date.now() + 5000;
    while (fs.statSync(file).size < 2_000_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(2_000_000);
  } finally {
    await database.close();
  }
});
