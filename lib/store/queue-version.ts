// The pending queue's version: a counter every write that can change what the Head of Sales' queue
// shows (a card created, edited, reviewed or decided; a lead's data) increments after its data,
// in the same transaction or pipeline. A reader that read version N before its data may keep what
// it rendered for as long as the version is still N (routes/api/emails.ts caches pages so).
import { storeKey } from "./keys.ts";

export const QUEUE_VERSION_KEY = storeKey("cards", "queue-version");
