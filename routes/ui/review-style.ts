// The /sales review page's own styles, on top of the shared stylesheet (sales-style.ts): the filter
// and bulk bars, cards holding the whole sequence step by step, the decided card with its undo,
// the sticky action bar with the keyboard legend; one column on a phone, nothing wider than it.

export const REVIEW_CSS = `
body { padding-bottom: 4.5rem; }
.review-tools { max-width: 75rem; margin: 0 auto; padding: .9rem 1.5rem 0; display: grid; grid-template-columns: minmax(0, 1fr); gap: .6rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: flex-end; }
.toolbar .field { font-size: .78rem; }
.toolbar .search { flex: 1 1 14rem; }
.toolbar .search input { width: 100%; }
.toggles { display: flex; flex-wrap: wrap; gap: .4rem 1rem; font-size: .88rem; padding-bottom: .45rem; }
.toggles label { display: inline-flex; gap: .35rem; align-items: center; white-space: nowrap; }
.bulk-bar { display: flex; flex-wrap: wrap; gap: .5rem .8rem; align-items: center; padding: .55rem .8rem;
  background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); font-size: .9rem; }
.bulk-bar select { max-width: 18rem; }
.select-all { display: inline-flex; gap: .35rem; align-items: center; }
.muted { color: var(--muted); }
.btn-small { font-size: .82rem; padding: .28rem .6rem; }
.arrivals { max-width: 75rem; margin: .6rem auto 0; padding: .5rem 1.5rem; color: var(--accent-dark); font-weight: 600; }
.list-head { display: flex; flex-wrap: wrap; gap: .5rem .8rem; align-items: center; margin-bottom: .8rem; color: var(--muted); }
.list-head strong { color: var(--text); }
.more { text-align: center; color: var(--muted); padding: 1.5rem; }
.count-items { display: contents; }
.counts { flex-wrap: wrap; row-gap: .2rem; }
.count-items > span { white-space: nowrap; }
.counts .late { color: #ffb4b4; }
.tier-counts { display: inline-flex; gap: .6rem; }
.tier-count .badge { font-size: .7rem; }
.form-error { color: var(--red); background: var(--red-bg); padding: .45rem .7rem; border-radius: 7px; font-weight: 600; }
.card-error { margin: .6rem 1.25rem 0; }

.card { scroll-margin-top: 7.5rem; }
.card.is-current { outline: 3px solid var(--accent); outline-offset: 2px; }
.card-head { align-items: flex-start; }
.select { padding-top: .3rem; }
.select input { width: 1.15rem; height: 1.15rem; }
.lead { flex: 1; min-width: 0; }
.lead-contact { overflow-wrap: anywhere; }
.card-tags { margin-top: .3rem; font-size: .82rem; color: var(--muted); display: flex; gap: .3rem; justify-content: flex-end; flex-wrap: wrap; }
.sla { margin-top: .3rem; font-size: .82rem; font-weight: 600; color: var(--muted); }
.sla-late { color: var(--red); }
.compliance-style { background: var(--amber-bg); color: var(--amber); border-color: #f0dca6; }
.why { padding: .55rem 1.25rem; border-bottom: 1px solid var(--line); font-size: .88rem; }
.why summary { cursor: pointer; color: var(--muted); font-weight: 600; }
.why .factors { margin-top: .5rem; }

.sequence { list-style: none; margin: 0; padding: 0; }
.step { padding: .85rem 1.25rem; border-bottom: 1px solid var(--line); display: grid; gap: .4rem; min-width: 0; }
.step-fail { background: #fff8f8; box-shadow: inset 4px 0 0 var(--red); }
.step-head { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
.step-title { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 700; }
.step-head .btn { margin-left: auto; }
.step .message-subject { margin: 0; }
.step .message-text { max-width: 46rem; }
.checks-passed { font-size: .8rem; color: var(--green); }
.badge-held { background: #eceef1; color: var(--muted); white-space: normal; }
.claims { font-size: .8rem; color: var(--muted); max-width: 46rem; }
.claims summary { cursor: pointer; }
.claims ul { margin: .3rem 0 0; padding-left: 1.1rem; }
.claims li { margin: .25rem 0; overflow-wrap: anywhere; }
.claims q { color: var(--text); }
.evidence { display: inline-block; margin: .1rem .3rem 0 0; padding: 0 .35rem; border-radius: 4px; background: #eef3ff; }
.evidence-asked { background: var(--amber-bg); color: var(--amber); }
.check-flag { font-size: .8rem; color: var(--amber); background: var(--amber-bg); padding: .3rem .5rem; border-radius: 6px; overflow-wrap: anywhere; }
.step-editing { background: #f7f9ff; }
.edit-form .field input, .edit-form .field textarea { width: 100%; }

.card-actions { gap: .6rem; }
.override { flex-basis: 100%; }
.override summary { cursor: pointer; color: var(--amber); font-weight: 600; font-size: .9rem; }
.override-form { flex-direction: column; align-items: stretch; margin-top: .5rem; }

.card-decided { padding: .75rem 1.25rem; }
.decided-line { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; justify-content: space-between; }
.decided-approved { border-left: 4px solid var(--green); }
.decided-rejected { border-left: 4px solid var(--red); }
.card-gone { opacity: .85; }

.action-bar { position: fixed; left: 0; right: 0; bottom: 0; z-index: 20; display: flex; flex-wrap: wrap;
  align-items: center; gap: .4rem 1rem; padding: .55rem 1.5rem; background: #1c2538; color: #dfe6f5;
  box-shadow: 0 -1px 4px rgba(16, 24, 40, .25); font-size: .88rem; }
.action-bar .current { font-weight: 700; color: #fff; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 22rem; }
.bar-buttons { display: inline-flex; gap: .35rem; flex-wrap: wrap; }
.action-bar .btn:not(.btn-approve):not(.btn-reject) { background: #2c3a57; color: #fff; border-color: #4a5a7a; }
.action-bar .btn-reject { background: #fff; }
.legend { margin-left: auto; color: #aab6cf; }
kbd { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8rem; background: #2c3a57; color: #fff;
  border-radius: 4px; padding: 0 .3rem; border: 1px solid #4a5a7a; }

@media (max-width: 720px) {
  body { padding-bottom: 6.5rem; }
  .review-tools { padding: .6rem .6rem 0; }
  .toolbar { gap: .5rem; }
  .masthead { position: static; }
  .toolbar .field { flex: 1 1 40%; min-width: 0; }
  .toolbar .field select { width: 100%; min-width: 0; }
  .toolbar .search { flex-basis: 100%; }
  .bulk-bar select { max-width: none; min-width: 0; width: 100%; flex: 1 1 100%; }
  .card-head { flex-direction: row; flex-wrap: wrap; }
  .card-meta { text-align: left; flex-basis: 100%; }
  .card-tags { justify-content: flex-start; }
  .step { padding: .75rem .8rem; }
  .why { padding: .5rem .8rem; }
  .card-actions { padding: .7rem .8rem; }
  .reject-form { flex-wrap: wrap; width: 100%; }
  .reject-form select, .reject-form input { width: 100%; max-width: none; }
  .action-bar { padding: .5rem .6rem; gap: .35rem; }
  .action-bar .current { max-width: 100%; flex-basis: 100%; }
  .bar-buttons { width: 100%; display: grid; grid-template-columns: repeat(5, 1fr); }
  .legend { display: none; }
  .legend.legend-open { display: block; }
}
`;
