// The /sales page's stylesheet (served as /sales/assets/sales.css): system font, a sticky header,
// white cards with badges, green ✓ and red ✗ checks; a card failing compliance is marked in red.

export const SALES_CSS = `
:root {
  --bg: #f4f5f7; --surface: #fff; --text: #1f2328; --muted: #626b76; --line: #dde1e6;
  --accent: #2451c7; --accent-dark: #1b3d99; --green: #1a7f37; --green-bg: #e6f4ea;
  --red: #c62828; --red-bg: #fdecec; --amber: #8a5a00; --amber-bg: #fff4d6;
  --radius: 10px; --shadow: 0 1px 2px rgba(16, 24, 40, .06), 0 1px 3px rgba(16, 24, 40, .08);
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { font-size: 15px; scroll-padding-top: 7rem; }
body {
  margin: 0; background: var(--bg); color: var(--text); line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
h1, h2, h3, p { margin: 0; }
a { color: var(--accent); }

.btn {
  font: inherit; font-size: .93rem; font-weight: 600; padding: .45rem .9rem; cursor: pointer;
  border-radius: 7px; border: 1px solid var(--line); background: var(--surface); color: var(--text);
}
.btn:hover:not(:disabled) { border-color: #b8bfc8; background: #f8f9fa; }
.btn:disabled { opacity: .5; cursor: default; }
.btn:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 1px;
}
.btn-primary, .btn-approve { background: var(--green); border-color: var(--green); color: #fff; }
.btn-primary:hover:not(:disabled), .btn-approve:hover:not(:disabled) { background: #156b2e; }
.btn-warn { background: var(--amber); border-color: var(--amber); color: #fff; }
.btn-reject { color: var(--red); border-color: #e8b4b4; }
.btn-reject:hover:not(:disabled) { background: var(--red-bg); }
.btn-ghost { background: transparent; color: #dfe6f5; border-color: #4a5a7a; }
.btn-ghost:hover:not(:disabled) { background: #2c3a57; }

input, select, textarea {
  font: inherit; font-size: .93rem; padding: .42rem .6rem; border: 1px solid var(--line);
  border-radius: 7px; background: #fff; color: var(--text);
}
textarea { width: 100%; resize: vertical; line-height: 1.5; }
.field { display: flex; flex-direction: column; gap: .3rem; font-size: .85rem; font-weight: 600; color: var(--muted); }
.field input, .field textarea { font-weight: 400; color: var(--text); }
.field-inline { flex-direction: row; align-items: center; gap: .5rem; }
.field-inline input { width: 22rem; }
.form-row { display: flex; gap: .5rem; }

.badge {
  display: inline-block; font-size: .75rem; font-weight: 700; padding: .12rem .5rem;
  border-radius: 999px; letter-spacing: .01em; vertical-align: middle; white-space: nowrap;
}
.badge-tier_1 { background: #e3ebff; color: #1b3d99; }
.badge-tier_2 { background: #e0f2f1; color: #0b6157; }
.badge-tier_3 { background: #eceef1; color: #4a525c; }
.badge-none { background: #eceef1; color: var(--muted); }
.badge-risky { background: var(--amber-bg); color: var(--amber); margin-left: .4rem; }
.badge-stale { background: #eceef1; color: var(--muted); margin-left: .4rem; }
.badge-sandbox { background: #fff4d6; color: #7a5300; margin-left: .4rem; }
.badge-edited { background: #ede7f6; color: #5b3c99; margin-left: .4rem; }
.badge-pass { background: var(--green-bg); color: var(--green); margin-left: .35rem; }
.badge-fail { background: var(--red-bg); color: var(--red); margin-left: .35rem; }

/* Sign-in */
.login { max-width: 25rem; margin: 12vh auto; padding: 2rem; background: var(--surface);
  border-radius: var(--radius); box-shadow: var(--shadow); border: 1px solid var(--line); }
.login h1 { font-size: 1.35rem; margin-bottom: .3rem; }
.login p.lede { color: var(--muted); margin-bottom: 1.4rem; }
.login form { display: flex; flex-direction: column; gap: 1rem; }
.login .btn { align-self: flex-start; }
.alert { padding: .6rem .8rem; border-radius: 7px; margin-bottom: 1rem; font-weight: 600; }
.alert-error { background: var(--red-bg); color: var(--red); border: 1px solid #f1c4c4; }

/* Header */
.masthead { position: sticky; top: 0; z-index: 10; box-shadow: 0 1px 3px rgba(16, 24, 40, .15); }
.topbar {
  display: flex; align-items: center; gap: 1.5rem;
  padding: .75rem 1.5rem; background: #1c2538; color: #fff;
}
.brand { font-weight: 700; font-size: 1.05rem; white-space: nowrap; }
.brand span { font-weight: 400; color: #aab6cf; margin-left: .35rem; }
.counts { display: flex; align-items: baseline; gap: 1.1rem; flex: 1; color: #c8d1e3; font-size: .93rem; }
.counts strong { color: #fff; font-size: 1.15rem; }
.counts a { color: #9fbaff; }
.user { display: flex; align-items: center; gap: .75rem; color: #c8d1e3; font-size: .9rem; white-space: nowrap; }
.user strong { color: #fff; }
.user form { margin: 0; }

.status { padding: .55rem 1.5rem; font-weight: 600; border-bottom: 1px solid; }
.status-success { background: var(--green-bg); color: var(--green); border-color: #b9dfc4; }
.status-error { background: var(--red-bg); color: var(--red); border-color: #f1c4c4; }
.status-info { background: #e8eefc; color: var(--accent-dark); border-color: #c7d4f5; }

/* Queue */
.queue { max-width: 75rem; margin: 0 auto; padding: 1.25rem 1.5rem 3rem; }
#queue-list { display: flex; flex-direction: column; gap: 1.1rem; }
.empty { text-align: center; color: var(--muted); padding: 4rem 1rem; font-size: 1.05rem; }

.card {
  background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius);
  box-shadow: var(--shadow); overflow: hidden;
}
.card-failing { border-color: #eab0b0; box-shadow: inset 4px 0 0 var(--red), var(--shadow); }
.card-head { display: flex; justify-content: space-between; gap: 1rem; padding: 1rem 1.25rem .8rem; border-bottom: 1px solid var(--line); }
.lead-name { font-size: 1.15rem; }
.lead-role { color: var(--muted); }
.lead-contact { margin-top: .2rem; font-size: .9rem; }
.lead-email { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
.lead-link { margin-left: .6rem; }
.card-meta { text-align: right; }
.score-line { display: flex; align-items: center; justify-content: flex-end; gap: .6rem; }
.score { font-size: 1.6rem; font-weight: 700; line-height: 1; }
.score-max { font-size: .85rem; color: var(--muted); font-weight: 600; }

.compliance-banner { background: var(--red-bg); color: var(--red); font-weight: 600; padding: .5rem 1.25rem; border-bottom: 1px solid #f1c4c4; }

.message-subject { font-weight: 700; margin-bottom: .5rem; }
.message-text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .93rem; }
.edit-form { display: flex; flex-direction: column; gap: .7rem; }

.factors, .checks { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .3rem; font-size: .85rem; }
.factor { display: grid; grid-template-columns: 2.4rem 8rem 1fr; gap: .5rem; align-items: baseline; }
.factor-points { font-weight: 700; color: var(--accent-dark); text-align: right; }
.factor-name { font-weight: 600; }
.factor-reason, .check-detail { color: var(--muted); }
.check { display: grid; grid-template-columns: 1.1rem 9.3rem 1fr; gap: .5rem; align-items: baseline; }
.check-mark { font-weight: 800; text-align: center; }
.check-fail .check-mark { color: var(--red); }
.check-fail .check-name, .check-fail .check-detail { color: var(--red); }
.check-name { font-weight: 600; }

.card-actions {
  display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; justify-content: space-between;
  padding: .8rem 1.25rem; border-top: 1px solid var(--line);
}
.override-form, .reject-form { display: flex; align-items: center; gap: .5rem; margin: 0; }
.override-form { flex-basis: 100%; order: 3; padding: .6rem .75rem; background: var(--amber-bg); border-radius: 7px; }
.reject-form select { max-width: 19rem; }
.reject-form input { width: 13rem; }

/* Narrow screens (a phone): the header wraps, a card's message and facts stack. */
@media (max-width: 720px) {
  .topbar { flex-wrap: wrap; gap: .5rem 1rem; padding: .6rem 1rem; }
  .counts { flex-wrap: wrap; gap: .25rem .9rem; flex-basis: 100%; order: 3; font-size: .85rem; }
  .queue { padding: 1rem .6rem 2.5rem; }
  .card-head { flex-direction: column; }
  .score-line { justify-content: flex-start; }
  .factor { grid-template-columns: 2.4rem minmax(0, 1fr); }
  .factor > :last-child { grid-column: 2; }
  .check { grid-template-columns: 1.1rem minmax(0, 1fr); }
  .check > :last-child { grid-column: 2; }
  .reject-form { flex-wrap: wrap; }
  .reject-form select, .reject-form input { max-width: none; width: 100%; }
}
`;
