import canonicalizeModule from 'canonicalize';

// The package is CommonJS with `module.exports = serialize`; NodeNext types it as a namespace.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** JSON in the JSON Canonicalization Scheme (RFC 8785): the same value always gives the same text, so its hash can be checked. */
export function canonicalJson(value: unknown): string | undefined {
  return canonicalize(value);
}
