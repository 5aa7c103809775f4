import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox';

/** The problem+json body, referenced by every route's error responses in the OpenAPI document. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          code: Type.String(),
          message: Type.String(),
          row: Type.Optional(Type.Integer()),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details with a stable code' },
);

/** A reference to a shared schema (added with app.addSchema), typed as the schema itself. */
export function refTo<T extends TSchema>(schema: T) {
  return Type.Unsafe<Static<T>>({ $ref: `${(schema as { $id?: string }).$id}#` });
}

/** A string restricted to a list of values, typed as their union. */
export function oneOf<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

const problemRef = refTo(ProblemSchema);

/** Error responses every route may give; route-specific ones are added by the route. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const all = new Set([400, 422, ...statuses]);
  return Object.fromEntries([...all].map((s) => [s, problemRef]));
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const CursorPageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

export const TerritoryParams = Type.Object({ territory: Type.String({ pattern: '^[a-z0-9-]{2,64}$' }) });
