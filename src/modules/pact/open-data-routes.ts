import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, TerritoryParams } from '../../platform/http/schemas.js';
import { commitmentsCsv, taskForcesCsv } from './open-data.js';
import type { PactDataService } from './pact-data.js';

const fileResponse = (mediaType: string, description: string) => ({ description, content: { [mediaType]: { schema: { type: 'string' } } } });

/**
 * The Pact's open data at stable addresses (public): commitments and task forces, as CSV (RFC 4180,
 * UTF-8, comma; the commitments file is re-importable) and as JSON (`{ territory, generatedAt, count, items }`).
 */
export function registerOpenDataRoutes(app: HttpServer, pactData: PactDataService): void {
  const tags = ['pact', 'open data'];
  const base = '/api/v1/t/:territory/open-data';

  const file = (name: string, mediaType: string, description: string, body: (slug: string) => Promise<string>) =>
    app.get(
      `${base}/${name}`,
      { schema: { tags, summary: `Open data: ${description}`, params: TerritoryParams, response: { 200: fileResponse(mediaType, description), ...errorResponses(404) } } },
      async (request, reply) => {
        const slug = request.params.territory;
        const content = await body(slug);
        return reply
          .header('content-type', `${mediaType}; charset=utf-8${mediaType === 'text/csv' ? '; header=present' : ''}`)
          .header('content-disposition', `inline; filename="${slug}-${name}"`)
          .header('cache-control', 'public, max-age=300')
          .send(content);
      },
    );

  file('commitments.csv', 'text/csv', 'commitments with owner, task force, target, weight, status, progress and whether late (re-importable)', async (slug) =>
    commitmentsCsv((await pactData.commitmentsOpenData(slug)).items),
  );
  file('commitments.json', 'application/json', 'commitments with owner, task force, target, weight, status, progress and whether late', async (slug) =>
    JSON.stringify(await pactData.commitmentsOpenData(slug)),
  );
  file('task-forces.csv', 'text/csv', 'task forces with status, governance, planned budget, weighted progress, counts of commitments by status and late, leads', async (slug) =>
    taskForcesCsv((await pactData.taskForcesOpenData(slug)).items),
  );
  file('task-forces.json', 'application/json', 'task forces with status, governance, planned budget (cents), weighted progress, counts of commitments and leads', async (slug) =>
    JSON.stringify(await pactData.taskForcesOpenData(slug)),
  );
}
