// The longest text the API takes in a field of an operation's request body,
// read from the very schema the API parses that body with (through its JSON
// Schema, as the OpenAPI document publishes it): the maxLength a card's
// Input.Text carries, so the Teams client stops the officer where the API
// would, and a limit changed in the contract changes the card with it.
import { operationOf, type OperationId } from '../api/apiOperations.js';
import { jsonSchemaOf } from '../api/openApiDocument.js';

type JsonNode = { type?: unknown; maxLength?: unknown; properties?: Record<string, JsonNode>; anyOf?: JsonNode[]; oneOf?: JsonNode[]; allOf?: JsonNode[] };

/** The branches a node stands for: itself, or each of its alternatives (a nullable text, a union of request shapes). */
const branchesOf = (node: JsonNode): JsonNode[] => {
  const alternatives = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  return alternatives.length ? alternatives.flatMap(branchesOf) : [node];
};

/**
 * The maxLength of the text field `field` of `operation`'s body, the largest where the body's shapes
 * differ (no shape of the request takes more). Throws when the field holds no bounded text: a card
 * naming a field the contract does not have is a mistake, found when the card's module loads.
 */
export function textLimitOf(operation: OperationId, field: string): number {
  const body = operationOf(operation).body;
  if (!body) throw new Error(`${operation} has no request body`);
  const limits = branchesOf(jsonSchemaOf(body, 'input') as JsonNode)
    .flatMap((shape) => (shape.properties?.[field] ? branchesOf(shape.properties[field]) : []))
    .flatMap((text) => (text.type === 'string' && typeof text.maxLength === 'number' ? [text.maxLength] : []));
  if (!limits.length) throw new Error(`${operation} has no text field ${field} with a limit`);
  return Math.max(...limits);
}
