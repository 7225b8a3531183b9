// The numeric limits every message is held to: LinkedIn's own character limits, subject lengths,
// and a ceiling on cold-email length.

/** LinkedIn rejects connection notes longer than this. */
export const LINKEDIN_CONNECT_MAX_CHARS = 300;
/** Our ceiling for a LinkedIn message (LinkedIn allows more; cold messages should not). */
export const LINKEDIN_MESSAGE_MAX_CHARS = 1_000;
/** RFC 5322's recommended line length: a longer subject is cut by most clients. */
export const EMAIL_SUBJECT_MAX_CHARS = 78;
/** Crafted subjects stay shorter still, so they read in full on a phone. */
export const CRAFTED_SUBJECT_MAX_CHARS = 60;
/** A cold email, footer included, longer than this is too long to be read. */
export const EMAIL_BODY_MAX_CHARS = 2_000;
