// The error raised when a crafted message still holds a `{{variable}}` (or a stray `{{`/`}}`)
// after filling: it names the variables, the step and the part of the message.

export class UnfilledVariableError extends Error {
  /** The variable names left unfilled; a stray brace appears as `stray "{{"`. */
  readonly variables: string[];
  readonly step: number;
  readonly template: string;
  readonly part: "subject" | "body";

  constructor(
    where: { step: number; template: string; part: "subject" | "body" },
    variables: string[],
  ) {
    const list = variables.join(", ");
    super(
      `Step ${where.step} (${where.template}) ${where.part}: unfilled ${variables.length === 1 ? "variable" : "variables"} ${list}`,
    );
    this.name = "UnfilledVariableError";
    this.variables = variables;
    this.step = where.step;
    this.template = where.template;
    this.part = where.part;
  }
}
