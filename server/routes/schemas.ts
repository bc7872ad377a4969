/** Request schemas shared by route groups. */

/** A positive document id in the path: anything else is a 400 before a handler runs. */
export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
} as const;
