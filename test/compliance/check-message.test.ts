// checkMessage: a compliant email and LinkedIn message pass, and each check fails, with a readable
// detail, when its element is removed or broken.
import { describe, expect, it } from "vitest";
import { COMPLIANCE_CHECK_IDS } from "../../lib/compliance/check-ids.ts";
import { checkMessage, type TCheckableMessage } from "../../lib/compliance/check-message.ts";
import { loadConfig } from "../../lib/config/load-config.ts";
import { withRealSender } from "../support/real-sender.ts";

const { sender } = withRealSender(loadConfig()).sending;

const EMAIL_BODY = `Hi Jane,

Most teams running Gong record every call, but the insights rarely reach the CRM. How much of that reaches your forecast today?

Would a 15-minute call next week be useful?

${sender.signature}
${sender.postal_address}

Reply STOP to unsubscribe.`;

const email: TCheckableMessage = {
  channel: "email",
  subject: "Turning Gong calls into pipeline at Acme",
  body: EMAIL_BODY,
};
const linkedinMessage: TCheckableMessage = {
  channel: "linkedin",
  subject: null,
  body: "Hi Jane, we help teams on Gong turn call insights into CRM updates. Open to a 15-minute chat?",
};
const connectNote: TCheckableMessage = {
  channel: "linkedin",
  subject: null,
  template: "linkedin_connect",
  body: "Hi Jane, I work with revenue teams on AI operations and would be glad to connect.",
};

function check(message: TCheckableMessage, id: (typeof COMPLIANCE_CHECK_IDS)[number]) {
  const found = checkMessage(message, sender).checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return found;
}
const withBody = (body: string): TCheckableMessage => ({ ...email, body });
const withSubject = (subject: string | null): TCheckableMessage => ({ ...email, subject });

describe("checkMessage: email", () => {
  it("passes a compliant email on every check, in the order of COMPLIANCE_CHECK_IDS", () => {
    const result = checkMessage(email, sender);
    expect(result.checks.map((c) => c.id)).toEqual([...COMPLIANCE_CHECK_IDS]);
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.passed).toBe(true);
    expect(check(email, "cta").detail).toBe(
      "1 call to action: “Would a 15-minute call next week be useful?”",
    );
  });

  it("fails without the unsubscribe line", () => {
    const result = checkMessage(
      withBody(EMAIL_BODY.replace("Reply STOP to unsubscribe.", "")),
      sender,
    );
    expect(result.passed).toBe(false);
    expect(result.checks.find((c) => c.id === "unsubscribe_line")).toEqual({
      id: "unsubscribe_line",
      passed: false,
      detail: "Missing the line “Reply STOP to unsubscribe.”",
    });
    const reworded = withBody(EMAIL_BODY.replace("Reply STOP", "Reply stop"));
    expect(check(reworded, "unsubscribe_line").passed).toBe(false);
  });

  it("fails without the postal address", () => {
    const result = check(withBody(EMAIL_BODY.replace(sender.postal_address, "")), "postal_address");
    expect(result.passed).toBe(false);
    expect(result.detail).toBe(`Missing the postal address “${sender.postal_address}”`);
  });

  it("fails without the signature", () => {
    const result = check(withBody(EMAIL_BODY.replace(sender.signature, "Cheers")), "signature");
    expect(result.passed).toBe(false);
    expect(result.detail).toContain("Missing the signature");
  });

  it("accepts the footer after an edit changed line endings and wrapping", () => {
    const edited = withBody(EMAIL_BODY.replaceAll("\n", "\r\n").replace(", Suite", ",\r\nSuite"));
    expect(checkMessage(edited, sender).passed).toBe(true);
  });

  it("fails with no call to action", () => {
    const result = check(
      withBody(EMAIL_BODY.replace("Would a 15-minute call next week be useful?", "")),
      "cta",
    );
    expect(result).toEqual({ id: "cta", passed: false, detail: "no call to action" });
  });

  it("fails with two calls to action", () => {
    const two = EMAIL_BODY.replace(
      "be useful?",
      `be useful? Or pick a time here: ${sender.calendar_url}`,
    );
    const result = check(withBody(two), "cta");
    expect(result.passed).toBe(false);
    expect(result.detail).toBe(
      `2 calls to action: “Would a 15-minute call next week be useful?”; calendar link ${sender.calendar_url}`,
    );
  });

  it("counts the calendar link as the call to action, and once inside a question", () => {
    const link = withBody(
      EMAIL_BODY.replace(
        "Would a 15-minute call next week be useful?",
        `Book a slot: ${sender.calendar_url}`,
      ),
    );
    expect(check(link, "cta")).toEqual({
      id: "cta",
      passed: true,
      detail: `1 call to action: calendar link ${sender.calendar_url}`,
    });
    const inQuestion = withBody(
      EMAIL_BODY.replace(
        "Would a 15-minute call next week be useful?",
        `Could you use ${sender.calendar_url}?`,
      ),
    );
    expect(check(inQuestion, "cta").passed).toBe(true);
  });

  it("reads questions through abbreviations in company names", () => {
    const body = EMAIL_BODY.replace(
      "Would a 15-minute call next week be useful?",
      "Would a 15-minute call help the team at J.P. Morgan St. Louis?",
    );
    expect(check(withBody(body), "cta").detail).toBe(
      "1 call to action: “Would a 15-minute call help the team at J.P. Morgan St. Louis?”",
    );
  });

  it("reads a question through a company name that ends in punctuation (Yahoo!, !A.)", () => {
    for (const company of ["Yahoo!", "!A.", "Acme Co.!"]) {
      const question = `Would a 15-minute call this month help decide whether ${company} has a task worth trying?`;
      const body = EMAIL_BODY.replace("Would a 15-minute call next week be useful?", question);
      expect(check(withBody(body), "cta").detail, company).toBe(`1 call to action: “${question}”`);
    }
  });

  it("still splits sentences where a new one starts: a capital after the full stop", () => {
    const body = EMAIL_BODY.replace(
      "Would a 15-minute call next week be useful?",
      "We help teams like yours. Would a 15-minute call next week be useful? Either way, thanks!",
    );
    expect(check(withBody(body), "cta").detail).toBe(
      "1 call to action: “Would a 15-minute call next week be useful?”",
    );
  });

  it("fails with a leftover {{first_name}} or mail-merge token, naming it", () => {
    const braces = check(
      withBody(EMAIL_BODY.replace("Hi Jane", "Hi {{first_name}}")),
      "no_unfilled_variables",
    );
    expect(braces).toEqual({
      id: "no_unfilled_variables",
      passed: false,
      detail: "Unfilled variable: {{first_name}}",
    });
    const merge = check(
      withBody(EMAIL_BODY.replace("Hi Jane", "Hi [FIRST NAME] at %COMPANY_NAME%")),
      "no_unfilled_variables",
    );
    expect(merge.detail).toBe("Unfilled variables: [FIRST NAME], %COMPANY_NAME%");
    const stray = check(
      withBody(EMAIL_BODY.replace("Hi Jane", "Hi Jane }}")),
      "no_unfilled_variables",
    );
    expect(stray.detail).toBe("Unfilled variable: }}");
    const inSubject = check(withSubject("Idea for {{company}}"), "no_unfilled_variables");
    expect(inSubject.passed).toBe(false);
  });

  it("tells mail-merge tokens from bracketed content", () => {
    const leftovers = (text: string) =>
      check(withBody(EMAIL_BODY.replace("Hi Jane", text)), "no_unfilled_variables");
    for (const token of [
      "[first_name]",
      "[Company]",
      "[COMPANY NAME]",
      "%first_name%",
      "{company}",
    ]) {
      expect(leftovers(`Hi ${token}`).detail, token).toBe(`Unfilled variable: ${token}`);
    }
    for (const content of ["Hi Jane [EMEA]", "Hi Jane (100% remote)", "Hi Jane [Remote]"]) {
      expect(leftovers(content).passed, content).toBe(true);
    }
  });

  it("fails a fake RE:/FWD: subject, an all-caps subject, a long subject and no subject", () => {
    expect(check(withSubject("RE: our call"), "subject")).toEqual({
      id: "subject",
      passed: false,
      detail: 'Subject starts with "RE:" but this is not a reply or forward',
    });
    expect(check(withSubject("Fwd: pricing"), "subject").passed).toBe(false);
    expect(check(withSubject("AI OPERATIONS FOR ACME"), "subject").detail).toBe(
      "Subject is written in capitals",
    );
    expect(check(withSubject("x".repeat(79)), "subject").detail).toBe(
      "Subject is 79 characters (limit 78)",
    );
    expect(check(withSubject(null), "subject").detail).toBe("No subject");
    expect(check(withSubject("  "), "subject").passed).toBe(false);
    expect(check(withSubject("AI for Acme"), "subject").passed).toBe(true);
    expect(check(withSubject("Regarding your pipeline"), "subject").passed).toBe(true);
  });

  it("fails an email that is too long or empty", () => {
    expect(check(withBody(`${"word ".repeat(400)}${EMAIL_BODY}`), "length").passed).toBe(false);
    expect(check(withBody("  "), "length").detail).toBe("Email is empty");
  });

  it("does not count rhetorical questions as calls to action", () => {
    const body = EMAIL_BODY.replace(
      "How much of that reaches your forecast today?",
      "How much time does your team spend on CRM updates? Is the data any good? Have you shared the notes with your team?",
    );
    expect(check(withBody(body), "cta").passed).toBe(true);
  });

  it("counts an offer to send, a referral and a break-up as the one ask, and names its kind", () => {
    const ask = "Would a 15-minute call next week be useful?";
    expect(EMAIL_BODY).toContain(ask);
    const asks: [string, string][] = [
      ["Would it help if I sent the one-page outline of that workflow?", "an offer to send"],
      [
        "If this sits with someone else, who would be the right person to speak with?",
        "a referral",
      ],
      ["Should I close the loop on this for now?", "a break-up"],
    ];
    for (const [question, kind] of asks) {
      const cta = check(withBody(EMAIL_BODY.replace(ask, question)), "cta");
      expect(cta, question).toEqual({
        id: "cta",
        passed: true,
        detail: `1 call to action: ${kind}: “${question}”`,
      });
      const both = check(withBody(EMAIL_BODY.replace(ask, `${question} ${ask}`)), "cta");
      expect(both.passed, `${question} plus a call`).toBe(false);
    }
  });
});

describe("checkMessage: LinkedIn", () => {
  it("runs the LinkedIn checks only, and passes a compliant message and connection note", () => {
    const result = checkMessage(linkedinMessage, sender);
    expect(result.checks.map((c) => c.id)).toEqual([
      "cta",
      "no_unfilled_variables",
      "no_example_values",
      "length",
    ]);
    expect(result.passed).toBe(true);
    expect(checkMessage(connectNote, sender).passed).toBe(true);
  });

  it("lets a connection note skip the call to action but requires one in a message", () => {
    expect(check(connectNote, "cta").detail).toBe(
      "no call to action (optional on a connection note)",
    );
    const noCta = { ...linkedinMessage, body: "Hi Jane, we help revenue teams with AI." };
    expect(check(noCta, "cta")).toEqual({ id: "cta", passed: false, detail: "no call to action" });
  });

  it("holds connection notes to 300 characters and messages to 1,000", () => {
    const note = (length: number) => ({ ...connectNote, body: "a".repeat(length) });
    expect(check(note(300), "length").passed).toBe(true);
    expect(check(note(301), "length")).toEqual({
      id: "length",
      passed: false,
      detail: "Connection note is 301 characters (limit 300)",
    });
    const message = (length: number) => ({
      ...linkedinMessage,
      body: `${"a".repeat(length - 18)} Open to a call?`.padEnd(length, "?"),
    });
    expect(check(message(1_000), "length").passed).toBe(true);
    expect(check(message(1_001), "length").detail).toBe(
      "LinkedIn message is 1,001 characters (limit 1,000)",
    );
  });

  it("fails a LinkedIn message with a leftover variable", () => {
    const leftover = { ...linkedinMessage, body: `${linkedinMessage.body} {{company}}` };
    expect(checkMessage(leftover, sender).passed).toBe(false);
  });
});

describe("checkMessage: example values", () => {
  it("fails *.example links and the sample address, naming them; a sandbox card shows them flagged", () => {
    const body = EMAIL_BODY.replace(
      sender.postal_address,
      "100 Example Avenue, Suite 200, Detroit, MI 48226, USA",
    ).replace("next week be useful?", "next week be useful? https://alphaswarm.example/meet.");
    const message = withBody(body);
    const strict = checkMessage(message, sender).checks.find((c) => c.id === "no_example_values");
    expect(strict).toEqual({
      id: "no_example_values",
      passed: false,
      detail:
        "Example values “https://alphaswarm.example/meet”, “100 Example Avenue”: put the sender's real details in config/sending.json",
    });
    const sandbox = checkMessage(message, sender, { exampleValues: "allow" });
    const flagged = sandbox.checks.find((c) => c.id === "no_example_values");
    expect(flagged?.passed).toBe(true);
    expect(flagged?.detail).toMatch(/would fail in production$/);
    expect(check(email, "no_example_values").passed).toBe(true);
  });

  it("finds example values wherever they stand: any case, in brackets, mid-token, after punctuation", () => {
    const cases: [string, string[]][] = [
      ["See (https://Meet.Example/book).", ["https://Meet.Example/book"]],
      ["Write to team@EXAMPLE.COM, or call.", ["EXAMPLE.COM"]],
      ["Visit www.example.org/path?q=1; thanks", ["www.example.org/path?q=1"]],
      ["Our office: 100 example avenue, Detroit", ["100 example avenue"]],
      ["a.example/100 Example Avenue", ["a.example/100"]],
      ["x.example)100 Example Avenue", ["x.example", "100 Example Avenue"]],
      ["For example, a counter-example or example.co is fine", []],
      ["Best,\nSam Example\nHead of Growth", ["Sam Example"]],
      ["Sam Examples and Sam Exampleton are other people", []],
      ["Twice: b.example and b.example.", ["b.example"]],
    ];
    for (const [text, values] of cases) {
      const found = checkMessage(withBody(`${EMAIL_BODY}\n${text}`), sender).checks.find(
        (c) => c.id === "no_example_values",
      );
      if (values.length === 0) expect(found?.passed, text).toBe(true);
      else expect(found?.detail, text).toContain(values.map((v) => `“${v}”`).join(", "));
    }
  });
});
