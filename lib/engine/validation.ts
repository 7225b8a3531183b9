// Event data validation: the Standard Schemas that EventTypes declare, collected per event name.
import type { StandardSchemaV1 } from "inngest";
import { EventValidationError } from "./errors.ts";

type Issue = StandardSchemaV1.Issue;

const formatPath = (path: Issue["path"]): string => {
  let formatted = "data";
  for (const segment of path ?? []) {
    const key = typeof segment === "object" ? segment.key : segment;
    formatted += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  }
  return formatted;
};

/** The schemas known for each event name; an event is checked against all of them. */
export class SchemaRegistry {
  #schemas = new Map<string, Set<StandardSchemaV1>>();

  /** Records `schema` as a contract of events called `name`. */
  add(name: string, schema: StandardSchemaV1): void {
    let schemas = this.#schemas.get(name);
    if (!schemas) {
      schemas = new Set();
      this.#schemas.set(name, schemas);
    }
    schemas.add(schema);
  }

  /** Throws an {@link EventValidationError} naming each failing field if `data` is invalid. */
  async validate(name: string, data: unknown): Promise<void> {
    const schemas = this.#schemas.get(name);
    if (!schemas) return;
    for (const schema of schemas) {
      const result = await schema["~standard"].validate(data);
      if (result.issues) {
        throw new EventValidationError(
          name,
          result.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
        );
      }
    }
  }
}
