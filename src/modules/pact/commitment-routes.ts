import fastifyMultipart from '@fastify/multipart';
import { Type } from '@fastify/type-provider-typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { errorResponses, Nullable, oneOf, TerritoryParams } from '../../platform/http/schemas.js';
import { COMMITMENT_STATUSES } from './commitment-model.js';
import { ACCEPTED_EVIDENCE_EXTENSIONS, attachmentHeader, MAX_EVIDENCE_BYTES } from './evidence-model.js';
import type { CommitmentsService, EvidenceForm } from './commitments.js';
import type { PactDataService } from './pact-data.js';

const TargetSchema = Type.Object({ indicatorCode: Type.String({ maxLength: 64 }), value: Type.Number(), unit: Type.String({ maxLength: 32 }), deadline: Type.String({ format: 'date' }) });
const TargetBody = Type.Object({ indicatorCode: Type.String({ maxLength: 64 }), value: Type.Number(), unit: Type.String({ maxLength: 32 }), deadline: Type.String({ maxLength: 10 }) });
const EvidenceFileSchema = Type.Object({
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the bytes, hex: check the download against it' }),
  size: Type.Integer({ description: 'bytes' }),
  mediaType: Type.String(),
  name: Type.String({ description: 'the name it was uploaded with' }),
});
const UpdateSchema = Type.Object({
  id: Type.String(),
  progress: Type.Integer(),
  status: oneOf(COMMITMENT_STATUSES),
  note: Nullable(Type.String()),
  evidenceUrl: Nullable(Type.String()),
  evidenceFile: Nullable(EvidenceFileSchema),
  evidenceDownloadPath: Nullable(Type.String({ description: 'API path of the evidence file’s download' })),
  recordedAt: Type.String({ format: 'date-time' }),
  recordedBy: Nullable(Type.String()),
});
const CommitmentFields = {
  id: Type.String(),
  ownerOrganisationId: Type.String(),
  taskForceId: Nullable(Type.String()),
  statement: Type.String(),
  target: Nullable(TargetSchema),
  milestoneDate: Nullable(Type.String({ format: 'date' })),
  weight: Type.Integer(),
  status: oneOf(COMMITMENT_STATUSES),
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  late: Type.Boolean({ description: 'still open after its deadline or milestone, as of today' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};
const CommitmentSchema = Type.Object(CommitmentFields);
const CommitmentDetailSchema = Type.Object({ ...CommitmentFields, updates: Type.Array(UpdateSchema) });
const CommitmentParams = Type.Object({ ...TerritoryParams.properties, id: Type.String({ maxLength: 64 }) });
const ImportedSchema = Type.Object({
  id: Type.String(),
  ownerOrganisationId: Type.String(),
  taskForceId: Nullable(Type.String()),
  statement: Type.String(),
  status: oneOf(COMMITMENT_STATUSES),
  progress: Type.Integer(),
});

// Any media type: the key is computed so that the reply is not typed as a JSON string.
const fileResponse = (description: string) => ({ description, content: { ['application/octet-stream' as string]: { schema: { type: 'string', format: 'binary' } } } });

const FORM_FIELDS = ['progress', 'status', 'note', 'evidenceUrl'] as const;

export function registerCommitmentRoutes(app: HttpServer, services: { commitments: CommitmentsService; pactData: PactDataService }): void {
  const { commitments, pactData } = services;
  const tags = ['pact'];
  const base = '/api/v1/t/:territory';

  app.get(
    `${base}/commitments`,
    {
      schema: {
        tags,
        summary: 'Commitments to the Pact, oldest first, with whether each is late today',
        params: TerritoryParams,
        querystring: Type.Object({
          taskForceId: Type.Optional(Type.String({ maxLength: 64 })),
          organisationId: Type.Optional(Type.String({ maxLength: 64 })),
          status: Type.Optional(oneOf(COMMITMENT_STATUSES)),
          late: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Type.Object({ items: Type.Array(CommitmentSchema) }), ...errorResponses(404) },
      },
    },
    async (request) => ({ items: await commitments.list(request.params.territory, request.query) }),
  );

  app.post(
    `${base}/commitments`,
    {
      schema: {
        tags,
        summary: 'Make a commitment for a signatory organisation (its representative, or a facilitator)',
        params: TerritoryParams,
        body: Type.Object({
          ownerOrganisationId: Type.String({ maxLength: 64 }),
          taskForceId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
          statement: Type.String({ maxLength: 2000 }),
          target: Type.Optional(Nullable(TargetBody)),
          milestoneDate: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
          weight: Type.Optional(Type.Integer()),
        }),
        response: { 201: CommitmentSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await commitments.make(request.actor, request.params.territory, request.body)),
  );

  app.post(
    `${base}/commitments/import`,
    {
      schema: {
        tags,
        summary: 'Import commitments from CSV (facilitator): all rows are made, or none',
        description:
          'Body: text/csv (comma or semicolon) with the header `organisation,task_force,statement,indicator,target_value,unit,deadline,milestone_date,weight,status,progress`; ' +
          '`organisation` is the SIRET (or id) of a signatory, `task_force` a task force’s name or id. The open-data CSV is accepted as it is (its extra columns are ignored). ' +
          'On any bad row the answer is 422 `invalid_csv` listing each row and column at fault, and nothing is written.',
        params: TerritoryParams,
        consumes: ['text/csv'],
        body: Type.String({ maxLength: 20 * 1024 * 1024 }),
        response: { 201: Type.Object({ created: Type.Integer(), items: Type.Array(ImportedSchema) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const items = await pactData.importCommitments(request.actor, request.params.territory, request.body);
      return reply.status(201).send({
        created: items.length,
        items: items.map((c) => ({ id: c.id, ownerOrganisationId: c.ownerOrganisationId, taskForceId: c.taskForceId, statement: c.statement, status: c.status, progress: c.progress })),
      });
    },
  );

  app.get(
    `${base}/commitments/:id`,
    { schema: { tags, summary: 'A commitment with its history of updates and evidence', params: CommitmentParams, response: { 200: CommitmentDetailSchema, ...errorResponses(404) } } },
    async (request) => commitments.get(request.params.territory, request.params.id),
  );

  app.patch(
    `${base}/commitments/:id`,
    {
      schema: {
        tags,
        summary: "Edit an open commitment: statement, target or milestone, weight, task force (the owner's representative and staff, facilitators)",
        description: 'Giving a target alone replaces the milestone, and a milestone alone replaces the target. Status and progress change through updates.',
        params: CommitmentParams,
        body: Type.Object({
          statement: Type.Optional(Type.String({ maxLength: 2000 })),
          target: Type.Optional(Nullable(TargetBody)),
          milestoneDate: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
          weight: Type.Optional(Type.Integer()),
          taskForceId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
        }),
        response: { 200: CommitmentSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => commitments.edit(request.actor, request.params.territory, request.params.id, request.body),
  );

  app.get(
    `${base}/commitments/:id/updates`,
    { schema: { tags, summary: "A commitment's updates, oldest first", params: CommitmentParams, response: { 200: Type.Object({ items: Type.Array(UpdateSchema) }), ...errorResponses(404) } } },
    async (request) => ({ items: await commitments.updates(request.params.territory, request.params.id) }),
  );

  app.post(
    `${base}/commitments/:id/updates`,
    {
      schema: {
        tags,
        summary: "Report progress, a status, a note and evidence (the owner's members, the task force's leads, facilitators)",
        params: CommitmentParams,
        body: Type.Object({
          progress: Type.Optional(Type.Integer()),
          status: Type.Optional(oneOf(COMMITMENT_STATUSES)),
          note: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
          evidenceUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
        }),
        response: { 201: CommitmentDetailSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await commitments.update(request.actor, request.params.territory, request.params.id, request.body)),
  );

  app.get(
    `${base}/commitments/:id/updates/:updateId/evidence`,
    {
      schema: {
        tags,
        summary: "Download an update's evidence file (public), as an attachment with its media type",
        params: Type.Object({ ...CommitmentParams.properties, updateId: Type.String({ maxLength: 64 }) }),
        response: { 200: fileResponse('The file as uploaded, with its own media type; its SHA-256 is in the update and in the ETag'), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { file, content } = await commitments.evidenceFile(request.params.territory, request.params.id, request.params.updateId);
      return reply
        .header('content-type', file.mediaType)
        .header('content-length', String(file.size))
        .header('content-disposition', attachmentHeader(file.name))
        .header('etag', `"${file.sha256}"`)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(content);
    },
  );

  // Multipart only where a file is expected; busboy stops counting a file at the limit, and the
  // use case refuses it then (nothing is kept).
  app.register(async (scope: HttpServer) => {
    await scope.register(fastifyMultipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: FORM_FIELDS.length + 2, fieldSize: 10_000, parts: FORM_FIELDS.length + 3 },
    });
    scope.post(
      `${base}/commitments/:id/evidence`,
      {
        schema: {
          tags,
          summary: 'Report progress with an uploaded evidence file (multipart/form-data; same people as an update)',
          description:
            `Form fields \`progress\`, \`status\`, \`note\`, \`evidenceUrl\` (all optional, sent before the file) and one file part \`file\`: ` +
            `${ACCEPTED_EVIDENCE_EXTENSIONS.join(', ')}, at most ${MAX_EVIDENCE_BYTES / (1024 * 1024)} MB. The file is kept once under its SHA-256, given back in the update. ` +
            'A file too large (`file_too_large`) or of another kind (`file_type_not_accepted`) is refused with 422 and nothing is kept.',
          params: CommitmentParams,
          consumes: ['multipart/form-data'],
          // Documents the form; the parts are read as a stream by the handler, so there is no body to validate here.
          body: {
            type: 'object',
            // Fastify validates a missing body as null.
            nullable: true,
            properties: {
              progress: { type: 'integer', minimum: 0, maximum: 100 },
              status: { type: 'string', enum: [...COMMITMENT_STATUSES] },
              note: { type: 'string', maxLength: 5000 },
              evidenceUrl: { type: 'string', maxLength: 2000 },
              file: { type: 'string', format: 'binary' },
            },
            required: ['file'],
          },
          response: { 201: CommitmentDetailSchema, ...errorResponses(401, 403, 404, 413) },
        },
      },
      async (request, reply) => {
        const detail = await commitments.reportWithEvidence(request.actor, request.params.territory, request.params.id, async (stage) => {
          const form: EvidenceForm = { fields: {}, file: null };
          for await (const part of request.parts()) {
            if (part.type === 'field') form.fields[part.fieldname] = String(part.value);
            else if (form.file === null) {
              const file = part.file;
              form.file = await stage(file, part.filename, () => file.truncated);
            } else part.file.resume();
          }
          return form;
        });
        return reply.status(201).send(detail);
      },
    );
  });
}
